"""Aanvraag en selectie in Chromium, in the demo's call open today (Regionale Techniekagenda, tweede tranche):

- Hoeksche Waard's applicant completes the draft (plan of approach, a company and a municipality as partners,
  a proposed agreement) and submits it; the three committee members score it, each on their own; the office
  honours it; the ministry records the subsidiebeschikking, and the region exists with its first approved
  vision and agreed indicator.
- Zeeuws-Vlaanderen, scored by two members, gets Carla Friedman's advice to reject; the office rejects it
  with its reason, the applicant is mailed that reason and reads it on the application.
axe-core runs on every page.
"""

import re

import pytest
from e2e_helpers import axe_problems

pytestmark = [pytest.mark.e2e]

MEMBERS = ("office@example.org", "cf1@example.org", "commissie.dijkstra@example.org")


def _submit(page, button=None):
    page.locator("main form[method=post]").last.locator(button or 'button[type="submit"]').first.click()
    page.wait_for_load_state()


def _application(name: str):
    from selection.models import Application

    return Application.objects.get(
        region_name=name, call__title__contains="tweede tranche", call__programme__slug="techniekagenda"
    )


def _score(page, pk: int, advice: str, problems: list, where: str):
    page.goto(f"/applications/{pk}/score/")
    problems.extend(axe_problems(page, where))
    form = page.locator("main form[method=post]")
    for criterion, score in (("ambitious", "3"), ("partners", "3"), ("feasible", "2"), ("sustainable", "3")):
        form.locator(f'select[name="{criterion}_score"]').select_option(score)
        form.locator(f'textarea[name="{criterion}_rationale"]').fill(f"Beoordeling {criterion}: voldoende onderbouwd.")
    form.locator(f'input[name="advice"][value="{advice}"]').check()
    _submit(page)
    assert re.search(rf"/applications/{pk}/", page.url), page.url


def test_application_from_call_to_honoured_region(demo, login_as):
    from regions.models import Region

    problems: list[str] = []
    application = _application("Hoeksche Waard")
    pk = application.pk

    # 1. The applicant finds the draft on Mijn taken and completes it.
    applicant = login_as(application.applicant.email)
    applicant.get_by_role("link", name="Aanvraag afmaken en indienen").click()
    applicant.wait_for_load_state()
    assert applicant.url.endswith(f"/applications/{pk}/edit/")
    problems.extend(axe_problems(applicant, "application form"))
    form = applicant.locator("main form[method=post]")
    form.locator('input[name="penvoerder_name"]').fill("Bea de Bestuurder")
    form.locator('input[name="penvoerder_email"]').fill("bestuur@hoekschewaard-college.example.org")
    for field, text in (
        ("approach_why", "De procesindustrie rond de Moerdijk vindt geen operators."),
        ("approach_what", "Een zij-instroomroute en hybride docenten."),
        ("approach_who", "Het mbo-college, de vmbo-school, de werkgevers en de gemeente."),
        ("approach_how", "Met een stuurgroep van de drie O's en een jaarlijkse monitor."),
    ):
        form.locator(f'textarea[name="{field}"]').fill(text)
    for n, (name, kind, subtype) in enumerate(
        (("Procesbedrijf Moerdijk", "ondernemer", "bedrijf"), ("Gemeente Hoeksche Waard", "overheid", "gemeente")),
        start=2,
    ):
        form.locator(f'input[name="partners-{n}-name"]').fill(name)
        form.locator(f'select[name="partners-{n}-kind"]').select_option(kind)
        form.locator(f'select[name="partners-{n}-subtype"]').select_option(subtype)
        form.locator(f'input[name="partners-{n}-cofinancing"]').fill("75.000")
    form.locator('input[name="indicators-0-code"]').fill("IN1")
    form.locator('input[name="indicators-0-name"]').fill("Zij-instromers in een technische opleiding")
    form.locator('input[name="indicators-0-unit"]').fill("volwassenen")
    form.locator('select[name="indicators-0-performance_area"]').select_option(index=1)
    form.locator('select[name="indicators-0-route"]').select_option(index=1)
    form.locator('input[name="indicators-0-baseline_value"]').fill("40")
    form.locator('input[name="indicators-0-baseline_year"]').fill(str(application.call.join_year - 1))
    form.locator('input[name="indicators-0-target_value"]').fill("120")
    form.locator('button[name="submit"]').click()
    applicant.wait_for_load_state()
    assert applicant.url.endswith(f"/applications/{pk}/submit/"), applicant.locator("main").inner_text()[:800]
    problems.extend(axe_problems(applicant, "submit confirmation"))
    _submit(applicant)
    application.refresh_from_db()
    assert application.status == "submitted" and application.partners.count() == 4

    # 2. Each member scores on their own; the others' scores appear only after their own.
    for n, email in enumerate(MEMBERS):
        member = login_as(email)
        member.goto(f"/applications/{pk}/")
        assert "Beoordeling ambitious" not in member.locator("#scores").inner_text() or n > 0
        _score(member, pk, "honour", problems, f"score {email}")
        assert "Beoordeling ambitious" in member.locator("#scores").inner_text()

    # 3. The office honours it with its assessment and the amount.
    office = login_as("office@example.org")
    office.goto(f"/applications/{pk}/decide/")
    problems.extend(axe_problems(office, "decide"))
    form = office.locator("main form[method=post]")
    form.locator('input[name="outcome"][value="honour"]').check()
    form.locator('textarea[name="reason"]').fill("Een heldere opgave en alle drie de O's aan boord.")
    for criterion in ("ambitious", "partners", "feasible", "sustainable"):
        form.locator(f'textarea[name="{criterion}_rationale"]').fill("Zoals de commissie adviseert.")
    form.locator('input[name="awarded_amount"]').fill("210.000")
    _submit(office)
    application.refresh_from_db()
    assert application.status == "honoured", office.locator("main").inner_text()[:800]

    # 4. The ministry records the subsidiebeschikking; the region is set up.
    viewer = login_as("viewer@example.org")
    viewer.get_by_role("link", name="Subsidiebeschikking vastleggen").first.click()
    viewer.wait_for_load_state()
    problems.extend(axe_problems(viewer, "beschikking"))
    form = viewer.locator("main form[method=post]")
    form.locator('input[name="date"]').fill(__import__("datetime").date.today().isoformat())
    form.locator('input[name="reference"]').fill("OCW/RTA/2027/001")
    _submit(viewer)
    region = Region.objects.get(programme__slug="techniekagenda", name="Hoeksche Waard")
    assert viewer.url.endswith(region.get_absolute_url()), viewer.url
    assert region.visions.get().status == "approved"
    assert list(region.indicators.values_list("code", "status")) == [("IN1", "agreed")]
    assert region.roles.filter(user=application.applicant, role="project_leader").exists()
    assert region.roles.get(role="penvoerder").user.email == "bestuur@hoekschewaard-college.example.org"
    problems.extend(axe_problems(viewer, "new region"))
    assert not problems, "\n".join(problems)


def test_application_rejected_with_its_reason(demo, login_as):
    from toptechniek.common.models import Notification

    problems: list[str] = []
    application = _application("Zeeuws-Vlaanderen")
    pk = application.pk
    _score(login_as("cf1@example.org"), pk, "reject", problems, "score reject")

    office = login_as("office@example.org")
    office.goto(f"/applications/{pk}/decide/")
    form = office.locator("main form[method=post]")
    form.locator('input[name="outcome"][value="reject"]').check()
    reason = "De toegezegde cofinanciering van de werkgevers is nog niet bevestigd."
    form.locator('textarea[name="reason"]').fill(reason)
    _submit(office)
    application.refresh_from_db()
    assert application.status == "rejected"
    mail = Notification.objects.get(kind="application_decided", recipient=application.applicant)
    assert mail.context["reason"] == reason

    applicant = login_as(application.applicant.email)
    applicant.goto(f"/applications/{pk}/")
    assert reason in applicant.locator("main").inner_text()
    problems.extend(axe_problems(applicant, "rejected application"))
    assert not problems, "\n".join(problems)
