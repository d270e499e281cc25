"""Agreements are binding: targets of an agreed indicator change only through an amendment (proposed by the
region with a reason, decided by the office, kept for ever), and a year's targets freeze once that year's
report has been submitted."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import MonitorReport, Realisation
from monitoring.services import report_missing
from monitoring.tests.factories import MonitorReportFactory
from regions.models import Indicator, ProgrammeYear, Target, TargetAmendment
from regions.services import (
    indicator_update,
    target_amendment_decide,
    target_amendment_propose,
    target_amendment_withdraw,
)

from .factories import IndicatorFactory, RegionFactory, RegionRoleFactory, TargetFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    region = RegionFactory()
    leader = RegionRoleFactory(region=region, role="project_leader").user
    office = UserFactory(office=True)
    indicator = IndicatorFactory(region=region, code="DO1", unit="leerlingen")
    for year, value in ((2013, 100), (2014, 110), (2015, 120)):
        TargetFactory(indicator=indicator, year=year, value=Decimal(value))
    return region, leader, office, indicator


def _targets(indicator):
    return {t.year: t.value for t in Target.objects.filter(indicator=indicator)}


def _submit_report(region, year):
    programme_year, _created = ProgrammeYear.objects.get_or_create(
        programme=region.programme, year=year, defaults={"report_due_date": datetime.date(year + 1, 3, 1)}
    )
    return MonitorReportFactory(region=region, programme_year=programme_year, submitted=True)


def test_amendment_proposed_changes_nothing_until_the_office_approves(setting):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(
        indicator=indicator, proposed_by=leader, reason="Krimp in de regio", targets={2014: 100, 2015: 120}
    )
    assert amendment.status == TargetAmendment.Status.PROPOSED
    assert [(line.year, line.old_value, line.new_value) for line in amendment.lines.all()] == [
        (2014, Decimal(110), Decimal(100))
    ]  # only the year that changes
    assert _targets(indicator)[2014] == Decimal(110)

    target_amendment_decide(amendment=amendment, decided_by=office, approve=True, note="")
    amendment.refresh_from_db()
    assert amendment.status == TargetAmendment.Status.APPROVED and amendment.decided_by == office
    assert _targets(indicator) == {2013: Decimal(100), 2014: Decimal(100), 2015: Decimal(120)}
    line = amendment.lines.get()
    assert (line.old_value, line.new_value) == (Decimal(110), Decimal(100))  # the history keeps both


def test_amendment_refused_needs_a_note_and_changes_no_target(setting):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2015: 90})
    with pytest.raises(ValidationError) as error:
        target_amendment_decide(amendment=amendment, decided_by=office, approve=False, note=" ")
    assert "Say why the amendment is refused." in error.value.messages
    amendment.refresh_from_db()
    assert amendment.status == TargetAmendment.Status.PROPOSED

    target_amendment_decide(amendment=amendment, decided_by=office, approve=False, note="Niet onderbouwd")
    amendment.refresh_from_db()
    assert (amendment.status, amendment.decision_note) == (TargetAmendment.Status.REFUSED, "Niet onderbouwd")
    assert _targets(indicator)[2015] == Decimal(120)


def test_amendment_without_reason_or_change_is_refused(setting):
    region, leader, office, indicator = setting
    with pytest.raises(ValidationError) as error:
        target_amendment_propose(indicator=indicator, proposed_by=leader, reason="", targets={2015: 90})
    assert "Give the reason for the amendment." in error.value.messages
    with pytest.raises(ValidationError) as error:
        target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2015: 120})
    assert "Change the target of at least one year." in error.value.messages
    assert not TargetAmendment.objects.exists()


def test_amendment_of_a_frozen_year_is_refused(setting):
    region, leader, office, indicator = setting
    _submit_report(region, 2013)
    with pytest.raises(ValidationError) as error:
        target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2013: 80})
    assert "the monitor report of 2013 has been submitted" in " ".join(error.value.messages)
    assert not TargetAmendment.objects.exists()


def test_approval_refused_when_the_year_froze_after_the_proposal(setting):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2014: 90})
    _submit_report(region, 2014)
    with pytest.raises(ValidationError):
        target_amendment_decide(amendment=amendment, decided_by=office, approve=True, note="")
    amendment.refresh_from_db()
    assert amendment.status == TargetAmendment.Status.PROPOSED and _targets(indicator)[2014] == Decimal(110)


def test_one_open_amendment_per_indicator_and_withdrawal_keeps_it(setting):
    region, leader, office, indicator = setting
    first = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="x", targets={2015: 90})
    with pytest.raises(ValidationError):
        target_amendment_propose(indicator=indicator, proposed_by=leader, reason="y", targets={2015: 95})
    target_amendment_withdraw(amendment=first, actor=leader)
    first.refresh_from_db()
    assert first.status == TargetAmendment.Status.WITHDRAWN
    second = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="y", targets={2015: 95})
    assert TargetAmendment.objects.count() == 2 and second.status == TargetAmendment.Status.PROPOSED


def test_agreed_targets_cannot_be_overwritten_in_place(setting):
    region, leader, office, indicator = setting
    with pytest.raises(ValidationError) as error:
        indicator_update(
            indicator=indicator,
            targets={2013: 100, 2014: 50, 2015: 120},
            code=indicator.code,
            name=indicator.name,
            performance_area=indicator.performance_area,
        )
    assert "propose an amendment" in " ".join(error.value.messages)
    assert _targets(indicator)[2014] == Decimal(110)


def test_report_of_2013_is_judged_against_the_2013_target_after_a_2014_amendment(setting):
    region, leader, office, indicator = setting
    report = _submit_report(region, 2013)
    Realisation.objects.create(report=report, indicator=indicator, value=Decimal(95))
    amendment = target_amendment_propose(
        indicator=indicator, proposed_by=leader, reason="Nieuwe opleiding later", targets={2014: 90, 2015: 90}
    )
    target_amendment_decide(amendment=amendment, decided_by=office, approve=True, note="")
    assert _targets(indicator) == {2013: Decimal(100), 2014: Decimal(90), 2015: Decimal(90)}
    report = MonitorReport.objects.get(pk=report.pk)
    missing = report_missing(report=report)
    assert any("explain why the target (100) was not met" in line for line in missing)


def test_lower_is_better_is_judged_the_right_way(setting):
    region, leader, office, indicator = setting
    dropout = IndicatorFactory(region=region, code="UIT", direction=Indicator.Direction.LOWER, unit="%")
    TargetFactory(indicator=dropout, year=2013, value=Decimal(5))
    report = _submit_report(region, 2013)
    Realisation.objects.create(report=report, indicator=indicator, value=Decimal(100))
    Realisation.objects.create(report=report, indicator=dropout, value=Decimal(4))
    assert not any("target" in line for line in report_missing(report=report))
    Realisation.objects.filter(indicator=dropout).update(value=Decimal(6))
    assert any("UIT" in line and "≤ 5" in line for line in report_missing(report=report))


def test_region_page_shows_the_amendment_history(client, setting):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="Krimp", targets={2015: 95})
    target_amendment_decide(amendment=amendment, decided_by=office, approve=True, note="Akkoord")
    client.force_login(UserFactory(viewer=True))
    page = client.get(region.get_absolute_url()).content.decode()
    assert "Krimp" in page and "Akkoord" in page


def test_office_decides_through_the_page(client, setting):
    region, leader, office, indicator = setting
    amendment = target_amendment_propose(indicator=indicator, proposed_by=leader, reason="Krimp", targets={2015: 95})
    client.force_login(office)
    url = reverse("regions:amendment_decide", args=[amendment.pk])
    response = client.post(url, {"decision": "refuse", "note": ""})
    assert response.status_code == 200 and "Say why the amendment is refused." in response.content.decode()
    response = client.post(url, {"decision": "approve", "note": ""})
    assert response.status_code == 302
    assert _targets(indicator)[2015] == Decimal(95)


def test_project_leader_proposes_through_the_page_and_keeps_the_typed_reason(client, setting):
    region, leader, office, indicator = setting
    client.force_login(leader)
    url = reverse("regions:amendment_propose", args=[indicator.pk])
    response = client.post(url, {"reason": "Krimp", "target_2013": "100", "target_2014": "110", "target_2015": "120"})
    assert response.status_code == 200
    assert "Change the target of at least one year." in response.content.decode()
    assert "Krimp" in response.content.decode()
    response = client.post(url, {"reason": "Krimp", "target_2013": "100", "target_2014": "110", "target_2015": "99"})
    assert response.status_code == 302
    assert TargetAmendment.objects.get().lines.get().new_value == Decimal(99)
