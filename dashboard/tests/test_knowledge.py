"""The dashboard's table of the kennisprogramma: the events held in the year and, per region, how many of them
its people attended; flat in queries as regions and events grow."""

import datetime

import pytest
from django.urls import reverse

from knowledge.tests.factories import EventFactory, RegistrationFactory
from regions.tests.factories import RegionFactory, UserFactory
from regions.tests.world import world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return world_build(programme={"slug": "ttib"}, years=(2013,), regions=("alpha", "bravo"))


def _held(w, day: int, *regions):
    event = EventFactory(programme=w.programme, published=True, date=datetime.date(2013, 5, day))
    for region in regions:
        RegistrationFactory(event=event, user=UserFactory(), region=region, attended=True)
    return event


def test_dashboard_shows_events_held_and_attendance_per_region(client, w):
    alpha, bravo = w.regions["alpha"], w.regions["bravo"]
    _held(w, 1, alpha, alpha, bravo)
    _held(w, 2, alpha)
    EventFactory(programme=w.programme, date=datetime.date(2013, 6, 1))  # a draft: not held
    client.force_login(w.viewer)
    page = client.get(reverse("dashboard:dashboard"), {"year": 2013}).content.decode()
    assert 'id="knowledge-heading"' in page and "2 events held this year" in page
    table = page.split('id="knowledge-heading"')[1]
    assert ">2 / 2<" in table and ">3<" in table  # alpha: both events, three people
    assert ">1 / 2<" in table  # bravo: one event


def test_the_table_costs_the_same_with_more_regions_and_events(client, w):
    client.force_login(w.office)
    url = reverse("dashboard:dashboard")
    _held(w, 1, w.regions["alpha"])
    client.get(url, {"year": 2013})
    one = queries_of(client, url, data={"year": 2013})
    for n in range(2):
        region = RegionFactory(programme=w.programme, slug=f"extra-{n}", name=f"Extra {n}")
        _held(w, n + 2, region, w.regions["bravo"])
    assert queries_of(client, url, data={"year": 2013}) == one
