"""Peer-review hand-overs, through the outbox: a proposal asks the office to confirm and tells the peer region;
the review's title is written in each recipient's own language."""

import pytest
from django.core import mail

from peerreviews.mails import review_confirmed_queue, review_proposed_queue
from peerreviews.services.reviews import peerreview_confirm, peerreview_create_internal, peerreview_propose
from peerreviews.tests.factories import PeerReviewFactory
from regions.models import RegionRole
from regions.tests.factories import (
    ProgrammeYearFactory,
    RegionFactory,
    RegionRoleFactory,
    SubProjectFactory,
    UserFactory,
)
from toptechniek.common.models import Notification
from toptechniek.common.testing import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(settings):
    settings.SITE_URL = "https://tt.example"
    w = World()
    w.host = RegionFactory(name="Twente", slug="twente")
    w.peer = RegionFactory(programme=w.host.programme, name="Achterhoek", slug="achterhoek")
    w.year = ProgrammeYearFactory(programme=w.host.programme, year=2015)
    w.proposer = UserFactory(email="pl@t.example", full_name="Pia Leider")
    w.host_penvoerder = UserFactory(email="pv@t.example")
    w.peer_leader = UserFactory(email="pl-b@t.example", full_name="Bas Leider", language="nl")
    w.peer_penvoerder = UserFactory(email="pv-b@t.example", language="en")
    w.peer_partner = UserFactory(email="partner-b@t.example")
    for user, region, role in (
        (w.proposer, w.host, RegionRole.Role.PROJECT_LEADER),
        (w.host_penvoerder, w.host, RegionRole.Role.PENVOERDER),
        (w.peer_leader, w.peer, RegionRole.Role.PROJECT_LEADER),
        (w.peer_penvoerder, w.peer, RegionRole.Role.PENVOERDER),
        (w.peer_partner, w.peer, RegionRole.Role.PARTNER),
    ):
        RegionRoleFactory(user=user, region=region, role=role)
    w.office = UserFactory(email="office@t.example", full_name="Olga Office", office=True)
    return w


def propose(w):
    return peerreview_propose(
        host_region=w.host,
        peer_region=w.peer,
        programme_year=w.year,
        proposed_by=w.proposer,
        motivation="Zij betrekken bedrijven goed.",
    )


def test_a_proposal_asks_the_office_to_confirm_and_tells_the_peer_region(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        review = propose(w)
    assert sorted(m.to[0] for m in mail.outbox) == ["office@t.example", "pl-b@t.example", "pv-b@t.example"]
    office = next(m for m in mail.outbox if m.to == ["office@t.example"])
    assert office.subject == "Peer review proposed: please check and confirm (Twente – Achterhoek 2015)"
    assert "Pia Leider of Twente proposes a peer review with Achterhoek in 2015." in office.body
    assert "Why this peer:\nZij betrekken bedrijven goed." in office.body
    assert "readiness check" in office.body
    assert f"https://tt.example/peer-reviews/{review.pk}/" in office.body
    peer = next(m for m in mail.outbox if m.to == ["pv-b@t.example"])
    assert peer.subject == "Twente proposes a peer review with Achterhoek in 2015"
    assert "with your region, Achterhoek" in peer.body
    assert next(m for m in mail.outbox if m.to == ["pl-b@t.example"]).body.startswith("Beste Bas Leider,")
    # Once per review and person.
    with django_capture_on_commit_callbacks(execute=True):
        assert review_proposed_queue(review=review) == 0
    assert len(mail.outbox) == 3


def test_an_internal_review_set_up_by_the_office_mails_nobody(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        peerreview_create_internal(
            region=w.host,
            programme_year=w.year,
            host_subproject=SubProjectFactory(region=w.host, name="Hengelo"),
            peer_subproject=SubProjectFactory(region=w.host, name="Enschede"),
            created_by=w.office,
        )
    assert mail.outbox == [] and not Notification.objects.exists()


def test_the_title_is_in_each_recipients_language(w, django_capture_on_commit_callbacks):
    internal = PeerReviewFactory(programme_year=w.year, host_region=w.host, internal=True)
    dutch, english = UserFactory(email="nl@t.example", language="nl"), UserFactory(email="en@t.example", language="en")
    for user in (dutch, english):
        RegionRoleFactory(user=user, region=w.host, role=RegionRole.Role.PROJECT_LEADER)
    with django_capture_on_commit_callbacks(execute=True):
        review_confirmed_queue(review=internal)
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects["nl@t.example"] == "Bevestigd: Interne peer review Twente 2015"
    assert subjects["en@t.example"] == "Confirmed: Internal peer review Twente 2015"


def test_confirmation_reaches_both_regions_leads(w, django_capture_on_commit_callbacks):
    review = PeerReviewFactory(programme_year=w.year, host_region=w.host, peer_region=w.peer, ready=True)
    with django_capture_on_commit_callbacks(execute=True):
        peerreview_confirm(review=review, actor=w.office)
    assert sorted(m.to[0] for m in mail.outbox) == ["pl-b@t.example", "pl@t.example", "pv-b@t.example", "pv@t.example"]
    message = next(m for m in mail.outbox if m.to == ["pl@t.example"])
    assert message.subject == "Confirmed: Peer review Twente – Achterhoek 2015"
    assert "Please enter your region's learning questions" in message.body
