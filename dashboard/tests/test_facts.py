"""The facts behind the national picture: rebuilt and checked by command, equal to a fresh computation on
the demo and on constructed data, never stale for a reader on another connection."""

import threading
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from audits.tests.factories import FollowUpActionFactory
from dashboard import selectors
from dashboard.models import RegionYearFact, TotalFact
from dashboard.services import _stored, facts_check, facts_rebuild, facts_refresh
from monitoring.models import MonitorReport
from monitoring.tests.test_workflow import fill_completely
from monitoring.tests.test_workflow import world as workflow_world  # noqa: F401 - the fixture
from toptechniek.common.facts import FACT_REFRESHERS

from .test_dashboard import world  # noqa: F401 - the constructed programme


def test_demo_facts_agree_with_a_fresh_computation(db):
    call_command("seed_demo", stdout=None)
    assert RegionYearFact.objects.exists() and TotalFact.objects.exists()
    call_command("rebuild_facts", "--check", stdout=None)  # exits 0
    # A change made around the services is found, and a rebuild repairs it.
    MonitorReport.objects.filter(status=MonitorReport.Status.ACCEPTED).update(status=MonitorReport.Status.DRAFT)
    with pytest.raises(CommandError) as failed:
        call_command("rebuild_facts", "--check", stdout=None)
    assert failed.value.returncode == 1
    call_command("rebuild_facts", stdout=None)
    call_command("rebuild_facts", "--check", stdout=None)


def test_facts_of_the_constructed_programme_are_its_figures(world):  # noqa: F811
    assert facts_check() == []
    years = {py.year: py for py in world["years"].values()}
    alpha = RegionYearFact.objects.get(region=world["regions"]["alpha"], programme_year=years[2013])
    assert (alpha.report_status, alpha.settled, alpha.on_track, alpha.behind) == ("accepted", True, 2, 1)
    assert (alpha.behind_twice_settled, alpha.gap_count, alpha.has_dropped, alpha.has_review) == (1, 1, True, True)
    assert alpha.judgement == "attention" and alpha.grant_status == "decided"
    assert alpha.open_action_dues == ["2014-06-01"]
    # Echo stopped (rows kept, never flagged); Foxtrot joined in 2014: no 2013 row.
    assert RegionYearFact.objects.filter(region__slug="echo", programme_year=years[2013]).exists()
    assert not RegionYearFact.objects.filter(region__slug="foxtrot", programme_year=years[2013]).exists()
    # A percentage indicator's line holds the region's mean; the counted lines their sums.
    lines = {
        (f.kind, f.key): (f.indicators, f.realised, f.target)
        for f in TotalFact.objects.filter(region=world["regions"]["alpha"], programme_year=years[2013])
    }
    assert lines[("route", "vakmanschap")] == (1, Decimal("120"), Decimal("100"))
    assert lines[("route", "beide")] == (1, Decimal("70"), Decimal("60"))


def test_check_names_the_difference_and_rebuild_repairs_it(world):  # noqa: F811
    MonitorReport.objects.filter(region=world["regions"]["charlie"]).update(status=MonitorReport.Status.ACCEPTED)
    FollowUpActionFactory(visit=world["regions"]["alpha"].visits.get(), due_date="2015-01-01")
    differences = facts_check()
    described = "\n".join(d.describe() for d in differences)
    assert "report_status stored 'submitted', fresh 'accepted'" in described
    assert "earliest_open_action_due" not in described  # the earlier due date stays the earliest
    assert "open_action_dues" in described
    facts_rebuild()
    assert facts_check() == []


def test_refresh_reads_as_the_orm_and_updates_changed_rows_in_place(world):  # noqa: F811
    """The refresh reads in plain SQL: the stored rows it reads are the ORM's, value for value and type for
    type (dates, datetimes, decimals, booleans, JSON on either database). Nothing changed: nothing written.
    A report's new status: its region-year and that year's totals lines updated in place, two statements.
    More different changes than that: deleted and inserted again."""
    regions = [r.pk for r in world["regions"].values()]
    years, totals = _stored(region_ids=regions)
    for stored, model in ((years, RegionYearFact), (totals, TotalFact)):
        orm = {row["id"]: row for row in model.objects.filter(region_id__in=regions).values()}
        assert {row["id"]: row for row in stored.values()} == orm
        assert {(pk, k): type(v) for pk, row in orm.items() for k, v in row.items()} == {
            (row["id"], k): type(v) for row in stored.values() for k, v in row.items()
        }
    assert any(row["first_submitted_at"] for row in years.values())
    assert any(row["grant_proposed"] for row in years.values()) and any(row["scores"] for row in years.values())

    alpha = world["regions"]["alpha"]
    py = next(py for py in world["years"].values() if py.year == 2013)
    with CaptureQueriesContext(connection) as quiet:
        facts_refresh(region_ids=[alpha.pk])
    assert [q["sql"] for q in quiet.captured_queries if not q["sql"].startswith("SELECT")] == []

    fact = RegionYearFact.objects.get(region=alpha, programme_year=py)
    lines = set(TotalFact.objects.filter(region=alpha, programme_year=py, settled=True).values_list("pk", flat=True))
    assert fact.settled and lines
    MonitorReport.objects.filter(region=alpha, programme_year=py).update(status=MonitorReport.Status.RETURNED)
    with CaptureQueriesContext(connection) as changed:
        facts_refresh(region_ids=[alpha.pk])
    assert [q["sql"].split()[0] for q in changed.captured_queries if not q["sql"].startswith("SELECT")] == [
        "UPDATE",
        "UPDATE",
    ]
    after = RegionYearFact.objects.get(region=alpha, programme_year=py)
    assert (after.pk, after.report_status, after.settled) == (fact.pk, "returned", False)
    assert set(TotalFact.objects.filter(region=alpha, programme_year=py).values_list("pk", flat=True)) == lines
    assert not TotalFact.objects.filter(pk__in=lines, settled=True).exists()
    assert facts_check() == []

    # Three regions, each its own change: their region-year rows deleted and inserted again (two statements,
    # however many rows); alpha's totals lines, all alike, updated in place.
    statuses = {"alpha": "accepted", "charlie": "accepted", "delta": "draft"}
    for slug, status in statuses.items():
        MonitorReport.objects.filter(region=world["regions"][slug], programme_year=py).update(status=status)
    with CaptureQueriesContext(connection) as several:
        facts_refresh(region_ids=[world["regions"][slug].pk for slug in statuses])
    assert [q["sql"].split()[0] for q in several.captured_queries if not q["sql"].startswith("SELECT")] == [
        "DELETE",
        "INSERT",
        "UPDATE",
    ]
    assert facts_check() == []


def test_rebuild_of_an_unknown_programme_is_refused(db):
    with pytest.raises(CommandError, match="No programme"):
        call_command("rebuild_facts", "--programme", "nope", stdout=None)


def test_facts_bootstrap_after_migrate_builds_missing_facts(world):  # noqa: F811
    RegionYearFact.objects.all().delete()
    TotalFact.objects.all().delete()
    from dashboard.services import facts_bootstrap

    facts_bootstrap()
    assert facts_check() == []


def _status_on_another_connection(region_id: int, year: int) -> str:
    """The dashboard's report status of a region, read by the selectors on a connection of its own (as a
    second web process would)."""
    found = {}

    def read():
        try:
            years = selectors.programme_years()
            py = next(p for p in years if p.year == year)
            board = selectors.dashboard(
                programme_year=py, years=years, filters=selectors.Filters(), paginate=False, with_totals=False
            )
            found["status"] = next(r.status for r in board.rows if r.region.pk == region_id)
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return found["status"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_reader_on_another_connection_never_sees_a_stale_figure(workflow_world):  # noqa: F811
    w = workflow_world
    assert FACT_REFRESHERS  # the dashboard's refresher is registered
    report = fill_completely(w)
    facts_rebuild()
    region_id = w.region.pk
    assert _status_on_another_connection(region_id, 2013) == "draft"
    with transaction.atomic():
        from monitoring import services

        services.report_submit(report=report, actor=w.leader)
        # Not committed: the other connection still sees the draft, with its old facts.
        assert _status_on_another_connection(region_id, 2013) == "draft"
    # Committed: the change and its facts together.
    assert _status_on_another_connection(region_id, 2013) == "awaiting_endorsement"
    assert facts_check() == []
