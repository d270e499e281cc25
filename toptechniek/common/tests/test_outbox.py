"""The one outbox: `notify` for many recipients, each person's preference per kind (immediately, daily
digest, off — never off for an essential kind), the digest, the sweep after a broker outage, the mail layout,
and the SITE_URL warnings."""

import datetime
import logging

import pytest
from django.core import mail
from django.core.checks import Warning as CheckWarning
from django.test import RequestFactory
from django.utils import timezone

from regions.tests.factories import UserFactory
from toptechniek.common import notifications, site_url
from toptechniek.common.models import Delivery, MailPreference, Notification
from toptechniek.common.notifications import MailKind, kind_register

pytestmark = pytest.mark.django_db
S = Notification.Status

# Two kinds for these tests, on the real templates of the peer-review mails (their text is not the point);
# meant for no real role, so no preferences page in the same test process lists them.
kind_register(
    MailKind(code="test_news", label="News", template="mail/review_confirmed", audience=frozenset({"test_audience"})),
    MailKind(
        code="test_must",
        label="Must",
        template="mail/review_confirmed",
        essential=True,
        audience=frozenset({"test_audience"}),
    ),
)


def context(title="Peer review Noord & Oost – Zwolle 2014", **extra):
    return {"review_title": title, "date": None, "place": "", "link": "https://tt.example/reviews/1/", **extra}


@pytest.fixture
def people():
    return [
        UserFactory(email="a@t.example", full_name="Anna", language="nl"),
        UserFactory(email="b@t.example", full_name="Bert", language="en"),
    ]


# --- notify -------------------------------------------------------------------------------------------


def test_notify_queues_one_row_per_person_once_and_sends_after_commit(people, django_capture_on_commit_callbacks):
    actor = UserFactory(email="actor@t.example")
    gone = UserFactory(email="gone@t.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        written = notifications.notify(
            kind="test_news",
            recipients=[*people, people[0], actor, gone],
            key="thing:7",
            context=context(),
            exclude=[actor],
        )
        assert mail.outbox == []  # nothing before the commit
    assert written == 2
    assert sorted(Notification.objects.values_list("key", flat=True)) == [
        f"thing:7:user={people[0].pk}",
        f"thing:7:user={people[1].pk}",
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["a@t.example", "b@t.example"]
    assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify(kind="test_news", recipients=people, key="thing:7", context=context()) == 0
    assert len(mail.outbox) == 2


def test_notify_with_a_context_per_person(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(
            kind="test_news", recipients=people, key="k", context=lambda user: context(title=f"Title {user.full_name}")
        )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"a@t.example": "Bevestigd: Title Anna", "b@t.example": "Confirmed: Title Bert"}


def test_an_unknown_kind_is_refused(people):
    with pytest.raises(LookupError):
        notifications.notify(kind="no_such_kind", recipients=people, key="k", context={})


# --- Preferences -----------------------------------------------------------------------------------------


def test_off_suppresses_a_non_essential_kind(people, django_capture_on_commit_callbacks):
    notifications.preference_set(user=people[0], choices={"test_news": Delivery.OFF})
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notify(kind="test_news", recipients=people, key="k", context=context()) == 2
    assert [m.to for m in mail.outbox] == [["b@t.example"]]
    row = Notification.objects.get(recipient=people[0])
    assert (row.status, row.delivery, row.sent_at) == (S.SUPPRESSED, Delivery.OFF, None)
    # Switching it on again does not send the old news, and the sweep leaves it alone.
    notifications.preference_set(user=people[0], choices={"test_news": Delivery.IMMEDIATE})
    later = timezone.now() + datetime.timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notification_sweep(now=later) == 0
    assert len(mail.outbox) == 1


def test_off_cannot_be_chosen_for_an_essential_kind(people, django_capture_on_commit_callbacks):
    with pytest.raises(ValueError, match="essential"):
        notifications.preference_set(user=people[0], choices={"test_must": Delivery.OFF})
    assert not MailPreference.objects.exists()
    # Even a stored "off" (say the kind became essential later) is read as "immediately".
    MailPreference.objects.create(user=people[0], kind="test_must", delivery=Delivery.OFF)
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(kind="test_must", recipients=people[:1], key="k", context=context())
    assert [m.to for m in mail.outbox] == [["a@t.example"]]


def test_the_default_is_immediately(people):
    kinds = [notifications.kind_get("test_news"), notifications.kind_get("test_must")]
    assert notifications.preferences_of(people[0], kinds) == {"test_news": "immediate", "test_must": "immediate"}


# --- The daily digest -------------------------------------------------------------------------------------


def _digest_world(people, django_capture_on_commit_callbacks):
    anna = people[0]
    notifications.preference_set(user=anna, choices={"test_news": Delivery.DIGEST, "test_must": Delivery.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(kind="test_news", recipients=people, key="one", context=context(title="First thing"))
        notifications.notify(
            kind="test_must",
            recipients=people,
            key="two",
            context=context(title="Second thing", due=datetime.date(2014, 3, 1), link="https://tt.example/two/"),
        )
    return anna


def test_digest_collects_the_days_items_into_one_mail_and_marks_them_sent(people, django_capture_on_commit_callbacks):
    anna = _digest_world(people, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == ["b@t.example", "b@t.example"]  # Bert: immediately
    items = Notification.objects.filter(recipient=anna).exclude(kind="digest")
    assert set(items.values_list("status", "delivery")) == {(S.PENDING, Delivery.DIGEST)}
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_build() == 1
    (digest_mail,) = mail.outbox
    assert digest_mail.to == ["a@t.example"]
    today = timezone.localdate()
    # In Anna's language (nl): the greeting, the items' subjects and the dates are Dutch.
    assert digest_mail.subject.startswith("Toptechniek: 2 ")
    body = digest_mail.body
    assert body.startswith("Beste Anna,")
    assert "- Bevestigd: First thing\n" in body and "- Bevestigd: Second thing (" in body and "1 maart 2014)" in body
    assert "https://tt.example/two/" in body
    html = digest_mail.alternatives[0][0]
    assert '<a href="https://tt.example/two/">Bevestigd: Second thing</a>' in html
    assert set(items.values_list("status", flat=True)) == {S.SENT}
    assert all(item.sent_at for item in items)
    digest = Notification.objects.get(kind="digest")
    assert digest.key == f"digest:{today.isoformat()}:user={anna.pk}" and digest.status == S.SENT
    assert set(items.values_list("digest", flat=True)) == {digest.pk}

    # Run again the same day: nothing more; what arrives later waits for tomorrow's digest.
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_build() == 0
        notifications.notify(kind="test_news", recipients=[anna], key="three", context=context(title="Third"))
        assert notifications.digest_build() == 0
    assert len(mail.outbox) == 1
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_build(now=tomorrow) == 1
    assert len(mail.outbox) == 2 and "Bevestigd: Third" in mail.outbox[1].body
    assert mail.outbox[1].subject.startswith("Toptechniek: 1 ")


def test_digest_in_english_for_an_english_reader(django_capture_on_commit_callbacks):
    bert = UserFactory(email="b@t.example", full_name="Bert", language="en")
    notifications.preference_set(user=bert, choices={"test_news": Delivery.DIGEST})
    with django_capture_on_commit_callbacks(execute=True):
        notifications.notify(kind="test_news", recipients=[bert], key="one", context=context(title="First thing"))
        notifications.digest_build()
    (message,) = mail.outbox
    assert message.subject.startswith("Toptechniek: 1 message of ")
    assert "Confirmed: First thing" in message.body and "The Toptechniek programme office" in message.body


def test_digest_task_is_scheduled_daily():
    from django.conf import settings

    entry = settings.CELERY_BEAT_SCHEDULE["daily-mail-digest"]
    assert entry["task"] == "toptechniek.common.tasks.task_digest_build"
    assert entry["schedule"].hour == {settings.MAIL_DIGEST_HOUR}
    assert settings.CELERY_BEAT_SCHEDULE["notification-outbox-sweep"]["schedule"] == 300


# --- A broker outage ---------------------------------------------------------------------------------------


def test_sweep_after_a_broker_outage_sends_each_once(people, broker_down, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the enqueue fails; the commit stands
        assert notifications.notify(kind="test_news", recipients=people, key="k", context=context()) == 2
    assert mail.outbox == [] and Notification.objects.filter(status=S.PENDING).count() == 2
    broker_down.conf.task_always_eager = True  # the broker is back
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.notification_sweep() == 0  # too young: may still be on its way
    later = timezone.now() + datetime.timedelta(minutes=10)
    for _run in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            notifications.notification_sweep(now=later)
    assert sorted(m.to[0] for m in mail.outbox) == ["a@t.example", "b@t.example"]
    assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}


def test_a_mail_server_that_keeps_failing_is_given_up_after_max_attempts(people, monkeypatch):
    row = notifications.notification_queue(key="k", kind="test_news", recipient=people[0], context=context())

    def fail(**kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr("toptechniek.common.mail.mail_send", fail)
    for _attempt in range(notifications.MAX_ATTEMPTS):
        with pytest.raises(OSError):
            notifications.notification_send(notification_id=row.pk)
    row.refresh_from_db()
    assert row.attempts == notifications.MAX_ATTEMPTS and row.status == S.PENDING
    later = timezone.now() + datetime.timedelta(minutes=10)
    assert notifications.notification_sweep(now=later) == 0


def test_a_mail_for_someone_deactivated_meanwhile_is_skipped(people):
    row = notifications.notification_queue(key="k", kind="test_news", recipient=people[0], context=context())
    people[0].is_active = False
    people[0].save()
    assert notifications.notification_send(notification_id=row.pk) is False
    row.refresh_from_db()
    assert row.status == S.SKIPPED and mail.outbox == []


# --- The mail itself -----------------------------------------------------------------------------------------


def test_layout_plain_text_unescaped_html_escaped_signed_with_settings_link(people, settings):
    settings.SITE_URL = "https://tt.example/"
    row = notifications.notification_queue(key="k", kind="test_news", recipient=people[1], context=context())
    notifications.notification_send(notification_id=row.pk)
    (message,) = mail.outbox
    assert message.subject == "Confirmed: Peer review Noord & Oost – Zwolle 2014"
    assert "Dear Bert," in message.body and "Noord & Oost" in message.body and "&amp;" not in message.body
    assert "Kind regards,\nThe Toptechniek programme office" in message.body
    assert "https://tt.example/accounts/mail-settings/" in message.body
    assert "\n\n\n" not in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and 'lang="en"' in html
    assert "Noord &amp; Oost" in html and 'href="https://tt.example/reviews/1/"' in html
    assert 'href="https://tt.example/accounts/mail-settings/"' in html


# --- SITE_URL ---------------------------------------------------------------------------------------------


def test_start_up_check_warns_when_site_url_is_not_an_allowed_host(settings):
    settings.ALLOWED_HOSTS = ["toptechniek.example.org"]
    settings.SITE_URL = "https://toptechniek.example.org"
    assert site_url.check_site_url() == []
    settings.SITE_URL = "http://127.0.0.1:8000"
    (warning,) = site_url.check_site_url()
    assert isinstance(warning, CheckWarning) and warning.id == "common.W001"
    settings.SITE_URL = "toptechniek.example.org"
    assert site_url.check_site_url()[0].id == "common.W001"


def test_first_request_at_another_host_is_logged_once(settings, caplog, monkeypatch):
    monkeypatch.setattr(site_url, "_seen", set())
    settings.ALLOWED_HOSTS = ["tt.example", "other.example"]
    settings.SITE_URL = "https://tt.example"
    middleware = site_url.SiteUrlCheckMiddleware(lambda request: "response")
    factory = RequestFactory()
    with caplog.at_level(logging.WARNING, logger="toptechniek.site_url"):
        middleware(factory.get("/", HTTP_HOST="tt.example", secure=True))
        assert caplog.records == []
        for _request in range(3):
            assert middleware(factory.get("/", HTTP_HOST="other.example")) == "response"
    (record,) = caplog.records
    assert "https://tt.example" in record.getMessage() and "http://other.example" in record.getMessage()
