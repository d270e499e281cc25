"""Drill (not a test): SIGKILL a Celery pool process, then the whole worker, during placemat PDF renders.

    .venv/bin/python scripts/drill_worker_kill.py [--regions 20] [--visibility-timeout 20] [--json PATH]

Needs PostgreSQL and Redis (127.0.0.1). Everything happens in a throwaway database and a temporary
media directory (see scripts/bench_placemat.py, whose helpers it uses); the worker runs on a queue of its
own. What it does, and what it checks:

1. pool kill: enqueue one render per published placemat, SIGKILL the worker's pool process while it
   renders. `task_reject_on_worker_lost` puts the task back at once; every placemat must end up with
   exactly one stored PDF (one file per placemat in the media directory, each with its checksum).
2. worker kill: forget the PDFs, enqueue again, SIGKILL the whole worker (main process and pool) mid-
   batch, start a new one. The unacknowledged tasks come back after the broker's visibility timeout
   (shortened here with --visibility-timeout; production: CELERY_VISIBILITY_TIMEOUT, 3,600 s); every
   placemat must again have exactly one PDF, within that timeout plus the renders.
It prints what it did and found as one JSON object and exits 1 when a check fails.
"""

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_placemat as bench  # noqa: E402


def start_worker(env: dict, queue: str, log_path: str) -> subprocess.Popen:
    log = open(log_path, "ab")  # noqa: SIM115 - closed with the process
    return bench.start_queue_worker(env, queue=queue, concurrency=1, loglevel="info", log=log)


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    return [int(p) for p in out.stdout.split()]


def rendered_count(ids: list[int]) -> int:
    from audits.models import PlacematPdf

    return PlacematPdf.objects.filter(placemat_id__in=ids, rendered_at__isnull=False).count()


def files(media: str) -> list[str]:
    root = Path(media) / "placemats"
    return sorted(p.name for p in root.glob("*.pdf")) if root.exists() else []


def check_once(ids: list[int], media: str) -> dict:
    from audits.models import PlacematPdf

    pdfs = list(PlacematPdf.objects.filter(placemat_id__in=ids))
    names = files(media)
    return {
        "placemats": len(ids),
        "pdf_rows_rendered": sum(1 for p in pdfs if p.rendered_at and p.checksum),
        "files_in_media": len(names),
        "exactly_once": len(names) == len(ids) == sum(1 for p in pdfs if p.rendered_at and p.checksum),
    }


def forget(ids: list[int], media: str) -> None:
    from audits.models import PlacematPdf

    PlacematPdf.objects.filter(placemat_id__in=ids).delete()
    shutil.rmtree(Path(media) / "placemats", ignore_errors=True)


def enqueue(ids: list[int], queue: str) -> None:
    from audits.tasks import task_render_placemat

    for placemat_id in ids:
        task_render_placemat.apply_async(args=[placemat_id], queue=queue)


def wait_all(ids: list[int], timeout: float) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if rendered_count(ids) == len(ids):
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--regions", type=int, default=20)
    parser.add_argument("--visibility-timeout", type=int, default=20)
    parser.add_argument("--json")
    args = parser.parse_args()
    if not (bench.postgres_answers() and bench.redis_answers()):
        print("this drill needs PostgreSQL and Redis on 127.0.0.1", file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="drill-worker-")
    media = os.path.join(tmp, "media")
    log_path = os.path.join(tmp, "worker.log")
    db_name, database_url = bench.throwaway_database()
    env = bench.bench_env(database_url, media, eager=False)
    env["CELERY_VISIBILITY_TIMEOUT"] = str(args.visibility_timeout)
    queue = f"drill-{uuid.uuid4().hex[:12]}"
    result: dict = {"regions": args.regions, "visibility_timeout_s": args.visibility_timeout}
    workers: list[subprocess.Popen] = []
    ok = False
    try:
        bench.setup_django(env)
        from toptechniek.celery import app

        app.conf.update(
            broker_url=bench.REDIS_URL,
            task_always_eager=False,
            broker_transport_options={"visibility_timeout": args.visibility_timeout},
        )
        ids = bench.seed(args.regions)

        # 1. SIGKILL of the pool process mid-render.
        workers.append(start_worker(env, queue, log_path))
        enqueue(ids, queue)
        while rendered_count(ids) < 2:  # the pool is warm and busy
            time.sleep(0.05)
        pool = children(workers[-1].pid)
        os.kill(pool[0], signal.SIGKILL)
        took = wait_all(ids, timeout=180)
        result["pool_kill"] = {
            "killed_pool_pid": pool[0],
            "rendered_before_kill": 2,
            "all_rendered_after_s": round(took, 1) if took is not None else None,
            **check_once(ids, media),
        }

        # 2. SIGKILL of the whole worker mid-batch; a new worker takes over.
        forget(ids, media)
        enqueue(ids, queue)
        while rendered_count(ids) < 2:
            time.sleep(0.05)
        bench.stop_worker(workers.pop(), signal.SIGKILL)
        at_kill = rendered_count(ids)
        started = time.monotonic()
        workers.append(start_worker(env, queue, log_path))
        took = wait_all(ids, timeout=args.visibility_timeout * 3 + 180)
        result["worker_kill"] = {
            "rendered_at_kill": at_kill,
            "all_rendered_after_s": round(time.monotonic() - started, 1) if took is not None else None,
            "bound_s": args.visibility_timeout + 60,
            **check_once(ids, media),
        }
        ok = (
            result["pool_kill"]["exactly_once"]
            and result["pool_kill"]["all_rendered_after_s"] is not None
            and result["worker_kill"]["exactly_once"]
            and result["worker_kill"]["all_rendered_after_s"] is not None
            and result["worker_kill"]["all_rendered_after_s"] <= result["worker_kill"]["bound_s"]
        )
        result["passed"] = ok
    finally:
        for worker in workers:
            bench.stop_worker(worker, signal.SIGKILL)
        bench.delete_queue(queue)
        bench.drop_workspace(db_name, tmp)
    return bench.report(result, args.json, ok=ok)


if __name__ == "__main__":
    sys.exit(main())
