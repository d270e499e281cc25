"""Permission-matrix rows of the dashboard (see regions/tests/matrix_base.py)."""

from django.urls import reverse

from regions.tests.matrix_base import OFFICE, READ_ONLY_POST, REGION_A_READERS, VIEWER, expect


def _dashboard(name):
    return lambda w: reverse(name) + f"?programme={w.programme.slug}&year=2013"


ROWS = {
    "dashboard:dashboard": (_dashboard("dashboard:dashboard"), expect({OFFICE, VIEWER}, 200), READ_ONLY_POST),
    "dashboard:totals": (_dashboard("dashboard:totals"), expect({OFFICE, VIEWER}, 200), READ_ONLY_POST),
    "dashboard:export_csv": (_dashboard("dashboard:export_csv"), expect({OFFICE, VIEWER}, 200), READ_ONLY_POST),
    "dashboard:export_xlsx": (_dashboard("dashboard:export_xlsx"), expect({OFFICE, VIEWER}, 200), READ_ONLY_POST),
    # The provisional view (drafts included) is the office's only; for the viewer the parameter is ignored
    # (same page, settled figures: tests/test_settled.py checks the content).
    "dashboard:dashboard[provisional]": (
        lambda w: reverse("dashboard:dashboard") + f"?programme={w.programme.slug}&year=2013&provisional=1",
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "dashboard:totals[provisional]": (
        lambda w: reverse("dashboard:totals") + f"?programme={w.programme.slug}&provisional=1",
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "dashboard:region_overview[provisional]": (
        lambda w: reverse("dashboard:region_overview", args=[w.region_a]) + "?provisional=1",
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "dashboard:region_overview": (
        lambda w: reverse("dashboard:region_overview", args=[w.region_a]),
        expect(REGION_A_READERS, 200),  # the office, the viewer and region A's people; not region B's
        READ_ONLY_POST,
    ),
}
