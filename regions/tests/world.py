"""The one builder of a test module's base world: programme, years, regions, office, viewer, role holders.

Every app's tests may import it (regions is the lowest domain app). A module adds its own objects to what it
returns and may name them as it likes, e.g. `w.region = w.regions["twente"]`.
"""

from collections.abc import Iterable, Mapping

from regions.models import Region, RegionRole
from toptechniek.common.testing import World

from .factories import ProgrammeFactory, ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory

RESERVED = frozenset({"programme", "years", "regions", "office", "viewer", "roles"})


def _user_fields(spec: str | Mapping) -> dict:
    """An e-mail address, or the fields of UserFactory."""
    return {"email": spec} if isinstance(spec, str) else dict(spec)


def _global_user(spec: bool | str | Mapping, default_email: str, **trait):
    if spec is False:
        return None
    return UserFactory(**_user_fields(default_email if spec is True else spec), **trait)


def world_build(
    *,
    programme: str | Mapping = "ttib",
    years: Iterable[int | Mapping] = (2013,),
    regions: Iterable[str | Mapping] = ("twente",),
    office: bool | str | Mapping = True,
    viewer: bool | str | Mapping = True,
    roles: Mapping[str, tuple] | None = None,
) -> World:
    """Build a programme with its years, regions, office and viewer users and region role holders.

    - programme: a slug, or the fields of ProgrammeFactory (e.g. `{"slug": "ttib", "framework": False}`).
    - years: year numbers, or the fields of ProgrammeYearFactory (with "year"); created in this order.
    - regions: slugs (named after the slug: "twente" → "Twente"), or the fields of RegionFactory (with "slug").
    - office, viewer: True for office@t.example / viewer@t.example, an e-mail address, the fields of
      UserFactory, or False for none (the attribute is then None).
    - roles: holder name → (region slug, role) or (region slug, role, e-mail address or UserFactory fields);
      each holder is a new user with that one role, created in this order.

    Returns a World with `programme`, `years` (by number), `regions` (by slug), `office`, `viewer`, `roles`
    (holder name → RegionRole) and every holder as an attribute of its name (`w.leader`).
    """
    w = World()
    programme_fields = {"slug": programme} if isinstance(programme, str) else dict(programme)
    w.programme = ProgrammeFactory(**programme_fields)
    w.years = {}
    for spec in years:
        fields = {"year": spec} if isinstance(spec, int) else dict(spec)
        w.years[fields["year"]] = ProgrammeYearFactory(programme=w.programme, **fields)
    w.regions = {}
    for spec in regions:
        fields = {"slug": spec} if isinstance(spec, str) else dict(spec)
        fields.setdefault("name", fields["slug"].replace("-", " ").title())
        w.regions[fields["slug"]] = RegionFactory(programme=w.programme, **fields)
    w.office = _global_user(office, "office@t.example", office=True)
    w.viewer = _global_user(viewer, "viewer@t.example", viewer=True)
    w.roles = {}
    for name, (region, role, *user) in (roles or {}).items():
        if name in RESERVED:
            raise ValueError(f"a role holder may not be called {name!r}")
        if role not in RegionRole.Role.values:
            raise ValueError(f"{name}: unknown role {role!r}")
        holder = UserFactory(**(_user_fields(user[0]) if user else {}))
        w.roles[name] = RegionRoleFactory(user=holder, region=w.regions[region], role=role)
        setattr(w, name, holder)
    return w


def region_key(slug: str) -> str:
    """The URL key of the test's region with this short name (`Region.url_key`, "31-twente"): region URLs
    carry the region's number, since short names repeat across programmes."""
    return Region.objects.get(slug=slug).url_key
