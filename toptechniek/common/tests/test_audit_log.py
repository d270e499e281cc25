"""The audit log: logins, failed logins, changes and downloads, with who, when, what and from where, in words;
nothing for refused or invalid requests; append-only in the model and in PostgreSQL; readable by the office only."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import translation

from monitoring.tests.factories import MonitorReportFactory
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from regions.tests.world import region_key
from toptechniek.common.audit import audit_change, audit_fields, audit_text
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
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.kind, e.actor_id, e.ip) for e in events] == [
        ("login_failed", None, "203.0.113.7"),
        ("login", user.pk, "203.0.113.7"),
        ("logout", user.pk, "203.0.113.7"),
    ]
    with translation.override("en"):
        assert [audit_text(e) for e in events] == ["Failed login for pl@t.example", "Logged in", "Logged out"]


@pytest.fixture
def twente_2013():
    region = RegionFactory(slug="twente", name="Twente")
    year = ProgrammeYearFactory(programme=region.programme, year=2013)
    return MonitorReportFactory(region=region, programme_year=year, submitted=True)


def test_a_transition_is_logged_by_its_service_in_words_with_the_actor_and_address(client, twente_2013):
    office = UserFactory(email="office@t.example", office=True)
    client.force_login(office)
    url = reverse("monitoring:report_transition", args=[region_key("twente"), 2013, "accept"])
    assert client.post(url, REMOTE_ADDR="198.51.100.4").status_code == 302
    event = AuditEvent.objects.get(kind="change")
    assert (event.actor_id, event.actor_label, event.ip, event.path) == (
        office.pk,
        "office@t.example",
        "198.51.100.4",
        url,
    )
    assert event.action == "monitoring.report_accept"
    assert "Twente" in event.object_label and "2013" in event.object_label
    with translation.override("en"):
        text = audit_text(event)
    assert "Twente" in text and "2013" in text and "accepted" in text


def test_a_download_is_logged_in_words(client, twente_2013):
    client.force_login(UserFactory(email="office@t.example", office=True))
    slug = twente_2013.region.programme.slug
    assert client.get(reverse("monitoring:realisations_csv", args=[slug, 2013])).status_code == 200
    event = AuditEvent.objects.get(kind="download")
    assert event.action == "monitoring:realisations_csv" and event.object_label.startswith(f"{slug} 2013 ")
    assert event.object_label.endswith(".csv")
    with translation.override("en"):
        assert audit_text(event) == f"{slug} 2013: realisations exported (CSV)"


def test_a_dashboard_export_names_its_programme_and_year(client, twente_2013):
    client.force_login(UserFactory(office=True))
    slug = twente_2013.region.programme.slug
    assert client.get(reverse("dashboard:export_csv"), {"programme": slug, "year": 2013}).status_code == 200
    event = AuditEvent.objects.get(kind="download")
    with translation.override("nl"):
        assert audit_text(event) == f"{slug} 2013: dashboard geëxporteerd (CSV)"


def test_a_pdf_still_being_prepared_is_no_download(client, twente_2013, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(UserFactory(office=True))
    # In a test transaction the render queued on commit never runs: the page says "being prepared" and polls.
    response = client.get(reverse("monitoring:report_pdf", args=[region_key("twente"), 2013]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert not AuditEvent.objects.filter(kind="download").exists()


def test_refused_anonymous_and_invalid_requests_log_nothing(client, twente_2013):
    accept = reverse("monitoring:report_transition", args=[region_key("twente"), 2013, "accept"])
    # Anonymous: redirected to the login page, no change.
    assert client.post(accept).status_code == 302
    # No access: 404.
    client.force_login(UserFactory())
    assert (
        client.post(reverse("monitoring:report_transition", args=[region_key("twente"), 2013, "reopen"])).status_code
        == 404
    )
    # The office, but a form with errors (reopening needs a reason): re-rendered, no change.
    client.force_login(UserFactory(office=True))
    twente_2013.status = twente_2013.Status.ACCEPTED
    twente_2013.save()
    reopen = reverse("monitoring:report_transition", args=[region_key("twente"), 2013, "reopen"])
    assert client.post(reopen, {"comment": ""}).status_code == 200
    # A transition the state does not allow: refused, no change.
    assert client.post(accept).status_code == 404
    assert AuditEvent.objects.filter(kind="change").count() == 0


def test_a_change_rolled_back_is_not_logged():
    actor = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_change(action="test.thing", message="%(region)s: changed", params={"region": "Twente"}, actor=actor)
        raise RuntimeError("the change fails after the log call")
    assert not AuditEvent.objects.exists()


def test_changed_fields_are_stored_as_source_texts_and_read_in_the_readers_language():
    from django.utils.translation import gettext_lazy

    actor = UserFactory()
    event = audit_change(
        action="test.thing",
        message="%(region)s: changed",
        params={"region": "Twente"},
        actor=actor,
        fields=[gettext_lazy("full name"), gettext_lazy("language")],
    )
    assert event.params["fields"] == ["full name", "language"]
    with translation.override("nl"):
        assert audit_fields(event) == [translation.gettext("full name"), translation.gettext("language")]
        assert audit_fields(event) == ["volledige naam", "taal"]


def test_coalesced_autosaves_log_once_per_person_object_and_fields():
    actor = UserFactory()
    common = {"action": "test.save", "message": "%(region)s: saved", "params": {"region": "Twente"}, "actor": actor}
    assert audit_change(**common, object_label="Twente 2015", fields=["reflection"], coalesce=True) is not None
    assert audit_change(**common, object_label="Twente 2015", fields=["reflection"], coalesce=True) is None
    assert audit_change(**common, object_label="Twente 2015", fields=["ambition"], coalesce=True) is not None
    assert audit_change(**common, object_label="Zwolle 2015", fields=["ambition"], coalesce=True) is not None
    assert AuditEvent.objects.count() == 3


def test_an_admin_change_is_logged_from_the_admins_own_log(client):
    admin_user = UserFactory(email="admin@t.example", office=True, is_staff=True, is_superuser=True)
    client.force_login(admin_user)
    response = client.post(reverse("admin:auth_group_add"), {"name": "Redactie"})
    assert response.status_code == 302 and Group.objects.filter(name="Redactie").exists()
    event = AuditEvent.objects.get(kind="change")
    assert event.actor_id == admin_user.pk and event.object_label == "Redactie"
    with translation.override("en"):
        assert audit_text(event) == "Admin: group “Redactie” added"


def test_the_log_is_append_only():
    event = AuditEvent.objects.create(at="2026-01-01T00:00Z", kind="change", action="x")
    event.action = "y"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    assert AuditEvent.objects.get().action == "x"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_the_database_refuses_to_update_or_delete_the_log():
    event = AuditEvent.objects.create(at="2026-01-01T00:00Z", kind="change", action="x")
    for statement in (
        "UPDATE common_auditevent SET action = 'y' WHERE id = %s",
        "DELETE FROM common_auditevent WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(statement, [event.pk])
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="y")
    assert AuditEvent.objects.get().action == "x"


def test_deleting_a_person_keeps_their_events():
    person = UserFactory(email="gone@t.example")
    audit_change(action="test.thing", message="%(region)s: changed", params={"region": "Twente"}, actor=person)
    person.delete()
    event = AuditEvent.objects.get()
    assert event.actor_label == "gone@t.example"


def test_only_the_office_reads_the_log_and_nothing_writes_it(client):
    AuditEvent.objects.create(
        at="2026-01-01T00:00Z",
        kind="change",
        action="audits.grant_decide",
        message="%(region)s: grant %(year)s decided",
        params={"region": "Twente", "year": 2015},
        object_label="Twente 2015",
        actor_label="a@b.c",
    )
    leader = UserFactory()
    RegionRoleFactory(user=leader, role=RegionRole.Role.PROJECT_LEADER)
    client.force_login(leader)
    assert client.get(reverse("accounts:audit_log")).status_code == 404
    client.force_login(UserFactory(office=True, language="en"))
    page = client.get(reverse("accounts:audit_log"), {"what": "twente"}, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Twente: grant 2015 decided" in html and "audits.grant_decide" not in html
    assert client.post(reverse("accounts:audit_log")).status_code == 405
    from django.contrib import admin

    assert AuditEvent not in admin.site._registry


def test_dates_and_amounts_read_in_the_readers_format():
    event = audit_change(
        action="test.grant",
        message="%(region)s: grant %(year)s decided at € %(amount)s on %(date)s",
        params={"region": "Twente", "year": 2015, "amount": "83000.00", "date": "2015-06-05"},
        actor=UserFactory(),
    )
    with translation.override("nl"):
        assert audit_text(event) == "Twente: grant 2015 decided at € 83.000 on 5 juni 2015"
    with translation.override("en"):
        assert audit_text(event) == "Twente: grant 2015 decided at € 83,000 on June 5, 2015"


def test_nothing_is_logged_while_changes_are_suppressed():
    from toptechniek.common.audit import audit_suppressed

    with audit_suppressed():
        assert audit_change(action="test.thing", message="x", actor=UserFactory()) is None
    assert audit_change(action="test.thing", message="x", actor=UserFactory()) is not None
    assert AuditEvent.objects.count() == 1
