"""The benchmark's and the load run's verdicts, and the benchmark's write measurement on a tiny programme."""

import importlib.util
from pathlib import Path

import pytest

from portal.management.commands import benchmark

ROOT = Path(__file__).resolve().parents[2]


def _out(**changes) -> dict:
    page = {"queries": 9, "median_ms": 40.0, "p95_ms": 80.0}
    write = {"with": {"median_ms": 30.0}, "without": {"median_ms": 20.0}, "added_ms": 10.0}
    out = {
        "regions": 1000,
        "pages": {
            "dashboard": dict(page),
            "dashboard_uncached": dict(page),
            "dashboard_small": {**page, "regions": 20},
            "region": dict(page),
            "report": dict(page),
            "export": {**page, "median_ms": 500.0},
            "export_csv": {**page, "median_ms": 200.0},
        },
        "writes": {"report_submit": dict(write), "placemat_publish": dict(write)},
    }
    for path, value in changes.items():
        *keys, last = path.split("__")
        target = out
        for key in keys:
            target = target[key]
        target[last] = value
    return out


def test_every_budget_has_one_verdict_line():
    verdicts = benchmark.check_budgets(_out())
    assert [v["budget"] for v in verdicts] == [
        "dashboard_after_write_median",
        "dashboard_after_write_p95",
        "dashboard_queries",
        "dashboard_queries_equal",
        "region_p95",
        "report_p95",
        "export_median",
        "export_csv_median",
        "report_submit_added",
        "placemat_publish_added",
    ]
    assert all(v["ok"] for v in verdicts)
    assert verdicts[0]["line"] == "PASS dashboard after a write: median 40.0 ms ≤ 60 ms"


def test_a_budget_over_its_limit_fails_and_says_so():
    verdicts = {
        v["budget"]: v
        for v in benchmark.check_budgets(
            _out(
                pages__dashboard_uncached__median_ms=61.0,
                pages__dashboard_small__queries=8,
                writes__placemat_publish__added_ms=15.1,
            )
        )
    }
    assert verdicts["dashboard_after_write_median"]["line"] == "FAIL dashboard after a write: median 61.0 ms > 60 ms"
    assert verdicts["dashboard_queries_equal"]["ok"] is False
    assert "≠" in verdicts["dashboard_queries_equal"]["line"]
    assert verdicts["placemat_publish_added"]["line"].startswith("FAIL score save (placemat publish): facts refresh")
    assert verdicts["report_p95"]["ok"] is True


def test_an_unmeasured_comparison_is_skipped():
    out = _out()
    del out["pages"]["dashboard_small"]
    verdict = next(v for v in benchmark.check_budgets(out) if v["budget"] == "dashboard_queries_equal")
    assert verdict["ok"] is None
    assert verdict["line"].startswith("SKIP ")


def _load_test():
    spec = importlib.util.spec_from_file_location("load_test", ROOT / "scripts" / "load_test.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_load_run_verdicts_per_kind():
    load_test = _load_test()
    figures = {
        "users": 50,
        "regions": 1000,
        "requests": 900,
        "failures": 0,
        "rps": 15.0,
        "kinds": {
            "dashboard (GET)": {"p95_ms": 120},
            "report page (GET)": {"p95_ms": 300},
        },
    }
    verdicts = load_test.verdicts(figures)
    assert [v["ok"] for v in verdicts] == [True, True, False]
    assert verdicts[0]["line"] == "PASS failures (50 users, 1000 regions): 0 of 900 requests (15.0 req/s)"
    assert verdicts[2]["line"] == "FAIL p95 report page (GET) (50 users, 1000 regions): 300 ms ≥ 300 ms"


@pytest.mark.django_db
def test_the_writes_are_measured_with_and_without_the_refresher():
    from toptechniek.common.facts import FACT_REFRESHERS

    refreshers = list(FACT_REFRESHERS)
    world = benchmark.build(regions=3, years=2, indicators=3, seed=1, log=lambda message: None)
    world["write_region"] = next(r for r in world["regions"][1:] if r.join_year == world["programme"].start_year)
    result = benchmark.measure_writes(world, runs=1)
    assert set(result["writes"]) == {"report_submit", "placemat_publish", "placemat_consolidate"}
    for figures in result["writes"].values():
        assert figures["with"]["median_ms"] > 0 and figures["without"]["median_ms"] > 0
    assert result["facts_refresh_ms"]["median_ms"] > 0
    assert FACT_REFRESHERS == refreshers  # put back after every run
    from monitoring.models import MonitorReport

    # Every run was rolled back: the prepared report is still a draft.
    assert MonitorReport.objects.get(region=world["write_region"], programme_year=world["programme_year"]).status == (
        MonitorReport.Status.DRAFT
    )
