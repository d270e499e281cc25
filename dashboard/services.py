"""The facts of the national picture (`models.RegionYearFact`, `models.TotalFact`): computed, refreshed,
rebuilt and checked.

`facts_compute` is the one computation, set-based over a set of regions and all their programme years
(eleven queries whatever their number). The rules are those of the report pages, so the figures agree:

- a region takes part in a year when it joined in or before that year (as on the report list);
- *settled figures only*: a region-year's figures count when its report is submitted to the office or
  accepted (`monitoring.selectors.SETTLED_STATUSES`); the facts keep every report's figures with a
  `settled` flag, so the office's provisional view reads the same rows;
- *on track / behind*: an agreed indicator whose realisation meets / misses that year's target given its
  direction (`regions.models.on_target_q`, the SQL twin of `target_met`); not-applicable, missing values
  and indicators without a target for the year count as neither;
- *behind two years running*: behind in this year and the year before (both reports settled, or any);
- *gap*: a theme whose self-assessment is two or more above the published placemat's consolidated score;
- *dropped*: a theme of this year's published placemat scored lower than on the region's previous
  published placemat;
- *peer review*: this year's latest (highest id) review with the region as host or peer, not cancelled;
  `has_review`: any such review in the programme;
- *follow-up actions*: open (not done) actions of the region's audit visits; a reader compares the due
  dates with today.

`facts_refresh` (registered as `toptechniek.common.facts` hook) locks the regions' rows, so two writers of
one region refresh one after the other and the second computes with the first's committed change.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, F, Min, Q, Sum
from django.db.models.functions import Lower, Trim

from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation, SelfAssessment
from monitoring.selectors import SETTLED_STATUSES
from peerreviews.models import PeerReview
from regions.models import Indicator, ProgrammeYear, Region, on_target_q

from .models import RegionYearFact, TotalFact

# A realisation on its indicator's target of the realisation's year, respecting the direction.
ON_TARGET = on_target_q(
    direction="indicator__direction", target="indicator__targets__value", target_max="indicator__targets__value_max"
)
SIX = Decimal("0.000001")
BATCH = 2000

YEAR_FIELDS = [f.attname for f in RegionYearFact._meta.concrete_fields if f.name != "id"]
TOTAL_FIELDS = [f.attname for f in TotalFact._meta.concrete_fields if f.name != "id"]


def unit_key(unit: str) -> str:
    """Units are grouped by their text, whitespace and case aside ("Leerlingen " = "leerlingen")."""
    return " ".join(unit.split()).casefold()


def is_percentage(unit: str) -> bool:
    """A percentage never adds up over regions: its totals line is a mean."""
    return "%" in unit


def _six(value: Decimal) -> Decimal:
    return Decimal(value).quantize(SIX)


@dataclass
class Facts:
    """Freshly computed facts of some regions: rows keyed like the tables' unique constraints."""

    region_ids: list[int]
    years: dict[tuple[int, int], dict] = field(default_factory=dict)  # (region, programme year) -> row
    totals: dict[tuple, dict] = field(default_factory=dict)  # (region, py, kind, key, unit_key, direction) -> row


def _regions(*, region_ids: Iterable[int] = (), programme_id: int | None = None) -> list[dict]:
    q = Q(pk__in=list(region_ids))
    if programme_id is not None:
        q |= Q(programme_id=programme_id)
    return list(Region.objects.filter(q).order_by("pk").values("pk", "programme_id", "join_year"))


def facts_compute(*, region_ids: Iterable[int] = (), programme_id: int | None = None) -> Facts:
    """The facts of these regions (or every region of the programme), every year they take part in."""
    regions = _regions(region_ids=region_ids, programme_id=programme_id)
    ids = [r["pk"] for r in regions]
    facts = Facts(region_ids=ids)
    if not ids:
        return facts
    programmes = {r["programme_id"] for r in regions}
    pyears = list(ProgrammeYear.objects.filter(programme_id__in=programmes).values("pk", "programme_id", "year"))
    year_of = {py["pk"]: py["year"] for py in pyears}
    programme_of_year = {py["pk"]: py["programme_id"] for py in pyears}
    settled_statuses = {str(s) for s in SETTLED_STATUSES}

    rows = facts.years
    for region in regions:
        for py in pyears:
            if py["programme_id"] == region["programme_id"] and py["year"] >= region["join_year"]:
                rows[(region["pk"], py["pk"])] = _empty_row(region["pk"], py["pk"])

    def row(region_id, py_id) -> dict | None:
        return rows.get((region_id, py_id))

    # Reports.
    for rep in MonitorReport.objects.filter(region_id__in=ids).values(
        "pk", "region_id", "programme_year_id", "status", "first_submitted_at", "is_late"
    ):
        if (r := row(rep["region_id"], rep["programme_year_id"])) is not None:
            r.update(
                report_id=rep["pk"],
                report_status=rep["status"],
                first_submitted_at=rep["first_submitted_at"],
                report_is_late=rep["is_late"],
                settled=rep["status"] in settled_statuses,
            )

    # Realisations of agreed indicators with a target for the report's year: per region-year on / behind,
    # and the totals per route and area, unit and direction (one grouped query).
    judged = Realisation.objects.filter(
        report__region_id__in=ids,
        indicator__status=Indicator.Status.AGREED,
        indicator__targets__year=F("report__programme_year__year"),
        value__isnull=False,
        not_applicable=False,
    )
    buckets: dict[tuple, list] = {}
    for g in (
        judged.annotate(unit_key=Lower(Trim("indicator__unit")))
        .values(
            "report__region_id",
            "report__programme_year_id",
            "report__status",
            "indicator__route",
            "indicator__performance_area_id",
            "indicator__direction",
            "unit_key",
        )
        .annotate(
            unit=Min("indicator__unit"),
            n=Count("pk"),
            on=Count("pk", filter=ON_TARGET),
            realised=Sum("value"),
            target=Sum("indicator__targets__value"),
            target_max=Sum("indicator__targets__value_max"),
            with_max=Count("indicator__targets__value_max"),
        )
        .order_by()
    ):
        region_id, py_id = g["report__region_id"], g["report__programme_year_id"]
        r = row(region_id, py_id)
        if r is None:
            continue
        r["on_track"] += g["on"]
        r["behind"] += g["n"] - g["on"]
        unit = unit_key(g["unit_key"])
        has_max = g["with_max"] == g["n"]
        for kind, key in (
            (TotalFact.Kind.ROUTE, g["indicator__route"]),
            (TotalFact.Kind.AREA, str(g["indicator__performance_area_id"])),
        ):
            acc = buckets.setdefault(
                (region_id, py_id, str(kind), key, unit, g["indicator__direction"]),
                [0, Decimal(0), Decimal(0), Decimal(0), g["unit"].strip(), g["report__status"] in settled_statuses],
            )
            acc[0] += g["n"]
            acc[1] += g["realised"]
            acc[2] += g["target"]
            acc[3] = acc[3] + g["target_max"] if (has_max and acc[3] is not None) else None
            acc[4] = min(acc[4], g["unit"].strip())
    for (region_id, py_id, kind, key, unit, direction), (
        n,
        realised,
        target,
        target_max,
        text,
        settled,
    ) in buckets.items():
        mean = is_percentage(unit)
        if direction != Indicator.Direction.RANGE:
            target_max = None
        facts.totals[(region_id, py_id, kind, key, unit, direction)] = {
            "region_id": region_id,
            "programme_year_id": py_id,
            "settled": settled,
            "kind": kind,
            "key": key,
            "unit_key": unit,
            "unit": text,
            "direction": direction,
            "indicators": n,
            "realised": _six(realised / n if mean else realised),
            "target": _six(target / n if mean else target),
            "target_max": None if target_max is None else _six(target_max / n if mean else target_max),
        }

    # Behind two years running: the indicator-years behind target, then pairs of consecutive years.
    behind_years: dict[tuple[int, int], dict[int, bool]] = defaultdict(dict)  # (region, indicator) -> year -> settled
    for g in (
        judged.values("report__region_id", "indicator_id", "report__programme_year__year", "report__status")
        .annotate(b=Count("pk", filter=~ON_TARGET))
        .filter(b__gt=0)
        .order_by()
    ):
        behind_years[(g["report__region_id"], g["indicator_id"])][g["report__programme_year__year"]] = (
            g["report__status"] in settled_statuses
        )
    py_by_year = {(py["programme_id"], py["year"]): py["pk"] for py in pyears}
    programme_of = {r["pk"]: r["programme_id"] for r in regions}
    for (region_id, _indicator), years in behind_years.items():
        for year, settled in years.items():
            if year - 1 not in years:
                continue
            r = row(region_id, py_by_year.get((programme_of[region_id], year)))
            if r is None:
                continue
            r["behind_twice_all"] += 1
            if settled and years[year - 1]:
                r["behind_twice_settled"] += 1

    # Published placemats and their scores; the previous published placemat per region and year.
    published = {
        (p["region_id"], p["programme_year_id"]): p
        for p in Placemat.objects.filter(region_id__in=ids, status=Placemat.Status.PUBLISHED).values(
            "pk", "region_id", "programme_year_id", "version"
        )
    }
    scores: dict[tuple[int, int], dict[str, int | None]] = defaultdict(dict)
    for s in ConsolidatedScore.objects.filter(
        placemat__region_id__in=ids, placemat__status=Placemat.Status.PUBLISHED
    ).values("placemat__region_id", "placemat__programme_year_id", "theme_id", "score"):
        scores[(s["placemat__region_id"], s["placemat__programme_year_id"])][str(s["theme_id"])] = s["score"]
    published_years: dict[int, list[tuple[int, int]]] = defaultdict(list)  # region -> [(year, py)]
    for region_id, py_id in published:
        if py_id in year_of:
            published_years[region_id].append((year_of[py_id], py_id))
    for (region_id, py_id), r in rows.items():
        p = published.get((region_id, py_id))
        if p is None:
            continue
        now = scores.get((region_id, py_id), {})
        known = [s for s in now.values() if s is not None]
        earlier = [(y, pk) for y, pk in published_years[region_id] if y < year_of[py_id]]
        before = scores.get((region_id, max(earlier)[1]), {}) if earlier else {}
        r.update(
            placemat_id=p["pk"],
            placemat_version=p["version"],
            scores=dict(sorted(now.items(), key=lambda kv: int(kv[0]))),
            placemat_mean=sum(known) / len(known) if known else None,
            has_dropped=any(s is not None and before.get(t) is not None and s < before[t] for t, s in now.items()),
        )

    # Self-assessments two or more above the published consolidated score.
    for sa in SelfAssessment.objects.filter(report__region_id__in=ids, score__isnull=False).values(
        "report__region_id", "report__programme_year_id", "theme_id", "score"
    ):
        key = (sa["report__region_id"], sa["report__programme_year_id"])
        if key not in published or (r := rows.get(key)) is None:
            continue
        committee = scores.get(key, {}).get(str(sa["theme_id"]))
        if committee is not None and sa["score"] >= committee + 2:
            r["gap_count"] += 1

    # The reported audit visit's judgement; grants.
    for v in AuditVisit.objects.filter(region_id__in=ids, status=AuditVisit.Status.REPORTED).values(
        "region_id", "programme_year_id", "judgement"
    ):
        if (r := row(v["region_id"], v["programme_year_id"])) is not None:
            r["judgement"] = v["judgement"] or ""
    for g in StimulusGrant.objects.filter(region_id__in=ids).values(
        "region_id", "programme_year_id", "status", "proposed_amount", "decided_amount"
    ):
        if (r := row(g["region_id"], g["programme_year_id"])) is not None:
            r.update(grant_status=g["status"], grant_proposed=g["proposed_amount"], grant_decided=g["decided_amount"])

    # Peer reviews (host or peer), not cancelled, in the region's programme.
    in_programme = set(year_of)
    reviewed: set[int] = set()
    latest: dict[tuple[int, int], tuple[int, str]] = {}
    for pr in (
        PeerReview.objects.filter(
            Q(host_region_id__in=ids) | Q(peer_region_id__in=ids), programme_year_id__in=in_programme
        )
        .exclude(status=PeerReview.Status.CANCELLED)
        .values("pk", "programme_year_id", "host_region_id", "peer_region_id", "status")
    ):
        for region_id in {pr["host_region_id"], pr["peer_region_id"]} - {None}:
            if region_id not in programme_of:
                continue
            if programme_of_year[pr["programme_year_id"]] != programme_of[region_id]:
                continue
            reviewed.add(region_id)
            key = (region_id, pr["programme_year_id"])
            if key not in latest or pr["pk"] > latest[key][0]:
                latest[key] = (pr["pk"], pr["status"])

    # Open follow-up actions of the region's audit visits in its programme.
    earliest: dict[int, datetime.date] = {}
    dues: dict[tuple[int, int], list[str]] = defaultdict(list)
    for a in FollowUpAction.objects.filter(
        visit__region_id__in=ids, visit__programme_year_id__in=in_programme, done=False
    ).values("visit__region_id", "visit__programme_year_id", "visit__status", "due_date"):
        region_id, py_id = a["visit__region_id"], a["visit__programme_year_id"]
        if programme_of_year[py_id] != programme_of[region_id]:
            continue
        if region_id not in earliest or a["due_date"] < earliest[region_id]:
            earliest[region_id] = a["due_date"]
        if a["visit__status"] == AuditVisit.Status.REPORTED:
            dues[(region_id, py_id)].append(a["due_date"].isoformat())

    for (region_id, py_id), r in rows.items():
        r["has_review"] = region_id in reviewed
        r["peer_review_id"], r["peer_review_status"] = latest.get((region_id, py_id), (None, ""))
        r["earliest_open_action_due"] = earliest.get(region_id)
        r["open_action_dues"] = sorted(dues.get((region_id, py_id), []))
    return facts


def _empty_row(region_id: int, py_id: int) -> dict:
    return {
        "region_id": region_id,
        "programme_year_id": py_id,
        "report_id": None,
        "report_status": "",
        "first_submitted_at": None,
        "report_is_late": False,
        "settled": False,
        "on_track": 0,
        "behind": 0,
        "behind_twice_settled": 0,
        "behind_twice_all": 0,
        "gap_count": 0,
        "placemat_id": None,
        "placemat_version": None,
        "scores": {},
        "placemat_mean": None,
        "has_dropped": False,
        "judgement": "",
        "peer_review_id": None,
        "peer_review_status": "",
        "has_review": False,
        "earliest_open_action_due": None,
        "open_action_dues": [],
        "grant_status": "",
        "grant_proposed": None,
        "grant_decided": None,
    }


def _write(facts: Facts) -> None:
    ids = facts.region_ids
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        RegionYearFact.objects.filter(region_id__in=chunk).delete()
        TotalFact.objects.filter(region_id__in=chunk).delete()
    RegionYearFact.objects.bulk_create((RegionYearFact(**r) for r in facts.years.values()), batch_size=BATCH)
    TotalFact.objects.bulk_create((TotalFact(**r) for r in facts.totals.values()), batch_size=BATCH)


def facts_refresh(*, region_ids: Iterable[int] = (), programme_id: int | None = None) -> None:
    """Recompute and store the facts of these regions (or all of a programme's), in the caller's transaction.

    The regions' rows are locked first (on PostgreSQL), so concurrent writers of one region refresh one
    after the other; the second computes with the first's committed change."""
    with transaction.atomic():
        q = Q(pk__in=list(region_ids))
        if programme_id is not None:
            q |= Q(programme_id=programme_id)
        ids = list(Region.objects.select_for_update().filter(q).order_by("pk").values_list("pk", flat=True))
        if ids:
            _write(facts_compute(region_ids=ids))


def facts_rebuild(*, programme_id: int | None = None) -> int:
    """Rebuild every fact (of one programme, or of all); the facts of regions that no longer exist go with
    them (foreign keys). Returns the number of region-year rows written."""
    programmes = (
        [programme_id]
        if programme_id is not None
        else list(Region.objects.order_by().values_list("programme_id", flat=True).distinct())
    )
    written = 0
    with transaction.atomic():
        for pk in sorted(programmes):
            facts = facts_compute(programme_id=pk)
            _write(facts)
            written += len(facts.years)
    return written


def facts_bootstrap(*, using: str = "default") -> None:
    """After `migrate`: build the facts when there are regions but no facts yet (the first migration to
    them, or a database restored from before them). Otherwise nothing: the services keep them current."""
    if using != "default":
        return
    if Region.objects.exists() and not RegionYearFact.objects.exists():
        facts_rebuild()


@dataclass
class Difference:
    table: str
    key: tuple
    stored: dict | None
    fresh: dict | None

    def describe(self) -> str:
        if self.stored is None:
            return f"{self.table} {self.key}: missing"
        if self.fresh is None:
            return f"{self.table} {self.key}: should not exist"
        changed = {k: (self.stored.get(k), v) for k, v in self.fresh.items() if self.stored.get(k) != v}
        return f"{self.table} {self.key}: " + ", ".join(
            f"{k} stored {a!r}, fresh {b!r}" for k, (a, b) in changed.items()
        )


def facts_check(*, programme_id: int | None = None) -> list[Difference]:
    """Every stored fact against a fresh computation; changes nothing. Empty when they agree."""
    programmes = (
        [programme_id]
        if programme_id is not None
        else list(Region.objects.order_by().values_list("programme_id", flat=True).distinct())
    )
    differences: list[Difference] = []
    for pk in sorted(programmes):
        fresh = facts_compute(programme_id=pk)
        stored_years = {
            (r["region_id"], r["programme_year_id"]): r
            for r in RegionYearFact.objects.filter(region__programme_id=pk).values(*YEAR_FIELDS)
        }
        stored_totals = {
            (r["region_id"], r["programme_year_id"], r["kind"], r["key"], r["unit_key"], r["direction"]): r
            for r in TotalFact.objects.filter(region__programme_id=pk).values(*TOTAL_FIELDS)
        }
        for table, stored, computed in (
            ("region-year", stored_years, fresh.years),
            ("total", stored_totals, fresh.totals),
        ):
            for key in sorted(set(stored) | set(computed), key=str):
                a, b = stored.get(key), computed.get(key)
                if a is None or b is None or any(a.get(k) != v for k, v in b.items()):
                    differences.append(Difference(table, key, a, b))
    return differences
