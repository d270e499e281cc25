"""The dashboard's figures are cached under a data version, and never served stale after a change."""

import re

import pytest
from django.apps import apps
from django.urls import reverse

from dashboard import cache as dashboard_cache
from dashboard.models import DataVersion
from monitoring.models import MonitorReport
from toptechniek.common.testing import queries_in

from .test_dashboard import _board, _own, _rows, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_second_view_is_served_from_the_cache(client, world):  # noqa: F811
    client.force_login(world["office"])
    url = reverse("dashboard:dashboard")
    with queries_in() as first:
        assert client.get(url, {"year": 2013}).status_code == 200
    with queries_in() as second:
        assert client.get(url, {"year": 2013}).status_code == 200
    assert len(_own(second)) < len(_own(first))
    assert len(second) <= 10  # the budget, session and user included


def test_a_change_is_seen_at_once(world):  # noqa: F811
    assert _rows(_board(world))["Charlie"].status == "submitted"
    version = DataVersion.objects.get().value
    report = MonitorReport.objects.get(region=world["regions"]["charlie"], programme_year__year=2013)
    report.status = "accepted"
    report.save()
    assert DataVersion.objects.get().value == version + 1
    assert _rows(_board(world))["Charlie"].status == "accepted"
    report.delete()
    assert _rows(_board(world))["Charlie"].status == "not_started"


def test_without_the_version_row_nothing_is_cached(world):  # noqa: F811
    DataVersion.objects.all().delete()
    assert dashboard_cache.current_version() is None
    calls = []
    for _ in range(2):
        dashboard_cache.cached(
            name="t", parts=(), today=__import__("datetime").date(2026, 1, 1), compute=lambda: calls.append(1)
        )
    assert len(calls) == 2
    dashboard_cache.data_changed()  # the next write recreates it
    assert DataVersion.objects.get().value == 1


def test_every_table_the_figures_read_is_watched(world):  # noqa: F811
    """A new table in the figures' SQL without a receiver would serve stale figures: fail instead."""
    years = world["years"]
    with queries_in() as queries:
        from dashboard.selectors import _compute_region_figures

        _compute_region_figures(programme=world["programme"], programme_year=years[2013])
    tables = {t for sql in queries for t in re.findall(r'(?:FROM|JOIN) "([a-z_]+)"', sql)}
    by_table = {m._meta.db_table: m for m in apps.get_models()}
    read = {by_table[t] for t in tables if t in by_table}
    assert read, "no tables found in the figures' SQL"
    missing = sorted(m._meta.label for m in read - set(dashboard_cache.watched_models()))
    assert not missing, f"the dashboard reads these models without invalidating on their writes: {missing}"
