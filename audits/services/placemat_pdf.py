"""The placemat PDF: one A4 landscape sheet per published placemat, made in the worker, stored once per version.

    placemat_pdf_stamp(placemat)                 what a PDF is made from: "v<version>|<last change>"
    placemat_pdf_make(placemat=...)              -> RenderedPdf (HTML + PDF bytes); stores nothing
    placemat_pdf_render(placemat_id=...)         the task's body: render + store unless fresh (it mails nobody:
                                                 the region is told by placemat_publish, audits/mails.py)
    placemat_pdf_request(placemat=...)           the browser's "make it unless it is there" (enqueued on commit)
    placemats_render_year(programme_year=..., sync=...)
                                                 every published placemat of a year (command, office page)
    placemat_pdfs_for_year(programme_year=...)   the office's progress rows (two queries)

Files are stored through `default_storage` as placemats/<region>-<year>-v<version>-<stamp hash>.pdf; the
previous file of the placemat is deleted after commit. The sheet is rendered in the site's language
(settings.LANGUAGE_CODE).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal
from functools import partial

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from monitoring.models import MonitorReport, PlacematScore, SelfAssessment
from regions.models import Indicator, PlacematTheme, SuccessCondition, target_met
from toptechniek.common.pdf import PdfError, RenderedPdf
from toptechniek.common.queue import task_delay
from toptechniek.common.stored_pdf import (
    Failure,
    failure_message,
    failure_of,
    stored_pdf_fail,
    stored_pdf_failure,
    stored_pdf_file_name,
    stored_pdf_is_fresh,
    stored_pdf_on_its_way,
    stored_pdf_request,
    stored_pdf_store,
)

from ..models import Placemat, PlacematPdf

logger = logging.getLogger(__name__)

PDF_TEMPLATE = "audits/pdf/placemat.html"
# What fits on the sheet. Every box has a fixed height; a text that may not fit is cut at a word with "…"
# twice over: here by characters (a rough cut, which also tells the footer to say that texts are shortened),
# and by the sheet's CSS (`line-clamp`), which drops the lines that do not fit whole. How many lines a text
# takes is estimated here with the widest font the sheet may get (DejaVu Sans, when Liberation Sans is not
# installed), so the rows chosen always fit; status words and numbers are never cut, they wrap.
REMARK_CHARS = 230
THEME_NAME_CHARS = 70
INDICATOR_NAME_CHARS = 90  # code and name, at most two lines
UNIT_CHARS = 30  # at most two lines in the unit column
CONDITION_NAME_CHARS = 80
MAX_INDICATORS = 9
MAX_CONDITIONS = 10
CARD_GAP_PERCENT = 0.9  # between the theme cards of a row (≈ 2.5 mm on A4 landscape)
BAR_WIDTH = 100  # SVG viewBox width of an indicator bar; the target sits at 80 unless the value is higher
PERCENT_SHOWN_MAX = 9999  # higher shows as "> 9999%"
# Characters per line in the narrowest case (DejaVu Sans), at the sheet's font sizes and column widths.
SHEET_WIDTH_MM = 279  # A4 landscape less the page margins
CARD_NAME_MM_PER_CHAR = 1.85  # theme name, 9 pt bold
CARD_REMARK_MM_PER_CHAR = 1.55  # key remark, 8 pt
INDICATOR_NAME_LINE = 32  # code and name (7 pt)
UNIT_LINE = 10
STATUS_LINE = 24
NUMBER_LINE = 12  # a number longer than this wraps (7 pt; 6.5 pt from 11 characters)
CONDITION_NAME_LINE = 44
# Heights in mm of the two tables at the bottom (a box of 61 mm): the room for their rows (less the heading,
# the column heads and a note of two lines; the conditions' note is there only when some are left out), and
# a row's height by its lines (7 pt x 1.15 a line, padding and border; a condition's line holds a 3.4 mm chip).
INDICATOR_ROWS_MM = 43.0
CONDITION_ROWS_MM = (54.0, 50.0)  # all shown, some left out


def indicator_row_mm(lines: int) -> float:
    return 1.0 + 2.9 * lines


def condition_row_mm(lines: int) -> float:
    return 1.0 + max(3.6, 2.9 * lines)


# --- What the sheet shows ------------------------------------------------------------------------


def lines_needed(text: str, per_line: int) -> int:
    """How many lines `text` takes at `per_line` characters a line (at least 1), breaking at spaces like the
    sheet does: a word that does not fit on what is left of a line starts a new one."""
    lines, used = 1, 0
    for word in (text or "").split():
        size = len(word)
        if used and used + 1 + size > per_line:
            lines, used = lines + 1, 0
        used += (1 if used else 0) + size
        while used > per_line:  # a word longer than a line is broken (overflow-wrap: anywhere)
            lines, used = lines + 1, used - per_line
    return lines


def clip(text: str, limit: int) -> tuple[str, bool]:
    """`text` on one line, cut at a word boundary to at most `limit` characters; (text, was_cut)."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat, False
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–") + "…", True


def dots(score: int | None) -> str:
    """The score as filled and open dots, "●●●○" for 3: readable without colour (text glyphs: cheaper to lay
    out than one box per dot)."""
    score = score or 0
    return "●" * score + "○" * (4 - score)


def score_labels(score: int | None) -> tuple[str, str]:
    """('3 – on track', 'on track') in the active language; ('', '') without a score."""
    if not score:
        return "", ""
    full = str(PlacematScore(score).label)
    short = full.split("–", 1)[1].strip() if "–" in full else full
    return full, short


@dataclass
class ThemeCell:
    theme: PlacematTheme
    name: str
    score: int | None
    label: str  # "3 – on track"
    short_label: str  # "on track"
    remark: str
    self_score: int | None = None
    self_label: str = ""
    indicators_total: int = 0
    indicators_on_track: int = 0
    remark_lines: int = 4  # what the card's body holds under a name of one or two lines
    compact: bool = False  # more than four cards in a row: the foot gives the numbers only

    @property
    def css(self) -> str:
        return f"score-{self.score}" if self.score else "score-none"

    @property
    def dots(self) -> str:
        return dots(self.score)


@dataclass
class IndicatorRow:
    code: str
    name: str
    unit: str
    area_number: int
    target: Decimal | None
    value: Decimal | None
    not_applicable: bool
    mark: str  # monitoring.selectors marks: on_track, behind, not_applicable, no_target, missing
    percent: int | None = None
    bar: dict | None = None  # SVG geometry in a viewBox of BAR_WIDTH x 10
    lines: int = 1  # the row's height in lines (the sheet shows the rows that fit)

    @property
    def percent_text(self) -> str:
        if self.percent is None:
            return ""
        return f"> {PERCENT_SHOWN_MAX}%" if self.percent > PERCENT_SHOWN_MAX else f"{self.percent}%"


@dataclass
class ConditionRow:
    condition: SuccessCondition
    name: str
    group_label: str
    rating: int | None
    label: str
    short_label: str
    lines: int = 1

    @property
    def css(self) -> str:
        return f"score-{self.rating}" if self.rating else "score-none"


@dataclass
class PlacematSheet:
    placemat: Placemat
    performance: list[ThemeCell]
    process: list[ThemeCell]
    report: MonitorReport | None
    indicators: list[IndicatorRow]
    indicators_hidden: int
    indicators_on_track: int
    indicators_behind: int
    conditions: list[ConditionRow]
    conditions_hidden: int
    condition_groups: list[tuple[str, list[ConditionRow]]]
    clipped: bool
    legend: list[tuple[int, str]] = field(default_factory=list)  # (score, short label)
    card_gap: str = f"{CARD_GAP_PERCENT}"

    @staticmethod
    def _width(cards: int) -> str:
        """A card's width in % for a row of `cards` (a string: CSS wants a decimal point in every language)."""
        cards = max(cards, 1)
        return f"{(100 - CARD_GAP_PERCENT * (cards - 1)) / cards - 0.05:.3f}"  # a hair less: no float wraps

    @property
    def performance_width(self) -> str:
        return self._width(len(self.performance))

    @property
    def process_width(self) -> str:
        return self._width(len(self.process))


def _bar(
    value: Decimal | None, target: Decimal | None, direction: str = "higher", target_max: Decimal | None = None
) -> tuple[dict | None, int | None]:
    """Geometry of a horizontal bar: the realisation against a target tick (at 80 % of the width), judged by
    the indicator's direction. The percentage is how close the realisation comes to the target (never 100 %
    while behind): realisation/target when higher is better, target/realisation when lower is better, and for
    a range 100 inside it, else the distance to the nearer bound."""
    if value is None or target is None or target <= 0:
        return None, None
    top = max(target * Decimal("1.25"), value)
    width = float(value / top * BAR_WIDTH)
    met = bool(target_met(direction=direction, value=value, target=target, target_max=target_max))
    if direction == Indicator.Direction.LOWER:
        ratio = min(target / value * 100, Decimal(999)) if value > 0 else Decimal(100)
    elif direction == Indicator.Direction.RANGE and target_max is not None and value > target_max:
        ratio = target_max / value * 100
    elif direction == Indicator.Direction.RANGE and met:
        ratio = Decimal(100)
    else:
        ratio = value / target * 100
    percent = int(ratio.to_integral_value(rounding=ROUND_FLOOR))
    if not met:
        percent = min(percent, 99)
    return (
        {
            "width": round(width, 1),
            "target_x": round(float(target / top * BAR_WIDTH), 1),
            "met": met,
        },
        percent,
    )


def _rows_that_fit(rows: list, *, room_mm: float, row_mm, most: int) -> int:
    """How many of `rows` (each with its `lines`) fit in `room_mm`, at most `most` and at least one."""
    used, count = 0.0, 0
    for row in rows[:most]:
        used += row_mm(row.lines)
        if used > room_mm:
            break
        count += 1
    return max(count, min(1, len(rows)))


def _number_lines(value: Decimal | None) -> int:
    """A target or realisation as the sheet prints it ("9.999.999,99"): one line, or two when very long."""
    if value is None:
        return 1
    digits = len(f"{abs(value).normalize():f}".split(".")[0])
    text_length = digits + (digits - 1) // 3 + (3 if value % 1 else 0)
    return 1 if text_length <= NUMBER_LINE else 2


def _grouped(rows: list[ConditionRow]) -> list[tuple[str, list[ConditionRow]]]:
    """Consecutive rows of the same group together: [(group label, rows), …] in condition order."""
    groups: list[tuple[str, list[ConditionRow]]] = []
    for row in rows:
        if groups and groups[-1][0] == row.group_label:
            groups[-1][1].append(row)
        else:
            groups.append((row.group_label, [row]))
    return groups


def placemat_sheet(*, placemat: Placemat) -> PlacematSheet:
    """Everything the sheet shows, with labels in the active language (about 16 queries, whatever the size)."""
    from monitoring.selectors import BEHIND, ON_TRACK, SETTLED_STATUSES, report_view

    programme_id = placemat.programme_year.programme_id
    themes = list(PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number"))
    results = {c.theme_id: c for c in placemat.consolidated.all()}
    report = (
        MonitorReport.objects.filter(
            region_id=placemat.region_id, programme_year_id=placemat.programme_year_id, status__in=SETTLED_STATUSES
        )
        .select_related("region", "programme_year__programme")
        .first()
    )
    self_scores = (
        {s.theme_id: s.score for s in SelfAssessment.objects.filter(report=report, score__isnull=False)}
        if report
        else {}
    )
    lines = report_view(report=report).lines if report else []

    clipped = False
    per_area: dict[int, list[str]] = {}
    for line in lines:
        per_area.setdefault(line.indicator.performance_area_id, []).append(line.mark)
    performance, process = [], []
    per_row = {kind: sum(1 for t in themes if t.kind == kind) for kind in PlacematTheme.Kind.values}
    for theme in themes:
        result = results.get(theme.pk)
        score = result.score if result else None
        label, short = score_labels(score)
        remark, cut = clip(result.key_remark if result else "", REMARK_CHARS)
        name, cut_name = clip(theme.name, THEME_NAME_CHARS)
        # the card's text width: its share of the row less the gaps, less 4 mm padding
        cards = max(per_row[theme.kind], 1)
        card_mm = (SHEET_WIDTH_MM * (100 - CARD_GAP_PERCENT * (cards - 1)) / 100) / cards - 4
        name_lines = lines_needed(f"{theme.number}. {name}", int(card_mm / CARD_NAME_MM_PER_CHAR))
        remark_lines = 5 if name_lines == 1 else 4
        cut = cut or lines_needed(remark, int(card_mm / CARD_REMARK_MM_PER_CHAR)) > remark_lines
        clipped = clipped or cut or cut_name or name_lines > 2
        self_score = self_scores.get(theme.pk)
        marks = per_area.get(theme.pk, [])
        cell = ThemeCell(
            theme=theme,
            name=name,
            score=score,
            label=label,
            short_label=short,
            remark=remark,
            self_score=self_score,
            self_label=score_labels(self_score)[0],
            indicators_total=len(marks),
            indicators_on_track=sum(1 for m in marks if m == ON_TRACK),
            remark_lines=remark_lines,
            compact=cards > 4,
        )
        (performance if theme.kind == PlacematTheme.Kind.PERFORMANCE else process).append(cell)

    status_words = {  # as the sheet prints them, in the active language
        ON_TRACK: _("on track"),
        BEHIND: _("behind target"),
        "not_applicable": _("nothing to report"),
        "no_target": _("no target this year"),
    }
    indicators, indicator_cuts = [], []
    for line in lines:
        value = line.realisation.value if line.realisation else None
        bar, percent = _bar(value, line.target, line.indicator.direction, line.target_max)
        unit, cut_unit = clip(line.indicator.unit, UNIT_CHARS)
        name, cut = clip(line.indicator.name, INDICATOR_NAME_CHARS - len(line.indicator.code))
        name_lines = lines_needed(f"{line.indicator.code} {name}", INDICATOR_NAME_LINE)
        unit_lines = lines_needed(unit, UNIT_LINE)
        row = IndicatorRow(
            code=line.indicator.code,
            name=name,
            unit=unit,
            area_number=line.indicator.performance_area.number,
            target=line.target,
            value=value,
            not_applicable=bool(line.realisation and line.realisation.not_applicable),
            mark=line.mark,
            percent=percent,
            bar=bar,
        )
        row.lines = max(
            min(name_lines, 2),
            min(unit_lines, 2),
            lines_needed(str(status_words.get(line.mark, _("not filled in"))), STATUS_LINE),
            _number_lines(line.target),
            _number_lines(value),
            2 if len(row.percent_text) > 5 else 1,  # "> 9999%" goes under the bar
        )
        indicators.append(row)
        indicator_cuts.append(cut or cut_unit or name_lines > 2 or unit_lines > 2)
    shown_indicators = _rows_that_fit(
        indicators, room_mm=INDICATOR_ROWS_MM, row_mm=indicator_row_mm, most=MAX_INDICATORS
    )
    clipped = clipped or any(indicator_cuts[:shown_indicators])

    ratings = {c.condition_id: c.rating for c in placemat.conditions.all()}
    groups = dict(SuccessCondition.Group.choices)
    conditions, condition_cuts = [], []
    for condition in SuccessCondition.objects.filter(programme_id=programme_id).order_by("number"):
        rating = ratings.get(condition.pk)
        label, short = score_labels(rating)
        name, cut = clip(condition.name, CONDITION_NAME_CHARS)
        name_lines = lines_needed(f"{condition.number}. {name}", CONDITION_NAME_LINE)
        group = str(groups.get(condition.group, condition.group))
        conditions.append(
            ConditionRow(
                condition=condition,
                name=name,
                group_label=group.split(" (", 1)[0],  # "strategic (why and who)" -> "strategic"
                rating=rating,
                label=label,
                short_label=short,
                lines=min(name_lines, 2),
            )
        )
        condition_cuts.append(cut or name_lines > 2)
    shown_conditions = _rows_that_fit(
        conditions, room_mm=CONDITION_ROWS_MM[0], row_mm=condition_row_mm, most=MAX_CONDITIONS
    )
    if shown_conditions < len(conditions):  # the note "And … more conditions online." takes a line
        shown_conditions = _rows_that_fit(
            conditions, room_mm=CONDITION_ROWS_MM[1], row_mm=condition_row_mm, most=MAX_CONDITIONS
        )
    clipped = clipped or any(condition_cuts[:shown_conditions])

    return PlacematSheet(
        placemat=placemat,
        performance=performance,
        process=process,
        report=report,
        indicators=indicators[:shown_indicators],
        indicators_hidden=len(indicators) - shown_indicators,
        indicators_on_track=sum(1 for line in lines if line.mark == ON_TRACK),
        indicators_behind=sum(1 for line in lines if line.mark == BEHIND),
        conditions=conditions[:shown_conditions],
        conditions_hidden=len(conditions) - shown_conditions,
        condition_groups=_grouped(conditions[:shown_conditions]),
        clipped=clipped,
        legend=[(value, score_labels(value)[1]) for value in PlacematScore.values],
    )


def placemat_pdf_stamp(placemat: Placemat) -> str:
    """What a PDF was made from: the published version and the placemat's last change."""
    return f"v{placemat.version}|{placemat.updated_at.isoformat()}"


def placemat_pdf_make(*, placemat: Placemat, language: str | None = None) -> RenderedPdf:
    """The placemat's printable HTML and PDF in `language` (default: the site's); stores nothing."""
    from toptechniek.common.pdf import render_pdf

    language = language or settings.LANGUAGE_CODE
    with translation.override(language):
        sheet = placemat_sheet(placemat=placemat)
    return render_pdf(
        template=PDF_TEMPLATE,
        context={"placemat": placemat, "sheet": sheet, "generated_at": timezone.now()},
        language=language,
    )


# --- Storing, once per stamp -----------------------------------------------------------------


def placemat_pdf_is_fresh(*, pdf: PlacematPdf | None, placemat: Placemat) -> bool:
    """True when `pdf` shows the placemat as it is now and its file is in storage."""
    return stored_pdf_is_fresh(pdf=pdf, stamp=placemat_pdf_stamp(placemat))


def _load(placemat_id: int, *, lock: bool = False) -> Placemat | None:
    qs = Placemat.objects.select_related("region__programme", "region__landsdeel", "programme_year__programme")
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=placemat_id).first()


def placemat_pdf_file_name(placemat: Placemat, stamp: str) -> str:
    parts = [placemat.region.slug, str(placemat.programme_year.year), f"v{placemat.version}"]
    return stored_pdf_file_name(folder="placemats", parts=parts, stamp=stamp)


def _published_stamp(placemat: Placemat) -> str | None:
    return placemat_pdf_stamp(placemat) if placemat.status == Placemat.Status.PUBLISHED else None


def _store(placemat: Placemat, rendered: RenderedPdf, stamp: str) -> tuple[str | None, bool]:
    """Store the rendered file for `stamp` unless the placemat moved on meanwhile; (name, stored_it).

    The placemat's row is locked as publish locks it: no half-way state."""
    return stored_pdf_store(
        model=PlacematPdf,
        owner_field="placemat",
        lock_owner=lambda: _load(placemat.pk, lock=True),
        stamp_of=_published_stamp,
        stamp=stamp,
        data=rendered.pdf,
        file_name=placemat_pdf_file_name(placemat, stamp),
    )


def placemat_pdf_render(*, placemat_id: int) -> str | None:
    """Render and store the placemat's PDF unless the stored one is fresh.

    Returns the storage name of the file, or None when the placemat is gone or not published.
    Safe to run twice or concurrently: one file per stamp. A render never mails: rendering the PDF of a
    placemat published long ago must not tell the region it was just published (placemat_publish does).
    """
    for _attempt in range(3):  # the placemat may change while it renders; then render what it is now
        placemat = _load(placemat_id)
        if placemat is None:
            logger.warning("placemat %s is gone; no PDF to render", placemat_id)
            return None
        if placemat.status != Placemat.Status.PUBLISHED:
            logger.info("placemat %s is not published; no PDF to render", placemat_id)
            return None
        stamp = placemat_pdf_stamp(placemat)
        pdf = PlacematPdf.objects.filter(placemat=placemat).first()
        if placemat_pdf_is_fresh(pdf=pdf, placemat=placemat):
            name = pdf.file.name
            logger.info("placemat %s PDF is fresh (%s); nothing to render", placemat_id, name)
        elif stored_pdf_failure(pdf=pdf, stamp=stamp):  # failed for good as the placemat is now: shown as such
            return None
        else:
            try:
                rendered = placemat_pdf_make(placemat=placemat)
            except PdfError:  # too large: no retry makes it smaller
                placemat_pdf_fail(placemat_id=placemat_id, failure=Failure.TOO_LARGE, stamp=stamp)
                return None
            name, stored = _store(placemat, rendered, stamp)
            if name is None:
                logger.info("placemat %s changed while it was rendered; rendering again", placemat_id)
                continue
            if stored:
                logger.info("placemat %s PDF stored as %s (%s bytes)", placemat_id, name, len(rendered.pdf))
        return name
    logger.warning("placemat %s kept changing while it was rendered; giving up for now", placemat_id)
    return None


def placemat_pdf_fail(*, placemat_id: int, failure: str, stamp: str | None = None) -> bool:
    """Record that the placemat's PDF could not be made (toptechniek.common.stored_pdf.stored_pdf_fail)."""
    return stored_pdf_fail(
        model=PlacematPdf,
        owner_field="placemat",
        lock_owner=lambda: _load(placemat_id, lock=True),
        stamp_of=_published_stamp,
        failure=failure,
        stamp=stamp,
    )


def placemat_pdf_failure(*, pdf: PlacematPdf | None, placemat: Placemat, now=None) -> str:
    """Why the placemat's PDF could not be made as it is now (a page's message), or "" when it has not failed."""
    failure = stored_pdf_failure(pdf=pdf, stamp=placemat_pdf_stamp(placemat), now=now)
    return failure_message(failure) if failure else ""


def placemat_pdf_on_its_way(*, pdf: PlacematPdf | None, placemat: Placemat, now=None) -> bool:
    return stored_pdf_on_its_way(pdf=pdf, changed_at=placemat.updated_at, now=now)


def placemat_pdf_request(*, placemat: Placemat, now=None) -> PlacematPdf | None:
    """The placemat's PlacematPdf row; when its file is stale a render is enqueued on commit.

    A render requested after the placemat's last change, less than the task's time limit ago, counts as
    on its way (a polling page does not queue one per poll). None for a placemat that is not published.
    In eager mode (tests, `make run`) the render runs as soon as the transaction commits.
    """
    if placemat.status != Placemat.Status.PUBLISHED:
        return None
    return stored_pdf_request(
        model=PlacematPdf,
        owner_field="placemat",
        owner=placemat,
        stamp=placemat_pdf_stamp(placemat),
        changed_at=placemat.updated_at,
        enqueue=partial(task_delay, "audits.tasks.task_render_placemat", placemat.pk),
        now=now,
    )


# --- A whole year ----------------------------------------------------------------------------


@dataclass
class PdfRow:
    placemat: Placemat
    pdf: PlacematPdf | None
    ready: bool
    on_its_way: bool
    failure: str = ""  # why the PDF could not be made (then it is not on its way either)

    @property
    def path(self) -> str | None:
        return self.pdf.file.name if self.ready else None


def published_placemats(*, programme_year):
    return (
        Placemat.objects.filter(programme_year=programme_year, status=Placemat.Status.PUBLISHED)
        .select_related("region__programme", "region__landsdeel", "programme_year__programme")
        .order_by("region__name")
    )


def placemat_pdfs_for_year(*, programme_year, now=None) -> list[PdfRow]:
    """The year's published placemats with their PDF state (two queries; a storage check per file)."""
    now = now or timezone.now()
    placemats = list(published_placemats(programme_year=programme_year))
    pdfs = {p.placemat_id: p for p in PlacematPdf.objects.filter(placemat__in=placemats)}
    rows = []
    for placemat in placemats:
        pdf = pdfs.get(placemat.pk)
        ready = placemat_pdf_is_fresh(pdf=pdf, placemat=placemat)
        failure = "" if ready else placemat_pdf_failure(pdf=pdf, placemat=placemat, now=now)
        rows.append(
            PdfRow(
                placemat=placemat,
                pdf=pdf,
                ready=ready,
                on_its_way=not ready and not failure and placemat_pdf_on_its_way(pdf=pdf, placemat=placemat, now=now),
                failure=failure,
            )
        )
    return rows


def placemats_render_year(*, programme_year, sync: bool) -> list[PdfRow]:
    """Every published placemat of `programme_year`: rendered here and now (sync) or requested from the worker.

    sync=True renders in this process, one after the other, and returns every row ready.
    sync=False enqueues a render (on commit) for each placemat whose PDF is stale and not already on its way,
    and returns the rows as they stand: callers poll `placemat_pdfs_for_year` for the rest.
    """
    if sync:
        for placemat in published_placemats(programme_year=programme_year):
            try:
                placemat_pdf_render(placemat_id=placemat.pk)
            except Exception as exc:  # noqa: BLE001 - one bad placemat must not stop the year; its row shows why
                logger.exception("placemat %s: the PDF could not be rendered", placemat.pk)
                placemat_pdf_fail(placemat_id=placemat.pk, failure=failure_of(exc))
    else:
        for placemat in published_placemats(programme_year=programme_year):
            placemat_pdf_request(placemat=placemat)
    return placemat_pdfs_for_year(programme_year=programme_year)
