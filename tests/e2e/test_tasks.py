"""Mijn taken in the browser: each role lands on what waits for it and reaches its task in one click; the
navigation shows the count; the page has no axe violations.

The demo's programme in progress (Regionale Techniekagenda) has this year's cycle open on today's date:
Parkstad's report in draft, Twente's and Drechtsteden's submitted and being scored by a critical friend.
"""

import re

import pytest
from django.utils import timezone
from e2e_helpers import axe_problems, nl
from e2e_pages import CURRENT, OFFICE, PL_PARKSTAD
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def this_year(demo):
    from audits.models import Scoring
    from regions.models import ProgrammeYear

    year = (
        ProgrammeYear.objects.filter(programme__slug=CURRENT, report_due_date__gte=timezone.localdate())
        .order_by("year")
        .first()
    )
    scoring = (
        Scoring.objects.filter(placemat__programme_year=year, status="draft")
        .select_related("assignment__user")
        .order_by("pk")
        .first()
    )
    return {"year": year.year, "assignment": scoring.assignment, "friend": scoring.assignment.user.email}


@pytest.mark.parametrize(
    ("who", "task", "target"),
    [
        (PL_PARKSTAD, "Finish the monitor report %(year)s", r"/regions/\d+-parkstad-limburg/reports/{year}/edit/$"),
        ("friend", "Score the placemat %(year)s", r"/critical-friend/assignments/{assignment}/scoring/$"),
        (OFFICE, "Review the monitor report %(year)s", r"/regions/\d+-(twente|drechtsteden)/reports/{year}/$"),
    ],
    ids=["project-leader", "critical-friend", "office"],
)
def test_each_role_lands_on_its_tasks_and_reaches_one_in_a_click(who, task, target, this_year, login_as):
    page = login_as(this_year["friend"] if who == "friend" else who)
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text(nl("My tasks"))
    # The count in the navigation arrives after the page; it names what it counts for a screen reader.
    badge = page.locator("#task-count")
    expect(badge).to_be_visible()
    expect(badge).to_contain_text(re.compile(r"\d+"))
    assert not axe_problems(page, "Mijn taken"), axe_problems(page, "Mijn taken")
    # Nothing is overdue in a programme that runs on today's dates.
    expect(page.locator("main .task-list .border-danger")).to_have_count(0)

    link = page.locator("main .task-list").get_by_role("link", name=nl(task, year=this_year["year"]))
    expect(link.first).to_be_visible()
    link.first.click()
    expected = target.format(year=this_year["year"], assignment=this_year["assignment"].pk)
    expect(page).to_have_url(re.compile(expected))


def test_mijn_taken_reflows_on_a_phone(this_year, login_as):
    page = login_as(PL_PARKSTAD)
    for width in (320, 390):
        page.set_viewport_size({"width": width, "height": 800})
        page.goto("/")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= width, f"Mijn taken is {wide} px wide at {width} px"
