"""A decided change of agreement is a hand-over: the proposer and the region's project leaders hear what the
office decided, once, with the targets per year in their own number format and the office's note."""

from decimal import Decimal

import pytest
from django.core import mail

from regions.mails import amendment_decided_queue
from regions.models import RegionRole
from regions.services import target_amendment_decide, target_amendment_propose, target_amendment_withdraw
from regions.tests.world import region_key
from toptechniek.common.models import Notification

from .factories import IndicatorFactory, RegionFactory, RegionRoleFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(settings):
    settings.SITE_URL = "https://tt.example"
    region = RegionFactory(name="Noord & Oost", slug="noord-oost")
    leader = UserFactory(email="pl@t.example", full_name="Pia Leider", language="en")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    other_leader = UserFactory(email="pl2@t.example", language="nl")
    RegionRoleFactory(user=other_leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=UserFactory(email="partner@t.example"), region=region, role=RegionRole.Role.PARTNER)
    office = UserFactory(email="office@t.example", office=True)
    indicator = IndicatorFactory(region=region, code="DO1", name="Doorstroom vmbo-mbo")
    for year, value in ((2013, 100), (2014, 110), (2015, 120)):
        TargetFactory(indicator=indicator, year=year, value=Decimal(value))
    return region, leader, office, indicator


def test_approval_tells_the_proposer_and_the_project_leaders_once(setting, django_capture_on_commit_callbacks):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(
        indicator=indicator, proposed_by=leader, reason="Krimp", targets={2014: Decimal("102.5"), 2015: 120}
    )
    with django_capture_on_commit_callbacks(execute=True):
        target_amendment_decide(amendment=amendment, decided_by=office, approve=True, note="Akkoord.")
    assert sorted(m.to[0] for m in mail.outbox) == ["pl2@t.example", "pl@t.example"]  # not the office, not partners
    message = next(m for m in mail.outbox if m.to == ["pl@t.example"])
    assert message.subject == "Change of agreement approved: DO1 Doorstroom vmbo-mbo (Noord & Oost)"
    assert "2014: 110 → 102.5" in message.body and "Note of the programme office:\nAkkoord." in message.body
    assert f"https://tt.example/regions/{region_key('noord-oost')}/#amendment-{amendment.pk}" in message.body
    dutch = next(m for m in mail.outbox if m.to == ["pl2@t.example"])
    assert "2014: 110 → 102,5" in dutch.body  # the Dutch decimal comma
    amendment.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        assert amendment_decided_queue(amendment=amendment) == 0
    assert len(mail.outbox) == 2


def test_refusal_says_the_targets_stay(setting, django_capture_on_commit_callbacks):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=office, reason="x", targets={2015: 90})
    with django_capture_on_commit_callbacks(execute=True):
        target_amendment_decide(amendment=amendment, decided_by=office, approve=False, note="Niet onderbouwd.")
    assert sorted(m.to[0] for m in mail.outbox) == ["pl2@t.example", "pl@t.example"]  # the office decided itself
    message = next(m for m in mail.outbox if m.to == ["pl@t.example"])
    assert message.subject == "Change of agreement refused: DO1 Doorstroom vmbo-mbo (Noord & Oost)"
    assert "The agreed targets stay as they were" in message.body and "2015: 120 → 90" in message.body


def test_a_withdrawal_or_a_refused_decision_mails_nobody(setting, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2015: 90})
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        target_amendment_decide(amendment=amendment, decided_by=office, approve=False, note="")
    with django_capture_on_commit_callbacks(execute=True):
        target_amendment_withdraw(amendment=amendment, actor=leader)
    assert mail.outbox == [] and not Notification.objects.exists()
