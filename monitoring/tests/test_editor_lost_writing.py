"""The report editor's help against lost and unfinished writing: one explanation rule for the submit check and
the live hint (respecting the indicator's direction), a checklist whose items link to their fields, each
section's completeness after every save, the return comment at the top, refusals in JSON."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from monitoring import views
from monitoring.models import MonitorReport, ReportTransition
from monitoring.selectors import (
    BEHIND,
    NOT_APPLICABLE,
    SECTIONS,
    explanation_needed,
    report_checklist,
    report_view,
)
from monitoring.services import report_missing
from regions.models import GuidingQuestion, Indicator, PlacematTheme, RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}
D = Decimal
HIGHER, LOWER, RANGE = Indicator.Direction.HIGHER, Indicator.Direction.LOWER, Indicator.Direction.RANGE


@pytest.fixture
def setup():
    region = RegionFactory(slug="zwolle", name="Zwolle")
    ProgrammeYearFactory(programme=region.programme, year=2013, future=True)
    leader = UserFactory(full_name="Anna")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    return region, leader


def _editor(client):
    return client.get(reverse("monitoring:report_edit", args=[region_key("zwolle"), 2013]))


@pytest.mark.parametrize(
    ("direction", "value", "target", "target_max", "expected"),
    [
        (HIGHER, D(90), D(100), None, BEHIND),
        (HIGHER, D(100), D(100), None, None),
        (LOWER, D(6), D(5), None, BEHIND),  # lower is better: above the target misses it
        (LOWER, D(4), D(5), None, None),
        (RANGE, D(9), D(10), D(20), BEHIND),
        (RANGE, D(21), D(10), D(20), BEHIND),
        (RANGE, D(15), D(10), D(20), None),
        (HIGHER, None, D(100), None, None),  # nothing typed yet: nothing to judge
        (HIGHER, D(90), None, None, None),  # no target for the year
    ],
)
def test_explanation_rule_respects_the_direction(direction, value, target, target_max, expected):
    assert explanation_needed(direction=direction, value=value, target=target, target_max=target_max) == expected
    assert (
        explanation_needed(direction=direction, value=None, target=target, target_max=target_max, not_applicable=True)
        == NOT_APPLICABLE
    )


def test_submit_check_uses_the_rule_and_each_item_carries_the_id_of_its_field(setup):
    region, leader = setup
    lower = IndicatorFactory(region=region, code="UIT", direction=LOWER)
    TargetFactory(indicator=lower, year=2013, value=D(5))
    ranged = IndicatorFactory(region=region, code="RNG", direction=RANGE)
    TargetFactory(indicator=ranged, year=2013, value=D(10), value_max=D(20))
    fine = IndicatorFactory(region=region, code="OKE", direction=LOWER)
    TargetFactory(indicator=fine, year=2013, value=D(5))
    empty = IndicatorFactory(region=region, code="LEG")
    none = IndicatorFactory(region=region, code="NVT")
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=lower, value=D(7), explanation="")
    RealisationFactory(report=report, indicator=ranged, value=D(25), explanation="")
    RealisationFactory(report=report, indicator=fine, value=D(3), explanation="")
    RealisationFactory(report=report, indicator=none, value=None, not_applicable=True, explanation="")
    checklist = report_checklist(report_view(report=report))
    anchors = {item.anchor: item for item in checklist.missing}
    assert "≤ 5" in anchors[f"r-{lower.pk}-explanation"].text
    assert "10–20" in anchors[f"r-{ranged.pk}-explanation"].text
    assert f"r-{fine.pk}-explanation" not in anchors and f"r-{fine.pk}-value" not in anchors
    assert "give a value" in anchors[f"r-{empty.pk}-value"].text
    assert "nothing to report" in anchors[f"r-{none.pk}-explanation"].text
    question = GuidingQuestion.objects.filter(theme__kind=PlacematTheme.Kind.PROCESS).order_by("pk").first()
    theme = PlacematTheme.objects.filter(programme=region.programme).order_by("kind", "number").first()
    for anchor in (f"q-{question.pk}", f"sa-{theme.pk}-score", "reflection_works", "lt-0-theme"):
        assert anchor in anchors
    assert {item.section for item in checklist.missing} == set(SECTIONS)
    # The service's submit check is this list, in the same order.
    assert report_missing(report=report) == [item.text for item in checklist.missing]
    # Completeness per section: one of five figures is fine; nothing else is done.
    assert (checklist.sections["quantitative"].done, checklist.sections["quantitative"].total) == (1, 5)
    assert checklist.sections["reflection"].done == 0 and checklist.sections["reflection"].total == 4
    assert not checklist.sections["self_assessment"].complete


def test_refused_submit_links_every_missing_item_to_a_field_on_the_page(client, setup):
    region, leader = setup
    indicator = IndicatorFactory(region=region, code="IN1")
    TargetFactory(indicator=indicator, year=2013, value=D(100))
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=indicator, value=D(80), explanation="")
    client.force_login(leader)
    response = client.post(reverse("monitoring:report_submit", args=[region_key("zwolle"), 2013]))
    assert response.status_code == 400
    page = response.content.decode()
    items = report_checklist(report_view(report=report)).missing
    assert items
    for item in items:
        assert f'<a href="#{item.anchor}" data-focus-field>' in page
        assert f'id="{item.anchor}"' in page  # the link lands on its field
    assert f'href="#r-{indicator.pk}-explanation"' in page


def test_editor_carries_the_rule_inputs_and_shows_the_hint_for_a_saved_miss(client, setup):
    region, leader = setup
    indicator = IndicatorFactory(region=region, code="RNG", direction=RANGE)
    TargetFactory(indicator=indicator, year=2013, value=D("10.5"), value_max=D(20))
    report = MonitorReportFactory(region=region)
    RealisationFactory(report=report, indicator=indicator, value=D(25), explanation="")
    client.force_login(leader)
    page = _editor(client).content.decode()
    assert f'data-indicator="r-{indicator.pk}" data-direction="range"' in page
    assert 'data-target="10.50"' in page and 'data-target-max="20.00"' in page  # unlocalised, for the script
    assert f'id="r-{indicator.pk}-explanation-hint"' in page
    assert f'aria-describedby="r-{indicator.pk}-explanation-hint"' in page
    assert ">The target (10.5–20) is not met: explain why here.</div>" in page
    assert "js/report-editor.js" in page and "js/autosave.js" in page
    # Explained: no hint.
    report.realisations.update(explanation="Krimp")
    page = _editor(client).content.decode()
    assert ">The target (10.5–20) is not met: explain why here.</div>" not in page


def test_bar_shows_each_sections_completeness_and_a_save_returns_it_anew(client, setup):
    region, leader = setup
    indicator = IndicatorFactory(region=region, code="IN1")
    TargetFactory(indicator=indicator, year=2013, value=D(100))
    report = MonitorReportFactory(region=region)
    client.force_login(leader)
    page = _editor(client).content.decode()
    assert 'data-completeness="quantitative"' in page and "0 of 1 filled in" in page
    assert "data-autosave-status" in page
    assert f'data-autosave-key="report:{report.pk}:quantitative"' in page
    response = client.post(
        reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, "quantitative"]),
        {"version": "0", f"r-{indicator.pk}-value": "120"},
        **FETCH,
    )
    assert response.status_code == 200
    completeness = response.json()["completeness"]
    assert set(completeness) == {"quantitative", "qualitative", "self_assessment", "reflection"}
    assert "✓" in completeness["quantitative"] and "complete" in completeness["quantitative"]
    assert "0 of 4 filled in" in completeness["reflection"]
    # A reflection save is counted at once (the report's own fields are read after the save).
    response = client.post(
        reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, "reflection"]),
        {"version": "0", "reflection_works": "Veel", "reflection_not_yet": "Weinig"},
        **FETCH,
    )
    assert "2 of 4 filled in" in response.json()["completeness"]["reflection"]


def test_returned_report_shows_the_offices_latest_comment_at_the_top_of_the_editor(client, setup):
    region, leader = setup
    office = UserFactory(full_name="Olga Office", office=True)
    report = MonitorReportFactory(region=region, returned=True)
    earlier = timezone.now() - datetime.timedelta(days=3)
    for at, comment, to_status in (
        (earlier, "Eerste ronde: vul de cijfers aan.", MonitorReport.Status.RETURNED),
        (earlier + datetime.timedelta(days=1), "", MonitorReport.Status.SUBMITTED),
        (earlier + datetime.timedelta(days=2), "Tweede ronde: licht UIT toe.", MonitorReport.Status.RETURNED),
    ):
        step = ReportTransition.objects.create(
            report=report, from_status="submitted", to_status=to_status, actor=office
        )
        ReportTransition.objects.filter(pk=step.pk).update(at=at, comment=comment)
    client.force_login(leader)
    page = _editor(client).content.decode()
    assert 'id="send-back"' in page and "Returned by the programme office" in page
    assert "Tweede ronde: licht UIT toe." in page and "Eerste ronde" not in page
    assert page.index('id="send-back"') < page.index('id="section-quantitative"')
    assert "Olga Office" in page


def test_penvoerders_send_back_is_shown_and_a_plain_draft_shows_none(client, setup):
    region, leader = setup
    penvoerder = UserFactory(full_name="Piet Penvoerder")
    report = MonitorReportFactory(region=region)
    client.force_login(leader)
    assert 'id="send-back"' not in _editor(client).content.decode()
    ReportTransition.objects.create(
        report=report,
        from_status="awaiting_endorsement",
        to_status="draft",
        actor=penvoerder,
        comment="Graag de cijfers",
    )
    page = _editor(client).content.decode()
    assert "Sent back by the penvoerder" in page and "Graag de cijfers" in page


def test_section_save_of_a_submitted_report_is_refused(client, setup, monkeypatch):
    region, leader = setup
    report = MonitorReportFactory(region=region)
    client.force_login(leader)
    url = reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, "reflection"])
    # Submitted before the save got through the door: the service refuses it, in JSON for the script.
    real = views.SECTION_SAVERS["reflection"]

    def submitted_meanwhile(report_, *args):
        MonitorReport.objects.filter(pk=report_.pk).update(status=MonitorReport.Status.SUBMITTED)
        return real(report_, *args)

    monkeypatch.setitem(views.SECTION_SAVERS, "reflection", submitted_meanwhile)
    response = client.post(url, {"version": "0", "reflection_works": "Te laat"}, **FETCH)
    assert response.status_code == 409
    assert response.json() == {
        "status": "refused",
        "message": "This report has been submitted and can no longer be changed.",
    }
    report.refresh_from_db()
    assert report.reflection_works == ""
    # Submitted before: the editor's permission no longer holds (404, which the script shows as "gone").
    assert client.post(url, {"version": "0", "reflection_works": "Te laat"}, **FETCH).status_code == 404


def test_section_save_from_an_ended_session_gets_json_401_not_the_login_page(setup):
    region, leader = setup
    report = MonitorReportFactory(region=region)
    client = Client()
    response = client.post(
        reverse("monitoring:report_save", args=[region_key("zwolle"), 2013, "reflection"]),
        {"version": "0", "reflection_works": "Na het afmelden"},
        **FETCH,
    )
    assert response.status_code == 401 and response.json()["status"] == "logged_out"
    report.refresh_from_db()
    assert report.reflection_works == ""
