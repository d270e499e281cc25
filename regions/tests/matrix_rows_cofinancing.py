"""Permission-matrix rows of co-financing (see matrix_base.py): region A's project leader and the office
record it; whoever sees region A reads it on the region page (its row is regions:region_detail)."""

from decimal import Decimal

from django.urls import reverse

from regions.models import Cofinancing

from .matrix_base import OFFICE, PL, PL_OTHER, expect


def build(world) -> None:
    world.extra["cofinancing"] = Cofinancing.objects.create(
        region=world.region_a,
        partner=world.partner,
        programme_year=world.years[2013],
        committed_in_kind=Decimal("20000"),
        realised_in_kind=Decimal("15000"),
    )


def snapshot():
    return tuple(
        Cofinancing.objects.order_by("pk").values_list("partner_id", "programme_year_id", *Cofinancing.AMOUNTS)
    )


def _edit(year):
    return lambda w: reverse("regions:cofinancing_edit", args=[w.region_a, year])


ROWS = {
    "regions:cofinancing_edit": (
        _edit(2013),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 302),  # an empty POST changes nothing ("Nothing changed.")
    ),
    "regions:cofinancing_edit[region B]": (
        lambda w: reverse("regions:cofinancing_edit", args=[w.region_b, 2013]),
        expect({PL_OTHER, OFFICE}, 200),  # region B's own project leader, not region A's people
        expect({PL_OTHER, OFFICE}, 302),
    ),
    "regions:cofinancing_edit[no such year]": (_edit(2011), expect(set(), 200), expect(set(), 200)),  # 404
}
