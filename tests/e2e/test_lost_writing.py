"""No lost writing, in Chromium: the idle-timeout warning and "Ingelogd blijven", autosave on the scoring page,
the report editor's live target check, completeness bar and linked checklist, and typed text that survives a
session that ended (kept in the browser, put back after logging in again).

Texts are looked up with nl(), so these tests need the Dutch catalogue to hold this work's texts.
"""

import re
import time

import pytest
from e2e_helpers import CURRENT, axe_problems, current_year, focused, nl, region_url
from e2e_pages import PASSWORD
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

YEAR = current_year()  # this year of the programme in progress: its reports are being written


def _saved():
    return re.compile(rf"^{re.escape(nl('Saved at'))} \d{{2}}:\d{{2}}$")


def _type(page, name: str, text: str, *, replace: bool = False) -> None:
    """Type like a person: click into the field (and select what is in it, to type over it) and press the keys."""
    field = page.locator(f'[name="{name}"]')
    field.click()
    if replace:
        field.press("Control+A")
    field.press_sequentially(text)


# --- The idle-timeout warning ---------------------------------------------------------------------


def test_idle_warning_appears_and_stay_logged_in_keeps_the_session(demo, login_as, settings):
    settings.SESSION_IDLE_TIMEOUT = 20
    settings.SESSION_IDLE_WARNING = 16  # the warning 4 seconds after the page
    page = login_as("pl.friesland@example.org")
    page.goto("/accounts/security/")
    loaded = time.monotonic()
    heading = page.locator("h1").inner_text()
    page.locator("main").click(position={"x": 5, "y": 5})  # focus somewhere, to see it come back

    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible(timeout=10_000)
    expect(dialog).to_have_accessible_name(nl("You will soon be logged out"))
    expect(dialog.locator("#session-warning-text")).to_contain_text(re.compile(r"\d{2}:\d{2}"))
    expect(dialog.get_by_role("button", name=nl("Stay logged in"))).to_be_focused()
    problems = axe_problems(page, "idle-timeout warning")
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)

    page.keyboard.press("Enter")  # keyboard only
    expect(dialog).to_be_hidden()
    assert focused(page)["id"] == "main", "the focus goes back to where it was"

    # Past the moment the session would have ended without the keep-alive: still logged in.
    time.sleep(max(0.0, 21 - (time.monotonic() - loaded)))
    page.reload()
    assert "/accounts/login/" not in page.url
    expect(page.locator("h1")).to_have_text(heading)


def test_without_an_answer_the_warning_says_the_session_has_ended(demo, login_as, settings):
    settings.SESSION_IDLE_TIMEOUT = 8
    settings.SESSION_IDLE_WARNING = 6
    page = login_as("pl.friesland@example.org")
    page.goto("/accounts/security/")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_have_accessible_name(nl("You will soon be logged out"), timeout=10_000)
    expect(dialog).to_have_accessible_name(nl("You are logged out"), timeout=15_000)
    login = dialog.get_by_role("link", name=re.compile(re.escape(nl("Log in again"))))
    expect(login).to_have_attribute("target", "_blank")
    problems = axe_problems(page, "idle-timeout: logged out")
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
    page.reload()
    assert "/accounts/login/" in page.url


# --- The scoring page -------------------------------------------------------------------------------


def _open_scoring():
    """An assessor's assignment whose scoring can be edited: the region's report is in, the scoring (if any) is
    a draft and the placemat is open."""
    from django.db import models

    from audits.models import Assignment, Placemat, Scoring

    candidates = Assignment.objects.filter(
        role="assessor",
        region__reports__programme_year=models.F("programme_year"),
        region__reports__status__in=["submitted", "accepted"],
    ).select_related("user", "region", "programme_year")
    for assignment in candidates.order_by("-programme_year__year", "pk"):
        scoring = Scoring.objects.filter(assignment=assignment).first()
        placemat = Placemat.objects.filter(region=assignment.region, programme_year=assignment.programme_year).first()
        if (scoring is None or scoring.status == "draft") and (placemat is None or placemat.status == "open"):
            return assignment
    raise AssertionError("the demo has no scoring open for editing")


def test_scoring_page_saves_as_you_type_and_the_buttons_still_work(demo, login_as):
    from audits.models import Scoring, ThemeScore
    from regions.models import PlacematTheme

    assignment = _open_scoring()
    url = f"/critical-friend/assignments/{assignment.pk}/scoring/"
    theme = PlacematTheme.objects.filter(programme=assignment.region.programme).order_by("kind", "number").first()
    page = login_as(assignment.user.email)
    page.goto(url)
    status = page.locator(".scoring-actions .save-status")
    expect(status).to_have_attribute("role", "status")

    page.locator(f'[name="t-{theme.pk}-score"]').select_option("3")
    _type(page, f"t-{theme.pk}-rationale", "Leerlijnen lopen goed", replace=True)
    expect(status).to_have_text(_saved(), timeout=10_000)
    scoring = Scoring.objects.get(assignment=assignment)
    row = ThemeScore.objects.get(scoring=scoring, theme=theme)
    assert (row.score, row.rationale) == (3, "Leerlijnen lopen goed")
    problems = axe_problems(page, "scoring page after an autosave")

    # The plain button straight after typing: it waits for the save in flight and posts its version.
    _type(page, f"t-{theme.pk}-rationale", ", ook in het mbo")
    page.get_by_role("button", name=nl("Save draft")).click()
    expect(page.get_by_role("status").filter(has_text=nl("Draft saved."))).to_be_visible()
    expect(page.locator(f'[name="t-{theme.pk}-rationale"]')).to_have_value("Leerlijnen lopen goed, ook in het mbo")
    assert ThemeScore.objects.get(pk=row.pk).rationale == "Leerlijnen lopen goed, ook in het mbo"
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_scoring_changed_in_another_window_gets_a_clear_conflict(demo, login_as, browser, live_server):
    from audits.models import Scoring, ThemeScore
    from regions.models import PlacematTheme

    assignment = _open_scoring()
    url = f"/critical-friend/assignments/{assignment.pk}/scoring/"
    theme = PlacematTheme.objects.filter(programme=assignment.region.programme).order_by("kind", "number").first()
    one = login_as(assignment.user.email)
    one.goto(url)
    two = one.context.new_page()  # a second window of the same person
    two.goto(url)

    _type(one, f"t-{theme.pk}-rationale", "Eerste venster", replace=True)
    expect(one.locator(".scoring-actions .save-status")).to_have_text(_saved(), timeout=10_000)
    _type(two, f"t-{theme.pk}-rationale", "Tweede venster", replace=True)
    panel = two.locator(".conflict-panel")
    expect(panel).to_be_visible(timeout=10_000)
    expect(panel).to_have_attribute("role", "alert")
    expect(panel).to_contain_text(nl("Keep mine (overwrite theirs)"))
    expect(two.locator(f'[name="t-{theme.pk}-rationale"]')).to_have_value("Tweede venster")
    scoring = Scoring.objects.get(assignment=assignment)
    assert ThemeScore.objects.get(scoring=scoring, theme=theme).rationale == "Eerste venster"
    problems = axe_problems(two, "scoring page with the conflict")
    panel.get_by_role("button", name=nl("Keep mine (overwrite theirs)")).click()
    expect(two.locator(".scoring-actions .save-status")).to_have_text(_saved(), timeout=10_000)
    assert ThemeScore.objects.get(scoring=scoring, theme=theme).rationale == "Tweede venster"
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


# --- The report editor --------------------------------------------------------------------------


def _draft_report():
    """A region's draft report of this year with an agreed indicator that has a target this year; its slug and
    that indicator."""
    from monitoring.models import MonitorReport
    from monitoring.services import report_get_or_create
    from regions.models import Indicator, Region

    for region in Region.objects.filter(programme__slug=CURRENT, join_year__lte=YEAR).order_by("pk"):
        indicator = (
            Indicator.objects.filter(region=region, status="agreed", targets__year=YEAR).order_by("code").first()
        )
        report = MonitorReport.objects.filter(region=region, programme_year__year=YEAR).first()
        if indicator and (report is None or report.status == "draft"):
            if report is None:
                report_get_or_create(region=region, year=YEAR, user=None)
            return region.slug, indicator
    raise AssertionError("the demo has no region with a draft and a target this year")


def _settled(page) -> None:
    """Every form saved what was typed: nothing waits for a save, none is on its way."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('form[data-autosave]')]
                   .every(f => f.dataset.dirty !== '1' && f.dataset.busy !== '1')""",
        timeout=10_000,
    )


def _figures_done(slug: str) -> re.Pattern:
    """What the bar shows for the figures, by the server's own count of the report as saved."""
    from monitoring.models import MonitorReport
    from monitoring.selectors import report_checklist, report_view

    report = MonitorReport.objects.get(region__programme__slug=CURRENT, region__slug=slug, programme_year__year=YEAR)
    progress = report_checklist(report_view(report=report)).sections["quantitative"]
    if progress.complete:
        return re.compile("^✓")
    return re.compile(rf"^{progress.done}/{progress.total}")


def _missing_value(indicator) -> str:
    """A figure that misses the indicator's target this year in its direction, as a person types it."""
    target = indicator.targets.get(year=YEAR)
    if indicator.direction == "lower":
        value = target.value + 7
    elif indicator.direction == "range" and target.value_max is not None:
        value = target.value_max + 7
    else:
        value = max(target.value - 7, 0)
    return f"{value.normalize():f}".replace(".", ",")


def test_editor_asks_for_the_explanation_as_a_missed_target_is_typed_and_links_the_checklist(demo, login_as):
    from regions.selectors import target_text

    slug, indicator = _draft_report()
    target = indicator.targets.get(year=YEAR)
    shown = target_text(direction=indicator.direction, value=target.value, target_max=target.value_max)
    page = login_as(f"pl.{slug}@example.org")
    page.goto(f"{region_url(slug, CURRENT)}reports/{YEAR}/edit/")
    value = page.locator(f'[name="r-{indicator.pk}-value"]')
    explanation = page.locator(f'[name="r-{indicator.pk}-explanation"]')
    value.fill("")
    explanation.fill("")
    hint = page.locator(f"#r-{indicator.pk}-explanation-hint")
    expect(hint).to_have_text("")

    # A figure that misses the target: the explanation is asked for at once, before any save.
    _type(page, f"r-{indicator.pk}-value", _missing_value(indicator))
    expect(hint).to_have_text(nl("The target (%(target)s) is not met: explain why here.", target=shown))
    expect(hint).to_be_visible()
    expect(explanation).to_have_attribute("aria-describedby", f"r-{indicator.pk}-explanation-hint")
    problems = axe_problems(page, "editor with the target hint")
    _type(page, f"r-{indicator.pk}-explanation", "Krimp in de regio.")
    expect(hint).to_have_text("")
    # "Nothing to report" asks for its own explanation.
    explanation.fill("")
    value.fill("")
    page.locator(f'[name="r-{indicator.pk}-na"]').check()
    expect(hint).to_have_text(nl("Nothing to report: explain why here."))

    # The bar: save status and completeness, updated by every save.
    bar = page.locator(".editor-bar")
    _settled(page)
    expect(bar.locator("[data-autosave-status]")).to_have_text(_saved())
    expect(bar.get_by_role("link", name=re.compile(nl("Figures")))).to_be_visible()
    figures = bar.locator('[data-completeness="quantitative"]')
    expect(figures).to_have_text(_figures_done(slug))
    explanation.fill("Geen meting dit jaar.")
    _settled(page)
    expect(figures).to_have_text(_figures_done(slug))  # one more done than before

    # Submitting too early: every missing item links to its field, and the link puts the focus there.
    page.get_by_role("button", name=nl("Submit the report")).click()
    alert = page.locator("#missing")
    expect(alert).to_be_visible()
    links = alert.locator("a[data-focus-field]")
    assert links.count() == alert.locator("li").count() > 0
    first = links.first
    anchor = first.get_attribute("href")[1:]
    first.click()
    assert focused(page)["id"] == anchor
    problems += axe_problems(page, "editor with the linked checklist")
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)


def test_returned_report_shows_the_return_comment_at_the_top_of_the_editor(demo, login_as):
    from monitoring.models import MonitorReport, ReportTransition

    report = MonitorReport.objects.filter(status="returned").select_related("region", "programme_year").first()
    step = ReportTransition.objects.filter(report=report, to_status="returned").order_by("-at", "-pk").first()
    page = login_as(f"pl.{report.region.slug}@example.org")
    page.goto(f"{report.region.get_absolute_url()}reports/{report.programme_year.year}/edit/")
    box = page.locator("#send-back")
    expect(box).to_be_visible()
    expect(box.get_by_role("heading")).to_have_text(nl("Returned by the programme office"))
    expect(box).to_contain_text(step.comment.split("\n")[0])
    assert box.bounding_box()["y"] < page.locator("#section-quantitative").bounding_box()["y"]


# --- A session that ended while typing -------------------------------------------------------------


def test_text_typed_after_the_session_ended_is_kept_and_put_back_after_logging_in(demo, login_as):
    from django.contrib.sessions.models import Session

    from monitoring.models import MonitorReport

    slug, _indicator = _draft_report()
    edit = f"{region_url(slug, CURRENT)}reports/{YEAR}/edit/"
    page = login_as(f"pl.{slug}@example.org")
    page.goto(edit)
    _type(page, "reflection_works", "Eerst opgeslagen.", replace=True)
    reflection = page.locator('form[action$="/save/reflection/"]')
    expect(reflection.locator(".save-status")).to_have_text(_saved(), timeout=10_000)

    # The session ends (as the idle timeout would); the person goes on typing.
    Session.objects.all().delete()
    _type(page, "reflection_works", " En daarna nog meer.")
    status = reflection.locator(".save-status")
    expect(status).to_contain_text(nl("You are logged out."), timeout=10_000)
    login = status.get_by_role("link", name=re.compile(re.escape(nl("Log in again to save."))))
    expect(login).to_have_attribute("target", "_blank")
    expect(page.locator(".editor-bar [data-autosave-status]")).to_contain_text(nl("You are logged out."))
    problems = axe_problems(page, "editor, logged out")
    report = MonitorReport.objects.get(region__programme__slug=CURRENT, region__slug=slug, programme_year__year=YEAR)
    assert report.reflection_works == "Eerst opgeslagen."
    kept = page.evaluate("() => Object.keys(localStorage).filter(k => k.startsWith('tt-draft:'))")
    assert any(key.endswith(f"report:{report.pk}:reflection") for key in kept)
    # No retrying for ever: while logged out, nothing more is sent.
    requests = []
    page.on("request", lambda request: requests.append(request.url) if "/save/" in request.url else None)
    page.wait_for_timeout(3000)
    assert not requests

    # Logging in again in this tab: the editor comes back with the text put back, says so, and saves it.
    page.goto(edit)
    assert "/accounts/login/" in page.url
    page.locator('input[name="username"]').fill(f"pl.{slug}@example.org")
    page.locator('input[name="password"]').fill(PASSWORD)
    page.locator('main button[type="submit"]').click()
    page.wait_for_url(re.compile(re.escape(edit) + "$"))
    expect(page.locator('[name="reflection_works"]')).to_have_value("Eerst opgeslagen. En daarna nog meer.")
    notice = reflection.locator(".autosave-notice")
    expect(notice).to_have_attribute("role", "status")
    restored = nl(
        "What you typed at %(time)s had not been saved yet and was kept in this browser; it is back in the form "
        "and is being saved now."
    )
    expect(notice).to_contain_text(restored.split("%(time)s")[0])
    expect(reflection.locator(".save-status")).to_have_text(_saved(), timeout=10_000)
    report.refresh_from_db()
    assert report.reflection_works == "Eerst opgeslagen. En daarna nog meer."
    page.wait_for_function("() => !Object.keys(localStorage).some(k => k.startsWith('tt-draft:'))")
    problems += axe_problems(page, "editor with the restored text")
    assert not problems, "axe found WCAG 2.1 A/AA violations:\n" + "\n".join(problems)
