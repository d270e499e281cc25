"""The "visit planned" mail: to the region's project leaders and penvoerders and the committee, once per
person, date and place, through the notification outbox after commit; a moved visit says so."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from audits.mails import _place_key, visit_planned_queue
from audits.services.visits import visit_plan
from audits.tests.factories import AssignmentFactory
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from toptechniek.common.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    class W:
        pass

    w = W()
    w.region = RegionFactory(name="Twente", slug="twente")
    w.year = ProgrammeYearFactory(programme=w.region.programme, year=2015)
    w.leader = UserFactory(email="pl@m.example", full_name="Petra Leider")
    RegionRoleFactory(user=w.leader, region=w.region, role=RegionRole.Role.PROJECT_LEADER)
    w.penvoerder = UserFactory(email="pv@m.example")
    RegionRoleFactory(user=w.penvoerder, region=w.region, role=RegionRole.Role.PENVOERDER)
    w.partner = UserFactory(email="partner@m.example")
    RegionRoleFactory(user=w.partner, region=w.region, role=RegionRole.Role.PARTNER)
    w.gone = UserFactory(email="gone@m.example", is_active=False)
    RegionRoleFactory(user=w.gone, region=w.region, role=RegionRole.Role.PROJECT_LEADER)
    other = RegionFactory(programme=w.region.programme, slug="zeeland", name="Zeeland")
    RegionRoleFactory(user=UserFactory(email="pl-other@m.example"), region=other, role=RegionRole.Role.PROJECT_LEADER)
    w.assessor = AssignmentFactory(region=w.region, programme_year=w.year, user__email="cf@m.example").user
    w.not_on_committee = AssignmentFactory(region=w.region, programme_year=w.year, user__email="cf2@m.example").user
    return w


def plan(w, **kwargs):
    return visit_plan(
        region=w.region,
        programme_year=w.year,
        date=kwargs.pop("date", datetime.date(2015, 10, 1)),
        place="Hengelo",
        committee=[w.assessor],
        **kwargs,
    )


def test_visit_planned_mails_leads_and_committee_once(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(w)
    assert sorted(m.to[0] for m in mail.outbox) == ["cf@m.example", "pl@m.example", "pv@m.example"]
    message = next(m for m in mail.outbox if m.to == ["pl@m.example"])
    assert message.subject == "Audit visit planned: Twente 2015"
    assert "Dear Petra Leider" in message.body and "Date: Thursday 1 October 2015" in message.body
    assert "Place: Hengelo" in message.body and "keep the date free" in message.body
    assert visit.get_absolute_url() in message.body
    assert message.alternatives and "Open the visit" in message.alternatives[0][0]
    assert set(Notification.objects.values_list("key", flat=True)) == {
        f"visit-planned:{visit.pk}:2015-10-01:{_place_key('Hengelo')}:user={u.pk}"
        for u in (w.leader, w.penvoerder, w.assessor)
    }
    # Queued again for the same date (a retry, a second call): nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        assert visit_planned_queue(visit=visit) == 0
    assert len(mail.outbox) == 3


def test_a_new_date_mails_again(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(w)
    mail.outbox.clear()
    visit.date = datetime.date(2015, 10, 8)
    visit.save(update_fields=["date"])
    with django_capture_on_commit_callbacks(execute=True):
        assert visit_planned_queue(visit=visit) == 3
    assert len(mail.outbox) == 3 and all("8 October 2015" in m.body for m in mail.outbox)


def test_a_refused_plan_mails_nobody(w, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        plan(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        plan(w, date=datetime.date(2015, 11, 1))  # a second visit in the same year
    assert mail.outbox == []
    assert Notification.objects.count() == 3


def test_moving_a_planned_visit_mails_the_new_date(w, django_capture_on_commit_callbacks):
    from audits.services.visits import visit_update_plan

    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_update_plan(visit=visit, date=datetime.date(2015, 10, 8), place=visit.place, committee=[w.assessor])
    assert len(mail.outbox) == 3 and all("8 October 2015" in m.body for m in mail.outbox)
    assert all(m.subject == "Audit visit moved: Twente 2015" for m in mail.outbox)
    assert "has a new date or place" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):  # saved again with the same date and place: no mail
        visit_update_plan(visit=visit, date=datetime.date(2015, 10, 8), place=" Hengelo ", committee=[w.assessor])
    assert len(mail.outbox) == 3
    with django_capture_on_commit_callbacks(execute=True):  # another place on the same date: mailed again
        visit_update_plan(visit=visit, date=datetime.date(2015, 10, 8), place="Enschede", committee=[w.assessor])
    assert len(mail.outbox) == 6 and all("Place: Enschede" in m.body for m in mail.outbox[3:])


def test_a_new_committee_member_is_told_without_moving_the_visit(w, django_capture_on_commit_callbacks):
    from audits.services.visits import visit_update_plan

    with django_capture_on_commit_callbacks(execute=True):
        visit = plan(w)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visit_update_plan(visit=visit, date=visit.date, place=visit.place, committee=[w.assessor, w.not_on_committee])
    assert [m.to for m in mail.outbox] == [["cf2@m.example"]]
    assert mail.outbox[0].subject == "Audit visit planned: Twente 2015"
    assert "prepare the visit with the region's monitor report and placemat" in mail.outbox[0].body


def test_the_visit_mail_in_dutch(w, django_capture_on_commit_callbacks):
    w.leader.language = "nl"
    w.leader.save()
    with django_capture_on_commit_callbacks(execute=True):
        plan(w)
    message = next(m for m in mail.outbox if m.to == ["pl@m.example"])
    assert message.subject == "Auditbezoek gepland: Twente 2015"
    assert message.body.startswith("Beste Petra Leider,") and "donderdag 1 oktober 2015" in message.body
