"""Drill (not a test): Redis is down for 60 s while 100 monitor reports are submitted.

    .venv/bin/python scripts/drill_broker_outage.py [--reports 100] [--outage 60] [--json PATH]

It starts a Redis of its own on a free port (the machine's Redis is never touched), a throwaway
PostgreSQL database with 100 regions whose 2015 reports are complete drafts, and file-based mail in a
temporary directory. Then:

1. it stops its Redis and submits the 100 reports through the app (Django's test client, each as the
   region's project leader): every submission must commit and answer with a redirect, never an error
   page, although the mail to the programme office cannot be enqueued;
2. after the outage it starts Redis again, a Celery worker and beat (the production schedule: the
   outbox sweep every 5 minutes re-enqueues mails whose enqueue was lost);
3. it waits until every mail is sent and checks that each went out exactly once (one mail file per
   submission, every outbox row (common.Notification) sent), within 10 minutes of Redis coming back.
It prints one JSON object and exits 1 when a check fails.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_placemat as bench  # noqa: E402

DEADLINE_S = 600


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    process = subprocess.Popen(  # noqa: S603
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],  # noqa: S607
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return process
        time.sleep(0.1)
    raise RuntimeError("redis-server did not start")


def stop(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=15)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def seed(count: int) -> list[tuple[str, int]]:
    """`count` regions with a complete 2015 draft report; returns (slug, project leader id)."""
    import datetime

    from django.core.management import call_command

    from monitoring.models import LearningTheme, MonitorReport, SelfAssessment, ThemeAnswer
    from regions.models import GuidingQuestion, PlacematTheme, Programme, ProgrammeYear, Region, RegionRole
    from regions.services import framework_install
    from toptechniek.accounts.models import User

    call_command("migrate", verbosity=0, interactive=False)
    programme = Programme.objects.create(name="Drill", slug="drill", start_year=2012, end_year=2015)
    framework_install(programme=programme)
    year = ProgrammeYear.objects.create(programme=programme, year=2015, report_due_date=datetime.date(2030, 3, 1))
    User.objects.create_user(email="office@drill.example", password="x", global_role="programme_office")
    themes = list(PlacematTheme.objects.filter(programme=programme))
    questions = list(GuidingQuestion.objects.filter(theme__programme=programme, theme__kind="process"))
    oost = programme.landsdelen.get(code="oost")
    out = []
    for i in range(count):
        region = Region.objects.create(
            programme=programme, name=f"Regio {i:03}", slug=f"r{i:03}", landsdeel=oost, join_year=2012
        )
        leader = User.objects.create_user(email=f"pl{i}@drill.example", password="x")
        RegionRole.objects.create(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
        report = MonitorReport.objects.create(
            region=region,
            programme_year=year,
            reflection_works="Werkt.",
            reflection_not_yet="Nog niet.",
            reflection_progress="Op koers.",
        )
        ThemeAnswer.objects.bulk_create(ThemeAnswer(report=report, question=q, answer="Ja.") for q in questions)
        SelfAssessment.objects.bulk_create(
            SelfAssessment(report=report, theme=t, score=3, rationale="Goed.") for t in themes
        )
        LearningTheme.objects.create(report=report, theme=themes[0], description="Mkb betrekken.")
        out.append((region.url_key, leader.pk))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reports", type=int, default=100)
    parser.add_argument("--outage", type=int, default=60)
    parser.add_argument("--json")
    args = parser.parse_args()
    if not bench.postgres_answers():
        print("this drill needs PostgreSQL on 127.0.0.1", file=sys.stderr)
        return 2

    tmp = tempfile.mkdtemp(prefix="drill-broker-")
    mail_dir = os.path.join(tmp, "mail")
    port = free_port()
    redis_url = f"redis://127.0.0.1:{port}/0"
    db_name, database_url = bench.throwaway_database()
    env = bench.bench_env(database_url, os.path.join(tmp, "media"), eager=False)
    env.update(
        REDIS_URL=redis_url,
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        EMAIL_FILE_PATH=mail_dir,
        ALLOWED_HOSTS="testserver,127.0.0.1",
        TWO_FACTOR_REQUIRED="false",
    )
    processes: list[subprocess.Popen] = []
    result: dict = {"reports": args.reports, "outage_s": args.outage}
    ok = False
    try:
        redis_server = start_redis(port)
        processes.append(redis_server)  # stopped on any failure too (stopping it twice is harmless)
        bench.setup_django(env)
        from django.test import Client
        from django.urls import reverse

        from monitoring.models import MonitorReport
        from toptechniek.accounts.models import User
        from toptechniek.common.models import Notification

        regions = seed(args.reports)

        # 1. Redis down; the project leaders submit.
        stop(redis_server)
        down_at = time.monotonic()
        statuses: dict[int, int] = {}
        submit_started = time.monotonic()
        for slug, leader_id in regions:
            client = Client(raise_request_exception=False)
            client.force_login(User.objects.get(pk=leader_id))
            response = client.post(reverse("monitoring:report_submit", args=[slug, 2015]))
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
        result["submit_s"] = round(time.monotonic() - submit_started, 1)
        result["responses"] = statuses
        result["submitted"] = MonitorReport.objects.filter(status="submitted").count()
        result["mails_unsent_during_outage"] = Notification.objects.filter(sent_at__isnull=True).count()
        time.sleep(max(0.0, args.outage - (time.monotonic() - down_at)))

        # 2. Redis back; a worker and beat as in production.
        processes.append(start_redis(port))
        back_at = time.monotonic()
        celery = str(Path(bench.PYTHON).with_name("celery"))
        log = open(os.path.join(tmp, "celery.log"), "ab")  # noqa: SIM115
        for command in (
            [celery, "-A", "toptechniek", "worker", "--concurrency", "1", "-l", "info", "--without-gossip"],
            [celery, "-A", "toptechniek", "beat", "-l", "info", "-s", os.path.join(tmp, "beat-schedule")],
        ):
            processes.append(
                subprocess.Popen(  # noqa: S603
                    command, env=env, cwd=bench.ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
                )
            )

        # 3. Every mail exactly once, within 10 minutes of Redis coming back.
        rows = Notification.objects.count()
        while time.monotonic() - back_at < DEADLINE_S:
            if not Notification.objects.filter(sent_at__isnull=True).exists():
                break
            time.sleep(2)
        time.sleep(5)  # a second delivery, if any, would land now
        delivered = time.monotonic() - back_at
        # The file backend may put several messages in one file: count the messages, not the files.
        files = (
            sum(
                path.read_text(errors="replace").count("\nMessage-ID: ")
                + path.read_text(errors="replace").startswith("Message-ID: ")
                for path in Path(mail_dir).glob("*.log")
            )
            if os.path.isdir(mail_dir)
            else 0
        )
        result.update(
            outbox_mails=rows,
            all_sent=not Notification.objects.filter(sent_at__isnull=True).exists(),
            mails_delivered=files,
            delivered_within_s=round(delivered, 1),
        )
        ok = (
            statuses == {302: args.reports}
            and result["submitted"] == args.reports
            and result["all_sent"]
            and files == rows == args.reports
            and delivered <= DEADLINE_S
        )
        result["passed"] = ok
    finally:
        for process in processes:
            stop(process)
        bench.drop_workspace(db_name, tmp)
    return bench.report(result, args.json, ok=ok)


if __name__ == "__main__":
    sys.exit(main())
