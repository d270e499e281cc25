"""Load run (not a test): locust, headless, against gunicorn with 2 workers on PostgreSQL.

    .venv/bin/python scripts/load_test.py [--users 50] [--duration 60] [--json var/bench-load.json]

It never touches your data: it creates a throwaway PostgreSQL database with a random name (127.0.0.1:5432,
user postgres), migrates it and loads the demo (`seed_demo`), then starts gunicorn (2 sync workers, a free
port, DEBUG=false, TWO_FACTOR_REQUIRED=false, Celery tasks eager, mail in memory, static files through
WhiteNoise's finders) and runs scripts/locustfile.py for --duration seconds with --users users:

  project leaders   one per 2015 draft report (own account each): open the editor, autosave a section
  assessors         one per open scoring: their regions, the scoring page, Save draft
  office / readers  the rest, half and half: the dashboard and its totals; region overview and report pages

It prints one JSON object (also written to --json PATH):
  {"users", "duration_s", "requests", "failures", "rps", "p95_ms", "kinds": {name: {requests, failures,
   rps, median_ms, p95_ms}}, ...} plus the mix, the load average and the budget.
Gunicorn is stopped and the database dropped whatever happens. Exit status 1 when a request failed or the
p95 over all requests is at or over the budget (300 ms).
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
DASHBOARD_YEARS = [2014, 2015]


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


def seed_and_plan(env: dict, users: int) -> dict:
    """Migrate and seed the throwaway database, then decide who logs in as whom."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from audits.models import Assignment, Placemat, Scoring
    from monitoring.models import MonitorReport

    call_command("migrate", verbosity=0, interactive=False, stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())

    drafts = list(
        MonitorReport.objects.filter(status=MonitorReport.Status.DRAFT)
        .select_related("region", "programme_year")
        .order_by("region__slug")
    )
    editors = [
        {"email": f"pl.{r.region.slug}@example.org", "slug": r.region.slug, "year": r.programme_year.year}
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
    years_by_slug: dict[str, list[int]] = {}
    for slug, year in MonitorReport.objects.values_list("region__slug", "programme_year__year"):
        years_by_slug.setdefault(slug, []).append(year)
    readers = [
        {"email": f"{role}.{slug}@example.org", "slug": slug, "years": sorted(years)}
        for slug, years in sorted(years_by_slug.items())
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
        "dashboard_years": DASHBOARD_YEARS,
    }
    return plan


def start_gunicorn(env: dict, port: int, log_path: str, access_path: str) -> subprocess.Popen:
    log = open(log_path, "wb")
    proc = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(BIN / "gunicorn"),
            "toptechniek.wsgi:application",
            "--workers",
            "2",
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
    parser.add_argument("--duration", type=int, default=60, help="seconds")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument("--think", default="1,4", help="think time between a user's requests: min,max seconds")
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="bench-load-")
    db_name = f"tt_load_{uuid.uuid4().hex[:10]}"
    database_url = f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{db_name}"
    env = run_env(database_url, tmp)
    gunicorn = None
    created = False
    figures: dict = {}
    try:
        pg_admin(f'CREATE DATABASE "{db_name}"')
        created = True
        started = time.perf_counter()
        plan = seed_and_plan(env, args.users)
        seed_s = round(time.perf_counter() - started, 1)
        plan_path = os.path.join(tmp, "plan.json")
        Path(plan_path).write_text(json.dumps(plan))

        port = free_port()
        gunicorn_log = os.path.join(tmp, "gunicorn.log")
        access_log = os.path.join(tmp, "access.log")
        gunicorn = start_gunicorn(env, port, gunicorn_log, access_log)
        load_before = round(os.getloadavg()[0], 2)
        csv_prefix = os.path.join(tmp, "locust")
        login_path = os.path.join(tmp, "logins.json")
        locust = subprocess.run(  # noqa: S603 - our own locust, fixed arguments
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
            capture_output=True,
            text=True,
        )
        load_after = round(os.getloadavg()[0], 2)
        stats_path = f"{csv_prefix}_stats.csv"
        if not os.path.exists(stats_path):
            sys.stderr.write(locust.stdout[-4000:] + locust.stderr[-4000:])
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
            "requests": total["requests"],
            "failures": total["failures"],
            "rps": total["rps"],
            "p95_ms": total["p95_ms"],
            "kinds": stats["kinds"],
            "logins_before_window": logins,
            "mix": {
                "project_leaders": len(plan["editors"]),
                "assessors": len(plan["assessors"]),
                "office_and_readers": args.users - len(plan["editors"]) - len(plan["assessors"]),
            },
            "think_s": args.think,
            "server": "gunicorn 2 sync workers, PostgreSQL (throwaway), DEBUG=false",
            "cpus": os.cpu_count(),
            "load_average_before": load_before,
            "load_average_after": load_after,
            "seed_s": seed_s,
            "p95_budget_ms": P95_BUDGET_MS,
        }
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
        stop(gunicorn)
        if created:
            pg_admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)

    text = json.dumps(figures, indent=2)
    print(text)
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(text + "\n")
    ok = figures["requests"] > 0 and figures["failures"] == 0 and figures["p95_ms"] < P95_BUDGET_MS
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
