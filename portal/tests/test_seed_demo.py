import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F

from regions.models import Cofinancing, Indicator, Region, RegionPartner, RegionVision

HISTORY = "toptechniek-in-bedrijf"


@pytest.mark.django_db
def test_seed_demo_builds_the_programme_and_is_idempotent(settings):
    call_command("seed_demo", stdout=None)
    from monitoring.models import MonitorReport, Realisation, ReportContribution

    counts = (
        Region.objects.count(),
        Indicator.objects.count(),
        RegionVision.objects.count(),
        MonitorReport.objects.count(),
        Realisation.objects.count(),
        Cofinancing.objects.count(),
        ReportContribution.objects.count(),
    )
    Region.objects.filter(programme__slug=HISTORY, slug="twente").update(description="Changed by the office")
    call_command("seed_demo")
    assert (
        Region.objects.count(),
        Indicator.objects.count(),
        RegionVision.objects.count(),
        MonitorReport.objects.count(),
        Realisation.objects.count(),
        Cofinancing.objects.count(),
        ReportContribution.objects.count(),
    ) == counts
    # This year's drafts hand parts to their partner: one to write, one delivered (portal/demo_current.py).
    contributions = ReportContribution.objects.filter(assignee__email__startswith="partner.")
    assert set(contributions.values_list("status", flat=True)) == {"assigned", "delivered"}
    assert all(c.report.status in ("draft", "returned") for c in contributions)
    assert Region.objects.get(programme__slug=HISTORY, slug="twente").description == "Changed by the office"
    assert Region.objects.filter(programme__slug=HISTORY).count() == 20
    assert Region.objects.filter(programme__slug=HISTORY, join_year=2014).count() == 3
    assert set(Region.objects.values_list("landsdeel__code", flat=True)) == {"noord", "oost", "zuid", "west"}
    assert not Region.objects.exclude(landsdeel__programme=F("programme")).exists()
    assert not Indicator.objects.exclude(route__programme=F("region__programme")).exists()
    for slug in ("friesland", "twente", "zwolle", "brainport"):
        region = Region.objects.get(programme__slug=HISTORY, slug=slug)
        kinds = set(RegionPartner.objects.filter(region=region).values_list("organisation__kind", flat=True))
        assert {"onderwijs", "ondernemer", "overheid"} <= kinds
        assert RegionPartner.objects.filter(region=region, is_penvoerder=True).count() == 1
        assert region.visions.filter(status="approved").exists()
        indicators = region.indicators.all()
        assert 6 <= indicators.count() <= 10
        assert {"vakmanschap", "technologie"} <= set(indicators.values_list("route__code", flat=True))
        assert set(indicators.values_list("performance_area__number", flat=True)) == {1, 2, 3, 4}
    assert RegionVision.objects.filter(version=2).exists()
    # The final year's regioagendas: most approved before the programme closed, a few drafts, a few none.
    agendas = RegionVision.objects.filter(region__programme__slug=HISTORY).exclude(agenda_continues="")
    assert agendas.filter(status="approved").count() >= 12 and agendas.filter(status="draft").count() >= 2
    assert agendas.values("region").distinct().count() < Region.objects.filter(programme__slug=HISTORY).count()
    assert all(a.created_at.year == 2015 and (a.approved_at is None or a.approved_at.year == 2016) for a in agendas)
    from monitoring.models import MonitorReport

    # The 2012-2015 programme is history: every report is in and accepted, every placemat published.
    reports = MonitorReport.objects.filter(programme_year__programme__slug=HISTORY)
    assert reports.filter(programme_year__year=2013, status="accepted").count() >= 15
    assert reports.filter(is_late=True).exists()
    assert set(reports.values_list("status", flat=True)) == {"accepted"}
    for year in (2012, 2013, 2014, 2015):
        joined = Region.objects.filter(programme__slug=HISTORY, join_year__lte=year).count()
        assert reports.filter(programme_year__year=year).count() == joined, year
    from audits.models import Assignment, Placemat, Scoring

    placemats = Placemat.objects.filter(programme_year__programme__slug=HISTORY)
    assert placemats.count() == reports.count()
    assert set(placemats.values_list("status", flat=True)) == {"published"}
    assert not Scoring.objects.filter(placemat__in=placemats, status="draft").exists()
    for advisor in Assignment.objects.filter(role="advisor"):
        assert not Assignment.objects.filter(
            region=advisor.region,
            user=advisor.user,
            role="assessor",
            programme_year__year__in=[advisor.programme_year.year, advisor.programme_year.year + 1],
        ).exists()
    for placemat in Placemat.objects.filter(status="published"):
        assert placemat.consolidated.count() == 8
        assert placemat.scorings.filter(status="submitted").count() == 2
    from audits.models import StimulusGrant
    from peerreviews.models import GoodPractice

    history_grants = StimulusGrant.objects.filter(programme_year__programme__slug=HISTORY)
    assert set(history_grants.values_list("programme_year__year", flat=True)) == {2012, 2013, 2014, 2015}
    assert not history_grants.filter(decided_at__isnull=True).exists()
    assert StimulusGrant.objects.exclude(decision_reason="").count() == 1  # one override, with its reason
    assert GoodPractice.objects.filter(status="published").count() >= 10
    assert authenticate(username="pl.friesland@example.org", password="demo") is not None
    assert authenticate(username="cf6@example.org", password="demo") is not None
    from audits.models import AuditVisit
    from peerreviews.models import LearningOutcome, PeerReview
    from peerreviews.services.conflicts import peer_assessor_conflicts

    visits = AuditVisit.objects.filter(programme_year__year__in=[2013, 2014], status="reported")
    assert set(visits.values_list("judgement", flat=True)) == {"on_track", "attention", "worrying"}
    assert all(v.findings.count() == 8 and v.ratings.count() == 9 for v in visits)
    reviews = PeerReview.objects.filter(programme_year__programme__slug=HISTORY)
    assert set(reviews.values_list("status", flat=True)) == {"closed", "cancelled"}  # history: nothing open
    assert reviews.filter(kind="internal").exists()
    follow_up = reviews.get(previous__isnull=False)
    assert {follow_up.host_region_id, follow_up.peer_region_id} == set(follow_up.previous.region_ids)
    assert all(peer_assessor_conflicts(review=r) == [] for r in reviews.exclude(status="cancelled"))
    for review in reviews.filter(status="closed"):
        assert all(hasattr(q, "outcome") for q in review.learning_questions.all())
        assert review.feedback_reports.filter(status="ready").count() == len(review.region_ids)
    assert LearningOutcome.objects.filter(done=True).exists() and LearningOutcome.objects.filter(done=False).exists()
    # idempotent: the second run above added none
    assert PeerReview.objects.filter(programme_year__programme__slug=HISTORY).count() == 17
    from governance.models import GovernanceMeeting

    assert GovernanceMeeting.objects.filter(status="held").count() >= 8
    # The 2012–2015 programme is history: its last meetings were held in 2016, none is dated today or later.
    assert not GovernanceMeeting.objects.filter(status="planned").exists()
    assert max(GovernanceMeeting.objects.values_list("date", flat=True)).year == 2016


@pytest.mark.django_db
def test_seed_demo_has_agreements_of_both_kinds_a_lower_is_better_indicator_and_amendments(settings):
    from regions.models import TargetAmendment

    call_command("seed_demo", stdout=None)
    for region in Region.objects.all():
        assert Indicator.objects.filter(region=region, status="agreed").exists(), region
    assert Indicator.objects.filter(direction="lower", code="UV1").count() == Region.objects.count()
    assert set(Indicator.objects.values_list("kind", flat=True)) == {"prestatie", "proces"}
    history = TargetAmendment.objects.filter(indicator__region__programme__slug=HISTORY)
    assert set(history.values_list("status", flat=True)) == {"approved", "refused"}  # none left open
    assert TargetAmendment.objects.filter(status="proposed").exists()  # in the programme in progress
    assert not Indicator.objects.filter(status="agreed", agreed_at__isnull=True).exists()


@pytest.mark.django_db
def test_seed_demo_tells_the_history_of_audits_peer_reviews_and_governance(settings):
    """The source: every region audited in 2012 and 2013; in 2014 the peer review was the alternative form
    of audit (fifteen in late 2014 / early 2015, Twente and Zwolle held a follow-up), the region not yet
    ready had an audit visit instead. Every text is written for its region; nothing is dated after 2016."""
    import datetime

    from audits.models import AuditVisit, FollowUpAction
    from governance.models import GovernanceMeeting
    from peerreviews.models import FeedbackReport, LearningOutcome, LearningQuestion, PeerReview
    from regions import demo_catalogue as catalogue
    from regions.models import ProgrammeYear

    call_command("seed_demo", stdout=None)
    visits = AuditVisit.objects.select_related("region", "programme_year")
    for year in (2012, 2013):
        audited = set(
            visits.filter(programme_year__year=year, status="reported").values_list("region__slug", flat=True)
        )
        assert audited == set(Region.objects.filter(join_year__lte=year).values_list("slug", flat=True)), year
    reviewed = set()
    for review in PeerReview.objects.filter(programme_year__year=2014).exclude(status="cancelled"):
        reviewed.update(review.region_ids)
    visited_2014 = set(visits.filter(programme_year__year=2014).values_list("region_id", flat=True))
    assert visited_2014 and not visited_2014 & reviewed  # a peer review instead of an audit, never both
    for visit in visits:
        year = visit.programme_year
        assert year.audit_window_start <= visit.date <= year.audit_window_end, visit
        profile = catalogue.profile_for(visit.region.slug)
        text = " ".join(visit.findings.values_list("text", flat=True))
        assert visit.region.name in text and profile.employers[0] in text, visit
    findings = [t for v in visits for t in v.findings.values_list("text", flat=True)]
    assert len(findings) == len(set(findings))  # no two findings alike, within or across regions
    assert visits.count() == len(set(visits.values_list("advice", flat=True)))

    window = ProgrammeYear.objects.get(year=2014)
    held = PeerReview.objects.filter(programme_year=window).exclude(status="cancelled")
    assert 14 <= held.count() <= 17
    assert all(window.peer_review_window_start <= r.date <= window.peer_review_window_end for r in held)
    assert held.filter(kind="internal").count() == 1
    follow_up = held.get(previous__isnull=False)
    assert (
        {follow_up.host_region.slug, follow_up.peer_region.slug}
        == {"twente", "zwolle"}
        == {
            follow_up.previous.host_region.slug,
            follow_up.previous.peer_region.slug,
        }
    )
    assert follow_up.status == "closed" and follow_up.date > follow_up.previous.date
    for review in held.exclude(kind="internal"):  # peers from the same landsdeel or complementary, named why
        assert review.peer_region.name in review.motivation and review.host_region.name in review.motivation
    for model, field in (
        (LearningQuestion, "question"),
        (LearningOutcome, "insights"),
        (FeedbackReport, "text"),
        (GovernanceMeeting, "notes"),
        (GovernanceMeeting, "decision_summary"),
    ):
        texts = list(model.objects.values_list(field, flat=True))
        assert len(texts) == len(set(texts)), (model, field)
    for question in LearningQuestion.objects.filter(review__programme_year__programme__slug=HISTORY).select_related(
        "report", "review"
    ):
        assert question.report.submitted_at.date() < question.review.date  # a report that existed then

    end = datetime.date(2016, 12, 31)
    assert max(visits.values_list("date", flat=True)) <= end
    assert max(FollowUpAction.objects.values_list("due_date", flat=True)) <= end
    assert all(a.date() <= end for a in FollowUpAction.objects.exclude(done_at=None).values_list("done_at", flat=True))
    for review in PeerReview.objects.filter(programme_year__programme__slug=HISTORY):
        stamps = [review.date, review.created_at, review.confirmed_at, review.held_at, review.reported_at]
        stamps += [review.closed_at] + list(review.transitions.values_list("at", flat=True))
        assert all((s.date() if hasattr(s, "date") and callable(s.date) else s) <= end for s in stamps if s), review
    assert all(o.date() <= end for o in LearningOutcome.objects.exclude(done_at=None).values_list("done_at", flat=True))
    for meeting in GovernanceMeeting.objects.all():
        assert meeting.date <= end and meeting.held_at.date() <= end and meeting.created_at.date() <= end


@pytest.mark.django_db
def test_the_history_grants_are_dated_when_the_office_decided_them(settings):
    from audits.models import GrantChange, StimulusGrant

    call_command("seed_demo", stdout=None)
    grants = StimulusGrant.objects.filter(programme_year__programme__slug=HISTORY)
    assert grants.exists()
    for grant in grants.select_related("programme_year"):
        assert grant.decided_at.date() > grant.programme_year.report_due_date
        assert grant.decided_at.year <= 2016 and grant.proposed_at <= grant.decided_at
    assert not GrantChange.objects.filter(grant__in=grants, at__year__gt=2016).exists()


@pytest.mark.django_db
def test_seed_demo_tells_the_selection_that_made_the_regions(settings):
    """Every region came from an honoured application with its subsidiebeschikking, both cohorts of the closed
    programme had applications that were not honoured, and the call open today has work in every hand."""
    import datetime

    from django.utils import timezone

    from selection.models import Application, Call
    from toptechniek.accounts.models import User
    from toptechniek.common.todo import todos_for

    call_command("seed_demo", stdout=None)
    before = (Application.objects.count(), Call.objects.count())
    assert not Region.objects.filter(application__isnull=True).exists()
    for join_year in (2012, 2014):
        history = Application.objects.filter(call__programme__slug=HISTORY, call__join_year=join_year)
        assert (
            history.filter(status="honoured", beschikking_date__isnull=False).count()
            == Region.objects.filter(programme__slug=HISTORY, join_year=join_year).count()
        )
        rejected = history.filter(status="rejected")
        assert rejected.count() >= 2 and all(a.decision_reason and a.scores.count() == 3 for a in rejected)
    for honoured in Application.objects.filter(region__isnull=False).select_related("region"):
        vision = honoured.region.visions.get(version=1)
        assert (honoured.ambitions, honoured.beschikking_date) == (vision.ambitions, vision.subsidy_decision_date)
        assert honoured.submitted_at.date() <= honoured.call.deadline < honoured.beschikking_date
    today = timezone.localdate()
    open_call = Call.objects.get(programme__slug="techniekagenda", deadline__gte=today)
    assert open_call.opens_on <= today <= open_call.deadline - datetime.timedelta(days=7)
    kinds = {
        email: [t.kind for t in todos_for(user=User.objects.get(email=email), today=today)]
        for email in ("aanvrager.hoeksche-waard@example.org", "cf1@example.org", "viewer@example.org")
    }
    assert "application_submit" in kinds["aanvrager.hoeksche-waard@example.org"]
    assert "application_score" in kinds["cf1@example.org"]
    assert "application_beschikking" in kinds["viewer@example.org"]
    office = [t.kind for t in todos_for(user=User.objects.get(email="office@example.org"), today=today)]
    assert "application_decide" in office
    call_command("seed_demo", stdout=None)
    assert (Application.objects.count(), Call.objects.count()) == before


@pytest.mark.django_db
def test_seed_demo_publishes_the_history_analyses_of_2013_and_2014(settings):
    """The yearly analysis of the closed programme: 2013 and 2014 published as history (dated after the year,
    by the office, no mail today), every theme and success condition written, the figures of its own year; the
    reported audit visits name success factors. Seeding twice makes nothing new."""
    from analysis.models import ProgrammeAnalysis
    from audits.models import AuditVisit
    from toptechniek.common.models import Notification

    call_command("seed_demo", stdout=None)
    analyses = ProgrammeAnalysis.objects.filter(programme_year__programme__slug=HISTORY).select_related(
        "programme_year__programme", "published_by"
    )
    assert sorted(a.programme_year.year for a in analyses) == [2013, 2014]
    for analysis in analyses:
        year = analysis.programme_year.year
        programme = analysis.programme_year.programme
        assert analysis.status == "published" and analysis.published_at.year == year + 1
        assert analysis.published_by.email == "office@example.org"
        assert f"In {year} leverden" in analysis.introduction
        expected = programme.placemat_themes.count() + programme.success_conditions.count()
        assert analysis.sections.count() == expected
        assert all(s.success_factors and s.bottlenecks and s.improvements for s in analysis.sections.all())
    assert not Notification.objects.filter(kind="analysis_published").exists()
    reported = AuditVisit.objects.filter(status="reported", programme_year__programme__slug=HISTORY)
    assert reported.exists() and not reported.filter(success_factors="").exists()
    call_command("seed_demo", stdout=None)
    assert ProgrammeAnalysis.objects.count() == 2
