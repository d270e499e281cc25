"""The monitor report's hand-over mails, through the outbox: who gets what at each transition, once per key,
in their own language, with the office's comment, the due date and an absolute link."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from monitoring import services
from monitoring.mails import report_mails_queue
from monitoring.models import MonitorReport
from monitoring.tests.editing import report_fill_completely
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)
from regions.tests.world import region_key
from toptechniek.common.models import Notification
from toptechniek.common.testing import World

pytestmark = pytest.mark.django_db
DUE = datetime.date(2030, 3, 1)


@pytest.fixture
def w(settings):
    settings.SITE_URL = "https://tt.example"
    w = World()
    w.region = RegionFactory(name="Noord & Oost", slug="noord-oost")
    w.year = ProgrammeYearFactory(programme=w.region.programme, year=2013, report_due_date=DUE)
    RegionPartnerFactory(region=w.region, penvoerder=True)
    w.leader = UserFactory(email="pl@t.example", full_name="Pia Leider", language="nl")
    w.penvoerder = UserFactory(email="pv@t.example", full_name="Piet Voerder", language="en")
    w.partner = UserFactory(email="partner@t.example")
    w.office = UserFactory(email="office@t.example", full_name="Olga Office", office=True, language="en")
    RegionRoleFactory(user=w.leader, region=w.region, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=w.penvoerder, region=w.region, role=RegionRole.Role.PENVOERDER)
    RegionRoleFactory(user=w.partner, region=w.region, role=RegionRole.Role.PARTNER)
    indicator = IndicatorFactory(region=w.region, code="IN1", name="Instroom")
    TargetFactory(indicator=indicator, year=2013, value=Decimal("110"))
    report = services.report_get_or_create(region=w.region, year=2013, user=w.leader)
    report = report_fill_completely(report=report, indicator=indicator, leader=w.leader)
    w.report = report
    return w


def to(*addresses):
    return sorted(addresses)


def sent_to(messages=None):
    return sorted(m.to[0] for m in (mail.outbox if messages is None else messages))


def by(address):
    return next(m for m in mail.outbox if m.to == [address])


def test_submitted_for_endorsement_asks_the_penvoerder_by_the_due_date(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=w.report, actor=w.leader)
    assert sent_to() == ["pv@t.example"]  # not the submitter, not the partner, not the office yet
    message = mail.outbox[0]
    assert message.subject == "Please endorse the monitor report Noord & Oost 2013"  # English: his language
    assert "Pia Leider has submitted the monitor report 2013 of Noord & Oost." in message.body
    assert "endorse it" in message.body and "1 March 2030" in message.body
    assert f"https://tt.example/regions/{region_key('noord-oost')}/reports/2013/" in message.body
    assert "You receive this mail as penvoerder of Noord & Oost." in message.body
    assert "submitted" not in message.subject.lower()  # no raw status values
    (row,) = Notification.objects.all()
    step = w.report.transitions.get()
    assert (row.kind, row.key) == (
        "report_awaiting_endorsement",
        f"report-awaiting-endorsement:{step.pk}:user={w.penvoerder.pk}",
    )
    # Queued again for the same transition (a retry): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert report_mails_queue(step=step, report=w.report) == 0
    assert len(mail.outbox) == 1


def test_endorsed_goes_to_the_office_to_review_and_tells_the_project_leader(w, django_capture_on_commit_callbacks):
    services.report_submit(report=w.report, actor=w.leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_endorse(report=w.report, actor=w.penvoerder, comment="Mooi werk.")
    assert sent_to() == ["office@t.example", "pl@t.example"]
    office = by("office@t.example")
    assert office.subject == "Monitor report Noord & Oost 2013 is in: please review it"
    assert "endorsed by Piet Voerder, penvoerder" in office.body and "accept it, or return it" in office.body
    leader = by("pl@t.example")  # Dutch
    assert leader.body.startswith("Beste Pia Leider,")
    assert "Mooi werk." in leader.body
    assert set(Notification.objects.values_list("kind", flat=True)) == {
        "report_awaiting_endorsement",
        "report_submitted",
        "report_endorsed",
    }


def test_returned_asks_the_project_leader_with_the_offices_comment(w, django_capture_on_commit_callbacks):
    w.leader.language = "en"
    w.leader.save()
    services.report_submit(report=w.report, actor=w.leader)
    services.report_endorse(report=w.report, actor=w.penvoerder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=w.report, actor=w.office, comment="Licht IN1 toe.\nEn de reflectie.")
    assert sent_to() == ["pl@t.example"]
    message = mail.outbox[0]
    assert message.subject == "Monitor report Noord & Oost 2013 returned: please revise it"
    assert "The programme office has returned the monitor report 2013 of Noord & Oost" in message.body
    assert "Comment of the programme office:\nLicht IN1 toe.\nEn de reflectie." in message.body
    assert "Please revise the report and submit it again.\nThe report is due on 1 March 2030." in message.body
    html = message.alternatives[0][0]
    assert "Licht IN1 toe.<br>En de reflectie." in html


def test_returned_after_the_due_date_says_as_soon_as_you_can(w, django_capture_on_commit_callbacks):
    w.leader.language = "en"
    w.leader.save()
    services.report_submit(report=w.report, actor=w.leader)
    services.report_endorse(report=w.report, actor=w.penvoerder)
    w.year.report_due_date = timezone.localdate() - datetime.timedelta(days=3)
    w.year.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=w.report, actor=w.office, comment="Aanvullen.")
    assert "has passed, so please submit it as soon as you can" in mail.outbox[0].body


def test_declined_endorsement_goes_back_to_the_project_leader(w, django_capture_on_commit_callbacks):
    w.leader.language = "en"
    w.leader.save()
    services.report_submit(report=w.report, actor=w.leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_decline_endorsement(report=w.report, actor=w.penvoerder, comment="Reflectie aanscherpen.")
    assert sent_to() == ["pl@t.example"]
    message = mail.outbox[0]
    assert "Piet Voerder, penvoerder of Noord & Oost, has not endorsed" in message.body
    assert "Comment of the penvoerder:\nReflectie aanscherpen." in message.body


def test_accepted_and_reopened(w, django_capture_on_commit_callbacks):
    services.report_submit(report=w.report, actor=w.leader)
    services.report_endorse(report=w.report, actor=w.penvoerder)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_accept(report=w.report, actor=w.office)
    assert sent_to() == ["pl@t.example", "pv@t.example"]
    assert by("pv@t.example").subject == "Monitor report Noord & Oost 2013 accepted"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_reopen(report=w.report, actor=w.office, reason="IN1 klopt niet.")
    assert sent_to() == ["pl@t.example"]
    assert Notification.objects.filter(kind="report_returned", context__reopened=True).count() == 1


def test_straight_to_the_office_without_penvoerder(w, django_capture_on_commit_callbacks):
    w.region.partners.update(is_penvoerder=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=w.report, actor=w.leader)
    assert sent_to() == ["office@t.example"]
    assert "Pia Leider has submitted the monitor report 2013 of Noord & Oost." in mail.outbox[0].body


def test_each_resubmission_is_a_new_hand_over(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.report_submit(report=w.report, actor=w.leader)
        services.report_decline_endorsement(report=w.report, actor=w.penvoerder, comment="Nog niet.")
        services.report_submit(report=w.report, actor=w.leader)
    assert sent_to() == ["pl@t.example", "pv@t.example", "pv@t.example"]
    assert Notification.objects.filter(kind="report_awaiting_endorsement").count() == 2


def test_a_refused_transition_mails_nobody(w, django_capture_on_commit_callbacks):
    from django.core.exceptions import ValidationError

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.report_accept(report=w.report, actor=w.office)  # still a draft
    assert mail.outbox == [] and not Notification.objects.exists()
    assert w.report.status == MonitorReport.Status.DRAFT
