"""The database connection is lost in the middle of a transition: the user gets an error page and no
half-written data is left (the service's transaction is rolled back by PostgreSQL)."""

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from monitoring.models import MonitorReport, ReportTransition
from monitoring.tests.factories import MonitorReportFactory
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from regions.tests.world import region_key
from toptechniek.common.models import Notification


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_connection_lost_mid_transition_gives_an_error_page_and_changes_nothing():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    region = RegionFactory(slug="twente")
    year = ProgrammeYearFactory(programme=region.programme, year=2013)
    report = MonitorReportFactory(region=region, programme_year=year, submitted=True)
    leader = UserFactory(email="pl@t.example")  # someone to mail, so the transition writes an outbox row
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    office = UserFactory(email="office@t.example", office=True)
    client = Client(raise_request_exception=False)
    client.force_login(office)
    settings_dict = connection.settings_dict
    killed = []

    def cut_the_line(execute, sql, params, many, context):
        # The history row and the new status are written; before the mail row goes in, the server drops
        # this connection: PostgreSQL must roll back both.
        if not killed and sql.startswith('INSERT INTO "common_notification"'):
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect(
                dbname=settings_dict["NAME"],
                host=settings_dict["HOST"] or "127.0.0.1",
                port=settings_dict["PORT"] or 5432,
                user=settings_dict["USER"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
            killed.append(pid)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_the_line):
        response = client.post(reverse("monitoring:report_transition", args=[region_key("twente"), 2013, "accept"]))
    assert killed, "the transition never reached the mail insert"
    assert response.status_code == 500
    connection.close()  # the test's own connection died with it; open a new one
    report = MonitorReport.objects.get(pk=report.pk)
    assert report.status == "submitted"
    assert not ReportTransition.objects.filter(report=report).exclude(to_status="submitted").exists()
    assert not Notification.objects.exists()
