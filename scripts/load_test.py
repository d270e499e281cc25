"""Load run (not a test): locust, headless, against gunicorn (3 sync workers, as production) on PostgreSQL.

    .venv/bin/python scripts/load_test.py [--users 50] [--duration 60] [--regions 1000] [--workers 3] [--json PATH]

It never touches your data: it creates a throwaway PostgreSQL database with a random name (127.0.0.1:5432,
user postgres), migrates it and loads the demo (`seed_demo`) — or, with --regions N, the benchmark's
synthetic programme of N regions x 10 years x 20 indicators (`portal/management/commands/benchmark.py`
`build()`, facts rebuilt) with accounts for every user below —, then starts gunicorn (--workers sync workers, a
free port, DEBUG=false, TWO_FACTOR_REQUIRED=false, Celery tasks eager, mail in memory, static files
through WhiteNoise's finders) and runs scripts/locustfile.py for --duration seconds with --users users:

  project leaders   one per 2015 draft report (own account each): open the editor, autosave a section
  assessors         one per open scoring: their regions, the scoring page, Save draft
  office / readers  the rest, half and half: the dashboard and its totals; region overview and report pages

After the window, on the same server and database, a BI client with the viewer's personal API token pages once
through every settled realisation (/api/v1/realisations?page_size=1000, following _links.next), as a BI tool's
scheduled refresh does: rows, pages, the sweep's seconds and the page times. With --api-concurrent a BI client
also sweeps without pause inside the window, beside the users: a worst case on a 2-core machine (it takes a
core), reported without a budget.

It prints one JSON object (also written to --json PATH):
  {"users", "duration_s", "regions", "requests", "failures", "rps", "p95_ms", "kinds": {name: {requests,
   failures, rps, median_ms, p95_ms, server_median_ms, server_p95_ms}}, "verdicts": [...], ...} plus the
   mix, the load average and the budget;
then, on stderr, a summary: req/s and failures overall, one line per kind (req/s, median, p95 against the
budget) and a PASS/FAIL verdict line per budget. Gunicorn is stopped and the database dropped whatever
happens. Exit status 1 when a request failed or a kind's p95 is at or over the budget (300 ms; a page of the BI
client's 1,000 realisations: API_PAGE_P95_BUDGET_MS), or when the BI client did not complete a sweep through all
settled realisations or its slowest sweep took API_SWEEP_BUDGET_S or more.
"""

import argparse
import csv
import io
import itertools
import json
import math
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
P95_BUDGET_MS = 300
# The BI client's own budgets (its requests are a script's, back to back, not a person's clicks): a page of 1,000
# realisations, and one sweep through every settled realisation (with --regions 1000: 144,200 rows in 145 pages).
# Measured on 2026-12-05 after the users' window (2 cores): page p95 176 ms, median 147 ms, the sweep 21.3 s.
API_PAGE_P95_BUDGET_MS = 500
API_SWEEP_BUDGET_S = 60
API_KINDS = {"api realisations page (GET)": API_PAGE_P95_BUDGET_MS}
API_SWEEP = "api realisations full sweep"


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **PG) as conn:
        conn.execute(sql)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_env(database_url: str, tmp: str) -> dict:
    """Everything the app reads, set explicitly so neither the user's .env nor shell can leak in."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="toptechniek.settings",
        DATABASE_URL=database_url,
        CONN_MAX_AGE="60",
        DEBUG="false",
        SECRET_KEY="load-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        TWO_FACTOR_REQUIRED="false",
        SECURE_COOKIES="false",
        SECURE_SSL_REDIRECT="false",
        BEHIND_PROXY="false",
        REDIS_URL="",
        CELERY_TASK_ALWAYS_EAGER="true",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        EMAIL_FILE_PATH=os.path.join(tmp, "mail"),
        MEDIA_ROOT=os.path.join(tmp, "media"),
        STATIC_ROOT=os.path.join(tmp, "static"),
        LOG_LEVEL="WARNING",
        DEMO_PASSWORD="demo",
        PYTHONPATH=str(ROOT),
    )
    return env


def seed_and_plan(env: dict, users: int, regions: int = 0) -> dict:
    """Migrate and seed the throwaway database (the demo, or with `regions` the benchmark's programme),
    then decide who logs in as whom."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO())
    if regions:
        plan = _large_plan(users, regions)
    else:
        call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())
        plan = _demo_plan(users)
    plan.update(_api_client(plan["office"][1]))
    return plan


def _api_client(email: str) -> dict:
    """The BI client's personal token (the viewer's: the ministry reads every region) and how many settled
    realisations it will page through."""
    from django.db import connections

    from api.selectors import realisations_for_api
    from api.services import token_create
    from toptechniek.accounts.models import User

    viewer = User.objects.get(email=email)
    _token, raw = token_create(user=viewer, name="Load run: BI client", valid_days=1)
    rows = realisations_for_api(user=viewer).count()
    connections.close_all()
    return {"api_token": raw, "api_rows": rows}


def _demo_plan(users: int) -> dict:
    from django.db import connections

    from audits.models import Assignment, Placemat, Scoring
    from monitoring.models import MonitorReport

    drafts = list(
        MonitorReport.objects.filter(status=MonitorReport.Status.DRAFT)
        .select_related("region", "programme_year")
        .order_by("region__slug")
    )
    editors = [
        # "slug": the region in the URL (`Region.url_key`); the demo's accounts are named after the short name.
        {"email": f"pl.{r.region.slug}@example.org", "slug": r.region.url_key, "year": r.programme_year.year}
        for r in drafts
    ]
    # Scorings an assessor can still save: the placemat is open and their scoring is a draft or not begun.
    submitted = set(Scoring.objects.filter(status=Scoring.Status.SUBMITTED).values_list("assignment_id", flat=True))
    open_placemats = set(
        Placemat.objects.filter(status=Placemat.Status.OPEN).values_list("region_id", "programme_year_id")
    )
    assessors = [
        {"email": a.user.email, "assignment": a.pk}
        for a in Assignment.objects.select_related("user").filter(role="assessor").order_by("pk")
        if (a.region_id, a.programme_year_id) in open_placemats and a.pk not in submitted
    ]
    draft_slugs = {r.region.slug for r in drafts}
    years_by_slug: dict[tuple[str, str], list[int]] = {}
    for region_id, slug, year in MonitorReport.objects.values_list("region_id", "region__slug", "programme_year__year"):
        years_by_slug.setdefault((slug, f"{region_id}-{slug}"), []).append(year)
    readers = [
        {"email": f"{role}.{slug}@example.org", "slug": key, "years": sorted(years)}
        for (slug, key), years in sorted(years_by_slug.items())
        if slug not in draft_slugs
        for role in ("pl", "pv")
    ]
    connections.close_all()

    # The mix: a fifth project leaders saving, a fifth assessors scoring (capped by the accounts that
    # cannot conflict), the rest office and readers by weight.
    share = max(1, users // 5) if users >= 4 else 0
    plan = {
        "password": "demo",
        "editors": editors[:share],
        "assessors": assessors[:share],
        "office": ["office@example.org", "viewer@example.org"],
        "readers": readers,
        # The demo has two programmes: the dashboard of the one in progress (its last two years with reports)
        # and of the history's busiest years.
        "dashboard_urls": [
            f"/dashboard/?programme={slug}&year={year}"
            for slug, year in sorted(
                set(
                    MonitorReport.objects.filter(region__programme__closed_at__isnull=True).values_list(
                        "region__programme__slug", "programme_year__year"
                    )
                )
            )[-2:]
        ]
        + [
            "/dashboard/?programme=toptechniek-in-bedrijf&year=2014",
            "/dashboard/?programme=toptechniek-in-bedrijf&year=2015",
        ],
    }
    return plan


def _large_plan(users: int, regions: int) -> dict:
    """The benchmark's synthetic programme (`build()`, which rebuilds the facts after its bulk loads), plus
    accounts like the demo's: a project leader per draft report of the last reported year (editors), an
    assessor per open placemat whose report is settled (each its own account and assignment), the office
    and a viewer, and a project leader and a penvoerder of 100 other regions (readers). One password."""
    from django.contrib.auth.hashers import make_password
    from django.db import connections

    from audits.models import Assignment, Placemat
    from monitoring.models import MonitorReport
    from monitoring.selectors import SETTLED_STATUSES
    from portal.management.commands.benchmark import build
    from regions.models import RegionRole
    from toptechniek.accounts.models import User

    world = build(
        regions=regions, years=10, indicators=20, seed=2012, log=lambda m: print(m, file=sys.stderr, flush=True)
    )
    year = world["year"]
    password = make_password("demo")
    share = max(1, users // 5) if users >= 4 else 0
    User.objects.filter(pk=world["office"].pk).update(password=password)
    User.objects.create(
        email="viewer@bench.example", full_name="Viewer", password=password, global_role=User.GlobalRole.VIEWER
    )
    active = {r.pk: r for r in world["regions"] if r.status == "active"}

    drafts = [
        r
        for r in MonitorReport.objects.filter(programme_year__year=year, status=MonitorReport.Status.DRAFT)
        .select_related("region")
        .order_by("region__slug")
        if r.region_id in active
    ][:share]
    open_placemats = [
        p
        for p in Placemat.objects.filter(programme_year__year=year, status=Placemat.Status.OPEN)
        .select_related("region", "programme_year")
        .order_by("region__slug")
        if p.region_id in active
    ]
    settled = set(
        MonitorReport.objects.filter(programme_year__year=year, status__in=SETTLED_STATUSES).values_list(
            "region_id", flat=True
        )
    )
    open_placemats = [p for p in open_placemats if p.region_id in settled][:share]
    taken = {r.region_id for r in drafts} | {p.region_id for p in open_placemats}
    reader_regions = [r for pk, r in sorted(active.items()) if pk not in taken][:100]

    def account(email: str, name: str) -> User:
        return User(email=email, full_name=name, password=password)

    editors_users = User.objects.bulk_create([account(f"pl.{r.region.slug}@example.org", "PL") for r in drafts])
    assessor_users = User.objects.bulk_create(
        [account(f"assessor.{p.region.slug}@example.org", "Assessor") for p in open_placemats]
    )
    reader_users = User.objects.bulk_create(
        [account(f"{role}.{r.slug}@example.org", role.upper()) for r in reader_regions for role in ("pl", "pv")]
    )
    roles = [
        RegionRole(user=u, region_id=r.region_id, role=RegionRole.Role.PROJECT_LEADER)
        for u, r in zip(editors_users, drafts, strict=True)
    ]
    roles += [
        RegionRole(user=u, region_id=p.region_id, role=RegionRole.Role.CRITICAL_FRIEND)
        for u, p in zip(assessor_users, open_placemats, strict=True)
    ]
    for k, region in enumerate(reader_regions):
        roles.append(RegionRole(user=reader_users[2 * k], region=region, role=RegionRole.Role.PROJECT_LEADER))
        roles.append(RegionRole(user=reader_users[2 * k + 1], region=region, role=RegionRole.Role.PENVOERDER))
    RegionRole.objects.bulk_create(roles)
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(programme_year=p.programme_year, region=p.region, user=u, role=Assignment.Role.ASSESSOR)
            for u, p in zip(assessor_users, open_placemats, strict=True)
        ]
    )
    years_by_region: dict[int, list[int]] = {}
    for region_id, y in MonitorReport.objects.filter(region__in=reader_regions).values_list(
        "region_id", "programme_year__year"
    ):
        years_by_region.setdefault(region_id, []).append(y)
    plan = {
        "password": "demo",
        "editors": [
            {"email": u.email, "slug": r.region.url_key, "year": year}
            for u, r in zip(editors_users, drafts, strict=True)
        ],
        "assessors": [{"email": u.email, "assignment": a.pk} for u, a in zip(assessor_users, assignments, strict=True)],
        "office": [world["office"].email, "viewer@bench.example"],
        "readers": [
            {"email": f"{role}.{r.slug}@example.org", "slug": r.url_key, "years": sorted(years_by_region[r.pk])}
            for r in reader_regions
            if years_by_region.get(r.pk)
            for role in ("pl", "pv")
        ],
        "dashboard_urls": [f"/dashboard/?year={y}" for y in (year - 1, year)],
        "facts_build_s": round(world["facts_build_s"], 2),
    }
    connections.close_all()
    return plan


def api_sweep(port: int, token: str, expected_rows: int) -> dict:
    """One BI client paging through every settled realisation (/api/v1/realisations?page_size=1000, following
    _links.next) against the running server: rows seen, pages, the whole sweep's seconds, and per page the
    median, p95 and slowest response; an error names the page that failed."""
    url = f"http://127.0.0.1:{port}/api/v1/realisations?page_size=1000"
    times, rows, count, error = [], 0, None, None
    started = time.perf_counter()
    while url:
        request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})  # noqa: S310 - our own
        page_started = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 - our own server
                body = json.loads(response.read())
        except OSError as exc:
            error = f"page {len(times) + 1}: {exc}"
            break
        times.append((time.perf_counter() - page_started) * 1000)
        count = body["count"] if count is None else count
        rows += len(body["results"])
        url = body["_links"].get("next", {}).get("href")
    seconds = time.perf_counter() - started
    ordered = sorted(times) or [0]
    if error is None and rows != expected_rows:
        error = f"{rows} rows seen, {expected_rows} expected (count said {count})"
    return {
        "rows": rows,
        "pages": len(times),
        "seconds": round(seconds, 1),
        "page_median_ms": round(statistics.median(ordered)),
        "page_p95_ms": round(ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]),
        "page_max_ms": round(ordered[-1]),
        "error": error,
    }


def start_gunicorn(env: dict, port: int, log_path: str, access_path: str, workers: int = 3) -> subprocess.Popen:
    log = open(log_path, "wb")
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(BIN / "gunicorn"),
            "toptechniek.wsgi:application",
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "60",
            "--error-logfile",
            "-",
            "--access-logfile",
            access_path,
            "--access-logformat",
            "%({x-load-kind}i)s\t%(M)s",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/accounts/login/", timeout=5) as response:
                if response.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within 60 s")


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None or proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def _proc_cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (Linux /proc); 0 when it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command name) of every process (Linux /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                text = (entry / "stat").read_text()
            except OSError:
                continue
            name = text[text.index("(") + 1 : text.rindex(")")]
            out.append((int(entry.name), int(text.rpartition(")")[2].split()[1]), name))
    return out


def cpu_snapshot(gunicorn_pid: int, locust_pid: int | None) -> dict | None:
    """CPU counters now: the machine's busy and total seconds, and per process of gunicorn (master and
    workers), locust and PostgreSQL (every backend, other databases' too). None off Linux."""
    try:
        values = [int(v) for v in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    tick = os.sysconf("SC_CLK_TCK")
    processes = _processes()
    workers = [pid for pid, ppid, _name in processes if ppid == gunicorn_pid]
    return {
        "at": time.monotonic(),
        "wall": time.time(),
        "busy_s": (sum(values) - values[3] - values[4]) / tick,
        "total_s": sum(values) / tick,
        "gunicorn": {pid: _proc_cpu_s(pid) for pid in [gunicorn_pid, *workers]},
        "locust": {locust_pid: _proc_cpu_s(locust_pid)} if locust_pid else {},
        "postgres": {pid: _proc_cpu_s(pid) for pid, _ppid, name in processes if name.startswith("postgres")},
    }


def cpu_used(start: dict | None, end: dict | None) -> dict | None:
    """CPU seconds used between two snapshots: the machine's busy share, gunicorn, locust (its whole run's
    CPU from the kernel's account of finished children, minus what it had used at the start) and
    PostgreSQL."""
    if not start or not end:
        return None
    import resource

    def delta(group: str) -> float:
        return sum(max(0.0, v - start[group].get(pid, 0.0)) for pid, v in end[group].items())

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    locust_s = children.ru_utime + children.ru_stime - sum(start["locust"].values())
    wall = end["at"] - start["at"]
    return {
        "window_s": round(wall, 1),
        "cpus": os.cpu_count(),
        "machine_busy_pct": round(
            100 * (end["busy_s"] - start["busy_s"]) / max(1e-9, end["total_s"] - start["total_s"])
        ),
        "gunicorn_s": round(delta("gunicorn"), 1),
        "postgres_s": round(delta("postgres"), 1),
        "locust_s": round(locust_s, 1),
    }


def over_time(path: str, since: float | None, step: int = 5) -> list[dict]:
    """Every `step` seconds of the window (from locust's history): the seconds since it opened, req/s and the
    p95 of the requests of the last 10 s (all kinds), so a tail can be placed in time."""
    if not os.path.exists(path):
        return []
    rows = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            if row.get("Name") != "Aggregated" or not row.get("Timestamp", "").isdigit():
                continue
            at = int(row["Timestamp"])
            if since is not None and at < since:
                continue
            rows.append((at, float(row.get("Requests/s") or 0), row.get("95%") or "0"))
    if not rows:
        return []
    first = rows[0][0]
    out = []
    for at, rps, p95 in rows:
        if (at - first) % step == 0 and (not out or out[-1]["t_s"] != at - first):
            out.append({"t_s": at - first, "rps": round(rps, 1), "p95_10s_ms": int(float(p95)) if p95 != "N/A" else 0})
    return out


def read_stats(path: str) -> dict:
    def number(row: dict, key: str) -> float:
        value = row.get(key) or "0"
        return float(value) if value not in ("N/A", "") else 0.0

    kinds, total = {}, None
    with open(path, newline="") as f:
        for row in csv.DictReader(f):
            figures = {
                "requests": int(number(row, "Request Count")),
                "failures": int(number(row, "Failure Count")),
                "rps": round(number(row, "Requests/s"), 2),
                "median_ms": round(number(row, "Median Response Time")),
                "p95_ms": round(number(row, "95%")),
                "max_ms": round(number(row, "Max Response Time")),
            }
            if row["Name"] == "Aggregated":
                total = figures
            else:
                kinds[row["Name"]] = figures
    return {"total": total, "kinds": dict(sorted(kinds.items()))}


def server_times(path: str) -> dict:
    """Time spent inside gunicorn per kind (from the access log), without the wait for a free worker."""
    times: dict[str, list[int]] = {}
    if os.path.exists(path):
        for line in Path(path).read_text().splitlines():
            kind, _, ms = line.partition("\t")
            if ms.isdigit():
                times.setdefault(kind, []).append(int(ms))
    return {
        kind: {
            "server_median_ms": round(statistics.median(values)),
            "server_p95_ms": round(sorted(values)[max(0, math.ceil(0.95 * len(values)) - 1)]),
        }
        for kind, values in times.items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (3, as in docs/operations.md)")
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--think", default="1,4", help="think time between a user's requests: min,max seconds")
    parser.add_argument(
        "--regions",
        type=int,
        default=0,
        help="instead of the demo, the benchmark's programme of this many regions x 10 years x 20 indicators",
    )
    parser.add_argument(
        "--api-concurrent",
        action="store_true",
        help="also run the BI client inside the window, beside the users (a worst case: see the docstring)",
    )
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-load-")
    db_name = f"tt_load_{uuid.uuid4().hex[:10]}"
    database_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db_name}"
    env = run_env(database_url, tmp)
    gunicorn = None
    locust = None
    created = False
    figures: dict = {}
    try:
        pg_admin(f'CREATE DATABASE "{db_name}"')
        created = True
        started = time.perf_counter()
        plan = seed_and_plan(env, args.users, args.regions)
        plan["api_concurrent"] = args.api_concurrent
        seed_s = round(time.perf_counter() - started, 1)
        plan_path = os.path.join(tmp, "plan.json")
        Path(plan_path).write_text(json.dumps(plan))

        port = free_port()
        gunicorn_log = os.path.join(tmp, "gunicorn.log")
        access_log = os.path.join(tmp, "access.log")
        gunicorn = start_gunicorn(env, port, gunicorn_log, access_log, workers=args.workers)
        load_before = round(os.getloadavg()[0], 2)
        csv_prefix = os.path.join(tmp, "locust")
        login_path = os.path.join(tmp, "logins.json")
        locust_out = open(os.path.join(tmp, "locust.out"), "w+")  # noqa: SIM115 - closed below
        locust = subprocess.Popen(  # noqa: S603 - our own locust, fixed arguments
            [
                str(BIN / "locust"),
                "-f",
                str(ROOT / "scripts" / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",  # a safety net: the locustfile ends the window after --duration
                f"{args.duration + 180}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                csv_prefix,
                "--csv-full-history",  # the history's percentiles are then of the last 10 s, not cumulative
                "--only-summary",
                "--stop-timeout",
                "10",
                "--loglevel",
                "WARNING",
            ],
            cwd=ROOT,
            env={
                **os.environ,
                "LOAD_PLAN": plan_path,
                "LOAD_DURATION": str(args.duration),
                "LOAD_THINK": args.think,
                "LOAD_LOGIN_STATS": login_path,
            },
            stdout=locust_out,
            stderr=subprocess.STDOUT,
            text=True,
        )
        # CPU over the measured window: from the moment the logins are done (the locustfile writes their
        # statistics) until locust ends.
        window_start = None
        while locust.poll() is None:
            if window_start is None and os.path.exists(login_path):
                window_start = cpu_snapshot(gunicorn.pid, locust.pid)
            time.sleep(0.2)
        window_end = cpu_snapshot(gunicorn.pid, None)
        # The BI client's sweep through every settled realisation, on its own once the users are done (as a
        # BI tool's scheduled refresh): the same gunicorn and database.
        api_sweep_figures = api_sweep(port, plan["api_token"], plan["api_rows"])
        locust_out.seek(0)
        locust_log = locust_out.read()
        locust_out.close()
        load_after = round(os.getloadavg()[0], 2)
        stats_path = f"{csv_prefix}_stats.csv"
        if not os.path.exists(stats_path):
            sys.stderr.write(locust_log[-8000:])
            raise RuntimeError(f"locust wrote no statistics (exit {locust.returncode})")
        stats = read_stats(stats_path)
        server = server_times(access_log)
        logins = json.loads(Path(login_path).read_text()) if os.path.exists(login_path) else {}
        for kind, figures_ in [*stats["kinds"].items(), *logins.items()]:
            figures_.update(server.get(kind, {}))
        # The logins happened before the window (their statistics were reset); they are reported apart.
        stats["kinds"] = {kind: f for kind, f in stats["kinds"].items() if f["requests"]}
        total = stats["total"] or {"requests": 0, "failures": 0, "rps": 0.0, "p95_ms": 0}
        figures = {
            "users": args.users,
            "duration_s": args.duration,
            "regions": args.regions or "demo",
            "requests": total["requests"],
            "failures": total["failures"],
            "rps": total["rps"],
            "p95_ms": total["p95_ms"],
            "kinds": stats["kinds"],
            "logins_before_window": logins,
            "mix": {
                "project_leaders": len(plan["editors"]),
                "assessors": len(plan["assessors"]),
                "bi_clients_in_window": 1 if args.api_concurrent else 0,
                "office_and_readers": args.users
                - len(plan["editors"])
                - len(plan["assessors"])
                - (1 if args.api_concurrent else 0),
            },
            "think_s": args.think,
            "server": f"gunicorn {args.workers} sync workers, PostgreSQL (throwaway), DEBUG=false",
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "seed_s": seed_s,
            "p95_budget_ms": P95_BUDGET_MS,
            "cpu_in_window": cpu_used(window_start, window_end),
            "over_time": over_time(f"{csv_prefix}_stats_history.csv", window_start["wall"] if window_start else None),
        }
        figures["api_rows"] = plan.get("api_rows")
        figures["api_sweep"] = api_sweep_figures
        figures["api_concurrent"] = args.api_concurrent
        if "facts_build_s" in plan:
            figures["facts_build_s"] = plan["facts_build_s"]
        figures["verdicts"] = verdicts(figures)
        failures_path = f"{csv_prefix}_failures.csv"
        if total["failures"] and os.path.exists(failures_path):
            with open(failures_path, newline="") as f:
                figures["failure_samples"] = [
                    {"name": row["Name"], "error": row["Error"][:300], "count": int(row["Occurrences"])}
                    for row in itertools.islice(csv.DictReader(f), 10)
                ]
        errors = Path(gunicorn_log).read_text(errors="replace")
        if "Traceback" in errors:
            figures["server_errors"] = errors[errors.index("Traceback") :][:2000]
    finally:
        if locust is not None and locust.poll() is None:
            locust.terminate()
            locust.wait(timeout=30)
        stop(gunicorn)
        if created:
            pg_admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)

    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n")
    sys.stderr.write(summary(figures))
    ok = figures["requests"] > 0 and all(v["ok"] for v in figures["verdicts"])
    return 0 if ok else 1


def verdicts(figures: dict) -> list[dict]:
    """The budgets of the load run: no failures, and every kind's p95 under P95_BUDGET_MS."""
    data = "the demo" if figures["regions"] == "demo" else f"{figures['regions']} regions"
    where = f"{figures['users']} users, {data}"
    out = [
        {
            "budget": "failures",
            "ok": figures["failures"] == 0,
            "line": f"failures ({where}): {figures['failures']} of {figures['requests']} requests "
            f"({figures['rps']} req/s)",
        }
    ]
    for kind, f in figures["kinds"].items():
        if kind == API_SWEEP:
            continue
        budget = API_KINDS.get(kind, P95_BUDGET_MS)
        ok = f["p95_ms"] < budget
        out.append(
            {
                "budget": f"p95 {kind}",
                "ok": ok,
                "line": f"p95 {kind} ({where}): {f['p95_ms']} ms {'<' if ok else '≥'} {budget} ms",
            }
        )
    sweep = figures.get("api_sweep")
    if sweep:
        ok = sweep["error"] is None and sweep["seconds"] < API_SWEEP_BUDGET_S
        out.append(
            {
                "budget": "api full sweep",
                "ok": ok,
                "line": f"api: a BI client read all {sweep['rows']} settled realisations ({data}) in {sweep['pages']} "
                f"pages and {sweep['seconds']} s {'<' if ok else '≥'} {API_SWEEP_BUDGET_S} s"
                + (f": {sweep['error']}" if sweep["error"] else ""),
            }
        )
        ok = sweep["page_p95_ms"] < API_PAGE_P95_BUDGET_MS
        out.append(
            {
                "budget": "api page p95",
                "ok": ok,
                "line": f"api: p95 of a page of 1,000 realisations ({data}): {sweep['page_p95_ms']} ms "
                f"{'<' if ok else '≥'} {API_PAGE_P95_BUDGET_MS} ms (median {sweep['page_median_ms']} ms)",
            }
        )
    if figures.get("api_concurrent"):
        swept = figures["kinds"].get(API_SWEEP)
        out.append(
            {
                "budget": "api sweeps beside the users",
                "ok": bool(swept) and swept["failures"] == 0,
                "line": f"api beside the users ({where}): {swept['requests'] if swept else 0} complete sweeps, "
                f"the slowest {(swept or {}).get('max_ms', 0) / 1000:.1f} s (no budget: a worst case)",
            }
        )
    for v in out:
        v["line"] = ("PASS " if v["ok"] else "FAIL ") + v["line"]
    return out


def summary(figures: dict) -> str:
    """Req/s and failures overall, one line per kind, then the verdicts."""
    lines = [
        f"load: {figures['users']} users for {figures['duration_s']} s on "
        f"{'the demo' if figures['regions'] == 'demo' else str(figures['regions']) + ' regions'}: "
        f"{figures['requests']} requests, {figures['rps']} req/s, {figures['failures']} failures, "
        f"p95 {figures['p95_ms']} ms",
        f"{'kind':<32} {'req':>6} {'req/s':>7} {'fail':>5} {'median':>7} {'p95':>6} {'server p95':>11}",
    ]
    for kind, f in figures["kinds"].items():
        lines.append(
            f"{kind:<32} {f['requests']:>6} {f['rps']:>7} {f['failures']:>5} {f['median_ms']:>5}ms "
            f"{f['p95_ms']:>4}ms {f.get('server_p95_ms', '-'):>9}ms"
        )
    cpu = figures.get("cpu_in_window")
    if cpu:
        lines.append(
            f"CPU in the {cpu['window_s']} s window ({cpu['cpus']} CPUs): machine {cpu['machine_busy_pct']}% busy; "
            f"gunicorn {cpu['gunicorn_s']} s, PostgreSQL {cpu['postgres_s']} s, locust {cpu['locust_s']} s"
        )
    if figures.get("over_time"):
        lines.append(
            "p95 of the last 10 s, every 5 s of the window: "
            + " ".join(f"{p['t_s']}s:{p['p95_10s_ms']}" for p in figures["over_time"])
        )
    lines += [v["line"] for v in figures["verdicts"]]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.exit(main())
