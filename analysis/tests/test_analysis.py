"""The yearly programme analysis: the evidence of exactly its year (settled data only) at a flat query count,
the services (save, version check, publish, refusals, the mail once), the pages and the office's task."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from analysis.models import AnalysisSection, ProgrammeAnalysis
from analysis.selectors import analysis_evidence, todos_for_user
from analysis.services import SectionTexts, analysis_publish, analysis_save
from audits.models import AuditVisit, ConsolidatedCondition, VisitConditionRating, VisitFinding
from audits.tests.factories import AuditVisitFactory, ConsolidatedScoreFactory, PlacematFactory
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory, SelfAssessmentFactory
from peerreviews.models import LearningOutcome, LearningQuestion
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import PlacematTheme
from regions.tests.factories import IndicatorFactory, RegionFactory, RegionRoleFactory, TargetFactory, UserFactory
from regions.tests.world import world_build
from toptechniek.common.models import Notification
from toptechniek.common.testing import queries_in

pytestmark = pytest.mark.django_db

Y = 2013


@pytest.fixture
def w():
    w = world_build(
        years=(2012, 2013, 2014),
        regions=("twente",),
        office="office@a.example",
        viewer="viewer@a.example",
        roles={
            "leader": ("twente", "project_leader", "pl@a.example"),
            "friend": ("twente", "critical_friend", "cf@a.example"),
            "partner": ("twente", "partner", "partner@a.example"),
        },
    )
    w.region = w.regions["twente"]
    w.year = w.years[Y]
    programme = w.programme
    w.area = programme.placemat_themes.get(kind=PlacematTheme.Kind.PERFORMANCE, number=1)
    w.process = programme.placemat_themes.get(kind=PlacematTheme.Kind.PROCESS, number=1)
    w.condition = programme.success_conditions.get(number=1)
    return w


def _report(w, region, year, **state):
    return MonitorReportFactory(region=region, programme_year=w.years[year], **state)


def _visit(w, region, year, state, label):
    visit = AuditVisitFactory(
        region=region,
        programme_year=w.years[year],
        success_factors=f"SF {label}",
        practices_to_share=f"GP {label}",
        **{state: True},
    )
    VisitFinding.objects.create(visit=visit, theme=w.process, text=f"Finding {label}")
    VisitConditionRating.objects.create(visit=visit, condition=w.condition, rating=2 if year == Y else 4)
    return visit


def _review_outcome(w, region, year, report, state, label):
    review = PeerReviewFactory(host_region=region, programme_year=w.years[year], internal=True, **{state: True})
    question = LearningQuestion.objects.create(
        review=review, region=region, question=f"Q {label}", owner="Projectleider", theme=w.process, report=report
    )
    LearningOutcome.objects.create(
        question=question,
        insights=f"Insight {label}",
        action=f"Action {label}",
        action_owner="Projectleider",
        action_due=datetime.date(year + 1, 6, 1),
    )


def settled_region(w, region) -> None:
    """A region with everything of year Y settled, and the same kinds of data in Y-1 and Y+1."""
    name = region.name
    indicator = IndicatorFactory(region=region, code=f"I{region.pk}", performance_area=w.area)
    behind = IndicatorFactory(region=region, code=f"B{region.pk}", performance_area=w.area)
    for year in (2012, 2013, 2014):
        TargetFactory(indicator=indicator, year=year, value=Decimal(100))
        TargetFactory(indicator=behind, year=year, value=Decimal(100))
        report = _report(w, region, year, accepted=True)
        RealisationFactory(report=report, indicator=indicator, value=Decimal(120 if year == Y else 10))
        RealisationFactory(report=report, indicator=behind, value=Decimal(50))
        SelfAssessmentFactory(report=report, theme=w.process, score=4 if year == Y else 1)
        placemat = PlacematFactory(region=region, programme_year=w.years[year], published=True)
        ConsolidatedScoreFactory(placemat=placemat, theme=w.process, score=3 if year == Y else 1)
        ConsolidatedCondition.objects.create(placemat=placemat, condition=w.condition, rating=3 if year == Y else 1)
        _visit(w, region, year, "reported", f"{name} {year}")
        _review_outcome(w, region, year, report, "reported", f"{name} {year}")
    # A review of Y still being held: its outcomes are not settled yet.
    _review_outcome(w, region, Y, report, "held", f"{name} held")


def draft_region(w) -> None:
    """A region whose year-Y data are all drafts: a report being written, an open placemat, a held visit."""
    region = RegionFactory(programme=w.programme, slug="drafty", name="Drafty")
    indicator = IndicatorFactory(region=region, code="D1", performance_area=w.area)
    TargetFactory(indicator=indicator, year=Y, value=Decimal(100))
    report = _report(w, region, Y)  # draft
    RealisationFactory(report=report, indicator=indicator, value=Decimal(500))
    SelfAssessmentFactory(report=report, theme=w.process, score=1)
    placemat = PlacematFactory(region=region, programme_year=w.year)  # open
    ConsolidatedScoreFactory(placemat=placemat, theme=w.process, score=1)
    ConsolidatedCondition.objects.create(placemat=placemat, condition=w.condition, rating=1)
    _visit(w, region, Y, "held", "draft")
    _review_outcome(w, region, Y, report, "preparing", "draft")


def test_evidence_gathers_exactly_the_settled_data_of_its_year(w):
    settled_region(w, w.region)
    draft_region(w)
    evidence = analysis_evidence(programme_year=w.year)

    assert (evidence.regions, evidence.settled_reports, evidence.published_placemats, evidence.reported_visits) == (
        2,
        1,
        1,
        1,
    )
    assert [(c, n) for c, _label, n in evidence.judgements] == [("on_track", 1), ("attention", 0), ("worrying", 0)]
    assert [t.text for t in evidence.success_factors] == ["SF Twente 2013"]
    assert [t.text for t in evidence.practices] == ["GP Twente 2013"]

    process = evidence.theme(w.process.pk)
    assert [(f.region, f.text) for f in process.findings] == [("Twente", "Finding Twente 2013")]
    assert process.scores.total == 1 and process.scores.average == Decimal("3.0")
    assert [(g.region, g.self_score, g.consolidated, g.gap) for g in process.self_gaps] == [("Twente", 4, 3, 1)]
    assert [o.insights for o in process.peer_outcomes] == ["Insight Twente 2013"]

    area = evidence.theme(w.area.pk)
    assert [(p.region, p.total, p.on_track, p.reported) for p in area.progress] == [
        ("Drafty", 1, 0, 0),  # its agreed indicator counts; its draft realisation does not
        ("Twente", 2, 1, 2),
    ]
    assert (area.indicators_on_track, area.indicators_total) == (1, 3)
    assert area.findings == [] and area.peer_outcomes == []

    condition = evidence.condition(w.condition.pk)
    assert (condition.placemat.total, condition.placemat.average) == (1, Decimal("3.0"))
    assert (condition.visits.total, condition.visits.average) == (1, Decimal("2.0"))


def test_evidence_of_another_year_holds_that_year(w):
    settled_region(w, w.region)
    evidence = analysis_evidence(programme_year=w.years[2014])
    process = evidence.theme(w.process.pk)
    assert [f.text for f in process.findings] == ["Finding Twente 2014"]
    assert [o.insights for o in process.peer_outcomes] == ["Insight Twente 2014"]
    assert [(g.self_score, g.consolidated) for g in process.self_gaps] == [(1, 1)]


def test_evidence_costs_the_same_queries_for_one_and_three_regions(w, django_assert_max_num_queries):
    settled_region(w, w.region)
    with queries_in() as one:
        analysis_evidence(programme_year=w.year)
    for slug in ("zeeland", "drenthe"):
        settled_region(w, RegionFactory(programme=w.programme, slug=slug, name=slug.title()))
    draft_region(w)
    with django_assert_max_num_queries(len(one)):
        evidence = analysis_evidence(programme_year=w.year)
    assert len(evidence.theme(w.process.pk).findings) == 3
    assert len(one) <= 14


# --- Services ---------------------------------------------------------------------------------------


def _save(w, **kwargs):
    defaults = {
        "introduction": "Een jaar van groei.",
        "themes": {w.process.pk: SectionTexts("Sterke stuurgroep", "Weinig mkb", "Mkb persoonlijk benaderen")},
        "conditions": {w.condition.pk: SectionTexts("Betrokken partners", "", "")},
    }
    return analysis_save(programme_year=w.year, actor=w.office, **(defaults | kwargs))


def test_save_creates_the_draft_and_its_sections(w):
    analysis = _save(w)
    assert (analysis.status, analysis.version, analysis.introduction) == ("draft", 1, "Een jaar van groei.")
    section = analysis.sections.get(theme=w.process)
    assert (section.success_factors, section.bottlenecks, section.improvements) == (
        "Sterke stuurgroep",
        "Weinig mkb",
        "Mkb persoonlijk benaderen",
    )
    assert analysis.sections.get(condition=w.condition).success_factors == "Betrokken partners"


def test_save_empties_a_section_and_raises_the_version(w):
    _save(w)
    analysis = _save(w, themes={w.process.pk: SectionTexts()}, expected_version=1)
    assert analysis.version == 2
    assert not analysis.sections.filter(theme=w.process).exists()


def test_save_refuses_a_stale_version_and_changes_nothing(w):
    _save(w)
    with pytest.raises(ValidationError, match="Someone else saved"):
        _save(w, introduction="Overschreven", expected_version=0)
    assert ProgrammeAnalysis.objects.get().introduction == "Een jaar van groei."


def test_save_refuses_someone_not_of_the_office(w):
    with pytest.raises(PermissionDenied):
        analysis_save(programme_year=w.year, actor=w.leader, introduction="x")
    assert not ProgrammeAnalysis.objects.exists()


def test_save_refuses_a_theme_of_another_programme(w):
    other = world_build(programme="other", regions=("zeeland",), office=False, viewer=False)
    theme = other.programme.placemat_themes.first()
    with pytest.raises(ValidationError):
        _save(w, themes={theme.pk: SectionTexts("x")})
    assert not AnalysisSection.objects.exists()


def test_publish_mails_project_leaders_and_critical_friends_once(w, django_capture_on_commit_callbacks):
    RegionRoleFactory(user=UserFactory(email="pl2@a.example"), region=w.region, role="project_leader")
    analysis = _save(w)
    with django_capture_on_commit_callbacks(execute=True):
        analysis = analysis_publish(analysis=analysis, actor=w.office)
    assert analysis.status == "published" and analysis.published_by == w.office and analysis.published_at
    rows = Notification.objects.filter(kind="analysis_published")
    assert sorted(rows.values_list("recipient__email", flat=True)) == ["cf@a.example", "pl2@a.example", "pl@a.example"]
    assert sorted(m.to[0] for m in mail.outbox) == ["cf@a.example", "pl2@a.example", "pl@a.example"]
    assert "2013" in mail.outbox[0].subject


def test_publish_twice_is_refused_and_mails_no_one_again(w):
    analysis = analysis_publish(analysis=_save(w), actor=w.office)
    with pytest.raises(ValidationError, match="already been published"):
        analysis_publish(analysis=analysis, actor=w.office)
    assert Notification.objects.filter(kind="analysis_published").count() == 2
    with pytest.raises(ValidationError):
        _save(w, expected_version=None)  # published: final


def test_publish_refuses_someone_not_of_the_office(w):
    analysis = _save(w)
    with pytest.raises(PermissionDenied):
        analysis_publish(analysis=analysis, actor=w.viewer)
    analysis.refresh_from_db()
    assert analysis.status == "draft"


def test_publish_refuses_an_empty_draft(w):
    analysis = _save(w, introduction="", themes={}, conditions={})
    with pytest.raises(ValidationError, match="an introduction"):
        analysis_publish(analysis=analysis, actor=w.office)


def test_the_office_writes_the_analysis_of_a_closed_programme(w):

    type(w.programme).objects.filter(pk=w.programme.pk).update(closed_at=timezone.now())
    analysis = analysis_publish(analysis=_save(w), actor=w.office)
    assert analysis.is_published


# --- Pages --------------------------------------------------------------------------------------------


def url(w, name="detail"):
    return reverse(f"analysis:{name}", args=[w.programme.slug, Y])


def test_edit_page_shows_the_evidence_and_saves(client, w):
    settled_region(w, w.region)
    client.force_login(w.office)
    page = client.get(url(w, "edit")).content.decode()
    assert "Finding Twente 2013" in page and "Finding Twente 2012" not in page
    data = {"introduction": "Inleiding", "version": "0", f"theme-{w.process.pk}-bottlenecks": "Weinig mkb"}
    assert client.post(url(w, "edit"), data).status_code == 302
    assert ProgrammeAnalysis.objects.get().sections.get(theme=w.process).bottlenecks == "Weinig mkb"


def test_edit_page_keeps_the_input_on_a_stale_save(client, w):
    _save(w)
    client.force_login(w.office)
    data = {"introduction": "Mijn nieuwe tekst", "version": "0"}
    response = client.post(url(w, "edit"), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else saved" in page and "Mijn nieuwe tekst" in page


def test_publish_page_publishes_and_readers_see_the_page_but_not_region_texts(client, w):
    settled_region(w, w.region)
    _save(w)
    client.force_login(w.office)
    assert client.get(url(w, "publish")).status_code == 200
    assert client.post(url(w, "publish")).status_code == 302
    client.force_login(w.partner)
    page = client.get(url(w)).content.decode()
    assert "Mkb persoonlijk benaderen" in page
    assert "Finding Twente 2013" not in page  # the regions' own texts stay on the office's editor
    assert url(w, "edit") not in page
    response = client.get(url(w, "pdf"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_a_draft_is_the_office_s_only(client, w):
    _save(w)
    for user in (w.viewer, w.leader, w.friend, w.partner):
        client.force_login(user)
        assert client.get(url(w)).status_code == 404
        assert client.get(url(w, "pdf")).status_code == 404
        assert "2013" not in client.get(reverse("analysis:list", args=[w.programme.slug])).content.decode()
    client.force_login(w.office)
    page = client.get(url(w)).content.decode()
    assert url(w, "edit") in page and url(w, "publish") in page
    listing = client.get(reverse("analysis:list", args=[w.programme.slug])).content.decode()
    assert url(w) in listing  # the draft
    assert reverse("analysis:edit", args=[w.programme.slug, 2012]) in listing  # a year not started


def test_detail_page_costs_the_same_queries_for_one_and_three_regions(client, w):
    settled_region(w, w.region)
    analysis_publish(analysis=_save(w), actor=w.office)
    client.force_login(w.viewer)
    with queries_in() as one:
        assert client.get(url(w)).status_code == 200
    for slug in ("zeeland", "drenthe"):
        settled_region(w, RegionFactory(programme=w.programme, slug=slug, name=slug.title()))
    with queries_in() as three:
        assert client.get(url(w)).status_code == 200
    assert len(three) == len(one)


# --- Mijn taken -----------------------------------------------------------------------------------------


def test_the_office_is_asked_for_the_analysis_of_a_year_whose_work_is_done(w):
    today = datetime.date(2014, 9, 1)  # after the 2013 due date
    report = _report(w, w.region, Y)  # draft: not done
    assert todos_for_user(user=w.office, today=today) == []
    report.status = "accepted"
    report.save()
    visit = AuditVisitFactory(region=w.region, programme_year=w.year, held=True)
    assert todos_for_user(user=w.office, today=today) == []  # the visit is not reported yet
    AuditVisit.objects.filter(pk=visit.pk).update(status="reported", judgement="on_track", reported_at=timezone.now())
    todos = todos_for_user(user=w.office, today=today)
    assert [t.kind for t in todos] == ["analysis_write"] and todos[0].url == url(w, "edit")
    assert todos_for_user(user=w.leader, today=today) == []
    analysis_publish(analysis=_save(w), actor=w.office)
    assert todos_for_user(user=w.office, today=today) == []
