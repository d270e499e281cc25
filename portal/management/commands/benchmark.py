"""Scale benchmark of the national dashboard, the region pages, a report page, the exports and the cost
of keeping the dashboard's facts current.

    python manage.py benchmark --regions 1000 --years 10 --indicators 20 [--requests 30] [--writes 30]
                               [--compare-small 20] [--json PATH] [--strict]

It never touches your data: it creates a throwaway database of its own with Django's test-database
machinery — on PostgreSQL a fresh database with a unique name next to the configured one (DATABASE_URL),
on SQLite a temporary file — migrates it, fills it with a synthetic programme through bulk_create
(reports in every state with realisations and self-assessments, published and open placemats with
scores, audit visits in every state with follow-up actions, grants proposed and decided, peer reviews
in every state), builds the dashboard's facts from it (`dashboard.services.facts_rebuild`, timed:
`facts_build_s`), measures, and drops it at the end, also after an error or Ctrl-C.

Measured, through the Django test client as a logged-in programme-office user:

- per page (`pages`): the number of SQL queries of one request, and the median and 95th percentile of
  the server time of --requests requests (`python_cpu_ms`: the median CPU time of this process in it);
- `dashboard_uncached`: the dashboard right after a real write each time — before every timed request a
  follow-up action is toggled through `audits.services.visits.action_toggle_done` (which refreshes that
  region's facts and commits), cycling over the regions; only the GET is timed;
- `dashboard_small` (with --compare-small N): the dashboard of a second, small programme ("bench-small",
  N regions) built in the same database: its query count must equal the large one's;
- `floor_ms`: the median time of the dashboard's own SQL statements (those of one dashboard request minus
  the session and user look-ups: the facts read) run straight on the database cursor, rows fetched — the
  database work the page cannot do without;
- `writes`: what the facts refresh adds to a write, for a report submission (`monitoring.services.
  report_submit` of a complete draft by its project leader) and the office publishing the consolidated
  scores (`audits.services.scoring.placemat_publish`); `placemat_consolidate` (saving the consolidated
  scores of an open placemat, which refreshes nothing) for comparison. Each service runs --writes times
  inside `transaction.atomic()` rolled back, alternately with the refresher registered and with
  `toptechniek.common.facts.FACT_REFRESHERS` emptied; `added_ms` is the difference of the medians
  (`added_p95_ms` of the p95s), `refresh_ms` the refresher's own time inside the write (median, p95).
  The commit is not timed (rolled back);
- `facts_refresh_ms`: `dashboard.services.facts_refresh(region_ids=[one region])` alone, rolled back.

One JSON object goes to stdout (and to --json PATH); progress, then one verdict line per budget
(`PASS …` / `FAIL …`), to stderr. The exit status is 0 (a measurement) unless --strict and a budget failed.
"""

import datetime
import hashlib
import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

# The budgets (1,000 regions x 10 years x 20 indicators on PostgreSQL).
BUDGETS = {
    "dashboard_after_write_median_ms": 60,
    "dashboard_after_write_p95_ms": 150,
    "dashboard_queries": 10,
    "page_p95_ms": 100,  # the region page and the report page
    "export_xlsx_median_ms": 600,
    "export_csv_median_ms": 250,
    "write_added_ms": 15,  # median, per write that refreshes facts
}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


class Command(BaseCommand):
    help = "Build a synthetic programme in a throwaway database and time the dashboard, pages, exports and writes."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--writes", type=int, default=30, help="runs per write service, with and without")
        parser.add_argument(
            "--compare-small",
            type=int,
            default=0,
            metavar="N",
            help="also build a programme of N regions and compare its dashboard query count",
        )
        parser.add_argument("--seed", type=int, default=2012)
        parser.add_argument("--json", dest="json_path", default="")
        parser.add_argument("--strict", action="store_true", help="exit status 1 when a budget failed")

    def handle(
        self, *args, regions, years, indicators, requests, writes, compare_small, seed, json_path, strict, **options
    ):
        db = settings.DATABASES["default"]
        vendor = connection.vendor
        tmpdir = None
        test_settings = db.setdefault("TEST", {})
        old_test_name = test_settings.get("NAME")
        if vendor == "sqlite":
            tmpdir = tempfile.TemporaryDirectory(prefix="tt-bench-")
            test_settings["NAME"] = str(Path(tmpdir.name) / "bench.sqlite3")
        else:
            test_settings["NAME"] = f"tt_bench_{uuid.uuid4().hex[:12]}"
        old_name = db["NAME"]
        log(f"benchmark: throwaway {vendor} database {test_settings['NAME']}")
        source = _source()
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        try:
            started = time.perf_counter()
            world = build(regions=regions, years=years, indicators=indicators, seed=seed, log=log)
            build_s = time.perf_counter() - started
            small = None
            if compare_small:
                small = build(
                    regions=compare_small, years=years, indicators=indicators, seed=seed, log=log, slug="bench-small"
                )
            log(f"benchmark: built in {build_s:.1f} s (facts {world['facts_build_s']:.1f} s); measuring")
            load_before = round(os.getloadavg()[0], 2)
            if load_before > (os.cpu_count() or 1):
                log(f"benchmark: load average {load_before} on {os.cpu_count()} CPUs: the times will be high")
            with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, TWO_FACTOR_REQUIRED=False):
                result = measure(world, small=small, requests=requests, writes=writes)
            load_after = round(os.getloadavg()[0], 2)
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0, keepdb=False)
            if old_test_name is None:
                test_settings.pop("NAME", None)
            else:
                test_settings["NAME"] = old_test_name
            if tmpdir is not None:
                tmpdir.cleanup()
        out = {
            "regions": regions,
            "years": years,
            "indicators": indicators,
            "database": vendor,
            "build_s": round(build_s, 1),
            "facts_build_s": round(world["facts_build_s"], 2),
            "facts_rows": world["facts_rows"],
            "requests": requests,
            "floor_ms": result["floor_ms"],
            "pages": result["pages"],
            "writes": result["writes"],
            "facts_refresh_ms": result["facts_refresh_ms"],
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "source": source,
        }
        verdicts = check_budgets(out)
        out["budgets"] = verdicts
        text = json.dumps(out)
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(text + "\n")
        self.stdout.write(text)
        self.stdout.flush()
        for verdict in verdicts:
            log(verdict["line"])
        if strict and not all(v["ok"] for v in verdicts if v["ok"] is not None):
            sys.exit(1)


def _source() -> dict:
    """What was measured: the commit, and a digest of the dashboard's services and selectors as they are
    on disk (uncommitted changes included)."""
    root = Path(settings.BASE_DIR)
    try:
        commit = subprocess.run(  # noqa: S603 - fixed arguments
            ["git", "rev-parse", "--short", "HEAD"],  # noqa: S607
            cwd=root,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
    except OSError:
        commit = ""
    out = {"commit": commit}
    for name in ("dashboard/services.py", "dashboard/selectors.py"):
        path = root / name
        out[name] = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else None
    return out


def _verdict(name: str, ok: bool | None, line: str) -> dict:
    """`line` states the budget with "≤"; a failed one reads ">"."""
    word = "SKIP" if ok is None else ("PASS" if ok else "FAIL")
    if ok is False:
        line = line.replace(" ≤ ", " > ")
    return {"budget": name, "ok": ok, "line": f"{word} {line}"}


def check_budgets(out: dict) -> list[dict]:
    """One verdict per budget of the issue: {"budget", "ok" (None: not measured), "line"}."""
    b = BUDGETS
    pages = out["pages"]
    after = pages["dashboard_uncached"]
    verdicts = [
        _verdict(
            "dashboard_after_write_median",
            after["median_ms"] <= b["dashboard_after_write_median_ms"],
            f"dashboard after a write: median {after['median_ms']} ms ≤ {b['dashboard_after_write_median_ms']} ms",
        ),
        _verdict(
            "dashboard_after_write_p95",
            after["p95_ms"] <= b["dashboard_after_write_p95_ms"],
            f"dashboard after a write: p95 {after['p95_ms']} ms ≤ {b['dashboard_after_write_p95_ms']} ms",
        ),
        _verdict(
            "dashboard_queries",
            max(after["queries"], pages["dashboard"]["queries"]) <= b["dashboard_queries"],
            f"dashboard queries: {max(after['queries'], pages['dashboard']['queries'])} ≤ {b['dashboard_queries']}",
        ),
    ]
    small = pages.get("dashboard_small")
    if small is None:
        verdicts.append(
            _verdict(
                "dashboard_queries_equal",
                None,
                "dashboard queries equal at small and large: not measured (--compare-small N)",
            )
        )
    else:
        equal = small["queries"] == pages["dashboard"]["queries"]
        verdicts.append(
            _verdict(
                "dashboard_queries_equal",
                equal,
                f"dashboard queries equal: {small['queries']} at {small['regions']} regions "
                f"{'=' if equal else '≠'} {pages['dashboard']['queries']} at {out['regions']} regions",
            )
        )
    for key, label in (("region", "region page"), ("report", "report page")):
        verdicts.append(
            _verdict(
                f"{key}_p95",
                pages[key]["p95_ms"] <= b["page_p95_ms"],
                f"{label}: p95 {pages[key]['p95_ms']} ms ≤ {b['page_p95_ms']} ms",
            )
        )
    for key, label, limit in (
        ("export", "XLSX export", b["export_xlsx_median_ms"]),
        ("export_csv", "CSV export", b["export_csv_median_ms"]),
    ):
        verdicts.append(
            _verdict(
                f"{key}_median",
                pages[key]["median_ms"] <= limit,
                f"{label} of {out['regions']} regions: median {pages[key]['median_ms']} ms ≤ {limit} ms",
            )
        )
    for key, label in (("report_submit", "report submit"), ("placemat_publish", "score save (placemat publish)")):
        write = out["writes"].get(key)
        if write is None:
            verdicts.append(_verdict(f"{key}_added", None, f"{label}: not measured"))
            continue
        verdicts.append(
            _verdict(
                f"{key}_added",
                write["added_ms"] <= b["write_added_ms"],
                f"{label}: facts refresh adds {write['added_ms']} ms ≤ {b['write_added_ms']} ms (median "
                f"{write['with']['median_ms']} ms with, {write['without']['median_ms']} ms without; the refresh "
                f"itself {(write.get('refresh_ms') or {}).get('median_ms', '?')} ms)",
            )
        )
    return verdicts


# --- Building the synthetic programme -------------------------------------------------------------


def build(*, regions: int, years: int, indicators: int, seed: int, log, slug: str = "bench") -> dict:
    """The synthetic programme (`slug`), loaded with bulk_create around the services, then its facts built
    (`facts_rebuild`, timed: `facts_build_s`) as after any load that bypasses the services."""
    from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
    from dashboard.services import facts_rebuild
    from monitoring.models import MonitorReport, Realisation, SelfAssessment
    from peerreviews.models import PeerReview
    from regions.models import Indicator, Programme, ProgrammeYear, Region, RegionRole, Target
    from regions.services import framework_install
    from toptechniek.accounts.models import User

    rng = random.Random(seed)
    now = timezone.now()
    batch = 5000
    start = 2012
    programme = Programme.objects.create(
        name=f"Bench programme {slug}", slug=slug, start_year=start, end_year=start + years - 1
    )
    framework_install(programme=programme)
    themes = list(programme.placemat_themes.order_by("kind", "number"))
    areas = [t for t in themes if t.kind == "performance"]
    pyears = ProgrammeYear.objects.bulk_create(
        [
            ProgrammeYear(programme=programme, year=y, report_due_date=datetime.date(y + 1, 3, 1))
            for y in range(start, start + years)
        ]
    )
    landsdelen = list(programme.landsdelen.order_by("position"))[:4]
    region_objs = []
    for n in range(regions):
        status = "stopped" if n % 50 == 7 else ("suspended" if n % 50 == 13 else "active")
        join = start if n % 10 else start + min(years - 1, 1 + n % 3)
        region_objs.append(
            Region(
                programme=programme,
                name=f"Regio {n:04d}",
                slug=f"regio-{n:04d}" if slug == "bench" else f"{slug}-regio-{n:04d}",
                landsdeel=landsdelen[n % len(landsdelen)],
                join_year=join,
                status=status,
            )
        )
    region_objs = Region.objects.bulk_create(region_objs, batch_size=batch)
    log(f"benchmark: {slug}: {len(region_objs)} regions")
    office = User.objects.create_user(email=f"office@{slug}.example", password="bench-only", full_name="Office")
    office.global_role = User.GlobalRole.PROGRAMME_OFFICE
    office.save()
    leader = User.objects.create_user(email=f"pl@{slug}.example", password="bench-only", full_name="Leader")
    RegionRole.objects.create(user=leader, region=region_objs[0], role="project_leader")

    routes = list(programme.routes.order_by("position"))[:3]
    indicator_objs = []
    for region in region_objs:
        for i in range(indicators):
            indicator_objs.append(
                Indicator(
                    region=region,
                    code=f"I{i:02d}",
                    name=f"Indicator {i}",
                    performance_area=areas[i % len(areas)],
                    route=routes[i % len(routes)],
                    unit="%" if i % 10 == 9 else "leerlingen",
                    baseline_value=Decimal(100 + i),
                    baseline_year=start - 1,
                    status="agreed" if i % 20 != 19 else "proposed",
                )
            )
    indicator_objs = Indicator.objects.bulk_create(indicator_objs, batch_size=batch)
    targets = {}
    target_objs = []
    for ind in indicator_objs:
        for k, py in enumerate(pyears):
            value = Decimal(int(ind.baseline_value) + 5 * (k + 1))
            targets[(ind.pk, py.year)] = value
            target_objs.append(Target(indicator=ind, year=py.year, value=value))
    Target.objects.bulk_create(target_objs, batch_size=batch)
    log(f"benchmark: {len(indicator_objs)} indicators, {len(target_objs)} targets")
    del target_objs

    by_region: dict[int, list] = {}
    for ind in indicator_objs:
        by_region.setdefault(ind.region_id, []).append(ind)

    # Reports: earlier years mostly accepted; the last years in every state; some regions never start.
    report_objs = []
    last = pyears[-1].year
    states = ["draft", "awaiting_endorsement", "submitted", "returned", "accepted"]
    for region in region_objs:
        for py in pyears:
            if py.year < region.join_year or rng.random() < 0.05:
                continue
            if py.year >= last - 1:
                status = states[rng.randrange(len(states))]
            else:
                status = "accepted" if rng.random() < 0.9 else rng.choice(states)
            submitted = status in ("submitted", "returned", "accepted")
            late = submitted and rng.random() < 0.2
            report_objs.append(
                MonitorReport(
                    region=region,
                    programme_year=py,
                    status=status,
                    reflection_works="Werkt.",
                    first_submitted_at=now if submitted else None,
                    submitted_at=now if submitted else None,
                    accepted_at=now if status == "accepted" else None,
                    is_late=late,
                )
            )
    report_objs = MonitorReport.objects.bulk_create(report_objs, batch_size=batch)
    log(f"benchmark: {len(report_objs)} reports")
    real_objs, self_objs = [], []
    year_of = {py.pk: py.year for py in pyears}
    for report in report_objs:
        year = year_of[report.programme_year_id]
        for ind in by_region[report.region_id]:
            if rng.random() < 0.05:
                real_objs.append(
                    Realisation(report=report, indicator=ind, not_applicable=True, explanation="Geen meting")
                )
                continue
            target = targets[(ind.pk, year)]
            value = (target * Decimal(rng.uniform(0.8, 1.25))).quantize(Decimal("1"))
            real_objs.append(Realisation(report=report, indicator=ind, value=value))
        for theme in themes:
            self_objs.append(SelfAssessment(report=report, theme=theme, score=rng.randint(1, 4)))
        if len(real_objs) > 50000:
            Realisation.objects.bulk_create(real_objs, batch_size=batch)
            real_objs = []
    Realisation.objects.bulk_create(real_objs, batch_size=batch)
    SelfAssessment.objects.bulk_create(self_objs, batch_size=batch)
    log(f"benchmark: realisations and {len(self_objs)} self-assessments")
    del self_objs, real_objs

    # Placemats: published for most submitted reports, open for some; visits, actions, grants.
    placemat_objs, visit_objs, grant_objs = [], [], []
    for report in report_objs:
        if report.first_submitted_at is None:
            continue
        published = rng.random() < 0.85
        placemat_objs.append(
            Placemat(
                region_id=report.region_id,
                programme_year_id=report.programme_year_id,
                status="published" if published else "open",
                version=1 if published else 0,
                published_at=now if published else None,
            )
        )
        vstate = rng.choice(["planned", "held", "reported", "reported", "reported"])
        visit_objs.append(
            AuditVisit(
                region_id=report.region_id,
                programme_year_id=report.programme_year_id,
                date=datetime.date(year_of[report.programme_year_id], 10, 1),
                place="Hengelo",
                status=vstate,
                judgement=rng.choice(["on_track", "attention", "worrying"]) if vstate == "reported" else "",
                reported_at=now if vstate == "reported" else None,
            )
        )
        decided = rng.random() < 0.6
        amount = Decimal(rng.randrange(40000, 100000, 1000))
        grant_objs.append(
            StimulusGrant(
                region_id=report.region_id,
                programme_year_id=report.programme_year_id,
                proposed_amount=amount,
                status="decided" if decided else "proposed",
                decided_amount=amount if decided else None,
                decided_at=now if decided else None,
            )
        )
    placemat_objs = Placemat.objects.bulk_create(placemat_objs, batch_size=batch)
    score_objs = [
        ConsolidatedScore(placemat=p, theme=t, score=rng.randint(1, 4), key_remark="")
        for p in placemat_objs
        for t in themes
    ]
    ConsolidatedScore.objects.bulk_create(score_objs, batch_size=batch)
    visit_objs = AuditVisit.objects.bulk_create(visit_objs, batch_size=batch)
    action_objs = [
        FollowUpAction(
            visit=v,
            description="Actie",
            owner="Projectleider",
            due_date=v.date + datetime.timedelta(days=rng.randrange(30, 400)),
            done=rng.random() < 0.6,
        )
        for v in visit_objs
        if v.status != "planned"
        for _ in range(rng.randint(0, 2))
    ]
    FollowUpAction.objects.bulk_create(action_objs, batch_size=batch)
    StimulusGrant.objects.bulk_create(grant_objs, batch_size=batch)
    log(f"benchmark: {len(placemat_objs)} placemats, {len(visit_objs)} visits, {len(grant_objs)} grants")
    del score_objs, action_objs, grant_objs

    # Peer reviews: each year a third of the regions hosts one, in every state; some internal.
    review_states = ["proposed", "preparing", "held", "reported", "closed", "cancelled"]
    review_objs = []
    for py in pyears:
        eligible = [r for r in region_objs if r.join_year <= py.year]
        for k, region in enumerate(eligible):
            if rng.random() > 0.33:
                continue
            internal = k % 10 == 0
            peer = None if internal else eligible[(k + 1 + rng.randrange(len(eligible) - 1)) % len(eligible)]
            if peer is not None and peer.pk == region.pk:
                continue
            review_objs.append(
                PeerReview(
                    programme_year=py,
                    kind="internal" if internal else "external",
                    host_region=region,
                    peer_region=peer,
                    host_subproject="A" if internal else "",
                    peer_subproject="B" if internal else "",
                    status=review_states[rng.randrange(len(review_states))],
                )
            )
    PeerReview.objects.bulk_create(review_objs, batch_size=batch)
    log(f"benchmark: {len(review_objs)} peer reviews")
    started = time.perf_counter()
    facts_rows = facts_rebuild(programme_id=programme.pk)
    facts_build_s = time.perf_counter() - started
    log(f"benchmark: {slug}: facts of {facts_rows} region-years rebuilt in {facts_build_s:.2f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The region and report measured: the first region, in the last year it has a submitted report.
    region = region_objs[0]
    report = (
        MonitorReport.objects.filter(region=region, first_submitted_at__isnull=False)
        .select_related("programme_year")
        .order_by("-programme_year__year")
        .first()
    )
    dashboard_year = max(py.year for py in pyears if py.report_due_date <= timezone.localdate())
    return {
        "office": office,
        "leader": leader,
        "region": region,
        "regions": region_objs,
        "report_year": report.programme_year.year if report else pyears[0].year,
        "year": dashboard_year,
        "programme_year": next(py for py in pyears if py.year == dashboard_year),
        "programme": programme,
        "facts_build_s": facts_build_s,
        "facts_rows": facts_rows,
    }


# --- Measuring -------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(_percentile(times, 0.95), 1)}


def _time_page(client: Client, url: str, requests: int, *, before: Callable[[int], None] | None = None) -> dict:
    """Query count of one request; median and p95 over `requests`. `before(i)`, when given, runs before
    the i-th timed request and is not timed (a write the request then has to show)."""
    client.get(url)  # warm (templates, URL resolver)
    queries = _statements(client, url)
    times, cpu = [], []
    for i in range(requests):
        if before is not None:
            before(i)
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    # python_cpu_ms: this process's CPU time (Python, templates, drivers; not the database server's) —
    # what is left of the page when the machine is busy with other work.
    return {"queries": len(queries), **_summary(times), "python_cpu_ms": round(statistics.median(cpu), 1)}


def _statements(client: Client, url: str) -> list[tuple[str, object]]:
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return statements


def _floor(client: Client, url: str, requests: int) -> float:
    """Median time of the dashboard's own SQL — the facts read: one request's statements minus the session
    and user look-ups — run straight on the cursor, rows fetched: the database work the page cannot do
    without."""
    skip = ("django_session", '"accounts_user"', "otp_", "axes_")
    own = [(s, p) for s, p in _statements(client, url) if not any(k in s for k in skip)]
    times = []
    with connection.cursor() as cursor:
        for _ in range(requests):
            started = time.perf_counter()
            for sql, params in own:
                cursor.execute(sql, params)
                cursor.fetchall()
            times.append((time.perf_counter() - started) * 1000)
    return round(statistics.median(times), 1)


def _toggler(world: dict, count: int) -> Callable[[int], None]:
    """A real write before each request: toggle a follow-up action (`action_toggle_done`, which refreshes
    that region's facts and commits), each time of another region."""
    from audits.models import FollowUpAction
    from audits.services.visits import action_toggle_done

    actions = []
    seen = set()
    for action in (
        FollowUpAction.objects.filter(visit__region__programme=world["programme"])
        .select_related("visit")
        .order_by("visit__region_id", "pk")
    ):
        if action.visit.region_id not in seen:
            seen.add(action.visit.region_id)
            actions.append(action)
        if len(actions) >= max(1, count):
            break
    assert actions, "no follow-up actions to toggle"
    write_times = []

    def before(i: int) -> None:
        started = time.perf_counter()
        action_toggle_done(action=actions[i % len(actions)])
        write_times.append((time.perf_counter() - started) * 1000)

    before.write_times = write_times
    return before


# --- Writes: what the facts refresh adds ------------------------------------------------------------


def _rolled_back(fn: Callable[[], object], *, refresh: bool, inside: list[float] | None = None) -> float:
    """Run `fn` in a transaction that is rolled back, with or without the facts refreshers; milliseconds.
    With `inside`, the refreshers' own time in it is appended there."""
    from toptechniek.common.facts import FACT_REFRESHERS

    saved = list(FACT_REFRESHERS)
    spent = []

    def timed(refresher):
        def run(**kwargs):
            started = time.perf_counter()
            try:
                return refresher(**kwargs)
            finally:
                spent.append((time.perf_counter() - started) * 1000)

        return run

    FACT_REFRESHERS[:] = [timed(r) for r in saved] if refresh else []
    try:
        with transaction.atomic():
            started = time.perf_counter()
            fn()
            elapsed = (time.perf_counter() - started) * 1000
            transaction.set_rollback(True)
    finally:
        FACT_REFRESHERS[:] = saved
    if inside is not None and spent:
        inside.append(sum(spent))
    return elapsed


def _time_write(fn: Callable[[], object], runs: int) -> dict:
    """`fn` with and without the refresher, alternating (which goes first alternates too). `refresh_ms`: the
    refresher's own time inside the runs with it (a direct reading of what `added_ms` estimates)."""
    with_, without, inside = [], [], []
    _rolled_back(fn, refresh=True)  # warm
    _rolled_back(fn, refresh=False)
    for i in range(runs):
        for refresh in (True, False) if i % 2 == 0 else (False, True):
            (with_ if refresh else without).append(_rolled_back(fn, refresh=refresh, inside=inside))
    w, wo = _summary(with_), _summary(without)
    return {
        "runs": runs,
        "with": w,
        "without": wo,
        "added_ms": round(w["median_ms"] - wo["median_ms"], 1),
        "added_p95_ms": round(w["p95_ms"] - wo["p95_ms"], 1),
        "refresh_ms": _summary(inside) if inside else None,
    }


def _prepare_submit(world: dict):
    """A complete draft report of a region (all it needs to be submitted), and its project leader. Loaded
    around the services, so the region's facts are refreshed after."""
    from monitoring.models import LearningTheme, MonitorReport, Realisation, SelfAssessment, ThemeAnswer
    from monitoring.services import report_missing
    from regions.models import GuidingQuestion, Indicator, PlacematTheme, RegionRole
    from toptechniek.common.facts import facts_refresh

    region, py = world["write_region"], world["programme_year"]
    report, _ = MonitorReport.objects.get_or_create(region=region, programme_year=py)
    MonitorReport.objects.filter(pk=report.pk).update(
        status=MonitorReport.Status.DRAFT,
        reflection_works="Werkt.",
        reflection_not_yet="Nog niet.",
        reflection_progress="Op koers.",
        first_submitted_at=None,
        submitted_at=None,
        accepted_at=None,
        is_late=False,
    )
    have = set(Realisation.objects.filter(report=report).values_list("indicator_id", flat=True))
    Realisation.objects.bulk_create(
        Realisation(report=report, indicator=ind, value=Decimal(100))
        for ind in Indicator.objects.filter(region=region, status=Indicator.Status.AGREED).exclude(pk__in=have)
    )
    Realisation.objects.filter(report=report).update(explanation="Toelichting.")
    themes = list(PlacematTheme.objects.filter(programme=world["programme"]))
    for theme in themes:
        SelfAssessment.objects.update_or_create(
            report=report, theme=theme, defaults={"score": 2, "rationale": "Omdat het zo is."}
        )
    for question in GuidingQuestion.objects.filter(theme__programme=world["programme"]):
        ThemeAnswer.objects.update_or_create(report=report, question=question, defaults={"answer": "Antwoord."})
    if not LearningTheme.objects.filter(report=report).exists():
        LearningTheme.objects.create(report=report, theme=themes[0], description="Leerlijnen.")
    RegionRole.objects.get_or_create(user=world["leader"], region=region, role=RegionRole.Role.PROJECT_LEADER)
    facts_refresh(region_ids=[region.pk])
    report = MonitorReport.objects.get(pk=report.pk)
    missing = report_missing(report=report)
    assert not missing, missing
    return report


def _prepare_publish(world: dict):
    """An open placemat of a region with every consolidated score and key remark and one submitted scoring:
    ready for the office to publish."""
    from audits.models import Assignment, ConsolidatedScore, Placemat, Scoring
    from regions.models import PlacematTheme
    from toptechniek.accounts.models import User
    from toptechniek.common.facts import facts_refresh

    region, py = world["write_region"], world["programme_year"]
    placemat, _ = Placemat.objects.get_or_create(region=region, programme_year=py)
    Placemat.objects.filter(pk=placemat.pk).update(status=Placemat.Status.OPEN)
    for theme in PlacematTheme.objects.filter(programme=world["programme"]):
        ConsolidatedScore.objects.update_or_create(
            placemat=placemat, theme=theme, defaults={"score": 3, "key_remark": "Kernpunt."}
        )
    assessor = User.objects.create_user(
        email=f"assessor@{world['programme'].slug}.example", password="bench-only", full_name="Assessor"
    )
    assignment = Assignment.objects.create(programme_year=py, region=region, user=assessor, role="assessor")
    Scoring.objects.create(
        assignment=assignment, placemat=placemat, status=Scoring.Status.SUBMITTED, submitted_at=timezone.now()
    )
    facts_refresh(region_ids=[region.pk])
    return Placemat.objects.get(pk=placemat.pk)


def measure_writes(world: dict, *, runs: int) -> dict:
    from audits.services.scoring import placemat_consolidate, placemat_publish
    from dashboard.services import facts_refresh
    from monitoring.services import report_submit
    from regions.models import PlacematTheme

    writes = {}
    report = _prepare_submit(world)
    writes["report_submit"] = _time_write(lambda: report_submit(report=report, actor=world["leader"]), runs)
    log(f"benchmark: write report_submit {writes['report_submit']}")
    placemat = _prepare_publish(world)
    writes["placemat_publish"] = _time_write(lambda: placemat_publish(placemat=placemat, actor=world["office"]), runs)
    log(f"benchmark: write placemat_publish {writes['placemat_publish']}")
    results = {t.pk: (2, "Ander kernpunt.") for t in PlacematTheme.objects.filter(programme=world["programme"])}
    writes["placemat_consolidate"] = _time_write(
        lambda: placemat_consolidate(placemat=placemat, results=results, actor=world["office"]), runs
    )
    writes["placemat_consolidate"]["note"] = "an open placemat's scores count nowhere yet: refreshes no facts"
    log(f"benchmark: write placemat_consolidate {writes['placemat_consolidate']}")

    region_id = world["write_region"].pk
    times = [_rolled_back(lambda: facts_refresh(region_ids=[region_id]), refresh=True) for _ in range(runs + 1)][1:]
    refresh = {"runs": runs, **_summary(times)}
    log(f"benchmark: facts_refresh of one region {refresh}")
    return {"writes": writes, "facts_refresh_ms": refresh}


def measure(world: dict, *, small: dict | None = None, requests: int, writes: int) -> dict:
    client = Client()
    client.force_login(world["office"])
    region = world["region"]
    year = world["year"]
    slug = world["programme"].slug
    dashboard_url = reverse("dashboard:dashboard") + f"?programme={slug}&year={year}"
    pages = {
        "dashboard": dashboard_url,
        "dashboard_sorted": dashboard_url + "&sort=-flags&group=landsdeel",
        "region": reverse("regions:region_detail", args=[region]),
        "region_overview": reverse("dashboard:region_overview", args=[region]),
        "report": reverse("monitoring:report_detail", args=[region, world["report_year"]]),
        "export": reverse("dashboard:export_xlsx") + f"?programme={slug}&year={year}",
        "export_csv": reverse("dashboard:export_csv") + f"?programme={slug}&year={year}",
    }
    results = {}
    for name, url in pages.items():
        results[name] = _time_page(client, url, requests)
        log(f"benchmark: {name} {results[name]}")
    toggle = _toggler(world, requests + 2)
    results["dashboard_uncached"] = _time_page(client, dashboard_url, requests, before=toggle)
    results["dashboard_uncached"]["write_median_ms"] = round(statistics.median(toggle.write_times), 1)
    results["dashboard_uncached"]["write"] = "audits.services.visits.action_toggle_done, another region each time"
    log(f"benchmark: dashboard_uncached {results['dashboard_uncached']}")
    if small is not None:
        small_url = reverse("dashboard:dashboard") + f"?programme={small['programme'].slug}&year={small['year']}"
        results["dashboard_small"] = {"regions": len(small["regions"]), **_time_page(client, small_url, requests)}
        log(f"benchmark: dashboard_small {results['dashboard_small']}")
    floor_ms = _floor(client, dashboard_url, requests)
    log(f"benchmark: floor_ms {floor_ms}")
    # The writes: a region other than the one whose pages were measured, joined in the first year.
    world["write_region"] = next(r for r in world["regions"][1:] if r.join_year == world["programme"].start_year)
    return {"floor_ms": floor_ms, "pages": results, **measure_writes(world, runs=writes)}
