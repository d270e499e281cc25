"""Mijn taken in the browser: each role lands on what waits for it and reaches its task in one click; the
navigation shows the count; the page has no axe violations.

The demo programme runs 2012-2015, so the test opens this year's cycle on it first: a programme year whose
report is due in three weeks, Zwolle's report in draft, and a submitted report of a region the critical
friend assesses this year.
"""

import datetime
import re

import pytest
from django.utils import timezone
from e2e_helpers import axe_problems, nl
from e2e_pages import CRITICAL_FRIEND, OFFICE, PL_ZWOLLE
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def this_year(demo):
    from audits.models import Assignment
    from audits.services.scoring import assignment_create
    from monitoring.models import MonitorReport
    from regions.models import Programme, ProgrammeYear, Region
    from toptechniek.accounts.models import User

    today = timezone.localdate()
    programme = Programme.objects.get(slug="toptechniek-in-bedrijf")
    year = ProgrammeYear.objects.create(
        programme=programme,
        year=today.year,
        report_due_date=today + datetime.timedelta(days=21),
        scoring_due_date=today + datetime.timedelta(days=50),
    )
    MonitorReport.objects.create(region=Region.objects.get(slug="zwolle"), programme_year=year)
    cf = User.objects.get(email=CRITICAL_FRIEND)
    assessed = (
        Assignment.objects.filter(user=cf, role=Assignment.Role.ASSESSOR)
        .exclude(region__slug="zwolle")
        .order_by("-programme_year__year")
        .first()
        .region
    )
    assignment = assignment_create(programme_year=year, region=assessed, user=cf, role=Assignment.Role.ASSESSOR)
    now = timezone.now()
    MonitorReport.objects.create(
        region=assessed, programme_year=year, status="submitted", submitted_at=now, first_submitted_at=now
    )
    return {"year": today.year, "assessed": assessed, "assignment": assignment}


@pytest.mark.parametrize(
    ("who", "task", "target"),
    [
        (PL_ZWOLLE, "Finish the monitor report %(year)s", r"/regions/zwolle/reports/{year}/edit/$"),
        (CRITICAL_FRIEND, "Score the placemat %(year)s", r"/critical-friend/assignments/{assignment}/scoring/$"),
        (OFFICE, "Review the monitor report %(year)s", r"/regions/{assessed}/reports/{year}/$"),
    ],
    ids=["project-leader", "critical-friend", "office"],
)
def test_each_role_lands_on_its_tasks_and_reaches_one_in_a_click(who, task, target, this_year, login_as):
    page = login_as(who)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(nl("My tasks"))
    # The count in the navigation arrives after the page; it names what it counts for a screen reader.
    badge = page.locator("#task-count")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text(re.compile(r"\d+"))
    assert not axe_problems(page, "Mijn taken"), axe_problems(page, "Mijn taken")

    link = page.locator("main .task-list").get_by_role("link", name=nl(task, year=this_year["year"]))
    expect(link.first).to_be_visible()
    link.first.click()
    expected = target.format(
        year=this_year["year"], assignment=this_year["assignment"].pk, assessed=this_year["assessed"].slug
    )
    expect(page).to_have_url(re.compile(expected))


def test_mijn_taken_reflows_on_a_phone(this_year, login_as):
    page = login_as(PL_ZWOLLE)
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"Mijn taken is {wide} px wide at {width} px"
