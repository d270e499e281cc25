"""The facts of the national picture (`models.RegionYearFact`, `models.TotalFact`): computed, refreshed,
rebuilt and checked.

`facts_compute` is the one computation, set-based over a set of regions and all their programme years
(eight queries after the regions, whatever their number). The rules are those of the report pages, so the figures agree:

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
from django.db.models import F, Q

from audits.models import AuditVisit, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation
from monitoring.selectors import SETTLED_STATUSES
from peerreviews.models import PeerReview
from regions.models import Indicator, ProgrammeYear, Region, target_met

from .models import RegionYearFact, TotalFact

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


def _regions(*, region_ids: Iterable[int] = (), programme_id: int | None = None, lock: bool = False) -> list[dict]:
    q = Q(pk__in=list(region_ids))
    if programme_id is not None:
        q |= Q(programme_id=programme_id)
    regions = Region.objects.filter(q).order_by("pk")
    if lock:
        regions = regions.select_for_update()
    return list(regions.values("pk", "programme_id", "join_year"))


def facts_compute(
    *, region_ids: Iterable[int] = (), programme_id: int | None = None, regions: list[dict] | None = None
) -> Facts:
    """The facts of these regions (or every region of the programme), every year they take part in.
    Nine queries whatever the number of regions and years (`regions`: already read, one fewer)."""
    if regions is None:
        regions = _regions(region_ids=region_ids, programme_id=programme_id)
    ids = [r["pk"] for r in regions]
    facts = Facts(region_ids=ids)
    if not ids:
        return facts
    programme_of = {r["pk"]: r["programme_id"] for r in regions}
    pyears = list(
        ProgrammeYear.objects.filter(programme_id__in=set(programme_of.values()))
        .order_by()
        .values("pk", "programme_id", "year")
    )
    year_of = {py["pk"]: py["year"] for py in pyears}
    programme_of_year = {py["pk"]: py["programme_id"] for py in pyears}
    py_by_year = {(py["programme_id"], py["year"]): py["pk"] for py in pyears}
    settled_statuses = {str(s) for s in SETTLED_STATUSES}

    rows = facts.years
    for region in regions:
        for py in pyears:
            if py["programme_id"] == region["programme_id"] and py["year"] >= region["join_year"]:
                rows[(region["pk"], py["pk"])] = _empty_row(region["pk"], py["pk"])

    # Reports with their self-assessments (one row per theme scored).
    self_scores: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for rep in (
        MonitorReport.objects.filter(region_id__in=ids)
        .order_by()
        .values(
            "pk",
            "region_id",
            "programme_year_id",
            "status",
            "first_submitted_at",
            "is_late",
            "self_assessments__theme_id",
            "self_assessments__score",
        )
    ):
        key = (rep["region_id"], rep["programme_year_id"])
        if (r := rows.get(key)) is None:
            continue
        r.update(
            report_id=rep["pk"],
            report_status=rep["status"],
            first_submitted_at=rep["first_submitted_at"],
            report_is_late=rep["is_late"],
            settled=rep["status"] in settled_statuses,
        )
        if rep["self_assessments__score"] is not None:
            self_scores[key].append((rep["self_assessments__theme_id"], rep["self_assessments__score"]))

    # Realisations of agreed indicators with a target for the report's year, judged by `target_met`: per
    # region-year on / behind, behind two years running, and the totals per route and area, unit and
    # direction.
    buckets: dict[tuple, list] = {}
    behind_years: dict[tuple[int, int], dict[int, bool]] = defaultdict(dict)  # (region, indicator) -> year -> settled
    for g in (
        Realisation.objects.filter(
            report__region_id__in=ids,
            indicator__status=Indicator.Status.AGREED,
            indicator__targets__year=F("report__programme_year__year"),
            value__isnull=False,
            not_applicable=False,
        )
        .order_by()
        .values_list(
            "report__region_id",
            "report__programme_year_id",
            "report__programme_year__year",
            "report__status",
            "indicator_id",
            "indicator__route",
            "indicator__performance_area_id",
            "indicator__direction",
            "indicator__unit",
            "value",
            "indicator__targets__value",
            "indicator__targets__value_max",
        )
    ):
        region_id, py_id, year, status, indicator_id, route, area, direction, unit, value, target, target_max = g
        if (r := rows.get((region_id, py_id))) is None:
            continue
        settled = status in settled_statuses
        if target_met(direction=direction, value=value, target=target, target_max=target_max):
            r["on_track"] += 1
        else:
            r["behind"] += 1
            behind_years[(region_id, indicator_id)][year] = settled
        for kind, key in ((TotalFact.Kind.ROUTE, route), (TotalFact.Kind.AREA, str(area))):
            acc = buckets.setdefault(
                (region_id, py_id, str(kind), key, unit_key(unit), direction),
                [0, Decimal(0), Decimal(0), Decimal(0), unit.strip(), settled],
            )
            acc[0] += 1
            acc[1] += value
            acc[2] += target
            acc[3] = acc[3] + target_max if (target_max is not None and acc[3] is not None) else None
            acc[4] = min(acc[4], unit.strip())
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
    for (region_id, _indicator), years in behind_years.items():
        for year, settled in years.items():
            if year - 1 not in years:
                continue
            r = rows.get((region_id, py_by_year.get((programme_of[region_id], year))))
            if r is None:
                continue
            r["behind_twice_all"] += 1
            if settled and years[year - 1]:
                r["behind_twice_settled"] += 1

    # Published placemats with their scores; the previous published placemat per region and year.
    published: dict[tuple[int, int], dict] = {}
    scores: dict[tuple[int, int], dict[str, int | None]] = defaultdict(dict)
    for p in (
        Placemat.objects.filter(region_id__in=ids, status=Placemat.Status.PUBLISHED)
        .order_by()
        .values("pk", "region_id", "programme_year_id", "version", "consolidated__theme_id", "consolidated__score")
    ):
        key = (p["region_id"], p["programme_year_id"])
        published[key] = p
        if p["consolidated__theme_id"] is not None:
            scores[key][str(p["consolidated__theme_id"])] = p["consolidated__score"]
    published_years: dict[int, list[tuple[int, int]]] = defaultdict(list)  # region -> [(year, py)]
    for region_id, py_id in published:
        if py_id in year_of:
            published_years[region_id].append((year_of[py_id], py_id))
    for key, r in rows.items():
        p = published.get(key)
        if p is None:
            continue
        region_id, py_id = key
        now = scores.get(key, {})
        known = [s for s in now.values() if s is not None]
        earlier = [(y, pk) for y, pk in published_years[region_id] if y < year_of[py_id]]
        before = scores.get((region_id, max(earlier)[1]), {}) if earlier else {}
        r.update(
            placemat_id=p["pk"],
            placemat_version=p["version"],
            scores=dict(sorted(now.items(), key=lambda kv: int(kv[0]))),
            placemat_mean=sum(known) / len(known) if known else None,
            has_dropped=any(s is not None and before.get(t) is not None and s < before[t] for t, s in now.items()),
            # Self-assessments two or more above the published consolidated score.
            gap_count=sum(
                1
                for theme_id, score in self_scores.get(key, [])
                if now.get(str(theme_id)) is not None and score >= now[str(theme_id)] + 2
            ),
        )

    # Audit visits of the region's programme: the reported one's judgement, and their open follow-up
    # actions (the earliest due date of any; the due dates of a reported visit's, per year).
    earliest: dict[int, datetime.date] = {}
    dues: dict[tuple[int, int], list[str]] = defaultdict(list)
    for v in (
        AuditVisit.objects.filter(region_id__in=ids, programme_year_id__in=set(year_of))
        .order_by()
        .values("region_id", "programme_year_id", "status", "judgement", "actions__due_date", "actions__done")
    ):
        region_id, py_id = key = (v["region_id"], v["programme_year_id"])
        if programme_of_year[py_id] != programme_of[region_id]:
            continue
        reported = v["status"] == AuditVisit.Status.REPORTED
        if reported and (r := rows.get(key)) is not None:
            r["judgement"] = v["judgement"] or ""
        due = v["actions__due_date"]
        if due is None or v["actions__done"]:
            continue
        if region_id not in earliest or due < earliest[region_id]:
            earliest[region_id] = due
        if reported:
            dues[key].append(due.isoformat())

    for g in (
        StimulusGrant.objects.filter(region_id__in=ids)
        .order_by()
        .values("region_id", "programme_year_id", "status", "proposed_amount", "decided_amount")
    ):
        if (r := rows.get((g["region_id"], g["programme_year_id"]))) is not None:
            r.update(grant_status=g["status"], grant_proposed=g["proposed_amount"], grant_decided=g["decided_amount"])

    # Peer reviews (host or peer), not cancelled, in the region's programme.
    reviewed: set[int] = set()
    latest: dict[tuple[int, int], tuple[int, str]] = {}
    for pr in (
        PeerReview.objects.filter(
            Q(host_region_id__in=ids) | Q(peer_region_id__in=ids), programme_year_id__in=set(year_of)
        )
        .exclude(status=PeerReview.Status.CANCELLED)
        .order_by()
        .values("pk", "programme_year_id", "host_region_id", "peer_region_id", "status")
    ):
        for region_id in {pr["host_region_id"], pr["peer_region_id"]} - {None}:
            if programme_of.get(region_id) != programme_of_year[pr["programme_year_id"]]:
                continue
            reviewed.add(region_id)
            key = (region_id, pr["programme_year_id"])
            if key not in latest or pr["pk"] > latest[key][0]:
                latest[key] = (pr["pk"], pr["status"])

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
    """Recompute the facts of these regions (or all of a programme's) and write what changed, in the
    caller's transaction.

    The regions' rows are locked first (on PostgreSQL), so concurrent writers of one region refresh one
    after the other; the second computes with the first's committed change. Only rows that differ are
    rewritten (usually one region-year and its totals lines): the stored rows are read and compared, which
    costs less than rewriting all of a region's years."""
    with transaction.atomic(savepoint=False):
        regions = _regions(region_ids=region_ids, programme_id=programme_id, lock=True)
        if regions:
            fresh = facts_compute(regions=regions)
            _apply(_differences(_stored(region_ids=fresh.region_ids), fresh))


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


def _stored(*, region_ids: list[int] | None = None, programme_id: int | None = None) -> tuple[dict, dict]:
    """The stored facts of these regions (or of a programme), keyed like `Facts`, with their ids."""
    scope = Q(region_id__in=region_ids) if region_ids is not None else Q(region__programme_id=programme_id)
    years = {
        (r["region_id"], r["programme_year_id"]): r
        for r in RegionYearFact.objects.filter(scope).values("id", *YEAR_FIELDS)
    }
    totals = {
        (r["region_id"], r["programme_year_id"], r["kind"], r["key"], r["unit_key"], r["direction"]): r
        for r in TotalFact.objects.filter(scope).values("id", *TOTAL_FIELDS)
    }
    return years, totals


def _differences(stored: tuple[dict, dict], fresh: Facts) -> list[Difference]:
    out = []
    for table, kept, computed in (("region-year", stored[0], fresh.years), ("total", stored[1], fresh.totals)):
        for key in sorted(set(kept) | set(computed), key=str):
            a, b = kept.get(key), computed.get(key)
            if a is None or b is None or any(a.get(k) != v for k, v in b.items()):
                out.append(Difference(table, key, a, b))
    return out


def _apply(differences: list[Difference]) -> None:
    """Rewrite the rows that differ: delete the stored ones, insert the fresh ones (four statements at most)."""
    for table, model in (("region-year", RegionYearFact), ("total", TotalFact)):
        mine = [d for d in differences if d.table == table]
        gone = [d.stored["id"] for d in mine if d.stored is not None]
        if gone:
            model.objects.filter(pk__in=gone).delete()
        new = [model(**d.fresh) for d in mine if d.fresh is not None]
        if new:
            model.objects.bulk_create(new, batch_size=BATCH)


def facts_check(*, programme_id: int | None = None) -> list[Difference]:
    """Every stored fact against a fresh computation; changes nothing. Empty when they agree."""
    programmes = (
        [programme_id]
        if programme_id is not None
        else list(Region.objects.order_by().values_list("programme_id", flat=True).distinct())
    )
    differences: list[Difference] = []
    for pk in sorted(programmes):
        differences += _differences(_stored(programme_id=pk), facts_compute(programme_id=pk))
    return differences
