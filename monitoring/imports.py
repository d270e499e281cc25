"""Figures from a spreadsheet into a monitor report: the template workbook, reading an uploaded XLSX or CSV,
and the preview that checks every row before anything is saved.

Saving goes through `monitoring.services.report_save_quantitative`, with the version the preview was made
against, so an import is checked, versioned and logged exactly like typing in the editor. Nothing here writes.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from regions.models import target_met
from toptechniek.common.exports import Table, tables_xlsx
from toptechniek.common.forms import decimal_parse

from .selectors import BEHIND, ReportView, explanation_needed

TITLE_PREFIX = "Toptechniek import"
MAX_ROWS = 500
MAX_BYTES = 2 * 1024 * 1024
YES = {"ja", "yes", "j", "y", "x", "1", "waar", "true"}
NO = {"", "nee", "no", "n", "0", "onwaar", "false"}


def _title(view: ReportView) -> str:
    report = view.report
    return f"{TITLE_PREFIX} {report.region.slug} {report.programme_year.year}"


def _headers(year: int) -> list[str]:
    return [
        _("Code"),
        _("Indicator"),
        _("Unit"),
        _("Baseline"),
        _("Target %(year)s") % {"year": year},
        _("Realisation %(year)s") % {"year": year - 1},
        _("Realisation %(year)s (fill in)") % {"year": year},
        _("Nothing to report (yes/no)"),
        _("Explanation"),
    ]


def import_template(*, view: ReportView) -> bytes:
    """The workbook a project leader fills in: one row per agreed indicator of the report, with what is known
    (baseline, this year's target, last year's value) and this year's value, 'nothing to report' and the
    explanation as they stand now."""
    report = view.report
    year = report.programme_year.year
    rows = []
    for line in view.lines:
        indicator, row = line.indicator, line.realisation
        rows.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.baseline_value,
                line.target,
                line.previous,
                row.value if row else None,
                _("yes") if row and row.not_applicable else None,
                row.explanation if row and row.explanation else None,
            ]
        )
    label = _("%(region)s · monitor report %(year)s · fill in the column '%(column)s' and upload the file") % {
        "region": report.region.name,
        "year": year,
        "column": _headers(year)[6],
    }
    table = Table(headers=_headers(year), rows=rows, sheet_name=_("Figures"), label=label)
    return tables_xlsx(table, title=_title(view))


# --- Reading -------------------------------------------------------------------------------------------------


@dataclass
class RawRow:
    number: int  # the row number in the file, as the user sees it
    code: str
    value: str
    nothing: str
    explanation: str
    region: str = ""  # the office's file for many regions: the region's name


@dataclass
class RawFile:
    rows: list[RawRow]
    title: str = ""  # the workbook's title (ours: "Toptechniek import <region> <year>")
    problem: str = ""  # why the file cannot be read at all


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else str(int(value))
    if isinstance(value, (int, Decimal)):
        return str(value)
    return str(value).strip()


def _columns(header: list[str]) -> dict[str, int] | None:
    """Which column holds what, from the header row (our template's words, in Dutch or English)."""
    names = [h.strip().lower() for h in header]
    if "code" not in names[:2]:
        return None
    found = {"code": names.index("code")}
    for index, name in enumerate(names):
        if name in ("region", "regio"):
            found["region"] = index
        if "(fill in)" in name or "(invullen)" in name or name in ("value", "waarde", "realisatie", "realisation"):
            found["value"] = index
        elif name.startswith(("nothing to report", "niets te melden")):
            found["nothing"] = index
        elif name.startswith(("explanation", "toelichting")):
            found["explanation"] = index
    return found if "value" in found else None


def _rows_from(table: list[list], *, title: str = "") -> RawFile:
    found = next(
        ((i, c) for i, c in ((i, _columns([_text(cell) for cell in row])) for i, row in enumerate(table[:3])) if c),
        None,
    )
    if found is None:
        return RawFile(
            rows=[],
            title=title,
            problem=_("The file has no header row with a 'Code' column: use the template."),
        )
    index, columns = found
    rows = []
    for number, row in enumerate(table[index + 1 :], start=index + 2):
        cells = [_text(cell) for cell in row]

        def cell(name, cells=cells):
            position = columns.get(name)
            return cells[position] if position is not None and position < len(cells) else ""

        if not any(cells):
            continue
        rows.append(
            RawRow(
                number=number,
                region=cell("region"),
                code=cell("code"),
                value=cell("value"),
                nothing=cell("nothing"),
                explanation=cell("explanation"),
            )
        )
    if len(rows) > MAX_ROWS:
        return RawFile(rows=[], title=title, problem=_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    return RawFile(rows=rows, title=title)


def import_read(*, data: bytes, filename: str) -> RawFile:
    """The rows of an uploaded XLSX workbook (its first sheet) or CSV file (`;` or `,`, UTF-8 or Windows-1252)."""
    if len(data) > MAX_BYTES:
        return RawFile(rows=[], problem=_("The file is larger than 2 MB."))
    name = (filename or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any unreadable workbook is the user's file, not our error
            return RawFile(rows=[], problem=_("This file cannot be read as an Excel workbook (.xlsx)."))
        sheet = workbook.worksheets[0]
        table = [list(row) for row in sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 5)]
        return _rows_from(table, title=workbook.properties.title or "")
    if name.endswith(".csv") or name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        first = text.splitlines()[0] if text.splitlines() else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
        # A template saved as CSV starts with its label line; _rows_from looks for the header in the first rows.
        return _rows_from(table)
    return RawFile(rows=[], problem=_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))


# --- The preview -------------------------------------------------------------------------------------------


@dataclass
class PreviewLine:
    number: int
    code: str
    line: object = None  # the report's IndicatorLine, when the code is one of its indicators
    value: Decimal | None = None
    not_applicable: bool = False
    explanation: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: bool = False  # an empty row: nothing to import, the report's value stays

    @property
    def current(self):
        return self.line.realisation if self.line else None

    @property
    def changed(self) -> bool:
        row = self.current
        before = (row.value, row.not_applicable, row.explanation) if row else (None, False, "")
        return not self.skipped and (self.value, self.not_applicable, self.explanation) != before

    @property
    def on_track(self) -> bool | None:
        if self.line is None or self.not_applicable:
            return None
        indicator = self.line.indicator
        return target_met(
            direction=indicator.direction, value=self.value, target=self.line.target, target_max=self.line.target_max
        )


@dataclass
class Preview:
    lines: list[PreviewLine]
    problem: str = ""  # the whole file is refused (unreadable, another report's file)

    @property
    def valid(self) -> list[PreviewLine]:
        return [p for p in self.lines if not p.problems and not p.skipped and p.line is not None]

    @property
    def to_save(self) -> list[PreviewLine]:
        return [p for p in self.valid if p.changed]

    @property
    def problem_count(self) -> int:
        return sum(1 for p in self.lines if p.problems) + (1 if self.problem else 0)


def _thousands_note(raw: str, value) -> list[str]:
    """A note when a dot was read as a thousands separator ("1.234" is 1234), so the reader can check it."""
    text = raw.replace(" ", "")
    if value is not None and "," not in text and text.count(".") == 1 and len(text.split(".")[1]) == 3:
        return [_("Read as %(value)s (a dot before three digits is a thousands separator).") % {"value": value}]
    return []


def _read_figure(row: RawRow, item) -> bool:
    """Read a row's value and 'nothing to report' onto `item` (a PreviewLine or an OfficeLine), the same way for
    the region's file and the office's: True when there is a figure to check further; False when the row has a
    problem (in `item.problems`) or is empty (`item.skipped`: nothing to import, what is there stays)."""
    nothing = row.nothing.strip().lower()
    if nothing not in YES | NO:
        item.problems.append(
            _("'%(text)s' in 'nothing to report': write yes or no (or leave it empty).") % {"text": row.nothing}
        )
        return False
    item.not_applicable = nothing in YES
    try:
        item.value = decimal_parse(row.value)
    except (InvalidOperation, ValueError):
        item.problems.append(_("'%(text)s' is not a number: write for example 120 or 12,5.") % {"text": row.value})
        return False
    item.notes.extend(_thousands_note(row.value, item.value))
    if item.value is not None and item.value < 0:
        item.problems.append(_("A realisation cannot be negative."))
        return False
    if item.not_applicable and item.value is not None:
        item.problems.append(_("Either give a value or say 'nothing to report', not both."))
        return False
    if item.value is None and not item.not_applicable:
        item.skipped = True
        return False
    return True


def import_preview(*, view: ReportView, raw: RawFile) -> Preview:
    """Check every row against the report: a known code (once), a number (decimal comma or point; not
    negative), 'nothing to report' without a value, and an explanation where the editor requires one (below
    target, nothing to report). Changes nothing."""
    if raw.problem:
        return Preview(lines=[], problem=raw.problem)
    report = view.report
    if raw.title.startswith(TITLE_PREFIX) and raw.title != _title(view):
        return Preview(
            lines=[],
            problem=_(
                "This file was made for another report (%(file)s), not for %(region)s %(year)s. Download the "
                "template of this report."
            )
            % {
                "file": raw.title.removeprefix(TITLE_PREFIX).strip(),
                "region": report.region.name,
                "year": report.programme_year.year,
            },
        )
    by_code = {line.indicator.code.strip().lower(): line for line in view.lines}
    seen: dict[str, int] = {}
    lines = []
    for row in raw.rows:
        item = PreviewLine(number=row.number, code=row.code, explanation=row.explanation)
        lines.append(item)
        key = row.code.strip().lower()
        item.line = by_code.get(key)
        if item.line is None:
            item.problems.append(
                _("Unknown code '%(code)s': it is not one of the agreed indicators of this report.")
                % {"code": row.code or "–"}
            )
            continue
        if key in seen:
            item.problems.append(
                _("The code %(code)s appears twice (row %(row)s too).") % {"code": row.code, "row": seen[key]}
            )
            continue
        seen[key] = row.number
        if not _read_figure(row, item):
            continue
        indicator = item.line.indicator
        reason = explanation_needed(
            direction=indicator.direction,
            value=item.value,
            target=item.line.target,
            target_max=item.line.target_max,
            not_applicable=item.not_applicable,
        )
        if reason and not item.explanation:
            item.problems.append(
                _("Below the target: add an explanation.")
                if reason == BEHIND
                else _("Nothing to report: add an explanation.")
            )
    return Preview(lines=lines)


# --- The office's file for many regions ----------------------------------------------------------------------


@dataclass
class OfficeLine:
    number: int
    region_name: str
    code: str
    region: object = None
    indicator: object = None
    report: object = None  # the region's report of the year, when it has one
    target: Decimal | None = None
    current: object = None  # the region's own realisation, when it has one
    value: Decimal | None = None
    not_applicable: bool = False
    explanation: str = ""
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: bool = False


@dataclass
class OfficePreview:
    lines: list[OfficeLine]
    problem: str = ""

    @property
    def to_save(self) -> list[OfficeLine]:
        return [p for p in self.lines if not p.problems and not p.skipped]

    @property
    def problem_count(self) -> int:
        return sum(1 for p in self.lines if p.problems) + (1 if self.problem else 0)

    @property
    def region_count(self) -> int:
        return len({p.region.pk for p in self.to_save})


def _office_data(*, programme_year):
    """The programme's regions, their agreed indicators with this year's targets, their reports of the year and
    the realisations in them (four queries)."""
    from regions.models import Indicator, Region, Target

    from .models import MonitorReport, Realisation

    regions = list(
        Region.objects.filter(programme_id=programme_year.programme_id)
        .exclude(status=Region.Status.STOPPED)
        .order_by("name")
    )
    indicators = list(
        Indicator.objects.filter(region__in=regions, status=Indicator.Status.AGREED).order_by("region_id", "code")
    )
    targets = dict(
        Target.objects.filter(indicator__in=indicators, year=programme_year.year).values_list("indicator_id", "value")
    )
    reports = {r.region_id: r for r in MonitorReport.objects.filter(programme_year=programme_year, region__in=regions)}
    realisations = {
        (r.report_id, r.indicator_id): r for r in Realisation.objects.filter(report__in=list(reports.values()))
    }
    return regions, indicators, targets, reports, realisations


def office_import_template(*, programme_year) -> bytes:
    """One row per region and agreed indicator of the programme year, for a national source (a DUO extract)."""
    regions, indicators, targets, reports, realisations = _office_data(programme_year=programme_year)
    names = {r.pk: r.name for r in regions}
    year = programme_year.year
    headers = [_("Region"), *_headers(year)[:5], _headers(year)[6], _headers(year)[7], _headers(year)[8]]
    rows = []
    for indicator in indicators:
        report = reports.get(indicator.region_id)
        own = realisations.get((report.pk, indicator.pk)) if report else None
        rows.append(
            [
                names[indicator.region_id],
                indicator.code,
                indicator.name,
                indicator.unit,
                indicator.baseline_value,
                targets.get(indicator.pk),
                own.value if own else None,
                None,
                None,
            ]
        )
    label = _("%(programme)s · figures %(year)s for all regions · proposals the regions confirm") % {
        "programme": programme_year.programme.name,
        "year": year,
    }
    table = Table(headers=headers, rows=rows, sheet_name=_("Figures"), label=label)
    return tables_xlsx(table, title=f"{TITLE_PREFIX} {programme_year.programme.slug} {year}")


def office_import_preview(*, programme_year, raw: RawFile) -> OfficePreview:
    """Check each row: a region of the programme by name, one of its agreed indicators, a number (not
    negative), and a report that is still the region's to change — a submitted or accepted report is never
    given proposals. Changes nothing."""
    from .models import MonitorReport

    if raw.problem:
        return OfficePreview(lines=[], problem=raw.problem)
    regions, indicators, targets, reports, realisations = _office_data(programme_year=programme_year)
    by_name = {}
    for region in regions:
        by_name[region.name.strip().lower()] = region
        by_name[region.slug.lower()] = region
    by_code = {(i.region_id, i.code.strip().lower()): i for i in indicators}
    seen: dict[tuple, int] = {}
    lines = []
    for row in raw.rows:
        item = OfficeLine(number=row.number, region_name=row.region, code=row.code, explanation=row.explanation)
        lines.append(item)
        item.region = by_name.get(row.region.strip().lower())
        if item.region is None:
            item.problems.append(
                _("Unknown region '%(region)s': not a region of this programme.") % {"region": row.region or "–"}
            )
            continue
        item.indicator = by_code.get((item.region.pk, row.code.strip().lower()))
        if item.indicator is None:
            item.problems.append(
                _("Unknown code '%(code)s' for %(region)s: not one of its agreed indicators.")
                % {"code": row.code or "–", "region": item.region.name}
            )
            continue
        key = (item.region.pk, item.indicator.pk)
        if key in seen:
            item.problems.append(
                _("The code %(code)s appears twice (row %(row)s too).") % {"code": row.code, "row": seen[key]}
            )
            continue
        seen[key] = row.number
        item.target = targets.get(item.indicator.pk)
        item.report = reports.get(item.region.pk)
        if item.report is not None:
            item.current = realisations.get((item.report.pk, item.indicator.pk))
        if not _read_figure(row, item):
            continue
        if item.report is not None and item.report.status not in MonitorReport.EDITABLE:
            item.problems.append(
                _("%(region)s has submitted its report: its figures are not changed.") % {"region": item.region.name}
            )
    return OfficePreview(lines=lines)
