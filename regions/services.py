"""Writes of the regions app. Every function validates across objects and runs in one transaction;
a rejected write raises ValidationError and changes nothing."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from toptechniek.accounts.models import User
from toptechniek.accounts.rules import forget_region_roles
from toptechniek.common.audit import audit_change
from toptechniek.common.facts import facts_refresh

from .models import (
    Cofinancing,
    GuidingQuestion,
    Indicator,
    Landsdeel,
    Organisation,
    PastRegionRole,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Route,
    SubProject,
    SuccessCondition,
    Target,
    TargetAmendment,
    TargetAmendmentLine,
)
from .rules import forget_closed_programmes

# --- The audit log -----------------------------------------------------------------------------
# Most services here take no acting user: the log names the signed-in user of the request in progress.


def _audit(*, action: str, message: str, object_label: str, actor: User | None = None, fields=(), **params) -> None:
    """Log a change in the caller's transaction; `params` are plain data (names, years), never translated."""
    audit_change(
        action=f"regions.{action}",
        message=message,
        params=params,
        actor=actor,
        object_label=object_label,
        fields=fields,
    )


def _changed_fields(instance, fields: dict) -> list:
    """The verbose names of the instance's fields whose value differs from `fields` (call before setting)."""
    return [
        instance._meta.get_field(name).verbose_name
        for name, value in fields.items()
        if getattr(instance, name) != value
    ]


# --- Programme and calendar ----------------------------------------------------------------


def _check_programme_years(*, start_year: int, end_year: int) -> None:
    if end_year < start_year:
        raise ValidationError({"end_year": _("The end year cannot be before the start year.")})


def programme_create(*, name: str, slug: str, start_year: int, end_year: int, description: str = "") -> Programme:
    """Create a programme with the default placemat framework and success conditions."""
    _check_programme_years(start_year=start_year, end_year=end_year)
    with transaction.atomic():
        programme = Programme.objects.create(
            name=name, slug=slug, start_year=start_year, end_year=end_year, description=description
        )
        framework_install(programme=programme)
        _audit(
            action="programme_create",
            message=gettext_noop("%(programme)s: programme created"),
            object_label=programme.name,
            programme=programme.name,
        )
    return programme


def programme_check_open(*, programme: Programme) -> None:
    """Refuse any change in a closed programme (the services' side of `rules.programme_is_open`)."""
    if programme.closed_at is not None:
        raise ValidationError(_("This programme is closed: nothing in it can change."))


def programme_close(*, programme: Programme, actor: User | None, now: datetime.datetime | None = None) -> Programme:
    """Close the programme: from now on everything in it is read-only (`rules.programme_is_open`), its
    years leave no work and no report can be started; its pages, exports and PDFs remain."""
    return _programme_closed_at_set(programme=programme, closed_at=now or timezone.now(), actor=actor)


def programme_reopen(*, programme: Programme, actor: User | None) -> Programme:
    """Undo a close (the office closed too early): the programme is open for changes again."""
    return _programme_closed_at_set(programme=programme, closed_at=None, actor=actor)


def _programme_closed_at_set(*, programme: Programme, closed_at, actor: User | None) -> Programme:
    """Close (a moment) or reopen (None) the programme, refused when it already is; logged."""
    closing = closed_at is not None
    with transaction.atomic():
        locked = Programme.objects.select_for_update().get(pk=programme.pk)
        if (locked.closed_at is not None) == closing:
            raise ValidationError(
                _("This programme is already closed.") if closing else _("This programme is not closed.")
            )
        locked.closed_at = closed_at
        locked.save(update_fields=["closed_at"])
        _audit(
            action="programme_close" if closing else "programme_reopen",
            message=gettext_noop("%(programme)s: programme closed")
            if closing
            else gettext_noop("%(programme)s: programme reopened"),
            object_label=locked.name,
            actor=actor,
            programme=locked.name,
        )
    if actor is not None:
        forget_closed_programmes(actor)  # the answers cached on this request's user are stale now
    return locked


def framework_install(*, programme: Programme) -> None:
    """Install the default framework where the programme lacks it; never overwrites the office's edits.
    The default landsdelen and routes are installed only into a programme that has none of them yet (the
    office may have removed or replaced some)."""
    from .framework_data import LANDSDELEN, PERFORMANCE_AREAS, PROCESS_THEMES, ROUTES, SUCCESS_CONDITIONS

    for model, defaults in ((Landsdeel, LANDSDELEN), (Route, ROUTES)):
        if not model.objects.filter(programme=programme).exists():
            model.objects.bulk_create(
                model(programme=programme, code=code, name=name, position=position)
                for position, (code, name) in enumerate(defaults, start=1)
            )

    for kind, themes in (
        (PlacematTheme.Kind.PERFORMANCE, PERFORMANCE_AREAS),
        (PlacematTheme.Kind.PROCESS, PROCESS_THEMES),
    ):
        for number, name, description, questions in themes:
            theme, created = PlacematTheme.objects.get_or_create(
                programme=programme, kind=kind, number=number, defaults={"name": name, "description": description}
            )
            if created:
                GuidingQuestion.objects.bulk_create(
                    GuidingQuestion(theme=theme, order=i, text=text) for i, text in enumerate(questions, start=1)
                )
    for number, group, name, description in SUCCESS_CONDITIONS:
        SuccessCondition.objects.get_or_create(
            programme=programme, number=number, defaults={"group": group, "name": name, "description": description}
        )


def programme_update(*, programme: Programme, **fields) -> Programme:
    start = fields.get("start_year", programme.start_year)
    end = fields.get("end_year", programme.end_year)
    _check_programme_years(start_year=start, end_year=end)
    with transaction.atomic():
        outside = list(programme.programme_years.exclude(year__gte=start, year__lte=end).values_list("year", flat=True))
        if outside:
            raise ValidationError(
                _("The programme has programme years outside this period: %(years)s.")
                % {"years": ", ".join(str(y) for y in outside)}
            )
        changed = _changed_fields(programme, fields)
        for key, value in fields.items():
            setattr(programme, key, value)
        programme.save()
        if changed:
            _audit(
                action="programme_update",
                message=gettext_noop("%(programme)s: programme changed"),
                object_label=programme.name,
                fields=changed,
                programme=programme.name,
            )
    return programme


def programme_year_save(
    *, programme: Programme, instance: ProgrammeYear | None = None, today=None, **fields
) -> ProgrammeYear:
    """Create or change a programme year. A due date that has passed never moves. A new year (or a year
    renumbered) changes the years the programme's regions take part in: their facts are refreshed."""
    today = today or timezone.localdate()
    year = fields["year"]
    if year not in programme.years:
        raise ValidationError(
            {
                "year": _("The year must lie within the programme (%(start)s–%(end)s).")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    for start_key, end_key in (
        ("audit_window_start", "audit_window_end"),
        ("peer_review_window_start", "peer_review_window_end"),
    ):
        if fields.get(start_key) and fields.get(end_key) and fields[end_key] < fields[start_key]:
            raise ValidationError({end_key: _("The end of a period cannot be before its start.")})
    with transaction.atomic():
        if instance is None:
            if ProgrammeYear.objects.filter(programme=programme, year=year).exists():
                raise ValidationError({"year": _("This programme already has this year.")})
            instance = ProgrammeYear(programme=programme)
            old_year = None
        else:
            instance = ProgrammeYear.objects.select_for_update().get(pk=instance.pk)
            for key in ("report_due_date", "scoring_due_date"):
                old = getattr(instance, key)
                if old and old < today and fields.get(key) != old:
                    raise ValidationError({key: _("This due date has passed and can no longer be changed.")})
            if instance.year != year and ProgrammeYear.objects.filter(programme=programme, year=year).exists():
                raise ValidationError({"year": _("This programme already has this year.")})
            old_year = instance.year
        changed = _changed_fields(instance, fields) if old_year is not None else []
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.save()
        if instance.year != old_year:
            facts_refresh(programme_id=programme.pk)
        if old_year is None or changed:
            _audit(
                action="programme_year_save",
                message=gettext_noop("%(programme)s: programme year %(year)s added")
                if old_year is None
                else gettext_noop("%(programme)s: programme year %(year)s changed"),
                object_label=f"{programme.name} {instance.year}",
                fields=changed,
                programme=programme.name,
                year=instance.year,
            )
    return instance


# --- Regions, organisations, partners, roles -----------------------------------------------


def _check_join_year(*, programme: Programme, join_year: int) -> None:
    if join_year not in programme.years:
        raise ValidationError(
            {
                "join_year": _("The join year must lie within the programme (%(start)s–%(end)s).")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )


def _check_landsdeel(*, programme: Programme, landsdeel: Landsdeel) -> None:
    if landsdeel.programme_id != programme.pk:
        raise ValidationError(
            {"landsdeel": _("Choose one of the landsdelen of %(programme)s.") % {"programme": programme.name}}
        )


def region_create(*, programme: Programme, **fields) -> Region:
    _check_join_year(programme=programme, join_year=fields["join_year"])
    _check_landsdeel(programme=programme, landsdeel=fields["landsdeel"])
    with transaction.atomic():
        region = Region.objects.create(programme=programme, **fields)
        facts_refresh(region_ids=[region.pk])
        _audit(
            action="region_create",
            message=gettext_noop("%(region)s: region created"),
            object_label=region.name,
            region=region.name,
        )
    return region


def region_update(*, region: Region, **fields) -> Region:
    programme = fields.get("programme", region.programme)
    _check_join_year(programme=programme, join_year=fields.get("join_year", region.join_year))
    _check_landsdeel(programme=programme, landsdeel=fields.get("landsdeel", region.landsdeel))
    if programme.pk != region.programme_id and Indicator.objects.filter(region=region).exists():
        raise ValidationError(
            {"programme": _("This region has indicators of its programme: it cannot move to another programme.")}
        )
    with transaction.atomic():
        changed = _changed_fields(region, fields)
        for key, value in fields.items():
            setattr(region, key, value)
        region.save()
        facts_refresh(region_ids=[region.pk])  # the join year and programme decide the years it takes part in
        if changed:
            _audit(
                action="region_update",
                message=gettext_noop("%(region)s: region changed"),
                object_label=region.name,
                fields=changed,
                region=region.name,
            )
    return region


def organisation_save(*, instance: Organisation | None = None, **fields) -> Organisation:
    kind, subtype = fields["kind"], fields["subtype"]
    if subtype not in Organisation.SUBTYPES_BY_KIND[kind]:
        raise ValidationError({"subtype": _("This type does not belong to the chosen kind of organisation.")})
    with transaction.atomic():
        added = instance is None
        instance = instance or Organisation()
        changed = [] if added else _changed_fields(instance, fields)
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.save()
        if added or changed:
            _audit(
                action="organisation_save",
                message=gettext_noop("%(organisation)s: organisation added")
                if added
                else gettext_noop("%(organisation)s: organisation changed"),
                object_label=instance.name,
                fields=changed,
                organisation=instance.name,
            )
    return instance


def _check_single_penvoerder(*, region: Region, exclude_pk: int | None) -> None:
    others = RegionPartner.objects.select_for_update().filter(region=region, is_penvoerder=True)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    current = others.select_related("organisation").first()
    if current is not None:
        raise ValidationError(
            {
                "is_penvoerder": _(
                    "%(organisation)s is already the penvoerder of this region. A region has one penvoerder."
                )
                % {"organisation": current.organisation.name}
            }
        )


def region_partner_save(
    *, region: Region, instance: RegionPartner | None = None, organisation: Organisation, **fields
) -> RegionPartner:
    with transaction.atomic():
        if fields.get("is_penvoerder"):
            _check_single_penvoerder(region=region, exclude_pk=instance.pk if instance else None)
        duplicate = RegionPartner.objects.filter(region=region, organisation=organisation)
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            raise ValidationError({"organisation": _("This organisation is already a partner in this region.")})
        since = fields.get("since_year")
        if since is not None and since not in region.programme.years:
            raise ValidationError(
                {
                    "since_year": _("The year must lie within the programme (%(start)s–%(end)s).")
                    % {"start": region.programme.start_year, "end": region.programme.end_year}
                }
            )
        added = instance is None
        instance = instance or RegionPartner(region=region)
        changed = [] if added else _changed_fields(instance, {"organisation": organisation, **fields})
        instance.organisation = organisation
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.save()
        if added or changed:
            _audit(
                action="region_partner_save",
                message=gettext_noop("%(region)s: %(organisation)s added as partner")
                if added
                else gettext_noop("%(region)s: partner %(organisation)s changed"),
                object_label=f"{region.name} {organisation.name}",
                fields=changed,
                region=region.name,
                organisation=organisation.name,
            )
    return instance


@transaction.atomic
def region_partner_remove(*, partner: RegionPartner) -> None:
    region, organisation = partner.region.name, partner.organisation.name
    if Cofinancing.objects.filter(partner=partner).exists():
        raise ValidationError(
            _("%(organisation)s has co-financing figures in this region: remove those first.")
            % {"organisation": organisation}
        )
    partner.delete()
    _audit(
        action="region_partner_remove",
        message=gettext_noop("%(region)s: partner %(organisation)s removed"),
        object_label=f"{region} {organisation}",
        region=region,
        organisation=organisation,
    )


# A role given and ended, in the log's words (the role is part of the sentence, translated when read).
ROLE_ADDED_MESSAGES = {
    RegionRole.Role.PROJECT_LEADER: gettext_noop("%(region)s: %(person)s became project leader"),
    RegionRole.Role.PENVOERDER: gettext_noop("%(region)s: %(person)s became penvoerder"),
    RegionRole.Role.PARTNER: gettext_noop("%(region)s: %(person)s became network partner"),
    RegionRole.Role.SUBPROJECT_LEADER: gettext_noop("%(region)s: %(person)s became sub-project leader"),
    RegionRole.Role.CRITICAL_FRIEND: gettext_noop("%(region)s: %(person)s became critical friend"),
}
ROLE_ENDED_MESSAGES = {
    RegionRole.Role.PROJECT_LEADER: gettext_noop("%(region)s: %(person)s no longer project leader"),
    RegionRole.Role.PENVOERDER: gettext_noop("%(region)s: %(person)s no longer penvoerder"),
    RegionRole.Role.PARTNER: gettext_noop("%(region)s: %(person)s no longer network partner"),
    RegionRole.Role.SUBPROJECT_LEADER: gettext_noop("%(region)s: %(person)s no longer sub-project leader"),
    RegionRole.Role.CRITICAL_FRIEND: gettext_noop("%(region)s: %(person)s no longer critical friend"),
}


def _audit_role(*, action: str, messages: dict, region: Region, user: User, role: str, actor: User | None) -> None:
    _audit(
        action=action,
        message=messages[role],
        object_label=f"{region.name} {user}",
        actor=actor,
        region=region.name,
        person=str(user),
        email=user.email,
    )


# Apps above regions refuse a role that would break their own rules without regions importing them
# (audits: nobody holds a region role in a region they assess). A check takes region=, user=, role=,
# start_date= and returns None or the reason.
ROLE_CONFLICT_CHECKS: list = []


def region_role_add(
    *,
    region: Region,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    start_date: datetime.date | None = None,
) -> RegionRole:
    """Give a person a current role in a region, from `start_date` (today when not given)."""
    start_date = start_date or timezone.localdate()
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": _("A role starts today or earlier.")})
    if RegionRole.objects.filter(region=region, user=user, role=role).exists():
        raise ValidationError({"role": _("This person already has this role in this region.")})
    if organisation is not None and not RegionPartner.objects.filter(region=region, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is not a partner in this region.")})
    for check in ROLE_CONFLICT_CHECKS:
        reason = check(region=region, user=user, role=role, start_date=start_date)
        if reason:
            raise ValidationError({"user": reason})
    with transaction.atomic():
        role_obj = RegionRole.objects.create(
            region=region, user=user, role=role, organisation=organisation, start_date=start_date
        )
        _audit_role(
            action="region_role_add", messages=ROLE_ADDED_MESSAGES, region=region, user=user, role=role, actor=None
        )
    forget_region_roles(user)
    return role_obj


def region_role_end(
    *, role: RegionRole, ended_by: User | None, end_date: datetime.date | None = None
) -> PastRegionRole:
    """End a current role: it moves to the region's history (kept for ever) and its rights end now."""
    end_date = end_date or timezone.localdate()
    with transaction.atomic():
        role = RegionRole.objects.select_for_update().select_related("user").get(pk=role.pk)
        if end_date < role.start_date:
            raise ValidationError({"end_date": _("A role cannot end before it started.")})
        if end_date > timezone.localdate():
            raise ValidationError({"end_date": _("A role ends today or earlier.")})
        past = PastRegionRole.objects.create(
            user=role.user,
            region_id=role.region_id,
            role=role.role,
            organisation_id=role.organisation_id,
            start_date=role.start_date,
            end_date=end_date,
            ended_by=ended_by,
        )
        role.delete()
        _audit_role(
            action="region_role_end",
            messages=ROLE_ENDED_MESSAGES,
            region=role.region,
            user=role.user,
            role=role.role,
            actor=ended_by,
        )
    forget_region_roles(role.user)
    return past


def region_role_remove(*, role: RegionRole, ended_by: User | None = None) -> PastRegionRole:
    """Removing a role ends it (see `region_role_end`); nothing is deleted."""
    return region_role_end(role=role, ended_by=ended_by)


# --- Placemat framework -----------------------------------------------------------------------


def placemat_theme_update(*, theme: PlacematTheme, name: str, description: str) -> None:
    """Rename a theme or change its description (its questions are edited one by one)."""
    with transaction.atomic():
        changed = _changed_fields(theme, {"name": name, "description": description})
        theme.name = name
        theme.description = description
        theme.save()
        if changed:
            programme = theme.programme.name
            _audit(
                action="placemat_theme_update",
                message=gettext_noop("%(programme)s: placemat theme %(theme)s changed"),
                object_label=f"{programme} {theme}",
                fields=changed,
                programme=programme,
                theme=str(theme),
            )


def success_condition_update(*, condition: SuccessCondition, **fields) -> SuccessCondition:
    """Change a success condition's group, name or description."""
    with transaction.atomic():
        changed = _changed_fields(condition, fields)
        for key, value in fields.items():
            setattr(condition, key, value)
        condition.save()
        if changed:
            programme = condition.programme.name
            _audit(
                action="success_condition_update",
                message=gettext_noop("%(programme)s: success condition %(condition)s changed"),
                object_label=f"{programme} {condition}",
                fields=changed,
                programme=programme,
                condition=str(condition),
            )
    return condition


# --- Adding and removing framework items ------------------------------------------------------
# A new item gets the next number (a question the next place) of its programme (and kind); removing an
# item renumbers nothing: the numbers are labels that reports, scores and PDFs have already printed.
# An item can be removed only while nothing refers to it (every foreign key and many-to-many field
# towards it, found from the models, so an app added later is covered without regions importing it)
# and while no year of its programme has been reported.

# The monitoring app says which years of a programme have been reported, without regions importing it:
# a provider takes programme= and returns a set of years.
REPORTED_YEARS_PROVIDERS: list = []

THEME_NUMBER_MAX = 9  # PlacematTheme.number's validator
CONDITION_NUMBER_MAX = 20  # SuccessCondition.number's validator


def programme_reported_years(*, programme: Programme) -> set[int]:
    """The years of the programme for which at least one monitor report has been submitted."""
    years: set[int] = set()
    for provider in REPORTED_YEARS_PROVIDERS:
        years |= set(provider(programme=programme))
    return years


def _references(model) -> list:
    """Every relation towards `model` from another row: reverse foreign keys, one-to-ones and many-to-many
    fields, hidden ones (related_name="+") included."""
    return [
        field
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete and (field.one_to_many or field.one_to_one or field.many_to_many)
    ]


def _is_referenced(obj, *, own_children: tuple = ()) -> bool:
    """Whether any row anywhere refers to `obj`, leaving out the relations named in `own_children` (a
    theme's own guiding questions)."""
    for relation in _references(type(obj)):
        if not relation.hidden and relation.get_accessor_name() in own_children:
            continue
        if relation.related_model._base_manager.filter(**{relation.field.name: obj}).exists():
            return True
    return False


def framework_item_refusal(
    *, obj: PlacematTheme | SuccessCondition | GuidingQuestion | Landsdeel | Route
) -> str | None:
    """Why the framework item cannot be removed, or None when it can (read only; the removal asks again
    under a lock)."""
    if isinstance(obj, Landsdeel):
        names = list(obj.regions.order_by("name").values_list("name", flat=True)[:6])
        if names:
            listed = ", ".join(names[:5]) + (", …" if len(names) > 5 else "")
            return _(
                "The landsdeel %(item)s cannot be removed: regions belong to it (%(regions)s). Move them to another "
                "landsdeel first, or rename it instead."
            ) % {"item": obj.name, "regions": listed}
        return None
    if isinstance(obj, Route):
        count = obj.indicators.count()
        if count:
            return ngettext(
                "The route %(item)s cannot be removed: %(count)s indicator belongs to it. Give it another route "
                "first, or rename the route instead.",
                "The route %(item)s cannot be removed: %(count)s indicators belong to it. Give them another "
                "route first, or rename the route instead.",
                count,
            ) % {"item": obj.name, "count": count}
        return None
    if isinstance(obj, GuidingQuestion):
        programme, item = obj.theme.programme, _("This question")
    else:
        programme, item = obj.programme, str(obj)
    reported = programme_reported_years(programme=programme)
    if reported:
        return _(
            "%(item)s cannot be removed: %(programme)s has reported years (%(years)s), and their reports "
            "refer to the framework as it was. Rename it instead."
        ) % {"item": item, "programme": programme.name, "years": ", ".join(str(y) for y in sorted(reported))}
    if isinstance(obj, PlacematTheme):
        if _is_referenced(obj, own_children=("questions",)) or any(_is_referenced(q) for q in obj.questions.all()):
            return _(
                "%(item)s cannot be removed: reports, scores, audit visits, learning questions, good practices "
                "or indicators refer to it. Rename it instead."
            ) % {"item": item}
    elif isinstance(obj, SuccessCondition):
        if _is_referenced(obj):
            return _(
                "%(item)s cannot be removed: scores, audit visits or good practices refer to it. Rename it instead."
            ) % {"item": item}
    else:
        if _is_referenced(obj):
            return _("This question cannot be removed: monitor reports answer it. Reword it instead.")
        if not GuidingQuestion.objects.filter(theme_id=obj.theme_id).exclude(pk=obj.pk).exists():
            return _("This question cannot be removed: a theme needs at least one guiding question.")
    return None


def _raise_refusal(*, obj) -> None:
    refusal = framework_item_refusal(obj=obj)
    if refusal:
        raise ValidationError(refusal)


def placemat_theme_create(
    *, programme: Programme, kind: str, name: str, description: str = "", questions: Iterable[str]
) -> PlacematTheme:
    """Add a theme of a kind to the programme's framework, numbered after the last one, with its questions."""
    texts = [q.strip() for q in questions if q and q.strip()]
    if not texts:
        raise ValidationError({"questions": _("A theme needs at least one guiding question.")})
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one number at a time
        last = PlacematTheme.objects.filter(programme=programme, kind=kind).aggregate(n=Max("number"))["n"] or 0
        if last >= THEME_NUMBER_MAX:
            raise ValidationError(_("A programme has at most %(max)s themes of a kind.") % {"max": THEME_NUMBER_MAX})
        theme = PlacematTheme.objects.create(
            programme=programme, kind=kind, number=last + 1, name=name, description=description
        )
        GuidingQuestion.objects.bulk_create(
            GuidingQuestion(theme=theme, order=i, text=text) for i, text in enumerate(texts, start=1)
        )
        _audit(
            action="placemat_theme_create",
            message=gettext_noop("%(programme)s: placemat theme %(theme)s added"),
            object_label=f"{programme.name} {theme}",
            programme=programme.name,
            theme=str(theme),
        )
    return theme


def placemat_theme_delete(*, theme: PlacematTheme) -> None:
    """Remove a theme and its guiding questions; refused while anything refers to it or its questions."""
    with transaction.atomic():
        theme = PlacematTheme.objects.select_for_update().select_related("programme").get(pk=theme.pk)
        list(theme.questions.select_for_update())  # no answer slips in between the check and the removal
        _raise_refusal(obj=theme)
        programme = theme.programme.name
        label = str(theme)
        theme.delete()
        _audit(
            action="placemat_theme_delete",
            message=gettext_noop("%(programme)s: placemat theme %(theme)s removed"),
            object_label=f"{programme} {label}",
            programme=programme,
            theme=label,
        )


def success_condition_create(*, programme: Programme, group: str, name: str, description: str = "") -> SuccessCondition:
    """Add a success condition to the programme, numbered after the last one."""
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        last = SuccessCondition.objects.filter(programme=programme).aggregate(n=Max("number"))["n"] or 0
        if last >= CONDITION_NUMBER_MAX:
            raise ValidationError(
                _("A programme has at most %(max)s success conditions.") % {"max": CONDITION_NUMBER_MAX}
            )
        condition = SuccessCondition.objects.create(
            programme=programme, number=last + 1, group=group, name=name, description=description
        )
        _audit(
            action="success_condition_create",
            message=gettext_noop("%(programme)s: success condition %(condition)s added"),
            object_label=f"{programme.name} {condition}",
            programme=programme.name,
            condition=str(condition),
        )
    return condition


def success_condition_delete(*, condition: SuccessCondition) -> None:
    """Remove a success condition; refused while anything refers to it."""
    with transaction.atomic():
        condition = SuccessCondition.objects.select_for_update().select_related("programme").get(pk=condition.pk)
        _raise_refusal(obj=condition)
        programme = condition.programme.name
        label = str(condition)
        condition.delete()
        _audit(
            action="success_condition_delete",
            message=gettext_noop("%(programme)s: success condition %(condition)s removed"),
            object_label=f"{programme} {label}",
            programme=programme,
            condition=label,
        )


def _audit_question(*, action: str, message: str, theme: PlacematTheme, text: str, fields=()) -> None:
    programme = theme.programme.name
    _audit(
        action=action,
        message=message,
        object_label=f"{programme} {theme}",
        fields=fields,
        programme=programme,
        theme=str(theme),
        question=text,
    )


def guiding_question_create(*, theme: PlacematTheme, text: str) -> GuidingQuestion:
    """Add a guiding question at the end of the theme's questions."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    with transaction.atomic():
        PlacematTheme.objects.select_for_update().filter(pk=theme.pk).first()  # one place at a time
        last = theme.questions.aggregate(n=Max("order"))["n"] or 0
        question = GuidingQuestion.objects.create(theme=theme, order=last + 1, text=text)
        _audit_question(
            action="guiding_question_create",
            message=gettext_noop("%(programme)s: guiding question added to placemat theme %(theme)s"),
            theme=theme,
            text=text,
        )
    return question


def guiding_question_update(*, question: GuidingQuestion, text: str) -> GuidingQuestion:
    """Reword a guiding question; its answers stay with it."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the question.")})
    with transaction.atomic():
        if question.text != text:
            question.text = text
            question.save(update_fields=["text"])
            _audit_question(
                action="guiding_question_update",
                message=gettext_noop("%(programme)s: guiding question of placemat theme %(theme)s changed"),
                theme=question.theme,
                text=text,
                fields=[GuidingQuestion._meta.get_field("text").verbose_name],
            )
    return question


def guiding_question_delete(*, question: GuidingQuestion) -> None:
    """Remove a guiding question; refused while reports answer it and for a theme's last question."""
    with transaction.atomic():
        question = GuidingQuestion.objects.select_for_update().select_related("theme__programme").get(pk=question.pk)
        theme = question.theme
        _raise_refusal(obj=question)
        question.delete()
        _audit_question(
            action="guiding_question_delete",
            message=gettext_noop("%(programme)s: guiding question removed from placemat theme %(theme)s"),
            theme=theme,
            text=question.text,
        )


# --- Landsdelen and routes ---------------------------------------------------------------------
# Each programme's own parts of the country (regions belong to one) and routes (indicators belong to one).
# A new one comes last; its code (the dashboard's filter value, the key of its route totals) never changes,
# its name does. One can be removed only while no region (landsdeel) or indicator (route) uses it.

_PARAM = {Landsdeel: "landsdeel", Route: "route"}  # the audit message's parameter


def _check_list_item(*, model, programme: Programme, code: str | None, name: str, exclude_pk: int | None) -> None:
    """Field errors for a landsdeel's or route's code and name: both present and unique in the programme."""
    errors = {}
    others = model.objects.filter(programme=programme)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if not name:
        errors["name"] = _("Give the name.")
    elif others.filter(name__iexact=name).exists():
        errors["name"] = (
            _("%(programme)s already has a landsdeel with this name.")
            if model is Landsdeel
            else _("%(programme)s already has a route with this name.")
        ) % {"programme": programme.name}
    if code is not None:
        if not code:
            errors["code"] = _("Give the code.")
        elif others.filter(code__iexact=code).exists():
            errors["code"] = (
                _("%(programme)s already has a landsdeel with this code.")
                if model is Landsdeel
                else _("%(programme)s already has a route with this code.")
            ) % {"programme": programme.name}
    if errors:
        raise ValidationError(errors)


def _list_item_create(*, model, programme: Programme, code: str, name: str, message: str):
    code, name = code.strip().lower(), name.strip()
    with transaction.atomic():
        Programme.objects.select_for_update().filter(pk=programme.pk).first()  # one position at a time
        _check_list_item(model=model, programme=programme, code=code, name=name, exclude_pk=None)
        last = model.objects.filter(programme=programme).aggregate(n=Max("position"))["n"] or 0
        item = model.objects.create(programme=programme, code=code, name=name, position=last + 1)
        _audit(
            action=f"{model._meta.model_name}_create",
            message=message,
            object_label=f"{programme.name} {name}",
            programme=programme.name,
            **{_PARAM[model]: name},
        )
    return item


def _list_item_update(*, item, name: str, message: str):
    name = name.strip()
    model = type(item)
    with transaction.atomic():
        item = model.objects.select_for_update().select_related("programme").get(pk=item.pk)
        _check_list_item(model=model, programme=item.programme, code=None, name=name, exclude_pk=item.pk)
        if item.name != name:
            old = item.name
            item.name = name
            item.save(update_fields=["name"])
            _audit(
                action=f"{model._meta.model_name}_update",
                message=message,
                object_label=f"{item.programme.name} {name}",
                fields=[model._meta.get_field("name").verbose_name],
                programme=item.programme.name,
                old=old,
                **{_PARAM[model]: name},
            )
    return item


def _list_item_delete(*, item, message: str) -> None:
    model = type(item)
    with transaction.atomic():
        item = model.objects.select_for_update().select_related("programme").get(pk=item.pk)
        _raise_refusal(obj=item)
        programme, name = item.programme.name, item.name
        item.delete()
        _audit(
            action=f"{model._meta.model_name}_delete",
            message=message,
            object_label=f"{programme} {name}",
            programme=programme,
            **{_PARAM[model]: name},
        )


def landsdeel_create(*, programme: Programme, code: str, name: str) -> Landsdeel:
    """Add a landsdeel to the programme, after its others."""
    return _list_item_create(
        model=Landsdeel,
        programme=programme,
        code=code,
        name=name,
        message=gettext_noop("%(programme)s: landsdeel %(landsdeel)s added"),
    )


def landsdeel_update(*, landsdeel: Landsdeel, name: str) -> Landsdeel:
    """Rename a landsdeel (its code stays)."""
    return _list_item_update(
        item=landsdeel, name=name, message=gettext_noop("%(programme)s: landsdeel %(old)s renamed to %(landsdeel)s")
    )


def landsdeel_delete(*, landsdeel: Landsdeel) -> None:
    """Remove a landsdeel; refused while a region belongs to it."""
    _list_item_delete(item=landsdeel, message=gettext_noop("%(programme)s: landsdeel %(landsdeel)s removed"))


def route_create(*, programme: Programme, code: str, name: str) -> Route:
    """Add a route to the programme, after its others."""
    return _list_item_create(
        model=Route,
        programme=programme,
        code=code,
        name=name,
        message=gettext_noop("%(programme)s: route %(route)s added"),
    )


def route_update(*, route: Route, name: str) -> Route:
    """Rename a route (its code stays)."""
    return _list_item_update(
        item=route, name=name, message=gettext_noop("%(programme)s: route %(old)s renamed to %(route)s")
    )


def route_delete(*, route: Route) -> None:
    """Remove a route; refused while an indicator belongs to it."""
    _list_item_delete(item=route, message=gettext_noop("%(programme)s: route %(route)s removed"))


# --- Regional vision ------------------------------------------------------------------------

VISION_TEXT_FIELDS = (
    "labour_market_analysis",
    "ambitions",
    "approach_why",
    "approach_what",
    "approach_who",
    "approach_how",
)


def vision_agenda_open(*, region: Region, today: datetime.date) -> bool:
    """Whether the region writes its regioagenda now: from its programme's final year on."""
    return today.year >= region.programme.end_year


def _agenda_texts(*, region: Region, texts: dict, current: RegionVision | None = None) -> dict:
    """The regioagenda parts of a version: all three or none, and only from the programme's final year (a
    version that already has them keeps them)."""
    agenda = {k: texts.get(k, getattr(current, k, "") if current else "") or "" for k in RegionVision.AGENDA_FIELDS}
    filled = [k for k, v in agenda.items() if v.strip()]
    if not filled:
        return agenda
    if not vision_agenda_open(region=region, today=timezone.localdate()) and not (current and current.is_regioagenda):
        raise ValidationError(
            {
                filled[0]: _("The regioagenda is written in the programme's final year (%(year)s).")
                % {"year": region.programme.end_year}
            }
        )
    missing = [k for k in RegionVision.AGENDA_FIELDS if k not in filled]
    if missing:
        raise ValidationError({k: _("Fill in all three parts of the regioagenda, or none of them.") for k in missing})
    return agenda


def vision_create(*, region: Region, author: User, **texts: str) -> RegionVision:
    """Start a new version of the region's vision (a draft); in the programme's final year it may carry the
    regioagenda."""
    agenda = _agenda_texts(region=region, texts=texts)
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        if RegionVision.objects.filter(region=region, status=RegionVision.Status.DRAFT).exists():
            raise ValidationError(_("This region already has a draft version; continue with that one."))
        last = RegionVision.objects.filter(region=region).aggregate(m=Max("version"))["m"] or 0
        vision = RegionVision.objects.create(
            region=region,
            version=last + 1,
            created_by=author,
            **{k: texts[k] for k in VISION_TEXT_FIELDS},
            **agenda,
        )
        _audit_vision(
            vision,
            region=region,
            action="vision_create",
            message=gettext_noop("%(region)s: regional vision version %(version)s drafted"),
            actor=author,
        )
        return vision


def _audit_vision(vision: RegionVision, *, region: Region, action: str, message: str, actor=None, fields=()) -> None:
    _audit(
        action=action,
        message=message,
        object_label=region.name,
        actor=actor,
        fields=fields,
        region=region.name,
        version=vision.version,
    )


def vision_update(*, vision: RegionVision, **texts: str) -> RegionVision:
    with transaction.atomic():
        vision = RegionVision.objects.select_for_update().get(pk=vision.pk)
        if vision.status != RegionVision.Status.DRAFT:
            raise ValidationError(_("An approved version is read-only."))
        fields = {key: texts[key] for key in VISION_TEXT_FIELDS}
        fields.update(_agenda_texts(region=vision.region, texts=texts, current=vision))
        changed = _changed_fields(vision, fields)
        for key, value in fields.items():
            setattr(vision, key, value)
        vision.save()
        if changed:
            _audit_vision(
                vision,
                region=vision.region,
                action="vision_update",
                message=gettext_noop("%(region)s: draft of regional vision version %(version)s changed"),
                fields=changed,
            )
    return vision


def vision_approve(
    *,
    vision: RegionVision,
    approver: User,
    scores: dict[str, int],
    rationales: dict[str, str],
    subsidy_decision_date,
    subsidy_amount: Decimal,
) -> RegionVision:
    """Approve a draft version with its assessment on the four criteria and the subsidy decision."""
    errors = {}
    for criterion in RegionVision.CRITERIA:
        if scores.get(criterion) not in (1, 2, 3, 4):
            errors[f"{criterion}_score"] = _("Give a score from 1 to 4.")
        if not (rationales.get(criterion) or "").strip():
            errors[f"{criterion}_rationale"] = _("A rationale is required.")
    if subsidy_amount is None or subsidy_amount < 0:
        errors["subsidy_amount"] = _("The amount cannot be negative.")
    if subsidy_decision_date is None:
        errors["subsidy_decision_date"] = _("Enter the date of the subsidy decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vision = RegionVision.objects.select_for_update().get(pk=vision.pk)
        if vision.status != RegionVision.Status.DRAFT:
            raise ValidationError(_("This version has already been approved."))
        for criterion in RegionVision.CRITERIA:
            setattr(vision, f"{criterion}_score", scores[criterion])
            setattr(vision, f"{criterion}_rationale", rationales[criterion].strip())
        vision.subsidy_decision_date = subsidy_decision_date
        vision.subsidy_amount = subsidy_amount
        vision.status = RegionVision.Status.APPROVED
        vision.approved_by = approver
        vision.approved_at = timezone.now()
        vision.save()
        _audit_vision(
            vision,
            region=vision.region,
            action="vision_approve",
            message=gettext_noop("%(region)s: regional vision version %(version)s approved"),
            actor=approver,
        )
    return vision


# --- Indicators and targets ------------------------------------------------------------------

# A year's targets are frozen once that year's monitor report of the region has been submitted. The
# monitoring app says which years that are without regions importing it: a provider takes region= and
# lock= (True: lock the rows it reads until the transaction ends) and returns a set of years.
FROZEN_YEARS_PROVIDERS: list = []

# The fields of an agreed indicator that only an amendment may change (targets too).
BINDING_FIELDS = ("direction", "unit", "baseline_value", "baseline_year")

TargetValues = tuple[Decimal | None, Decimal | None]


def frozen_years(*, region: Region, lock: bool = False) -> set[int]:
    """The years whose targets can no longer change for this region."""
    years: set[int] = set()
    for provider in FROZEN_YEARS_PROVIDERS:
        years |= set(provider(region=region, lock=lock))
    return years


def _normalise_targets(targets: dict) -> dict[int, TargetValues]:
    """{year: value} or {year: (value, upper bound)} -> {year: (value, upper bound)}."""
    return {
        int(year): (tuple(value) + (None,))[:2] if isinstance(value, tuple | list) else (value, None)
        for year, value in targets.items()
    }


def _check_target_values(*, direction: str, targets: dict[int, TargetValues], programme: Programme) -> dict:
    """Field errors for a set of yearly targets (keys target_<year> and target_max_<year>)."""
    errors: dict = {}
    for year, (value, value_max) in sorted(targets.items()):
        if year not in programme.years:
            errors.setdefault("__all__", []).append(
                _("A target for %(year)s lies outside the programme (%(start)s–%(end)s).")
                % {"year": year, "start": programme.start_year, "end": programme.end_year}
            )
            continue
        if value is not None and value < 0:
            errors[f"target_{year}"] = _("A target cannot be negative.")
        if value_max is not None and value_max < 0:
            errors[f"target_max_{year}"] = _("A target cannot be negative.")
        if direction == Indicator.Direction.RANGE:
            if value is None and value_max is not None:
                errors[f"target_{year}"] = _("Give the lower bound of the range for %(year)s.") % {"year": year}
            elif value is not None and value_max is None:
                errors[f"target_max_{year}"] = _("Give the upper bound of the range for %(year)s.") % {"year": year}
            elif value is not None and value_max is not None and value > value_max:
                errors[f"target_max_{year}"] = _(
                    "The upper bound for %(year)s cannot be below the lower bound (%(value)s)."
                ) % {"year": year, "value": f"{value.normalize():f}"}
        elif value_max is not None:
            errors[f"target_max_{year}"] = _(
                "Only an indicator with a target range has an upper bound; leave this empty."
            )
    return errors


def _check_indicator(
    *,
    region: Region,
    code: str,
    performance_area: PlacematTheme,
    route: Route,
    baseline_year: int,
    direction: str,
    targets: dict[int, TargetValues],
    exclude_pk: int | None,
) -> None:
    errors = {}
    programme = region.programme
    duplicate = Indicator.objects.filter(region=region, code__iexact=code)
    if exclude_pk:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        errors["code"] = _("This region already has an indicator with code %(code)s.") % {"code": code}
    if performance_area.programme_id != programme.pk or performance_area.kind != PlacematTheme.Kind.PERFORMANCE:
        errors["performance_area"] = _("Choose one of the programme's four performance areas.")
    if route.programme_id != programme.pk:
        errors["route"] = _("Choose one of the routes of %(programme)s.") % {"programme": programme.name}
    if baseline_year > programme.end_year:
        errors["baseline_year"] = _("The baseline year cannot be after the end of the programme.")
    errors.update(_check_target_values(direction=direction, targets=targets, programme=programme))
    if errors:
        raise ValidationError(errors)


def _current_targets(indicator: Indicator) -> dict[int, TargetValues]:
    return {t.year: (t.value, t.value_max) for t in Target.objects.filter(indicator=indicator)}


def _check_frozen(*, region: Region, changed_years, lock: bool = False) -> None:
    frozen = sorted(set(changed_years) & frozen_years(region=region, lock=lock))
    if frozen:
        raise ValidationError(
            {
                f"target_{year}": _(
                    "The targets of %(year)s are frozen: the monitor report of %(year)s has been submitted."
                )
                % {"year": year}
                for year in frozen
            }
        )


def _changed_years(old: dict[int, TargetValues], new: dict[int, TargetValues]) -> list[int]:
    return sorted(year for year in new if new[year] != old.get(year, (None, None)))


def _save_targets(*, indicator: Indicator, targets: dict[int, TargetValues]) -> None:
    existing = {t.year: t for t in indicator.targets.all()}
    for year, (value, value_max) in targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            Target.objects.create(indicator=indicator, year=year, value=value, value_max=value_max)
        elif (target.value, target.value_max) != (value, value_max):
            target.value, target.value_max = value, value_max
            target.save(update_fields=["value", "value_max"])


def indicator_create(*, region: Region, proposed_by: User, targets: dict, **fields) -> Indicator:
    """Propose an indicator with its targets ({year: value} or {year: (value, upper bound)}). The office's
    own indicators are agreed at once. Targets of frozen years cannot be set."""
    targets = _normalise_targets(targets)
    _check_indicator(
        region=region,
        code=fields["code"],
        performance_area=fields["performance_area"],
        route=fields["route"],
        baseline_year=fields["baseline_year"],
        direction=fields.get("direction", Indicator.Direction.HIGHER),
        targets=targets,
        exclude_pk=None,
    )
    _check_frozen(region=region, changed_years=[y for y, (v, _m) in targets.items() if v is not None])
    agreed = proposed_by.is_programme_office
    status = Indicator.Status.AGREED if agreed else Indicator.Status.PROPOSED
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(
                region=region,
                proposed_by=proposed_by,
                status=status,
                agreed_at=timezone.now() if agreed else None,
                **fields,
            )
            _save_targets(indicator=indicator, targets=targets)
            # No facts_refresh: a new indicator has no realisations yet, so no fact counts it.
            _audit_indicator(
                indicator,
                region=region,
                action="indicator_create",
                message=gettext_noop("%(region)s: indicator %(indicator)s added and agreed")
                if agreed
                else gettext_noop("%(region)s: indicator %(indicator)s proposed"),
                actor=proposed_by,
            )
    except IntegrityError as exc:  # a concurrent save with the same code
        raise ValidationError({"code": _("This region already has an indicator with this code.")}) from exc
    return indicator


def indicator_update(*, indicator: Indicator, targets: dict, **fields) -> Indicator:
    """Change an indicator. An agreed indicator is binding: its targets, direction, unit and baseline change
    only through an amendment (the office can still fix its name, description, code, route and area).
    A proposed indicator's targets of frozen years cannot change either."""
    targets = _normalise_targets(targets)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().select_related("region__programme").get(pk=indicator.pk)
        direction = fields.get("direction", indicator.direction)
        _check_indicator(
            region=indicator.region,
            code=fields["code"],
            performance_area=fields["performance_area"],
            route=fields.get("route", indicator.route),
            baseline_year=fields.get("baseline_year", indicator.baseline_year),
            direction=direction,
            targets=targets,
            exclude_pk=indicator.pk,
        )
        old = _current_targets(indicator)
        changed = _changed_years(old, targets)
        if indicator.status == Indicator.Status.AGREED:
            errors = {
                key: _("This indicator has been agreed: propose an amendment to change this.")
                for key in BINDING_FIELDS
                if key in fields and fields[key] != getattr(indicator, key)
            }
            for year in changed:
                errors[f"target_{year}"] = _(
                    "This indicator has been agreed: propose an amendment to change its targets."
                )
            if errors:
                raise ValidationError(errors)
        else:
            _check_frozen(region=indicator.region, changed_years=changed)
        changed_fields = _changed_fields(indicator, fields)
        if changed:
            changed_fields.append(Target._meta.verbose_name_plural)
        for key, value in fields.items():
            setattr(indicator, key, value)
        indicator.save()
        _save_targets(indicator=indicator, targets=targets)
        if indicator.status == Indicator.Status.AGREED:  # a proposed indicator counts in no fact
            facts_refresh(region_ids=[indicator.region_id])
        if changed_fields:
            _audit_indicator(
                indicator,
                region=indicator.region,
                action="indicator_update",
                message=gettext_noop("%(region)s: indicator %(indicator)s changed"),
                fields=changed_fields,
            )
    return indicator


def indicator_approve(*, indicator: Indicator) -> Indicator:
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if indicator.status != Indicator.Status.PROPOSED:
            raise ValidationError(_("This indicator has already been agreed."))
        if not indicator.targets.exists():
            raise ValidationError(_("An indicator needs at least one target before it can be agreed."))
        indicator.status = Indicator.Status.AGREED
        indicator.agreed_at = timezone.now()
        indicator.save(update_fields=["status", "agreed_at"])
        facts_refresh(region_ids=[indicator.region_id])
        _audit_indicator(
            indicator,
            region=indicator.region,
            action="indicator_approve",
            message=gettext_noop("%(region)s: indicator %(indicator)s agreed"),
        )
    return indicator


def _audit_indicator(
    indicator: Indicator, *, region: Region, action: str, message: str, actor=None, fields=(), **params
) -> None:
    _audit(
        action=action,
        message=message,
        object_label=f"{region.name} {indicator.code}",
        actor=actor,
        fields=fields,
        region=region.name,
        indicator=str(indicator),
        **params,
    )


# --- Amendments of agreed targets (wijziging prestatieafspraak) -------------------------------


def _is_project_leader(user: User, region_id: int) -> bool:
    return RegionRole.objects.filter(user=user, region_id=region_id, role=RegionRole.Role.PROJECT_LEADER).exists()


def target_amendment_propose(
    *, indicator: Indicator, proposed_by: User, reason: str, targets: dict, now=None
) -> TargetAmendment:
    """Propose new targets for an agreed indicator, with a reason. Only the years that change become
    lines (the old target taken from the current one); frozen years and years outside the programme are
    refused, and an indicator has at most one open proposal."""
    reason = (reason or "").strip()
    targets = _normalise_targets(targets)
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().select_related("region__programme").get(pk=indicator.pk)
        region = indicator.region
        if not (proposed_by.is_programme_office or _is_project_leader(proposed_by, region.pk)):
            raise ValidationError(_("Only the region's project leader or the programme office can propose this."))
        if indicator.status != Indicator.Status.AGREED:
            raise ValidationError(_("Only an agreed indicator is amended; change a proposed indicator directly."))
        if TargetAmendment.objects.filter(indicator=indicator, status=TargetAmendment.Status.PROPOSED).exists():
            raise ValidationError(
                _("This indicator already has an open amendment; withdraw it or wait for the decision.")
            )
        errors = _check_target_values(direction=indicator.direction, targets=targets, programme=region.programme)
        if not reason:
            errors["reason"] = _("Give the reason for the amendment.")
        old = _current_targets(indicator)
        for year, (value, _max) in targets.items():
            if value is None and old.get(year, (None, None))[0] is not None and f"target_{year}" not in errors:
                errors[f"target_{year}"] = _(
                    "An agreed target cannot be removed; give the new target for %(year)s."
                ) % {"year": year}
        if errors:
            raise ValidationError(errors)
        changed = [year for year in _changed_years(old, targets) if targets[year][0] is not None]
        if not changed:
            raise ValidationError(_("Change the target of at least one year."))
        _check_frozen(region=region, changed_years=changed)
        amendment = TargetAmendment.objects.create(
            indicator=indicator, reason=reason, proposed_by=proposed_by, proposed_at=now or timezone.now()
        )
        TargetAmendmentLine.objects.bulk_create(
            TargetAmendmentLine(
                amendment=amendment,
                year=year,
                old_value=old.get(year, (None, None))[0],
                old_max=old.get(year, (None, None))[1],
                new_value=targets[year][0],
                new_max=targets[year][1],
            )
            for year in changed
        )
        _audit_indicator(
            indicator,
            region=region,
            action="target_amendment_propose",
            message=gettext_noop("%(region)s: amendment of indicator %(indicator)s proposed for %(years)s"),
            actor=proposed_by,
            years=", ".join(str(year) for year in changed),
        )
    return amendment


def target_amendment_decide(
    *, amendment: TargetAmendment, decided_by: User, approve: bool, note: str, now=None
) -> TargetAmendment:
    """The office approves (the new targets apply at once, the lines keep old and new) or refuses (with a
    note). Approval checks again, with the region's reports locked, that no year has been frozen since."""
    note = (note or "").strip()
    if not decided_by.is_programme_office:
        raise ValidationError(_("Only the programme office decides on amendments."))
    if not approve and not note:
        raise ValidationError({"note": _("Say why the amendment is refused.")})
    with transaction.atomic():
        amendment = TargetAmendment.objects.select_for_update().get(pk=amendment.pk)
        if amendment.status != TargetAmendment.Status.PROPOSED:
            raise ValidationError(_("This amendment has already been decided or withdrawn."))
        indicator = Indicator.objects.select_for_update().select_related("region").get(pk=amendment.indicator_id)
        lines = list(amendment.lines.order_by("year"))
        if approve:
            frozen = sorted({line.year for line in lines} & frozen_years(region=indicator.region, lock=True))
            if frozen:
                raise ValidationError(
                    _(
                        "The targets of %(years)s are frozen since this amendment was proposed: the monitor "
                        "report has been submitted. Refuse the amendment and ask for a new one."
                    )
                    % {"years": ", ".join(str(y) for y in frozen)}
                )
            for line in lines:
                Target.objects.update_or_create(
                    indicator=indicator, year=line.year, defaults={"value": line.new_value, "value_max": line.new_max}
                )
        amendment.status = TargetAmendment.Status.APPROVED if approve else TargetAmendment.Status.REFUSED
        amendment.decided_by = decided_by
        amendment.decided_at = now or timezone.now()
        amendment.decision_note = note
        amendment.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        if approve:  # the new targets apply at once; a refusal changes no target
            facts_refresh(region_ids=[indicator.region_id])
        from .mails import amendment_decided_queue

        amendment_decided_queue(amendment=amendment)  # the proposer and the project leaders; sent after commit
        _audit_indicator(
            indicator,
            region=indicator.region,
            action="target_amendment_decide",
            message=gettext_noop("%(region)s: amendment of indicator %(indicator)s approved")
            if approve
            else gettext_noop("%(region)s: amendment of indicator %(indicator)s refused"),
            actor=decided_by,
        )
    return amendment


def target_amendment_withdraw(*, amendment: TargetAmendment, actor: User, now=None) -> TargetAmendment:
    """The proposer (or the office) withdraws an open proposal; it stays in the history."""
    with transaction.atomic():
        amendment = TargetAmendment.objects.select_for_update().get(pk=amendment.pk)
        if amendment.status != TargetAmendment.Status.PROPOSED:
            raise ValidationError(_("Only an open amendment can be withdrawn."))
        if not (actor.is_programme_office or actor.pk == amendment.proposed_by_id):
            raise ValidationError(_("Only the proposer or the programme office can withdraw this amendment."))
        amendment.status = TargetAmendment.Status.WITHDRAWN
        amendment.decided_by = actor
        amendment.decided_at = now or timezone.now()
        amendment.save(update_fields=["status", "decided_by", "decided_at"])
        indicator = Indicator.objects.select_related("region").get(pk=amendment.indicator_id)
        _audit_indicator(
            indicator,
            region=indicator.region,
            action="target_amendment_withdraw",
            message=gettext_noop("%(region)s: amendment of indicator %(indicator)s withdrawn"),
            actor=actor,
        )
    return amendment


# --- Co-financing (cofinanciering) ------------------------------------------------------------


@dataclass(frozen=True)
class CofinancingInput:
    """One partner's figures of one year as typed: empty amounts count as zero."""

    committed_money: Decimal | None = None
    committed_in_kind: Decimal | None = None
    realised_money: Decimal | None = None
    realised_in_kind: Decimal | None = None
    note: str = ""

    def amounts(self) -> dict[str, Decimal]:
        return {name: getattr(self, name) or Decimal(0) for name in Cofinancing.AMOUNTS}

    @property
    def is_empty(self) -> bool:
        return not any(self.amounts().values()) and not self.note.strip()


COFINANCING_NOTE_MAX = Cofinancing._meta.get_field("note").max_length
COFINANCING_AMOUNT_MAX = Decimal("9999999999.99")


def _check_cofinancing_year(*, region: Region, programme_year: ProgrammeYear) -> None:
    if programme_year.programme_id != region.programme_id:
        raise ValidationError(
            _("%(year)s is not a year of the programme %(programme)s.")
            % {"year": programme_year.year, "programme": region.programme.name}
        )
    if programme_year.year < region.join_year:
        raise ValidationError(
            _("%(region)s joined the programme in %(join)s: it has no co-financing in %(year)s.")
            % {"region": region.name, "join": region.join_year, "year": programme_year.year}
        )


def _check_cofinancing_not_fixed(*, region: Region, programme_year: ProgrammeYear, actor) -> None:
    """A year's co-financing is fixed for the region once its monitor report is settled (submitted to the
    office or accepted): the report and the national picture show what was submitted. The office may still
    correct it (logged); a returned report opens it again (`selectors.cofinancing_fixed_years`)."""
    from .selectors import cofinancing_fixed_years

    if programme_year.year in cofinancing_fixed_years(region=region, user=actor):
        raise ValidationError(
            _(
                "The co-financing of %(year)s is fixed: the monitor report of %(year)s has been submitted. "
                "The programme office can still correct it."
            )
            % {"year": programme_year.year}
        )


def _check_cofinancing_row(*, region: Region, partner: RegionPartner, values: CofinancingInput) -> None:
    """The row's own checks: field errors keyed by the model's field names."""
    if partner.region_id != region.pk:
        raise ValidationError(
            _("%(organisation)s is not a partner of %(region)s.")
            % {"organisation": partner.organisation.name, "region": region.name}
        )
    errors = {}
    for name, value in values.amounts().items():
        if value < 0:
            errors[name] = _("An amount cannot be negative.")
        elif value > COFINANCING_AMOUNT_MAX or value != value.quantize(Decimal("0.01")):
            errors[name] = _("Enter an amount in euros with at most two decimals, for example 12500 or 1.250,50.")
    if len(values.note) > COFINANCING_NOTE_MAX:
        errors["note"] = _("The note can be at most %(max)s characters.") % {"max": COFINANCING_NOTE_MAX}
    if errors:
        raise ValidationError(errors)


def _cofinancing_write(
    *, region: Region, partner: RegionPartner, programme_year: ProgrammeYear, values: CofinancingInput, actor
) -> Cofinancing | None:
    """Save (or, for an empty row, remove) one partner's figures; log what changed. Checked before."""
    existing = Cofinancing.objects.select_for_update().filter(partner=partner, programme_year=programme_year).first()
    params = {"region": region.name, "organisation": partner.organisation.name, "year": programme_year.year}
    label = f"{region.name} {partner.organisation.name} {programme_year.year}"
    if values.is_empty:
        if existing is not None:
            existing.delete()
            _audit(
                action="cofinancing_delete",
                message=gettext_noop("%(region)s: co-financing %(year)s of %(organisation)s removed"),
                object_label=label,
                actor=actor,
                **params,
            )
        return None
    fields = {**values.amounts(), "note": values.note.strip()}
    added = existing is None
    instance = existing or Cofinancing(region=region, partner=partner, programme_year=programme_year)
    changed = [] if added else _changed_fields(instance, fields)
    if added or changed:
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.updated_by = actor if actor is not None and actor.is_authenticated else None
        instance.save()
        _audit(
            action="cofinancing_save",
            message=gettext_noop("%(region)s: co-financing %(year)s of %(organisation)s added")
            if added
            else gettext_noop("%(region)s: co-financing %(year)s of %(organisation)s changed"),
            object_label=label,
            actor=actor,
            fields=changed,
            **params,
        )
    return instance


def cofinancing_save(
    *,
    region: Region,
    partner: RegionPartner,
    programme_year: ProgrammeYear,
    values: CofinancingInput,
    actor: User | None = None,
) -> Cofinancing | None:
    """A partner's committed and realised co-financing of one year (money and in kind); an empty row
    removes the year's figures. Realised may exceed committed. Refused: a negative amount, a partner of
    another region, a year of another programme or before the region joined."""
    _check_cofinancing_year(region=region, programme_year=programme_year)
    _check_cofinancing_row(region=region, partner=partner, values=values)
    _check_cofinancing_not_fixed(region=region, programme_year=programme_year, actor=actor)
    with transaction.atomic():
        instance = _cofinancing_write(
            region=region, partner=partner, programme_year=programme_year, values=values, actor=actor
        )
        facts_refresh(region_ids=[region.pk])
    return instance


def cofinancing_save_year(
    *,
    region: Region,
    programme_year: ProgrammeYear,
    rows: dict[int, CofinancingInput],
    actor: User | None = None,
) -> int:
    """The co-financing page of one year: every partner's row (keyed by the partner's id) at once, all or
    nothing. Field errors are keyed "<partner id>-<field>". Returns the number of partners whose figures
    changed."""
    _check_cofinancing_year(region=region, programme_year=programme_year)
    _check_cofinancing_not_fixed(region=region, programme_year=programme_year, actor=actor)
    partners = {p.pk: p for p in RegionPartner.objects.filter(region=region).select_related("organisation")}
    errors: dict[str, list] = {}
    for partner_id, values in rows.items():
        partner = partners.get(partner_id)
        if partner is None:
            raise ValidationError(
                _("One of the partners is no longer a partner of %(region)s.") % {"region": region.name}
            )
        try:
            _check_cofinancing_row(region=region, partner=partner, values=values)
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            for name, messages in exc.message_dict.items():
                errors[f"{partner_id}-{name}"] = messages
    if errors:
        raise ValidationError(errors)
    changed = 0
    with transaction.atomic():
        before = {c.partner_id: c for c in Cofinancing.objects.filter(region=region, programme_year=programme_year)}
        for partner_id, values in sorted(rows.items()):
            old = before.get(partner_id)
            if old is None and values.is_empty:
                continue
            if old is not None and not values.is_empty:
                same = (
                    all(getattr(old, k) == v for k, v in values.amounts().items()) and old.note == values.note.strip()
                )
                if same:
                    continue
            _cofinancing_write(
                region=region, partner=partners[partner_id], programme_year=programme_year, values=values, actor=actor
            )
            changed += 1
        if changed:
            facts_refresh(region_ids=[region.pk])
    return changed


def cofinancing_delete(*, cofinancing: Cofinancing, actor: User | None = None) -> None:
    """Remove one partner's figures of one year."""
    with transaction.atomic():
        region = cofinancing.region
        _cofinancing_write(
            region=region,
            partner=cofinancing.partner,
            programme_year=cofinancing.programme_year,
            values=CofinancingInput(),
            actor=actor,
        )
        facts_refresh(region_ids=[region.pk])


# --- Sub-projects (deelprojecten) --------------------------------------------------------------


def _check_subproject(*, region: Region, name: str, partners, indicators, budget, exclude_pk: int | None) -> None:
    programme_check_open(programme=region.programme)
    errors = {}
    if not (name or "").strip():
        errors["name"] = _("Give the sub-project a name.")
    elif SubProject.objects.filter(region=region, name__iexact=name.strip()).exclude(pk=exclude_pk).exists():
        errors["name"] = _("This region already has a sub-project with this name.")
    if any(p.region_id != region.pk for p in partners):
        errors["partners"] = _("Choose partners of this region.")
    if any(i.region_id != region.pk or i.status != Indicator.Status.AGREED for i in indicators):
        errors["indicators"] = _("Choose agreed indicators of this region.")
    if budget is not None and budget < 0:
        errors["budget"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _subproject_leader_sync(*, region: Region, user: User | None, actor: User | None) -> None:
    """A sub-project's leader holds the region role "sub-project leader" while leading one of its sub-projects:
    given when they start leading the first, ended when they lead none any more."""
    if user is None:
        return
    leads = SubProject.objects.filter(region=region, leader=user).exists()
    role = RegionRole.objects.filter(region=region, user=user, role=RegionRole.Role.SUBPROJECT_LEADER).first()
    if leads and role is None:
        region_role_add(region=region, user=user, role=RegionRole.Role.SUBPROJECT_LEADER)
    elif not leads and role is not None:
        region_role_end(role=role, ended_by=actor)


def _audit_subproject(*, action: str, message: str, subproject: SubProject, actor: User | None, fields=()) -> None:
    _audit(
        action=action,
        message=message,
        object_label=f"{subproject.region.name} {subproject.name}",
        actor=actor,
        fields=fields,
        region=subproject.region.name,
        subproject=subproject.name,
    )


def subproject_create(
    *,
    region: Region,
    actor: User | None,
    name: str,
    description: str = "",
    leader: User | None = None,
    partners=(),
    indicators=(),
    budget: Decimal | None = None,
) -> SubProject:
    """A deelproject of the region: its leader gets the region role of sub-project leader."""
    partners, indicators = list(partners), list(indicators)
    _check_subproject(
        region=region, name=name, partners=partners, indicators=indicators, budget=budget, exclude_pk=None
    )
    with transaction.atomic():
        subproject = SubProject.objects.create(
            region=region, name=name.strip(), description=(description or "").strip(), leader=leader, budget=budget
        )
        subproject.partners.set(partners)
        subproject.indicators.set(indicators)
        _subproject_leader_sync(region=region, user=leader, actor=actor)
        _audit_subproject(
            action="subproject_create",
            message=gettext_noop("%(region)s: sub-project %(subproject)s added"),
            subproject=subproject,
            actor=actor,
        )
    return subproject


def subproject_update(
    *,
    subproject: SubProject,
    actor: User | None,
    name: str,
    description: str = "",
    leader: User | None = None,
    partners=(),
    indicators=(),
    budget: Decimal | None = None,
) -> SubProject:
    region = subproject.region
    partners, indicators = list(partners), list(indicators)
    _check_subproject(
        region=region, name=name, partners=partners, indicators=indicators, budget=budget, exclude_pk=subproject.pk
    )
    with transaction.atomic():
        subproject = SubProject.objects.select_for_update().select_related("region").get(pk=subproject.pk)
        before_leader = subproject.leader
        fields = {"name": name.strip(), "description": (description or "").strip(), "leader": leader, "budget": budget}
        changed = _changed_fields(subproject, fields)
        if set(subproject.partners.all()) != set(partners):
            changed.append(SubProject._meta.get_field("partners").verbose_name)
        if set(subproject.indicators.all()) != set(indicators):
            changed.append(SubProject._meta.get_field("indicators").verbose_name)
        for key, value in fields.items():
            setattr(subproject, key, value)
        subproject.save()
        subproject.partners.set(partners)
        subproject.indicators.set(indicators)
        if before_leader != leader:
            _subproject_leader_sync(region=region, user=leader, actor=actor)
            _subproject_leader_sync(region=region, user=before_leader, actor=actor)
        if changed:
            _audit_subproject(
                action="subproject_update",
                message=gettext_noop("%(region)s: sub-project %(subproject)s changed"),
                subproject=subproject,
                actor=actor,
                fields=changed,
            )
    return subproject


def subproject_delete(*, subproject: SubProject, actor: User | None) -> None:
    """Remove a sub-project; its leader's role ends when they lead no other sub-project of the region."""
    region = subproject.region
    programme_check_open(programme=region.programme)
    with transaction.atomic():
        leader = subproject.leader
        _audit_subproject(
            action="subproject_delete",
            message=gettext_noop("%(region)s: sub-project %(subproject)s removed"),
            subproject=subproject,
            actor=actor,
        )
        subproject.delete()
        _subproject_leader_sync(region=region, user=leader, actor=actor)
