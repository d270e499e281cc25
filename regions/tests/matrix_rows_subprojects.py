"""Permission-matrix rows of sub-projects (deelprojecten): region A's project leader and the office keep them;
whoever sees region A reads them on the region page (its row is regions:region_detail)."""

from django.urls import reverse

from regions.models import SubProject

from .matrix_base import OFFICE, PL, PL_OTHER, expect


def build(world) -> None:
    world.extra["subproject"] = SubProject.objects.create(region=world.region_a, name="Hybride docenten")
    world.extra["subproject_b"] = SubProject.objects.create(region=world.region_b, name="Zij-instroom")


def snapshot():
    return tuple(SubProject.objects.order_by("pk").values_list("region_id", "name", "leader_id", "budget"))


ROWS = {
    "regions:subproject_create": (
        lambda w: reverse("regions:subproject_create", args=[w.region_a]),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),  # an empty POST: the form with its errors
    ),
    "regions:subproject_update": (
        lambda w: reverse("regions:subproject_update", args=[w.extra["subproject"].pk]),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),
    ),
    "regions:subproject_update[region B]": (
        lambda w: reverse("regions:subproject_update", args=[w.extra["subproject_b"].pk]),
        expect({PL_OTHER, OFFICE}, 200),
        expect({PL_OTHER, OFFICE}, 200),
    ),
    "regions:subproject_delete": (
        lambda w: reverse("regions:subproject_delete", args=[w.extra["subproject"].pk]),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 302),  # removed, back to the region page
    ),
}
