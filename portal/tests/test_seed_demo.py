import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import F

from regions.models import Indicator, Region, RegionPartner, RegionVision

HISTORY = "toptechniek-in-bedrijf"


@pytest.mark.django_db
def test_seed_demo_builds_the_programme_and_is_idempotent(settings):
    call_command("seed_demo", stdout=None)
    from monitoring.models import MonitorReport, Realisation

    counts = (
        Region.objects.count(),
        Indicator.objects.count(),
        RegionVision.objects.count(),
        MonitorReport.objects.count(),
        Realisation.objects.count(),
    )
    Region.objects.filter(programme__slug=HISTORY, slug="twente").update(description="Changed by the office")
    call_command("seed_demo")
    assert (
        Region.objects.count(),
        Indicator.objects.count(),
        RegionVision.objects.count(),
        MonitorReport.objects.count(),
        Realisation.objects.count(),
    ) == counts
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
    from monitoring.models import MonitorReport

    reports = MonitorReport.objects.all()
    assert reports.filter(programme_year__year=2013, status="accepted").count() >= 15
    assert reports.filter(is_late=True).exists()
    assert reports.filter(programme_year__year=2014, status="returned").count() == 1
    assert reports.filter(programme_year__year=2014, status="awaiting_endorsement").count() == 1
    assert reports.filter(programme_year__year=2015, status="draft").count() >= 5
    returned = reports.get(status="returned")
    assert returned.transitions.filter(to_status="returned").exclude(comment="").exists()
    from audits.models import Assignment, Placemat, Scoring

    assert Placemat.objects.filter(status="published", programme_year__year__in=[2013, 2014]).count() >= 25
    assert Scoring.objects.filter(placemat__programme_year__year=2015, status="draft").exists()
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
    assert set(history_grants.values_list("programme_year__year", flat=True)) == {2012, 2013, 2014}
    assert StimulusGrant.objects.exclude(decision_reason="").count() == 1  # one override, with its reason
    assert GoodPractice.objects.filter(status="published").count() >= 10
    assert authenticate(username="pl.friesland@example.org", password="demo") is not None
    assert authenticate(username="cf6@example.org", password="demo") is not None
    from audits.models import AuditVisit
    from peerreviews.models import FeedbackReport, LearningOutcome, PeerReview
    from peerreviews.services.conflicts import peer_assessor_conflicts

    visits = AuditVisit.objects.filter(programme_year__year__in=[2013, 2014], status="reported")
    assert set(visits.values_list("judgement", flat=True)) == {"on_track", "attention", "worrying"}
    assert all(v.findings.count() == 8 and v.ratings.count() == 9 for v in visits)
    reviews = PeerReview.objects.all()
    assert {"proposed", "preparing", "held", "reported", "closed", "cancelled"} <= set(
        reviews.values_list("status", flat=True)
    )
    assert reviews.filter(kind="internal").exists()
    follow_up = reviews.get(previous__isnull=False)
    assert {follow_up.host_region_id, follow_up.peer_region_id} == set(follow_up.previous.region_ids)
    assert all(peer_assessor_conflicts(review=r) == [] for r in reviews.exclude(status="cancelled"))
    for review in reviews.filter(status="closed"):
        assert all(hasattr(q, "outcome") for q in review.learning_questions.all())
        assert review.feedback_reports.filter(status="ready").count() == len(review.region_ids)
    assert LearningOutcome.objects.filter(done=True).exists() and LearningOutcome.objects.filter(done=False).exists()
    assert FeedbackReport.objects.filter(status="draft").exists()
    # idempotent: the second run above added none
    assert PeerReview.objects.filter(programme_year__programme__slug=HISTORY).count() == 9
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
    assert set(TargetAmendment.objects.values_list("status", flat=True)) == {"approved", "refused", "proposed"}
    assert not Indicator.objects.filter(status="agreed", agreed_at__isnull=True).exists()
