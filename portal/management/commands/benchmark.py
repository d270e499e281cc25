"""Scale benchmark of the national dashboard, the region pages, a report page and the export.

    python manage.py benchmark --regions 1000 --years 10 --indicators 20 [--requests 30] [--json PATH]

It never touches your data: it creates a throwaway database of its own with Django's test-database
machinery — on PostgreSQL a fresh database with a unique name next to the configured one (DATABASE_URL),
on SQLite a temporary file — migrates it, fills it with a synthetic programme through bulk_create
(reports in every state with realisations and self-assessments, published and open placemats with
scores, audit visits in every state with follow-up actions, grants proposed and decided, peer reviews
in every state), measures, and drops it at the end, also after an error or Ctrl-C.

Measured per page, through the Django test client as a logged-in programme-office user: the number of
SQL queries of one request, and the median and 95th percentile of the server time of --requests
requests. `floor_ms` is the median time of running the dashboard's own SQL statements (those of one
dashboard request, minus the session and user look-ups) straight on the database cursor: the database
work the page cannot do without. One JSON object goes to stdout (and to --json PATH); progress to stderr.
"""

import datetime
import json
import math
import random
import statistics
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone

BUDGETS = {"dashboard_queries": 10, "dashboard_p95_ms": 300, "dashboard_median_x_floor": 3, "page_p95_ms": 100}


class Command(BaseCommand):
    help = "Build a synthetic programme in a throwaway database and time the dashboard and related pages."

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=int, default=1000)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--indicators", type=int, default=20)
        parser.add_argument("--requests", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2012)
        parser.add_argument("--json", dest="json_path", default="")

    def handle(self, *args, regions, years, indicators, requests, seed, json_path, **options):
        def log(message):
            print(message, file=sys.stderr, flush=True)

        db = settings.DATABASES["default"]
        vendor = connection.vendor
        tmpdir = None
        test_settings = db.setdefault("TEST", {})
        old_test_name = test_settings.get("NAME")
        if vendor == "postgresql":
            test_settings["NAME"] = f"tt_bench_{uuid.uuid4().hex[:12]}"
        elif vendor == "sqlite":
            tmpdir = tempfile.TemporaryDirectory(prefix="tt-bench-")
            test_settings["NAME"] = str(Path(tmpdir.name) / "bench.sqlite3")
        else:
            test_settings["NAME"] = f"tt_bench_{uuid.uuid4().hex[:12]}"
        old_name = db["NAME"]
        log(f"benchmark: throwaway {vendor} database {test_settings['NAME']}")
        connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False, keepdb=False)
        try:
            started = time.perf_counter()
            world = build(regions=regions, years=years, indicators=indicators, seed=seed, log=log)
            build_s = time.perf_counter() - started
            log(f"benchmark: built in {build_s:.1f} s; measuring")
            with override_settings(ALLOWED_HOSTS=["testserver"], DEBUG=False, TWO_FACTOR_REQUIRED=False):
                result = measure(world, requests=requests)
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
            "floor_ms": result["floor_ms"],
            "pages": result["pages"],
            "database": vendor,
            "build_s": round(build_s, 1),
            "requests": requests,
        }
        out["budgets"] = check_budgets(out)
        text = json.dumps(out)
        if json_path:
            Path(json_path).parent.mkdir(parents=True, exist_ok=True)
            Path(json_path).write_text(text + "\n")
        self.stdout.write(text)


def check_budgets(out: dict) -> dict:
    dash = out["pages"]["dashboard"]
    checks = {
        "dashboard_queries_le_10": dash["queries"] <= BUDGETS["dashboard_queries"],
        "dashboard_p95_le_300ms": dash["p95_ms"] <= BUDGETS["dashboard_p95_ms"],
        "dashboard_median_le_3x_floor": dash["median_ms"] <= BUDGETS["dashboard_median_x_floor"] * out["floor_ms"],
        "region_p95_le_100ms": out["pages"]["region"]["p95_ms"] <= BUDGETS["page_p95_ms"],
        "report_p95_le_100ms": out["pages"]["report"]["p95_ms"] <= BUDGETS["page_p95_ms"],
    }
    return checks


# --- Building the synthetic programme -------------------------------------------------------------


def build(*, regions: int, years: int, indicators: int, seed: int, log) -> dict:
    from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
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
        name="Bench programme", slug="bench", start_year=start, end_year=start + years - 1
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
    landsdelen = ["noord", "oost", "zuid", "west"]
    region_objs = []
    for n in range(regions):
        status = "stopped" if n % 50 == 7 else ("suspended" if n % 50 == 13 else "active")
        join = start if n % 10 else start + min(years - 1, 1 + n % 3)
        region_objs.append(
            Region(
                programme=programme,
                name=f"Regio {n:04d}",
                slug=f"regio-{n:04d}",
                landsdeel=landsdelen[n % 4],
                join_year=join,
                status=status,
            )
        )
    region_objs = Region.objects.bulk_create(region_objs, batch_size=batch)
    log(f"benchmark: {len(region_objs)} regions")
    office = User.objects.create_user(email="office@bench.example", password="bench-only", full_name="Office")
    office.global_role = User.GlobalRole.PROGRAMME_OFFICE
    office.save()
    leader = User.objects.create_user(email="pl@bench.example", password="bench-only", full_name="Leader")
    RegionRole.objects.create(user=leader, region=region_objs[0], role="project_leader")

    routes = ["vakmanschap", "technologie", "beide"]
    indicator_objs = []
    for region in region_objs:
        for i in range(indicators):
            indicator_objs.append(
                Indicator(
                    region=region,
                    code=f"I{i:02d}",
                    name=f"Indicator {i}",
                    performance_area=areas[i % len(areas)],
                    route=routes[i % 3],
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
        "region": region,
        "report_year": report.programme_year.year if report else pyears[0].year,
        "year": dashboard_year,
        "programme": programme,
    }


# --- Measuring -------------------------------------------------------------------------------------


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def _time_page(client: Client, url: str, requests: int, *, cold: bool = False) -> dict:
    """Median and p95 over `requests`; `cold` empties the figures cache before each request (a miss every
    time: what the first reader after a change waits)."""
    from django.core.cache import cache

    client.get(url)  # warm caches (templates, URL resolver)
    if cold:
        cache.clear()
    queries = _statements(client, url)
    times = []
    for _ in range(requests):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return {
        "queries": len(queries),
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(_percentile(times, 0.95), 1),
    }


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
    """Median time of the dashboard's own SQL (one request's statements minus the session and user
    look-ups) run straight on the cursor, rows fetched: the database work the page cannot do without."""
    from django.core.cache import cache

    skip = ("django_session", '"accounts_user"', "otp_", "axes_")
    cache.clear()  # the statements of a cache miss: the aggregates themselves, not the cached read
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


def measure(world: dict, *, requests: int) -> dict:
    client = Client()
    client.force_login(world["office"])
    region = world["region"]
    year = world["year"]
    dashboard_url = reverse("dashboard:dashboard") + f"?programme=bench&year={year}"
    pages = {
        "dashboard": dashboard_url,
        "dashboard_sorted": dashboard_url + "&sort=-flags&group=landsdeel",
        "region": reverse("regions:region_detail", args=[region.slug]),
        "region_overview": reverse("dashboard:region_overview", args=[region.slug]),
        "report": reverse("monitoring:report_detail", args=[region.slug, world["report_year"]]),
        "export": reverse("dashboard:export_xlsx") + f"?programme=bench&year={year}",
        "export_csv": reverse("dashboard:export_csv") + f"?programme=bench&year={year}",
    }
    results = {}
    for name, url in pages.items():
        results[name] = _time_page(client, url, requests)
        print(f"benchmark: {name} {results[name]}", file=sys.stderr, flush=True)
    results["dashboard_uncached"] = _time_page(client, dashboard_url, requests, cold=True)
    print(f"benchmark: dashboard_uncached {results['dashboard_uncached']}", file=sys.stderr, flush=True)
    return {"floor_ms": _floor(client, dashboard_url, requests), "pages": results}
