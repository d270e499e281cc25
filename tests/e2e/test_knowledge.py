"""The kennisprogramma in Chromium, in the programme in progress: the office plans a meeting for project leaders
and publishes it; Parkstad Limburg's project leader finds the invitation on Mijn taken and registers; after the
day the office records who came, and the region page shows it. axe-core runs on every page."""

import datetime

import pytest
from e2e_helpers import CURRENT, axe_problems, region_url

pytestmark = [pytest.mark.e2e]

REGION = "parkstad-limburg"
TITLE = "Bijeenkomst projectleiders: de zij-instroom van volwassenen"


def _submit(page):
    page.locator("main form[method=post]").last.locator('button[type="submit"]').first.click()
    page.wait_for_load_state()


def test_office_publishes_leader_registers_office_records_attendance(demo, login_as):
    from django.utils import timezone

    from knowledge.models import Event, Registration
    from regions.models import Programme

    problems: list[str] = []
    today = timezone.localdate()
    programme = Programme.objects.get(slug=CURRENT)

    office = login_as("office@example.org")
    office.goto("/events/")
    problems += axe_problems(office, "event list")
    office.locator('main a[href="/events/new/"]').click()
    office.wait_for_load_state()
    problems += axe_problems(office, "event form")
    office.locator('main select[name="programme"]').select_option(str(programme.pk))
    office.locator('main select[name="kind"]').select_option("meeting")
    office.locator('main input[name="title"]').fill(TITLE)
    office.locator('main input[name="date"]').fill((today + datetime.timedelta(days=10)).isoformat())
    office.locator('main input[name="start_time"]').fill("13:00")
    office.locator('main input[name="end_time"]').fill("16:30")
    office.locator('main input[name="place"]').fill("Utrecht, Jaarbeurs")
    office.locator('main input[name="audience"][value="project_leader"]').check()
    office.locator('main textarea[name="agenda"]').fill("13.00 Ontvangst\n13.30 Ervaringen uit drie regio's")
    _submit(office)
    event = Event.objects.get(title=TITLE)
    assert event.status == "draft" and office.url.endswith(f"/events/{event.pk}/")
    problems += axe_problems(office, "event page (draft)")

    office.locator(f'main a[href="/events/{event.pk}/publish/"]').click()
    office.wait_for_load_state()
    problems += axe_problems(office, "publish confirmation")
    _submit(office)
    event.refresh_from_db()
    assert event.status == "published" and event.invitations.filter(user__email=f"pl.{REGION}@example.org").exists()

    leader = login_as(f"pl.{REGION}@example.org")  # lands on Mijn taken
    task = leader.locator(f'main a[href="/events/{event.pk}/"]')
    assert task.count() == 1
    task.click()
    leader.wait_for_load_state()
    problems += axe_problems(leader, "event page (invited)")
    leader.locator(f'main form[action="/events/{event.pk}/register/"] button[type="submit"]').click()
    leader.wait_for_load_state()
    registration = Registration.objects.get(event=event, user__email=f"pl.{REGION}@example.org")
    assert registration.region.slug == REGION
    leader.goto("/")
    assert leader.locator(f'main a[href="/events/{event.pk}/"]').count() == 0  # answered: off Mijn taken

    # The day has passed.
    Event.objects.filter(pk=event.pk).update(date=today - datetime.timedelta(days=1))
    office.goto("/")
    office.locator(f'main a[href="/events/{event.pk}/attendance/"]').first.click()  # the office's task
    office.wait_for_load_state()
    problems += axe_problems(office, "attendance form")
    office.locator(f'main input[name="attended"][value="{registration.pk}"]').check()
    _submit(office)
    registration.refresh_from_db()
    assert registration.attended is True
    problems += axe_problems(office, "event page (held)")

    leader.goto(region_url(REGION, CURRENT))
    section = leader.locator("main #knowledge")
    assert TITLE in section.inner_text()
    problems += axe_problems(leader, "region page")
    assert not problems, "\n".join(problems)
