"""Benchmark of the placemat PDF (not a test): render time cold and warm, a 20-region batch, memory.

    .venv/bin/python scripts/bench_placemat.py [--json PATH] [--warm-runs 20] [--memory-renders 500]
                                               [--regions 20] [--no-worker]

It never touches your data: everything happens in a throwaway database — a PostgreSQL database with a
random name (created on 127.0.0.1:5432 as user postgres, dropped at the end) when PostgreSQL answers,
else an SQLite file in a temporary directory — with files and mail under a temporary directory.

Figures (one JSON object on stdout, also written to --json PATH):
  cold_first_render_s   the first placemat render in a fresh Python process (WeasyPrint import and fonts
                        included; Django already set up); cold_process_s is that process's whole run
  warm_median_s         median of --warm-runs renders in one warmed-up process
  batch_s               --regions published placemats rendered and stored through a real Celery worker
                        (`celery -A toptechniek worker --concurrency 2`, its own queue, Redis at
                        127.0.0.1:6379) from the first enqueue until every PlacematPdf row is rendered,
                        worker started beforehand, children cold; without Redis or PostgreSQL, two
                        processes of a multiprocessing pool instead (batch_mode says which)
  rss_after_renders_mb  VmRSS of one process after --memory-renders renders (VmHWM: its peak)
Budgets: warm <= 0.5 s, cold <= 1.5 s per placemat, batch of 20 <= 10 s, memory < 300 MB after 500 renders.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
PG = {"host": "127.0.0.1", "port": 5432, "user": "postgres"}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
BUDGETS = {"warm_s": 0.5, "cold_s": 1.5, "batch_20_s": 10.0, "rss_mb": 300.0}


# --- Environment: set before Django is imported, so the user's .env never wins ------------------------


def bench_env(database_url: str, media: str, *, eager: bool) -> dict:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="toptechniek.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=media,
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        SECRET_KEY="bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz",
        CELERY_TASK_ALWAYS_EAGER="true" if eager else "false",
        REDIS_URL=REDIS_URL,
        PYTHONPATH=str(ROOT),
        DEBUG="false",
    )
    return env


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def rss_kib() -> tuple[int, int]:
    values = {}
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                values[key] = int(value.split()[0])
    return values.get("VmRSS", 0), values.get("VmHWM", 0)


# --- Throwaway databases -------------------------------------------------------------------------------


def postgres_answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(dbname="postgres", connect_timeout=3, **PG) as conn:
            conn.execute("select 1")
        return True
    except Exception:  # noqa: BLE001 - anything means "not available"
        return False


def redis_answers() -> bool:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        return True
    except Exception:  # noqa: BLE001
        return False


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **PG) as conn:
        conn.execute(sql)


# --- Shared with the drills (scripts/drill_*.py) ----------------------------------------------------------


def throwaway_database() -> tuple[str, str]:
    """A new, empty PostgreSQL database with a random name: (name, DATABASE_URL)."""
    name = f"tt_throwaway_{uuid.uuid4().hex[:10]}"
    pg_admin(f'CREATE DATABASE "{name}"')
    return name, f"postgres://{PG['user']}@{PG['host']}:{PG['port']}/{name}"


def drop_workspace(db_name: str | None, tmp: str) -> None:
    """Drop the throwaway database (when there is one) and the temporary directory."""
    if db_name:
        from django.db import connections

        connections.close_all()
        pg_admin(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')
    shutil.rmtree(tmp, ignore_errors=True)


def start_queue_worker(env: dict, *, queue: str, concurrency: int, loglevel: str, log) -> subprocess.Popen:
    """`celery worker` of this venv consuming only `queue`, in its own process group; returns once it answers a
    ping (60 s at most). The Celery app of this process must already point at the worker's broker."""
    from toptechniek.celery import app

    name = f"{queue}-{uuid.uuid4().hex[:4]}@{socket.gethostname()}"
    worker = subprocess.Popen(  # noqa: S603 - our own venv's celery
        [
            str(Path(PYTHON).with_name("celery")),
            *("-A", "toptechniek", "worker", "--concurrency", str(concurrency), "--pool", "prefork"),
            *("-Q", queue, "-n", name, "--without-gossip", "--without-mingle", "-l", loglevel),
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not app.control.ping(destination=[name], timeout=0.5):
        if worker.poll() is not None or time.monotonic() > deadline:
            stop_worker(worker)
            raise RuntimeError(f"the worker did not start; see {log.name}")
    return worker


def stop_worker(worker: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    """Stop a worker and its pool children (its process group); SIGKILL when SIGTERM is not enough."""
    try:
        os.killpg(worker.pid, sig)
        worker.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def delete_queue(queue: str) -> None:
    """Remove our own queue and its bindings from Redis (cleanup only: a failure is noted, not raised)."""
    try:
        import redis

        client = redis.Redis.from_url(REDIS_URL)
        client.delete(queue, *client.keys(f"_kombu.binding*{queue}"))
    except Exception as exc:  # noqa: BLE001
        print(f"note: could not delete the queue {queue} from Redis: {exc}", file=sys.stderr)


def report(result: dict, json_path: str | None, *, ok: bool) -> int:
    """Print the figures as one JSON object, also to `json_path`; the exit code."""
    text = json.dumps(result, indent=2)
    print(text)
    if json_path:
        Path(json_path).parent.mkdir(parents=True, exist_ok=True)
        Path(json_path).write_text(text + "\n")
    return 0 if ok else 1


# --- The data: one programme, N regions, each with a submitted report and a published placemat -----------


def seed(regions: int) -> list[int]:
    import datetime
    from decimal import Decimal

    from django.core.management import call_command
    from django.utils import timezone

    from audits.models import ConsolidatedCondition, ConsolidatedScore, Placemat
    from monitoring.models import MonitorReport, Realisation, SelfAssessment
    from regions.models import Indicator, PlacematTheme, Programme, ProgrammeYear, Region, Target
    from regions.services import framework_install

    call_command("migrate", verbosity=0, interactive=False)
    programme = Programme.objects.create(name="Bench-programma", slug="bench", start_year=2012, end_year=2015)
    framework_install(programme=programme)
    years = {
        y: ProgrammeYear.objects.create(programme=programme, year=y, report_due_date=datetime.date(y + 1, 3, 1))
        for y in (2012, 2013)
    }
    themes = list(PlacematTheme.objects.filter(programme=programme).order_by("kind", "number"))
    areas = [t for t in themes if t.kind == "performance"]
    remark = (
        "De regio werkt planmatig; vmbo en mbo hebben de leerlijnen samen ontworpen en bedrijven leveren "
        "stageplaatsen. De borging na afloop van de subsidie vraagt aandacht."
    )
    ids = []
    noord = programme.landsdelen.get(code="noord")
    vakmanschap = programme.routes.get(code="vakmanschap")
    for i in range(regions):
        region = Region.objects.create(
            programme=programme, name=f"Regio {i:02}", slug=f"bench-{i:02}", landsdeel=noord, join_year=2012
        )
        report = MonitorReport.objects.create(
            region=region, programme_year=years[2013], status="submitted", submitted_at=timezone.now()
        )
        earlier = MonitorReport.objects.create(region=region, programme_year=years[2012], status="accepted")
        for n in range(6):
            indicator = Indicator.objects.create(
                region=region,
                code=f"IN{n + 1}",
                name=f"Instroom techniek vmbo, leerweg {n + 1}",
                performance_area=areas[n % len(areas)],
                route=vakmanschap,
                unit="leerlingen",
                baseline_value=Decimal(100 + n),
                baseline_year=2011,
                status="agreed",
            )
            for year, target in ((2012, 110), (2013, 120)):
                Target.objects.create(indicator=indicator, year=year, value=Decimal(target + n))
            Realisation.objects.create(report=earlier, indicator=indicator, value=Decimal(105 + n * 3))
            Realisation.objects.create(report=report, indicator=indicator, value=Decimal(100 + n * 5))
        for theme in themes:
            SelfAssessment.objects.create(report=report, theme=theme, score=1 + (theme.number + i) % 4)
        placemat = Placemat.objects.create(
            region=region, programme_year=years[2013], status="published", version=1, published_at=timezone.now()
        )
        for theme in themes:
            ConsolidatedScore.objects.create(
                placemat=placemat, theme=theme, score=1 + (theme.number * 3 + i) % 4, key_remark=remark
            )
        for condition in programme.success_conditions.all():
            ConsolidatedCondition.objects.create(
                placemat=placemat, condition=condition, rating=1 + condition.number % 4
            )
        ids.append(placemat.pk)
    return ids


def load(placemat_id: int):
    from audits.models import Placemat

    return Placemat.objects.select_related("region__programme", "programme_year__programme").get(pk=placemat_id)


# --- Child processes --------------------------------------------------------------------------------------


def child_cold(placemat_id: int) -> dict:
    from audits.services.placemat_pdf import placemat_pdf_make

    placemat = load(placemat_id)
    started = time.perf_counter()
    placemat_pdf_make(placemat=placemat)
    return {"first_render_s": time.perf_counter() - started}


def child_memory(placemat_id: int, renders: int) -> dict:
    from audits.services.placemat_pdf import placemat_pdf_make

    placemat = load(placemat_id)
    placemat_pdf_make(placemat=placemat)
    rss_start, _ = rss_kib()
    started = time.perf_counter()
    for _ in range(renders):
        placemat_pdf_make(placemat=placemat)
    rss, hwm = rss_kib()
    return {
        "renders": renders,
        "rss_after_first_mb": round(rss_start / 1024, 1),
        "rss_after_renders_mb": round(rss / 1024, 1),
        "rss_peak_mb": round(hwm / 1024, 1),
        "seconds": round(time.perf_counter() - started, 1),
    }


def run_child(mode: str, env: dict, *extra: str, timeout: float = 1800) -> tuple[dict, float]:
    started = time.perf_counter()
    out = subprocess.run(  # noqa: S603 - this script, run by our own interpreter
        [PYTHON, __file__, "--child", mode, *extra],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if out.returncode != 0:
        raise RuntimeError(f"child {mode} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1]), elapsed


def _pool_render(placemat_id: int) -> str | None:
    from django.db import connections

    from audits.services.placemat_pdf import placemat_pdf_render

    try:
        return placemat_pdf_render(placemat_id=placemat_id)
    finally:
        connections.close_all()


# --- The batch --------------------------------------------------------------------------------------------


def wait_rendered(ids: list[int], timeout: float) -> bool:
    from audits.models import PlacematPdf

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if PlacematPdf.objects.filter(placemat_id__in=ids, rendered_at__isnull=False).count() == len(ids):
            return True
        time.sleep(0.05)
    return False


def batch_through_worker(ids: list[int], worker_env: dict) -> dict:
    from django.core.files.storage import default_storage

    from toptechniek.celery import app

    queue = f"bench-{uuid.uuid4().hex[:12]}"
    log = tempfile.NamedTemporaryFile(prefix="bench-worker-", suffix=".log", delete=False)  # noqa: SIM115
    app.conf.update(broker_url=REDIS_URL, task_always_eager=False)
    worker = start_queue_worker(worker_env, queue=queue, concurrency=2, loglevel="warning", log=log)
    try:
        from audits.models import PlacematPdf
        from audits.tasks import task_render_placemat

        def one_batch() -> float:
            started = time.perf_counter()
            for placemat_id in ids:
                task_render_placemat.apply_async(args=[placemat_id], queue=queue)
            done = wait_rendered(ids, timeout=300)
            if not done:
                raise RuntimeError(f"the worker did not finish within 300 s; see {log.name}")
            return time.perf_counter() - started

        cold = one_batch()  # each pool child imports WeasyPrint on its first render
        for pdf in PlacematPdf.objects.filter(placemat_id__in=ids):  # forget them: the next batch renders again
            default_storage.delete(pdf.file.name)
        PlacematPdf.objects.filter(placemat_id__in=ids).delete()
        warm = one_batch()
        return {
            "batch_s": round(cold, 2),
            "batch_warm_children_s": round(warm, 2),
            "batch_mode": "celery worker, prefork, concurrency 2, Redis; batch_s with freshly started children",
        }
    finally:
        stop_worker(worker)
        delete_queue(queue)
        os.unlink(log.name)


def batch_in_pool(ids: list[int]) -> dict:
    import multiprocessing

    from django.db import connections

    connections.close_all()  # children must not share the parent's connection
    context = multiprocessing.get_context("fork")
    started = time.perf_counter()
    with context.Pool(2, maxtasksperchild=100) as pool:
        results = pool.map(_pool_render, ids, chunksize=1)
    elapsed = time.perf_counter() - started
    assert all(results), "a render failed"
    return {"batch_s": round(elapsed, 2), "batch_mode": "multiprocessing pool of 2 (no Redis/PostgreSQL)"}


# --- Main ---------------------------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", help="also write the figures to this file")
    parser.add_argument("--warm-runs", type=int, default=20)
    parser.add_argument("--memory-renders", type=int, default=500)
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--no-worker", action="store_true", help="measure the batch with a multiprocessing pool")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--placemat", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:  # a fresh process, its environment set by the parent
        setup_django({})
        if args.child == "cold":
            result = child_cold(args.placemat)
        else:
            result = child_memory(args.placemat, args.memory_renders)
        print(json.dumps(result))
        return 0

    tmp = tempfile.mkdtemp(prefix="bench-placemat-")
    media = os.path.join(tmp, "media")
    use_pg = postgres_answers()
    db_name, database_url = (
        throwaway_database() if use_pg else (None, f"sqlite:///{os.path.join(tmp, 'bench.sqlite3')}")
    )
    env = bench_env(database_url, media, eager=True)
    figures: dict = {
        "database": "postgresql (throwaway)" if use_pg else "sqlite (throwaway)",
        "cpus": os.cpu_count(),
        "load_average_at_start": round(os.getloadavg()[0], 2),  # other work on the machine skews every figure
    }
    try:
        setup_django(env)
        import weasyprint

        figures["weasyprint"] = weasyprint.__version__
        started = time.perf_counter()
        ids = seed(args.regions)
        figures["seed_s"] = round(time.perf_counter() - started, 1)

        cold, cold_process = run_child("cold", env, "--placemat", str(ids[0]))
        figures["cold_first_render_s"] = round(cold["first_render_s"], 3)
        figures["cold_process_s"] = round(cold_process, 2)

        from audits.services.placemat_pdf import placemat_pdf_make

        placemat = load(ids[0])
        placemat_pdf_make(placemat=placemat)  # warm-up
        times, cpu_times = [], []
        size = 0
        for _ in range(args.warm_runs):
            started, cpu_started = time.perf_counter(), time.process_time()
            size = len(placemat_pdf_make(placemat=placemat).pdf)
            times.append(time.perf_counter() - started)
            cpu_times.append(time.process_time() - cpu_started)
        figures["warm_median_s"] = round(statistics.median(times), 3)
        figures["warm_p90_s"] = round(sorted(times)[int(0.9 * (len(times) - 1))], 3)
        figures["warm_median_cpu_s"] = round(statistics.median(cpu_times), 3)  # less sensitive to a busy machine
        figures["warm_runs"] = args.warm_runs
        figures["pdf_bytes"] = size

        if use_pg and redis_answers() and not args.no_worker:
            figures.update(batch_through_worker(ids, bench_env(database_url, media, eager=False)))
        else:
            figures.update(batch_in_pool(ids))
        figures["batch_regions"] = len(ids)

        memory, _ = run_child("memory", env, "--placemat", str(ids[0]), "--memory-renders", str(args.memory_renders))
        figures["memory_renders"] = memory["renders"]
        figures["rss_after_first_render_mb"] = memory["rss_after_first_mb"]
        figures["rss_after_renders_mb"] = memory["rss_after_renders_mb"]
        figures["rss_peak_mb"] = memory["rss_peak_mb"]
        figures["memory_run_s"] = memory["seconds"]

        figures["load_average_at_end"] = round(os.getloadavg()[0], 2)
        figures["budgets"] = BUDGETS
        figures["within_budget"] = {
            "warm": figures["warm_median_s"] <= BUDGETS["warm_s"],
            "cold": figures["cold_first_render_s"] <= BUDGETS["cold_s"],
            "batch": figures["batch_s"] <= BUDGETS["batch_20_s"] * len(ids) / 20,
            "memory": figures["rss_after_renders_mb"] < BUDGETS["rss_mb"],
        }
    finally:
        drop_workspace(db_name, tmp)
    return report(figures, args.json, ok=all(figures["within_budget"].values()))


if __name__ == "__main__":
    sys.exit(main())
