"""The monitor report in Chromium: a project leader fills it in (autosave), submits, the penvoerder endorses.

Also the conflict between two people editing the same section, and axe on every page of the journey.
Texts the user sees are looked up in the Dutch catalogue with nl(); fields are found by name.
"""

import re

import pytest
from e2e_helpers import CURRENT, axe_problems, current_year, nl, region_url
from e2e_pages import PASSWORD
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

YEAR = current_year()  # this year of the programme in progress: its reports are being written


def _saved_text():
    """The status a section shows after a save: "Opgeslagen om 14:05"."""
    return re.compile(rf"^{re.escape(nl('Saved at'))} \d{{2}}:\d{{2}}$")


def _section(page, section: str):
    return page.locator(f'form[data-autosave][action$="/save/{section}/"]')


def _type(page, name: str, text: str) -> None:
    """Type like a person: click into the field and press the keys one by one."""
    field = page.locator(f'[name="{name}"]')
    field.click()
    field.press_sequentially(text)


def _wait_until_saved(page, sections) -> None:
    """Each section's status says it was saved, and nothing typed since is waiting for a save."""
    saved = _saved_text()
    for section in sections:
        expect(_section(page, section).locator(".save-status")).to_have_text(saved, timeout=10_000)
    page.wait_for_function(
        """(arg) => [...document.querySelectorAll('form[data-autosave]')].every(f => f.dataset.dirty !== '1')
             && arg.sections.every(s => document.querySelector(`form[action$="/save/${s}/"] .save-status`)
                                          .textContent.startsWith(arg.saved))""",
        arg={"sections": list(sections), "saved": nl("Saved at")},
        timeout=10_000,
    )


def _region_without_report(year: int) -> str:
    """A region the demo gave no report for `year` (with a penvoerder and agreed indicators)."""
    from monitoring.models import MonitorReport
    from regions.models import Region

    regions = Region.objects.filter(programme__slug=CURRENT, partners__is_penvoerder=True, join_year__lte=year)
    for region in regions.order_by("pk").distinct():
        if not MonitorReport.objects.filter(region=region, programme_year__year=year).exists() and (
            region.indicators.filter(status="agreed").exists()
        ):
            return region.slug
    raise AssertionError(f"the demo has no region without a {year} report")


def test_project_leader_fills_in_submits_and_penvoerder_endorses(demo, login_as):
    from django.utils import translation

    from monitoring.models import MonitorReport
    from monitoring.services import report_missing
    from regions.models import GuidingQuestion, Indicator, PlacematTheme, Region

    slug = _region_without_report(YEAR)
    region_name = Region.objects.get(programme__slug=CURRENT, slug=slug).name
    base = f"{region_url(slug, CURRENT)}reports/{YEAR}/"
    indicators = list(
        Indicator.objects.filter(region__programme__slug=CURRENT, region__slug=slug, status="agreed").order_by("pk")
    )
    questions = list(
        GuidingQuestion.objects.filter(theme__programme__slug=CURRENT, theme__kind=PlacematTheme.Kind.PROCESS)
        .select_related("theme")
        .order_by("theme__number", "order", "pk")
    )
    first_theme = PlacematTheme.objects.filter(programme__slug=CURRENT).order_by("kind", "number").first()
    problems: list[str] = []

    # The project leader starts this year's report from the region page.
    leader = login_as(f"pl.{slug}@example.org")
    leader.goto(f"{region_url(slug, CURRENT)}")
    problems += axe_problems(leader, "region page")
    leader.locator("#reports").get_by_role("button", name=nl("Start report %(year)s", year=YEAR)).click()
    expect(leader).to_have_url(re.compile(re.escape(base) + "edit/$"))
    expect(leader.locator("h1")).to_have_text(nl("Monitor report %(region)s %(year)s", region=region_name, year=YEAR))
    expect(leader.locator("main .badge").first).to_have_text(nl("draft"))
    problems += axe_problems(leader, "editor, empty")

    # A good part of it, typed into all four sections; autosave stores each section.
    first = indicators[0]
    _type(leader, f"r-{first.pk}-value", "12,5")
    _type(leader, f"r-{first.pk}-explanation", "Minder leerlingen dan gehoopt door de krimp.")
    for question in questions[:3]:
        _type(leader, f"q-{question.pk}", f"Antwoord op vraag {question.pk}.")
    leader.locator(f'[name="sa-{first_theme.pk}-score"]').select_option("3")
    _type(leader, f"sa-{first_theme.pk}-rationale", "Goed op weg.")
    _type(leader, "reflection_works", "De techniekklassen lopen goed.")
    leader.locator('[name="lt-0-theme"]').select_option(str(first_theme.pk))
    _type(leader, "lt-0-description", "Beter samenwerken met het mkb.")
    _wait_until_saved(leader, ["quantitative", "qualitative", "self_assessment", "reflection"])

    # After a reload everything typed is still there.
    leader.reload()
    expect(leader.locator(f'[name="r-{first.pk}-value"]')).to_have_value(re.compile(r"^12[,.]5$"))
    expect(leader.locator(f'[name="r-{first.pk}-explanation"]')).to_have_value(
        "Minder leerlingen dan gehoopt door de krimp."
    )
    for question in questions[:3]:
        expect(leader.locator(f'[name="q-{question.pk}"]')).to_have_value(f"Antwoord op vraag {question.pk}.")
    expect(leader.locator(f'[name="sa-{first_theme.pk}-score"]')).to_have_value("3")
    expect(leader.locator(f'[name="sa-{first_theme.pk}-rationale"]')).to_have_value("Goed op weg.")
    expect(leader.locator('[name="reflection_works"]')).to_have_value("De techniekklassen lopen goed.")
    expect(leader.locator('[name="lt-0-theme"]')).to_have_value(str(first_theme.pk))
    expect(leader.locator('[name="lt-0-description"]')).to_have_value("Beter samenwerken met het mkb.")
    report = MonitorReport.objects.get(region__programme__slug=CURRENT, region__slug=slug, programme_year__year=YEAR)
    assert str(report.realisations.get(indicator=first).value).rstrip("0") == "12.5"

    # Submitting now is refused, with every missing item listed: the fourth question among them.
    leader.get_by_role("button", name=nl("Submit the report")).click()
    alert = leader.locator("#missing")
    expect(alert).to_be_visible()
    expect(alert).to_have_attribute("role", "alert")
    expect(alert.get_by_role("heading")).to_have_text(nl("The report cannot be submitted yet. Still missing:"))
    unanswered = questions[3]
    expect(alert).to_contain_text(
        nl("Answer to '%(question)s' (%(theme)s).", question=unanswered.text, theme=unanswered.theme.name)
    )
    with translation.override("nl"):
        expected_missing = report_missing(report=report)
    expect(alert.locator("li")).to_have_text(expected_missing)
    assert not any(f"'{q.text}'" in item for q in questions[:3] for item in expected_missing)
    # What was typed before is still in the forms.
    expect(leader.locator('[name="reflection_works"]')).to_have_value("De techniekklassen lopen goed.")
    problems += axe_problems(leader, "editor with the refusal")

    # Completing everything (fast fills); the submit button saves the unsaved sections first.
    for n, indicator in enumerate(indicators):
        value = leader.locator(f'[name="r-{indicator.pk}-value"]')
        explanation = leader.locator(f'[name="r-{indicator.pk}-explanation"]')
        if n == len(indicators) - 1:  # nothing to report for the last one, with a reason
            value.fill("")
            leader.locator(f'[name="r-{indicator.pk}-na"]').check()
        elif not value.input_value():
            value.fill("1000")
        if not explanation.input_value():
            explanation.fill(f"Toelichting bij {indicator.code}.")
    for question in questions[3:]:
        leader.locator(f'[name="q-{question.pk}"]').fill(f"Antwoord op vraag {question.pk}.")
    scores = _section(leader, "self_assessment").locator("select")
    for i in range(scores.count()):
        if not scores.nth(i).input_value():
            scores.nth(i).select_option(str(i % 4 + 1))
    rationales = _section(leader, "self_assessment").locator('input[name$="-rationale"]')
    for i in range(rationales.count()):
        if not rationales.nth(i).input_value():
            rationales.nth(i).fill(f"Onderbouwing {i + 1}.")
    leader.locator('[name="reflection_not_yet"]').fill("De doorstroom naar het mbo blijft achter.")
    leader.locator('[name="reflection_progress"]').fill("Op koers, met een achterstand bij de instroom.")
    leader.get_by_role("button", name=nl("Submit the report")).click()

    # Submitted to the penvoerder: the report page says it awaits endorsement; nothing to edit any more.
    expect(leader).to_have_url(re.compile(re.escape(base) + "$"))
    expect(
        leader.get_by_role("status").filter(
            has_text=nl("Report submitted. The penvoerder has been asked to endorse it.")
        )
    ).to_be_visible()
    expect(leader.locator("main .badge").first).to_have_text(nl("awaiting endorsement"))
    expect(leader.get_by_role("link", name=nl("Fill in"), exact=True)).to_have_count(0)
    expect(leader.locator("main")).to_contain_text("De doorstroom naar het mbo blijft achter.")
    problems += axe_problems(leader, "report page, awaiting endorsement")
    report.refresh_from_db()
    assert report.status == MonitorReport.Status.AWAITING_ENDORSEMENT

    # The penvoerder endorses it.
    penvoerder = login_as(f"pv.{slug}@example.org")
    penvoerder.goto(base)
    penvoerder.get_by_role("link", name=nl("Endorse"), exact=True).click()
    expect(penvoerder).to_have_url(re.compile(re.escape(base) + "endorse/$"))
    expect(penvoerder.locator("h1")).to_have_text(nl("Endorse the report"))
    problems += axe_problems(penvoerder, "endorse page")
    penvoerder.get_by_role("button", name=nl("Endorse and send to the programme office")).click()
    expect(penvoerder).to_have_url(re.compile(re.escape(base) + "$"))
    expect(
        penvoerder.get_by_role("status").filter(has_text=nl("Report endorsed and sent to the programme office."))
    ).to_be_visible()
    expect(penvoerder.locator("main .badge").first).to_have_text(nl("submitted"))
    expect(penvoerder.get_by_role("link", name=nl("Endorse"), exact=True)).to_have_count(0)
    report.refresh_from_db()
    assert report.status == MonitorReport.Status.SUBMITTED
    assert report.endorsed_by.email == f"pv.{slug}@example.org"

    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def _two_leaders_in_conflict(login_as):
    """Two project leaders open the editor; the first saves "What works?", the second's save is stale.

    Returns the second leader's page, the first leader's page, the report and both users.
    """
    from monitoring.models import MonitorReport
    from monitoring.services import report_get_or_create
    from regions.models import Region, RegionRole
    from toptechniek.accounts.models import User

    slug = _region_without_report(YEAR)
    region = Region.objects.get(programme__slug=CURRENT, slug=slug)
    first_leader = User.objects.get(email=f"pl.{slug}@example.org")
    report_get_or_create(region=region, year=YEAR, user=first_leader)
    second_leader = User.objects.create_user(
        email=f"pl2.{slug}@example.org", password=PASSWORD, full_name="Tweede Projectleider"
    )
    RegionRole.objects.create(user=second_leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    edit = f"{region_url(slug, CURRENT)}reports/{YEAR}/edit/"

    one, two = login_as(first_leader.email), login_as(second_leader.email)
    one.goto(edit)
    two.goto(edit)  # both editors hold reflection version 0

    _type(one, "reflection_works", "Tekst van de eerste.")
    _wait_until_saved(one, ["reflection"])

    _type(two, "reflection_works", "Tekst van de tweede.")
    panel = _section(two, "reflection").locator(".conflict-panel")
    expect(panel).to_be_visible(timeout=10_000)
    report = MonitorReport.objects.get(region=region, programme_year__year=YEAR)
    return two, one, report, first_leader, second_leader


def test_second_save_of_a_section_gets_the_conflict_panel_and_can_keep_its_text(demo, login_as):
    two, one, report, first_leader, second_leader = _two_leaders_in_conflict(login_as)
    reflection = _section(two, "reflection")
    panel = reflection.locator(".conflict-panel")

    # The second sees who saved first and their text; their own text is still in the form, unsaved.
    expect(panel).to_have_attribute("role", "alert")
    expect(panel).to_contain_text(str(first_leader))
    expect(panel.locator(".theirs")).to_contain_text("Tekst van de eerste.")
    keep = panel.get_by_role("button", name=nl("Keep mine (overwrite theirs)"))
    expect(keep).to_be_visible()
    expect(panel.get_by_role("button", name=nl("Take theirs (reload)"))).to_be_visible()
    expect(reflection.locator(".save-status")).to_have_text(nl("Not saved yet"))
    expect(two.locator('[name="reflection_works"]')).to_have_value("Tekst van de tweede.")
    report.refresh_from_db()
    assert report.reflection_works == "Tekst van de eerste."
    assert report.reflection_version == 1

    # Keeping theirs-over: the second's text is saved over the first's.
    keep.click()
    expect(panel).to_be_hidden()
    _wait_until_saved(two, ["reflection"])
    report.refresh_from_db()
    assert report.reflection_works == "Tekst van de tweede."
    assert report.reflection_version == 2
    assert report.updated_by == second_leader

    one.reload()
    expect(one.locator('[name="reflection_works"]')).to_have_value("Tekst van de tweede.")


def test_conflict_panel_has_no_axe_violations(demo, login_as):
    two, *_rest = _two_leaders_in_conflict(login_as)
    problems = axe_problems(two, "editor with the conflict panel")
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_editor_shows_a_saved_decimal_with_a_comma(demo, login_as):
    from decimal import Decimal

    from monitoring.models import Realisation
    from monitoring.services import report_get_or_create
    from regions.models import Region

    slug = _region_without_report(YEAR)
    region = Region.objects.get(programme__slug=CURRENT, slug=slug)
    report = report_get_or_create(region=region, year=YEAR, user=None)
    indicator = region.indicators.filter(status="agreed").order_by("pk").first()
    Realisation.objects.create(report=report, indicator=indicator, value=Decimal("12.5"))
    leader = login_as(f"pl.{slug}@example.org")
    leader.goto(f"{region_url(slug, CURRENT)}reports/{YEAR}/edit/")
    expect(leader.locator(f'[name="r-{indicator.pk}-value"]')).to_have_value("12,5", timeout=1000)
