"""The report editor's texts: control characters removed on save, every text limited in length.

The editor's sections are saved by autosave (JSON answers) and by their save buttons (the page again), both
through the section parsers (monitoring/forms.py) and the save services, which clean and check again. A text
over its limit refuses the whole save of that section with the length message on its field (in Dutch for a
Dutch reader); nothing of that save is stored, and what was typed stays in the form.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from monitoring import services
from monitoring.models import LearningTheme, MonitorReport, Realisation, SelfAssessment, ThemeAnswer
from monitoring.services import RealisationInput
from regions.models import GuidingQuestion, PlacematTheme, RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key
from toptechniek.common.text import TEXT_MAX_LINE, TEXT_MAX_LONG, TEXT_MAX_MEDIUM, text_printable

from .factories import MonitorReportFactory

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
DIRTY = "Het\x0b gaat\x00 goed\x1f\x7f\x85\r\nmet één 🚀"
CLEAN = "Het gaat goed\nmet één 🚀"


@pytest.fixture
def w():
    region = RegionFactory(slug="zwolle", name="Zwolle")
    ProgrammeYearFactory(programme=region.programme, year=2013, future=True)
    leader = UserFactory(full_name="Anna")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    indicator = IndicatorFactory(region=region, code="IN1")
    TargetFactory(indicator=indicator, year=2013, value=Decimal(100))
    report = MonitorReportFactory(region=region)
    question = GuidingQuestion.objects.filter(theme__programme=region.programme, theme__kind="process").first()
    theme = PlacematTheme.objects.filter(programme=region.programme).first()
    return type(
        "W",
        (),
        {
            "region": region,
            "leader": leader,
            "indicator": indicator,
            "report": report,
            "question": question,
            "theme": theme,
        },
    )


def _url(section):
    return reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, section])


def _posts(w):
    """Per section: the post with a dirty text in every text field, and the rows it writes."""
    i, q, t = w.indicator.pk, w.question.pk, w.theme.pk
    return {
        "quantitative": {f"r-{i}-value": "80", f"r-{i}-explanation": DIRTY},
        "qualitative": {f"q-{q}": DIRTY},
        "self_assessment": {f"sa-{t}-score": "3", f"sa-{t}-rationale": DIRTY.replace("\r\n", " ")},
        "reflection": {
            "reflection_works": DIRTY,
            "reflection_not_yet": DIRTY,
            "reflection_progress": DIRTY,
            "lt-0-theme": str(t),
            "lt-0-description": DIRTY.replace("\r\n", " "),
        },
    }


def _stored(w) -> list[str]:
    w.report.refresh_from_db()
    return [
        *Realisation.objects.filter(report=w.report).values_list("explanation", flat=True),
        *ThemeAnswer.objects.filter(report=w.report).values_list("answer", flat=True),
        *SelfAssessment.objects.filter(report=w.report).values_list("rationale", flat=True),
        *LearningTheme.objects.filter(report=w.report).values_list("description", flat=True),
        w.report.reflection_works,
        w.report.reflection_not_yet,
        w.report.reflection_progress,
    ]


@pytest.mark.parametrize("fetch", [True, False], ids=["autosave", "save button"])
def test_every_section_save_strips_control_characters(client, w, fetch):
    client.force_login(w.leader)
    for section, data in _posts(w).items():
        response = client.post(_url(section), {"version": "0", **data}, **(FETCH if fetch else {}))
        assert response.status_code in (200, 302), (section, response.content[:300])
    stored = [text for text in _stored(w) if text]
    assert len(stored) == 7
    for text in stored:
        assert text_printable(text) == text and "\r" not in text
        assert text in (CLEAN, CLEAN.replace("\n", " "))


LIMITS = [
    ("quantitative", "r-{i}-explanation", TEXT_MAX_MEDIUM),
    ("qualitative", "q-{q}", TEXT_MAX_MEDIUM),
    ("self_assessment", "sa-{t}-rationale", 500),
    ("reflection", "reflection_works", TEXT_MAX_LONG),
    ("reflection", "reflection_progress", TEXT_MAX_LONG),
    ("reflection", "lt-0-description", TEXT_MAX_LINE),
]


def _name(w, pattern: str) -> str:
    return pattern.format(i=w.indicator.pk, q=w.question.pk, t=w.theme.pk)


@pytest.mark.parametrize(("section", "pattern", "limit"), LIMITS)
def test_autosave_refuses_a_text_over_its_limit_with_the_field_error(client, w, section, pattern, limit):
    name = _name(w, pattern)
    data = {**_posts(w)[section], name: "x" * (limit + 1)}
    client.force_login(w.leader)

    response = client.post(_url(section), {"version": "0", **data}, **FETCH)

    assert response.status_code == 400
    body = response.json()
    assert body["status"] == "invalid"
    if section == "self_assessment":  # its one-line rule, older than the general one
        assert body["errors"] == {name: "Keep it to one line (at most 500 characters)."}
    else:
        assert body["errors"] == {name: f"This text is {limit + 1:,} characters long; the maximum is {limit:,}."}
    # The whole save is refused: nothing of it is stored, and the section's version did not move.
    assert [text for text in _stored(w) if text] == []
    assert getattr(w.report, f"{section}_version") == 0


def test_the_length_message_is_dutch_for_a_dutch_reader(client, w):
    client.force_login(w.leader)
    data = {"version": "0", "reflection_works": "x" * (TEXT_MAX_LONG + 1)}

    response = client.post(_url("reflection"), data, HTTP_ACCEPT_LANGUAGE="nl", **FETCH)

    # The numbers are grouped the Dutch way; the sentence is "Deze tekst is 20.001 tekens lang; het maximum is
    # 20.000." once the catalogue has it (toptechniek/common/tests/test_translations.py checks the catalogue).
    message = response.json()["errors"]["reflection_works"]
    assert "20.001" in message and "20.000" in message


def test_without_javascript_the_editor_shows_the_error_and_keeps_every_text_typed(client, w):
    client.force_login(w.leader)
    too_long = "y" * (TEXT_MAX_LONG + 1)
    data = {"version": "0", "reflection_works": "Mijn eigen tekst", "reflection_not_yet": too_long}

    response = client.post(_url("reflection"), data)

    assert response.status_code == 400
    html = response.text
    assert "This text is 20,001 characters long; the maximum is 20,000." in html
    assert (
        'id="reflection_not_yet-error"' in html
        and 'aria-invalid="true" aria-describedby="reflection_not_yet-error"' in html
    )
    assert "Mijn eigen tekst" in html and too_long in html  # nothing typed is lost
    assert not MonitorReport.objects.filter(pk=w.report.pk, reflection_works="Mijn eigen tekst").exists()


def test_the_editor_textareas_show_their_limits(client, w):
    client.force_login(w.leader)

    html = client.get(reverse("monitoring:report_edit", args=[region_key("zwolle"), 2013])).text

    i, q, t = w.indicator.pk, w.question.pk, w.theme.pk
    for name, limit in (
        (f"r-{i}-explanation", TEXT_MAX_MEDIUM),
        (f"q-{q}", TEXT_MAX_MEDIUM),
        ("reflection_works", TEXT_MAX_LONG),
        ("reflection_not_yet", TEXT_MAX_LONG),
        ("reflection_progress", TEXT_MAX_LONG),
        ("lt-0-description", TEXT_MAX_LINE),
    ):
        tag_start = html.index(f'name="{name}"')
        tag = html[html.rindex("<", 0, tag_start) : html.index(">", tag_start)]
        assert f'maxlength="{limit}"' in tag, name
        assert f'data-error-for="{name}"' in html, name  # where autosave puts the message
    assert f'name="sa-{t}-rationale"' in html and 'maxlength="500"' in html


def test_a_windows_line_end_counts_as_one_character_as_the_browser_counts_it(client, w):
    """The browser's maxlength counts a line break once; the post carries \\r\\n. A text at the limit fits."""
    client.force_login(w.leader)
    text = ("a" * 99 + "\r\n") * (TEXT_MAX_LONG // 100)  # exactly the limit once \r\n is one character

    response = client.post(_url("reflection"), {"version": "0", "reflection_works": text}, **FETCH)

    assert response.status_code == 200
    w.report.refresh_from_db()
    assert len(w.report.reflection_works) == TEXT_MAX_LONG - 1  # the last line break stripped


def test_the_services_clean_and_check_what_they_are_given(w):
    """A caller that is not the editor (a script, a later API) gets the same rules from the services."""
    from django.core.exceptions import ValidationError

    report, leader = w.report, w.leader
    services.report_save_quantitative(
        report=report,
        base_version=0,
        values={w.indicator.pk: RealisationInput(value=Decimal(1), not_applicable=False, explanation=DIRTY)},
        user=leader,
    )
    services.report_save_qualitative(report=report, base_version=0, answers={w.question.pk: DIRTY}, user=leader)
    services.report_save_reflection(
        report=report,
        base_version=0,
        works=DIRTY,
        not_yet="",
        progress="",
        learning_themes=[(w.theme.pk, "Leren\x0b")],
        user=leader,
    )
    assert Realisation.objects.get(report=report).explanation == CLEAN
    assert ThemeAnswer.objects.get(report=report).answer == CLEAN
    report.refresh_from_db()
    assert report.reflection_works == CLEAN
    assert LearningTheme.objects.get(report=report).description == "Leren"
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.report_save_reflection(
            report=report,
            base_version=1,
            works="ok",
            not_yet="x" * (TEXT_MAX_LONG + 1),
            progress="",
            learning_themes=[(w.theme.pk, "z" * (TEXT_MAX_LINE + 1))],
            user=leader,
        )
    assert set(refused.value.message_dict) == {"reflection_not_yet", "lt-0-description"}
    report.refresh_from_db()
    assert report.reflection_works == CLEAN and report.reflection_version == 1
