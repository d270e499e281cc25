"""The kennisprogramma's pages: visibility (404 for what one may not see), forms that keep what was typed,
registration through the page, the region page's section, and flat query counts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from knowledge import selectors, services
from knowledge.models import Event, Registration
from regions.tests.factories import UserFactory
from toptechniek.common.testing import assert_flat_queries

from .factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _detail(event):
    return reverse("knowledge:event_detail", args=[event.pk])


def test_drafts_only_for_the_office(client, w):
    draft = EventFactory(programme=w.programme, title="Concept bijeenkomst")
    published = EventFactory(programme=w.programme, published=True, title="Open conferentie")
    client.force_login(w.leader)
    assert client.get(_detail(draft)).status_code == 404
    assert client.get(_detail(published)).status_code == 200
    page = client.get(reverse("knowledge:event_list")).content.decode()
    assert "Open conferentie" in page and "Concept bijeenkomst" not in page
    client.force_login(w.office)
    assert client.get(_detail(draft)).status_code == 200
    assert "Concept bijeenkomst" in client.get(reverse("knowledge:event_list")).content.decode()


def test_people_of_another_programme_do_not_see_the_event(client, w):
    event = EventFactory(programme=w.programme, published=True)
    client.force_login(w.stranger)
    assert client.get(_detail(event)).status_code == 404
    assert event.title not in client.get(reverse("knowledge:event_list")).content.decode()
    for who in (w.viewer, w.cf, w.partner):
        client.force_login(who)
        assert client.get(_detail(event)).status_code == 200


def test_empty_state(client, w):
    client.force_login(w.leader)
    page = client.get(reverse("knowledge:event_list")).content.decode()
    assert "There are no upcoming events." in page and "There are no past events yet." in page


def test_create_form_keeps_input_on_error(client, w):
    client.force_login(w.office)
    response = client.post(
        reverse("knowledge:event_create"),
        {
            "programme": w.programme.pk,
            "kind": "conference",
            "title": "Kennisconferentie Zwolle",
            "date": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "start_time": "16:00",
            "end_time": "10:00",
            "place": "Zwolle",
            "audience": ["project_leader"],
            "agenda": "Het programma van de dag",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "The event must end after it starts." in page
    assert 'value="Kennisconferentie Zwolle"' in page and "Het programma van de dag" in page
    assert not Event.objects.exists()


def test_create_publish_and_register_through_the_pages(client, w):
    client.force_login(w.office)
    response = client.post(
        reverse("knowledge:event_create"),
        {
            "programme": w.programme.pk,
            "kind": "meeting",
            "title": "Bijeenkomst projectleiders",
            "date": (TODAY + datetime.timedelta(days=10)).isoformat(),
            "start_time": "13:00",
            "end_time": "16:30",
            "place": "Amersfoort",
            "audience": ["project_leader", "penvoerder"],
            "capacity": "2",
            "agenda": "Leren van elkaar",
        },
    )
    event = Event.objects.get()
    assert response.status_code == 302 and response["Location"] == _detail(event)
    assert client.get(reverse("knowledge:event_publish", args=[event.pk])).status_code == 200  # the confirmation
    client.post(reverse("knowledge:event_publish", args=[event.pk]))
    event.refresh_from_db()
    assert event.status == "published" and event.invitations.count() == 4

    client.force_login(w.both)
    form = client.post(reverse("knowledge:event_register", args=[event.pk]), {})
    assert form.status_code == 200 and "Choose the region you come for." in form.content.decode()
    client.post(reverse("knowledge:event_register", args=[event.pk]), {"region": w.regions["friesland"].pk})
    client.force_login(w.leader)
    client.post(reverse("knowledge:event_register", args=[event.pk]), {})
    assert Registration.objects.filter(event=event).count() == 2
    client.force_login(w.pv)
    page = client.get(_detail(event)).content.decode()
    assert "This event is full: all places are taken." in page
    response = client.post(reverse("knowledge:event_register", args=[event.pk]), {}, follow=False)
    assert response.status_code == 200 and "This event is full: all 2 places are taken." in response.content.decode()


def test_attendance_page_records_and_region_page_shows_it(client, w):
    event = EventFactory(programme=w.programme, held=True, title="Werkbezoek Twente")
    event.invitations.create(user=w.pv)
    registration = RegistrationFactory(event=event, user=w.leader, region=w.regions["twente"])
    client.force_login(w.office)
    url = reverse("knowledge:attendance", args=[event.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"attended": [str(registration.pk)], "walk_ins": [str(w.pv.pk)]})
    assert response.status_code == 302
    assert set(Registration.objects.filter(event=event, attended=True).values_list("user", flat=True)) == {
        w.leader.pk,
        w.pv.pk,
    }
    client.force_login(w.partner)
    page = client.get(w.regions["twente"].get_absolute_url()).content.decode()
    assert 'id="knowledge"' in page and "Werkbezoek Twente" in page and w.leader.full_name in page


def test_material_is_seen_by_whoever_sees_the_event(client, w):
    event = EventFactory(programme=w.programme, held=True)
    services.material_link_add(actor=w.office, event=event, title="Presentaties", url="https://example.org/p")
    client.force_login(w.partner)
    assert "Presentaties" in client.get(_detail(event)).content.decode()


# --- Query counts -----------------------------------------------------------------------------------------


def test_event_list_queries_are_flat(client, w):
    client.force_login(w.leader)
    EventFactory(programme=w.programme, published=True)
    EventFactory(programme=w.programme, held=True)
    assert_flat_queries(
        client,
        reverse("knowledge:event_list"),
        grow=lambda: (
            EventFactory(programme=w.programme, published=True),
            EventFactory(programme=w.programme, held=True),
        ),
    )


def test_event_page_queries_are_flat(client, w):
    event = EventFactory(programme=w.programme, held=True)
    client.force_login(w.office)
    RegistrationFactory(event=event, user=w.leader, region=w.regions["twente"])
    assert_flat_queries(
        client,
        _detail(event),
        grow=lambda: RegistrationFactory(event=event, user=UserFactory(), region=w.regions["friesland"]),
    )


@pytest.mark.parametrize("n", [1, 3])
def test_selectors_cost_a_fixed_number_of_queries(w, django_assert_max_num_queries, n):
    region = w.regions["twente"]
    for i in range(n):
        event = EventFactory(programme=w.programme, held=True, date=TODAY - datetime.timedelta(days=i + 1))
        event.invitations.create(user=w.leader)
        RegistrationFactory(event=event, user=UserFactory(), region=region, attended=True)
        RegistrationFactory(event=event, user=UserFactory(), region=w.regions["friesland"], attended=True)
    with django_assert_max_num_queries(1):
        rows = selectors.region_attendance(region=region)
    assert len(rows) == n
    with django_assert_max_num_queries(2):
        table = selectors.programme_year_attendance(programme=w.programme, year=TODAY.year, today=TODAY)
    assert {r.slug: r.n_events for r in table.regions}["twente"] == sum(
        1 for i in range(n) if (TODAY - datetime.timedelta(days=i + 1)).year == TODAY.year
    )
    with django_assert_max_num_queries(2):
        selectors.todos_for_user(user=w.office, today=TODAY)
    with django_assert_max_num_queries(3):
        lists = selectors.event_lists(user=w.office, today=TODAY, page=1)
        list(lists.past)
    assert len(lists.past) == n


def test_a_closed_programme_shows_its_events_but_takes_no_registration(client, w):
    from regions.services import programme_close

    event = EventFactory(programme=w.programme, published=True)
    programme_close(programme=w.programme, actor=w.office)
    client.force_login(w.leader)
    assert client.get(_detail(event)).status_code == 200
    assert client.post(reverse("knowledge:event_register", args=[event.pk]), {}).status_code == 404
    client.force_login(w.office)
    assert client.get(reverse("knowledge:event_update", args=[event.pk])).status_code == 404
    assert not Registration.objects.exists()


def test_the_invitation_mail_links_to_the_event(w, django_capture_on_commit_callbacks, mailoutbox):
    event = EventFactory(programme=w.programme, audience=["penvoerder"], title="Werkbezoek Brainport")
    with django_capture_on_commit_callbacks(execute=True):
        services.event_publish(actor=w.office, event=event)
    (message,) = mailoutbox
    assert message.to == [w.pv.email] and "Werkbezoek Brainport" in message.subject
    assert _detail(event) in message.body and "Utrecht, Jaarbeurs" in message.body


def test_texts_are_shown_as_text(client, w):
    payload = '<script>alert("x")</script>'
    event = EventFactory(programme=w.programme, published=True, title=f"Conferentie {payload}", agenda=payload)
    services.material_link_add(actor=w.office, event=event, title=payload, url="https://example.org/x")
    client.force_login(w.leader)
    for url in (_detail(event), reverse("knowledge:event_list")):
        page = client.get(url).content.decode()
        assert payload not in page and "&lt;script&gt;" in page
