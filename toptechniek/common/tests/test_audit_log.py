"""The audit log: logins, failed logins, changes and downloads, with who, when, what and from where;
append-only and readable by the office only."""

import pytest
from django.urls import reverse

from monitoring.tests.factories import MonitorReportFactory
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_failed_login_and_logout_are_logged_with_the_address(client):
    user = UserFactory(email="pl@t.example")
    user.set_password("right-password-123")
    user.save()
    client.post(reverse("accounts:login"), {"username": "pl@t.example", "password": "wrong"}, REMOTE_ADDR="203.0.113.7")
    client.post(
        reverse("accounts:login"),
        {"username": "pl@t.example", "password": "right-password-123"},
        REMOTE_ADDR="203.0.113.7",
    )
    client.post(reverse("accounts:logout"), REMOTE_ADDR="203.0.113.7")
    events = list(AuditEvent.objects.order_by("pk").values_list("kind", "actor_id", "object_label", "ip"))
    assert events == [
        ("login_failed", None, "username=pl@t.example", "203.0.113.7"),
        ("login", user.pk, "", "203.0.113.7"),
        ("logout", user.pk, "", "203.0.113.7"),
    ]


def test_a_workflow_transition_and_a_download_are_logged_a_refusal_is_not(client):
    region = RegionFactory(slug="twente")
    year = ProgrammeYearFactory(programme=region.programme, year=2013)
    MonitorReportFactory(region=region, programme_year=year, submitted=True)
    office = UserFactory(email="office@t.example", office=True)
    client.force_login(office)
    url = reverse("monitoring:report_transition", args=["twente", 2013, "accept"])
    assert client.post(url).status_code == 302
    assert client.get(reverse("monitoring:realisations_csv", args=[region.programme.slug, 2013])).status_code == 200
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.post(reverse("monitoring:report_transition", args=["twente", 2013, "reopen"])).status_code == 404
    events = list(
        AuditEvent.objects.exclude(kind="login")
        .order_by("pk")
        .values_list("kind", "actor_label", "action", "object_label")
    )
    assert events == [
        ("change", "office@t.example", "monitoring:report_transition", "action=accept slug=twente year=2013"),
        ("download", "office@t.example", "monitoring:realisations_csv", f"slug={region.programme.slug} year=2013"),
    ]


def test_the_log_is_append_only():
    event = AuditEvent.objects.create(at="2026-01-01T00:00Z", kind="change", action="x")
    event.action = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get().action == "x"


def test_only_the_office_reads_the_log_and_nothing_writes_it(client):
    AuditEvent.objects.create(at="2026-01-01T00:00Z", kind="change", action="audits:grant_decide", actor_label="a@b.c")
    leader = UserFactory()
    RegionRoleFactory(user=leader, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    assert client.get(reverse("accounts:audit_log")).status_code == 404
    client.force_login(UserFactory(office=True))
    page = client.get(reverse("accounts:audit_log"), {"what": "grant"})
    assert page.status_code == 200 and "audits:grant_decide" in page.content.decode()
    assert client.post(reverse("accounts:audit_log")).status_code == 405
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry
