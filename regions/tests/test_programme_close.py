"""Closing a programme: the office closes it after a confirmation, everything in it becomes read-only (the
rules say so, the pages stop offering changes, a posted change answers 404), what was there stays readable,
and a programme closed by mistake can be reopened."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from audits.tests.factories import AssignmentFactory, ScoringFactory
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.tests.factories import PeerReviewFactory
from regions import services
from regions.models import Programme, RegionVision
from regions.tests.factories import IndicatorFactory, RegionVisionFactory
from regions.tests.world import world_build
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=({"year": 2013, "future": True},),  # a year in progress: its open work shows on Mijn taken
        regions=("twente", "zwolle"),
        roles={"leader": ("twente", "project_leader"), "penvoerder": ("twente", "penvoerder")},
    )
    w.region = w.regions["twente"]
    w.indicator = IndicatorFactory(region=w.region, status="agreed")
    w.report = MonitorReportFactory(region=w.region, programme_year=w.years[2013])
    w.submitted = MonitorReportFactory(region=w.regions["zwolle"], programme_year=w.years[2013], submitted=True)
    w.assignment = AssignmentFactory(region=w.regions["zwolle"], programme_year=w.years[2013])
    w.scoring = ScoringFactory(assignment=w.assignment)
    w.review = PeerReviewFactory(host_region=w.region, peer_region=w.regions["zwolle"], programme_year=w.years[2013])
    w.vision = RegionVisionFactory(region=w.region, status="draft", created_by=w.leader)
    return w


def _writes(w) -> dict[str, bool]:
    """What each of the people may change, object by object (fresh user objects: no cached answers)."""
    from toptechniek.accounts.models import User

    office, leader = User.objects.get(pk=w.office.pk), User.objects.get(pk=w.leader.pk)
    assessor = User.objects.get(pk=w.assignment.user_id)
    return {
        "add_vision": leader.has_perm("regions.add_vision", w.region),
        "change_vision": leader.has_perm("regions.change_vision", w.vision),
        "approve_vision": office.has_perm("regions.approve_vision", w.vision),
        "add_indicator": office.has_perm("regions.add_indicator", w.region),
        "propose_amendment": leader.has_perm("regions.propose_amendment", w.indicator),
        "open_report": leader.has_perm("monitoring.open_report", w.region),
        "edit_report": leader.has_perm("monitoring.edit_report", w.report),
        "accept_report": office.has_perm("monitoring.accept_report", w.submitted),
        "score": assessor.has_perm("audits.score", w.assignment),
        "calibrate": office.has_perm("audits.calibrate", w.scoring.placemat),
        "manage_grants": office.has_perm("audits.manage_grants", w.years[2013]),
        "manage_meetings": office.has_perm("governance.manage_meetings", w.years[2013]),
        "manage_peer_review": office.has_perm("peerreviews.manage_peer_review", w.review),
        "propose_peer_review": leader.has_perm("peerreviews.propose_peer_review", w.region),
        "manage_framework": office.has_perm("regions.manage_framework", w.programme),
        "manage_programme": office.has_perm("regions.manage_programme", w.programme),
    }


def test_closing_makes_every_change_in_the_programme_read_only_and_reopening_undoes_it(w):
    assert all(_writes(w).values()), _writes(w)
    services.programme_close(programme=w.programme, actor=w.office)
    assert not any(_writes(w).values()), _writes(w)
    # Reading stays as it was.
    assert w.leader.has_perm("regions.view_region", w.region)
    assert w.office.has_perm("monitoring.view_report", w.report)
    services.programme_reopen(programme=w.programme, actor=w.office)
    assert all(_writes(w).values()), _writes(w)
    events = list(
        AuditEvent.objects.filter(action__startswith="regions.programme_")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert events == ["regions.programme_close", "regions.programme_reopen"]


def test_another_programme_stays_open_when_one_closes(w):
    other = world_build(programme="agenda", regions=("food-valley",), office=False, viewer=False)
    services.programme_close(programme=other.programme, actor=w.office)
    assert all(_writes(w).values())


def test_closing_twice_or_reopening_an_open_programme_is_refused_and_changes_nothing(w):
    with pytest.raises(ValidationError):
        services.programme_reopen(programme=w.programme, actor=w.office)
    closed = services.programme_close(programme=w.programme, actor=w.office)
    with pytest.raises(ValidationError):
        services.programme_close(programme=w.programme, actor=w.office)
    assert Programme.objects.get(pk=w.programme.pk).closed_at == closed.closed_at


def test_the_office_closes_after_a_confirmation_that_lists_its_open_tasks(client, w):
    client.force_login(w.office)
    detail = client.get(w.programme.get_absolute_url()).content.decode()
    close_url = reverse("regions:programme_close", args=[w.programme.slug])
    assert close_url in detail
    page = " ".join(client.get(close_url).content.decode().split())
    assert "Close Ttib?" in page or f"Close {w.programme.name}?" in page
    assert "still open in this programme" in page and "Zwolle" in page  # Zwolle's submitted report waits
    response = client.post(close_url)
    assert response.status_code == 302 and response["Location"] == w.programme.get_absolute_url()
    assert Programme.objects.get(pk=w.programme.pk).closed_at is not None
    detail = client.get(w.programme.get_absolute_url()).content.decode()
    assert "everything in it is read-only" in detail
    assert close_url not in detail and reverse("regions:programme_reopen", args=[w.programme.slug]) in detail


def test_a_closed_programmes_pages_offer_no_change_and_a_posted_change_answers_404(client, w):
    services.programme_close(programme=w.programme, actor=w.office)
    client.force_login(w.leader)
    region_page = client.get(w.region.get_absolute_url())
    assert region_page.status_code == 200
    content = region_page.content.decode()
    assert reverse("regions:vision_create", args=[w.region]) not in content
    assert reverse("regions:indicator_create", args=[w.region]) not in content
    drafts = RegionVision.objects.count()
    assert client.post(reverse("regions:vision_create", args=[w.region]), {"ambitions": "Nieuw"}).status_code == 404
    assert RegionVision.objects.count() == drafts
    edit = reverse("monitoring:report_edit", args=[w.region, 2013])
    assert client.get(edit).status_code == 404
    assert client.get(reverse("monitoring:report_detail", args=[w.region, 2013])).status_code == 200


def test_reopen_page_and_post(client, w):
    services.programme_close(programme=w.programme, actor=w.office)
    client.force_login(w.office)
    url = reverse("regions:programme_reopen", args=[w.programme.slug])
    assert "Reopen" in client.get(url).content.decode()
    assert client.post(url).status_code == 302
    assert Programme.objects.get(pk=w.programme.pk).closed_at is None
    client.force_login(w.leader)
    assert client.get(url).status_code == 404


def test_a_closed_programmes_year_pages_stay_readable_without_their_forms(client, w):
    services.programme_close(programme=w.programme, actor=w.office)
    client.force_login(w.office)
    for name in ("audits:assignments", "audits:visits"):
        url = reverse(name, args=[w.programme.slug, 2013])
        response = client.get(url)
        assert response.status_code == 200, name
        assert 'method="post"' not in response.content.decode().split("<main", 1)[1], name
        assert client.post(url, {}).status_code == 404, name
    # The internal peer review offers only the regions of open programmes.
    form = client.get(reverse("peerreviews:review_create_internal")).context["form"]
    assert w.region not in form.fields["region"].queryset
