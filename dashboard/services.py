"""The facts of the national picture (`models.RegionYearFact`, `models.TotalFact`): computed, refreshed,
rebuilt and checked.

`facts_compute` is the one computation, set-based over a set of regions and all their programme years
(nine queries after the regions, whatever their number). The rules are those of the report pages, so the
figures agree:

- a region takes part in a year when it joined in or before that year (as on the report list);
- *settled figures only*: a region-year's figures count when its report is submitted to the office or
  accepted (`monitoring.selectors.SETTLED_STATUSES`); the facts keep every report's figures with a
  `settled` flag, so the office's provisional view reads the same rows;
- *on track / behind*: an agreed indicator of the region whose realisation meets / misses that year's
  target given its direction (`regions.models.on_target_q`, the SQL twin of `target_met`); not-applicable,
  missing values and indicators without a target for the year count as neither;
- *behind two years running*: behind in this year and the year before (both reports settled, or any);
- *gap*: a theme whose self-assessment is two or more above the published placemat's consolidated score;
- *dropped*: a theme of this year's published placemat scored lower than on the region's previous
  published placemat;
- *peer review*: this year's latest (highest id) review with the region as host or peer, not cancelled;
  `has_review`: any such review in the programme;
- *follow-up actions*: open (not done) actions of the region's audit visits; a reader compares the due
  dates with today;
- *co-financing*: the year's committed and realised amounts (money and in kind) summed over the region's
  partners; empty when nothing is recorded for the year.

`facts_refresh` (registered as `toptechniek.common.facts` hook) locks the regions' rows, so two writers of
one region refresh one after the other and the second computes with the first's committed change.

A refresh runs in the request of every write that changes an input, so its reads are plain SQL (`_select`):
building the ORM queries cost more than the database's answers. Their values are converted as the ORM
converts them, so the figures are the same on PostgreSQL and SQLite.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Field

from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
from monitoring.models import MonitorReport, Realisation, SelfAssessment
from monitoring.selectors import SETTLED_STATUSES
from peerreviews.models import PeerReview
from regions.models import Cofinancing, Indicator, ProgrammeYear, Region, Route, Target, target_met

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


def _select(columns: Sequence, tail: str, params: Sequence = ()) -> list[tuple]:
    """The rows of `SELECT <columns> <tail>`: columns given as model fields or attributes
    (`MonitorReport.status`, `MonitorReport.region` for its id), named by table and column, so `tail` names
    tables, never aliases.

    Plain SQL, for the hottest queries (a refresh runs them on every write): building an ORM query costs more
    than the database's answer. Values are converted as the ORM converts them, with the backend's and the
    field's own converters (through a bare cursor SQLite returns dates, datetimes and decimals as text or
    floats and booleans as integers, PostgreSQL returns JSON as text)."""
    fields = [column if isinstance(column, Field) else column.field for column in columns]
    qn = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"{qn(f.model._meta.db_table)}.{qn(f.column)}" for f in fields) + " " + tail
    converters = []
    for i, f in enumerate(fields):
        col = f.get_col(f.model._meta.db_table)
        if found := connection.ops.get_db_converters(col) + col.get_db_converters(connection):
            converters.append((i, found, col))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if not converters:
        return rows
    converted = []
    for row in rows:
        row = list(row)
        for i, found, col in converters:
            for convert in found:
                row[i] = convert(row[i], col, connection)
        converted.append(tuple(row))
    return converted


def _in(values: Sequence) -> str:
    """The placeholders of an IN list: "(%s, %s, %s)"."""
    return "(" + ", ".join(["%s"] * len(values)) + ")"


def _regions(
    *, region_ids: Iterable[int] = (), programme_id: int | None = None, lock: bool = False
) -> list[tuple[int, int, int]]:
    """(id, programme, join year) of these regions and of every region of the programme, by id; locked for
    the transaction (`lock`, where the database locks rows)."""
    ids = list(region_ids)
    where, params = [], []
    if ids:
        where.append(f"regions_region.id IN {_in(ids)}")
        params += ids
    if programme_id is not None:
        where.append("regions_region.programme_id = %s")
        params.append(programme_id)
    if not where:
        return []
    tail = f"FROM regions_region WHERE {' OR '.join(where)} ORDER BY regions_region.id"
    if lock and connection.features.has_select_for_update:
        tail += " " + connection.ops.for_update_sql()
    return _select((Region.id, Region.programme, Region.join_year), tail, params)


def facts_compute(
    *, region_ids: Iterable[int] = (), programme_id: int | None = None, regions: list[tuple] | None = None
) -> Facts:
    """The facts of these regions (or every region of the programme), every year they take part in.
    Ten queries whatever the number of regions and years (`regions`: already read by `_regions`, nine)."""
    if regions is None:
        regions = _regions(region_ids=region_ids, programme_id=programme_id)
    ids = [pk for pk, _programme, _join in regions]
    facts = Facts(region_ids=ids)
    if not ids:
        return facts
    programme_of = {pk: programme for pk, programme, _join in regions}
    programmes = sorted(set(programme_of.values()))
    pyears = _select(
        (ProgrammeYear.id, ProgrammeYear.programme, ProgrammeYear.year),
        f"FROM regions_programmeyear WHERE regions_programmeyear.programme_id IN {_in(programmes)}",
        programmes,
    )
    year_of = {pk: year for pk, _programme, year in pyears}
    programme_of_year = {pk: programme for pk, programme, _year in pyears}
    py_by_year = {(programme, year): pk for pk, programme, year in pyears}
    settled_statuses = {str(s) for s in SETTLED_STATUSES}

    rows = facts.years
    for region_id, programme, join_year in regions:
        for py_id, py_programme, year in pyears:
            if py_programme == programme and year >= join_year:
                rows[(region_id, py_id)] = _empty_row(region_id, py_id)

    # Reports with their self-assessments (one row per theme scored).
    report_of: dict[int, tuple[int, int, str]] = {}  # report id -> (region, programme year, status)
    self_scores: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for report_id, region_id, py_id, status, first_submitted_at, is_late, theme_id, score in _select(
        (
            MonitorReport.id,
            MonitorReport.region,
            MonitorReport.programme_year,
            MonitorReport.status,
            MonitorReport.first_submitted_at,
            MonitorReport.is_late,
            SelfAssessment.theme,
            SelfAssessment.score,
        ),
        "FROM monitoring_monitorreport LEFT JOIN monitoring_selfassessment"
        " ON monitoring_selfassessment.report_id = monitoring_monitorreport.id"
        f" WHERE monitoring_monitorreport.region_id IN {_in(ids)}",
        ids,
    ):
        key = (region_id, py_id)
        if (r := rows.get(key)) is None:
            continue
        report_of[report_id] = (region_id, py_id, status)
        r.update(
            report_id=report_id,
            report_status=status,
            first_submitted_at=first_submitted_at,
            report_is_late=is_late,
            settled=status in settled_statuses,
        )
        if score is not None:
            self_scores[key].append((theme_id, score))

    # The regions' agreed indicators with their targets per year (as on the report page), and the reports'
    # realisations (a value, not "not applicable"): two small queries, where one joining all five tables
    # costs the database more to plan than to answer.
    # (indicator, year) -> (region, route code, area, direction, unit, target, target_max)
    targets: dict[tuple[int, int], tuple] = {}
    for indicator_id, region_id, route, area, direction, unit, year, target, target_max in _select(
        (
            Indicator.id,
            Indicator.region,
            Route.code,
            Indicator.performance_area,
            Indicator.direction,
            Indicator.unit,
            Target.year,
            Target.value,
            Target.value_max,
        ),
        "FROM regions_indicator JOIN regions_target ON regions_target.indicator_id = regions_indicator.id"
        " JOIN regions_route ON regions_route.id = regions_indicator.route_id"
        f" WHERE regions_indicator.region_id IN {_in(ids)} AND regions_indicator.status = %s",
        [*ids, Indicator.Status.AGREED],
    ):
        targets[(indicator_id, year)] = (region_id, route, area, direction, unit, target, target_max)
    realisations = _select(
        (Realisation.report, Realisation.indicator, Realisation.value),
        "FROM monitoring_realisation JOIN monitoring_monitorreport"
        " ON monitoring_monitorreport.id = monitoring_realisation.report_id"
        f" WHERE monitoring_monitorreport.region_id IN {_in(ids)}"
        " AND monitoring_realisation.value IS NOT NULL AND NOT monitoring_realisation.not_applicable",
        ids,
    )

    # Realisations judged by `target_met`: per region-year on / behind, behind two years running, and the
    # totals per route and area, unit and direction.
    buckets: dict[tuple, list] = {}
    behind_years: dict[tuple[int, int], dict[int, bool]] = defaultdict(dict)  # (region, indicator) -> year -> settled
    for report_id, indicator_id, value in realisations:
        if (report := report_of.get(report_id)) is None:
            continue
        region_id, py_id, status = report
        year = year_of[py_id]
        indicator = targets.get((indicator_id, year))
        if indicator is None or indicator[0] != region_id:
            continue
        _region, route, area, direction, unit, target, target_max = indicator
        r = rows[(region_id, py_id)]
        settled = status in settled_statuses
        if target_met(direction=direction, value=value, target=target, target_max=target_max):
            r["on_track"] += 1
        else:
            r["behind"] += 1
            behind_years[(region_id, indicator_id)][year] = settled
        grouped, text = unit_key(unit), unit.strip()
        for kind, key in ((TotalFact.Kind.ROUTE, route), (TotalFact.Kind.AREA, str(area))):
            acc = buckets.setdefault(
                (region_id, py_id, str(kind), key, grouped, direction),
                [0, Decimal(0), Decimal(0), Decimal(0), text, settled],
            )
            acc[0] += 1
            acc[1] += value
            acc[2] += target
            acc[3] = acc[3] + target_max if (target_max is not None and acc[3] is not None) else None
            acc[4] = min(acc[4], text)
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
    published: dict[tuple[int, int], tuple[int, int]] = {}  # (region, programme year) -> (placemat, version)
    scores: dict[tuple[int, int], dict[str, int | None]] = defaultdict(dict)
    for placemat_id, region_id, py_id, version, theme_id, score in _select(
        (
            Placemat.id,
            Placemat.region,
            Placemat.programme_year,
            Placemat.version,
            ConsolidatedScore.theme,
            ConsolidatedScore.score,
        ),
        "FROM audits_placemat LEFT JOIN audits_consolidatedscore"
        " ON audits_consolidatedscore.placemat_id = audits_placemat.id"
        f" WHERE audits_placemat.region_id IN {_in(ids)} AND audits_placemat.status = %s",
        [*ids, Placemat.Status.PUBLISHED],
    ):
        key = (region_id, py_id)
        published[key] = (placemat_id, version)
        if theme_id is not None:
            scores[key][str(theme_id)] = score
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
            placemat_id=p[0],
            placemat_version=p[1],
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
    for region_id, py_id, status, judgement, due, done in _select(
        (
            AuditVisit.region,
            AuditVisit.programme_year,
            AuditVisit.status,
            AuditVisit.judgement,
            FollowUpAction.due_date,
            FollowUpAction.done,
        ),
        "FROM audits_auditvisit LEFT JOIN audits_followupaction"
        " ON audits_followupaction.visit_id = audits_auditvisit.id"
        f" WHERE audits_auditvisit.region_id IN {_in(ids)}",
        ids,
    ):
        key = (region_id, py_id)
        if programme_of_year.get(py_id) != programme_of[region_id]:
            continue
        reported = status == AuditVisit.Status.REPORTED
        if reported and (r := rows.get(key)) is not None:
            r["judgement"] = judgement or ""
        if due is None or done:
            continue
        if region_id not in earliest or due < earliest[region_id]:
            earliest[region_id] = due
        if reported:
            dues[key].append(due.isoformat())

    for region_id, py_id, status, proposed, decided in _select(
        (
            StimulusGrant.region,
            StimulusGrant.programme_year,
            StimulusGrant.status,
            StimulusGrant.proposed_amount,
            StimulusGrant.decided_amount,
        ),
        f"FROM audits_stimulusgrant WHERE audits_stimulusgrant.region_id IN {_in(ids)}",
        ids,
    ):
        if (r := rows.get((region_id, py_id))) is not None:
            r.update(grant_status=status, grant_proposed=proposed, grant_decided=decided)

    # Peer reviews (host or peer), not cancelled, in the region's programme.
    reviewed: set[int] = set()
    latest: dict[tuple[int, int], tuple[int, str]] = {}
    for review_id, py_id, host_id, peer_id, status in _select(
        (PeerReview.id, PeerReview.programme_year, PeerReview.host_region, PeerReview.peer_region, PeerReview.status),
        f"FROM peerreviews_peerreview WHERE (peerreviews_peerreview.host_region_id IN {_in(ids)}"
        f" OR peerreviews_peerreview.peer_region_id IN {_in(ids)}) AND peerreviews_peerreview.status <> %s",
        [*ids, *ids, PeerReview.Status.CANCELLED],
    ):
        if py_id not in programme_of_year:
            continue
        for region_id in {host_id, peer_id} & programme_of.keys():
            if programme_of[region_id] != programme_of_year[py_id]:
                continue
            reviewed.add(region_id)
            key = (region_id, py_id)
            if key not in latest or review_id > latest[key][0]:
                latest[key] = (review_id, status)

    # Co-financing per region and year, summed over the partners.
    for region_id, py_id, committed_money, committed_in_kind, realised_money, realised_in_kind in _select(
        (
            Cofinancing.region,
            Cofinancing.programme_year,
            Cofinancing.committed_money,
            Cofinancing.committed_in_kind,
            Cofinancing.realised_money,
            Cofinancing.realised_in_kind,
        ),
        f"FROM regions_cofinancing WHERE regions_cofinancing.region_id IN {_in(ids)}",
        ids,
    ):
        if (r := rows.get((region_id, py_id))) is not None:
            r["cofinancing_committed"] = (
                (r["cofinancing_committed"] or Decimal(0)) + committed_money + committed_in_kind
            )
            r["cofinancing_realised"] = (r["cofinancing_realised"] or Decimal(0)) + realised_money + realised_in_kind

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
        "cofinancing_committed": None,
        "cofinancing_realised": None,
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
    written (usually one region-year and its totals lines, updated in place): the stored rows are read and
    compared, which costs less than rewriting all of a region's years: twelve queries when nothing changed,
    two updates more when a report's status changed its region-year and that year's totals lines."""
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
    stored = []
    for model, key in (
        (RegionYearFact, ("region_id", "programme_year_id")),
        (TotalFact, ("region_id", "programme_year_id", "kind", "key", "unit_key", "direction")),
    ):
        table, fields = model._meta.db_table, model._meta.concrete_fields
        if region_ids is not None:
            where, params = f"region_id IN {_in(region_ids)}", region_ids
        else:
            where, params = "region_id IN (SELECT id FROM regions_region WHERE programme_id = %s)", [programme_id]
        names = [f.attname for f in fields]
        rows = (dict(zip(names, row, strict=True)) for row in _select(fields, f"FROM {table} WHERE {where}", params))
        stored.append({tuple(r[k] for k in key): r for r in rows})
    return stored[0], stored[1]


def _differences(stored: tuple[dict, dict], fresh: Facts) -> list[Difference]:
    out = []
    for table, kept, computed in (("region-year", stored[0], fresh.years), ("total", stored[1], fresh.totals)):
        for key in sorted(set(kept) | set(computed), key=str):
            a, b = kept.get(key), computed.get(key)
            if a is None or b is None or not b.items() <= a.items():  # a stored row also holds its id
                out.append(Difference(table, key, a, b))
    return out


def _apply(differences: list[Difference]) -> None:
    """Write the rows that differ, in four statements per table at most. Changed rows are updated in place,
    one statement for the rows with the same changes (a report's new status changes its region-year and that
    year's totals lines alike), when that takes two statements at most; otherwise (a year's grants, each
    region its own amount) they are deleted and inserted again, with the rows that should not exist and the
    new ones."""
    for table, model in (("region-year", RegionYearFact), ("total", TotalFact)):
        mine = [d for d in differences if d.table == table]
        alike: dict[str, tuple[dict, list[int]]] = {}  # the changes (as text) -> (changes, ids)
        for d in mine:
            if d.stored is not None and d.fresh is not None:
                changes = {k: v for k, v in d.fresh.items() if d.stored[k] != v}
                alike.setdefault(repr(sorted(changes.items())), (changes, []))[1].append(d.stored["id"])
        rewrite = len(alike) > 2
        if gone := [d.stored["id"] for d in mine if d.stored is not None and (rewrite or d.fresh is None)]:
            model.objects.filter(pk__in=gone).delete()
        if new := [model(**d.fresh) for d in mine if d.fresh is not None and (rewrite or d.stored is None)]:
            model.objects.bulk_create(new, batch_size=BATCH)
        if not rewrite:
            for changes, ids in alike.values():
                model.objects.filter(pk__in=ids).update(**changes)


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
