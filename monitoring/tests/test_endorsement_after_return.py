"""A returned or reopened report is endorsed again: the earlier "endorsed by" does not stay on it."""

import pytest
from django.core.exceptions import ValidationError

from monitoring import services
from regions.models import RegionRole
from regions.tests.factories import RegionPartnerFactory, RegionRoleFactory, UserFactory

from .factories import MonitorReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def endorsed():
    leader, penvoerder = UserFactory(), UserFactory()
    report = MonitorReportFactory(awaiting=True, submitted_by=leader)
    RegionRoleFactory(user=leader, region=report.region, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=penvoerder, region=report.region, role=RegionRole.Role.PENVOERDER)
    RegionPartnerFactory(region=report.region, penvoerder=True)
    report = services.report_endorse(report=report, actor=penvoerder)
    assert report.endorsed_by == penvoerder and report.endorsed_at is not None
    return report


def test_returning_a_report_clears_its_endorsement(endorsed):
    report = services.report_return(report=endorsed, actor=UserFactory(office=True), comment="Vul de 0-meting aan.")
    report.refresh_from_db()
    assert (report.status, report.endorsed_by, report.endorsed_at) == ("returned", None, None)


def test_reopening_an_accepted_report_clears_its_endorsement(endorsed):
    office = UserFactory(office=True)
    services.report_accept(report=endorsed, actor=office)
    report = services.report_reopen(report=endorsed, actor=office, reason="Cijfers gecorrigeerd door DUO.")
    report.refresh_from_db()
    assert (report.status, report.endorsed_by, report.endorsed_at) == ("returned", None, None)


def test_a_refused_return_keeps_the_endorsement(endorsed):
    with pytest.raises(ValidationError):
        services.report_return(report=endorsed, actor=UserFactory(office=True), comment="  ")
    endorsed.refresh_from_db()
    assert endorsed.endorsed_by is not None
