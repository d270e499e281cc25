"""The dashboard as CSV (for Dutch Excel) and XLSX: the region table, then the totals.

The cells are written as in `monitoring.exports` (";" and a byte-order mark, decimals with the language's
separator, text that a spreadsheet would read as a formula neutralised), so both exports behave alike.
Exports hold every row that matches the filters, not one page. Figures are settled ones (reports submitted
to the office or accepted); in the office's provisional view (drafts included) both files say so in their
first line, and the file name too (views.py).
"""

from django.utils.translation import gettext as _

from toptechniek.common.exports import Table

from .selectors import FLAGS, Dashboard


def region_table(board: Dashboard) -> Table:
    """One row per region, the columns of the page's table (the eight placemat scores spelled out)."""
    headers = [
        _("Region"),
        _("Landsdeel"),
        _("Region status"),
        _("Report status"),
        _("Late"),
        _("Indicators on track"),
        _("Indicators behind"),
        *[f"{t.get_kind_display()} {t.number}. {t.name}" for t in board.themes],
        _("Self-assessment 2+ above committee (themes)"),
        _("Audit judgement"),
        _("Peer review"),
        _("Grant status"),
        _("Grant proposed"),
        _("Grant decided"),
        _("Co-financing committed"),
        _("Co-financing realised"),
        _("Co-financing realised as a percentage of committed"),
        _("Early warnings"),
    ]
    yes, no = _("Yes"), _("No")
    labels: dict[tuple, str] = {}  # each label translated once, not once per row (1,000 rows)

    def label(value, obj, attribute: str) -> str:
        """obj.attribute (a label, or a method giving one), the same for every row with this value."""
        if (attribute, value) not in labels:
            found = getattr(obj, attribute)
            labels[(attribute, value)] = str(found() if callable(found) else found)
        return labels[(attribute, value)]

    rows = []
    for row in board.rows:
        scores = [c.score for c in row.cells] if row.cells else [None] * len(board.themes)
        region = row.region
        rows.append(
            [
                region.name,
                region.landsdeel.name,
                label(region.status, region, "get_status_display"),
                label(row.status, row, "status_label"),
                yes if row.late else no,
                row.on_track if row.judged else None,  # nothing judged: no settled figures
                row.behind if row.judged else None,
                *scores,
                row.gap_count,
                label(row.judgement, row, "judgement_label"),
                label(row.peer_review_status, row, "peer_review_label"),
                label(row.grant_status, row, "grant_label"),
                row.grant_proposed,
                row.grant_decided,
                row.cofinancing_committed,
                row.cofinancing_realised,
                row.cofinancing_share,
                label(tuple(row.flags), row, "flags_text"),
            ]
        )
    headers = [str(h) for h in headers]
    euros = {
        headers.index(str(_("Grant proposed"))),
        headers.index(str(_("Grant decided"))),
        headers.index(str(_("Co-financing committed"))),
        headers.index(str(_("Co-financing realised"))),
    }
    return Table(
        headers=headers,
        rows=rows,
        sheet_name=str(_("Regions")),
        label=_label(board),
        money_columns=euros,
    )


def totals_table(board: Dashboard) -> Table:
    """Completeness per year, then realised vs target per route and performance area, per unit and year
    (a percentage as the mean over regions, never a sum), with the regions that reported."""
    headers = [
        _("Figure"),
        _("Year"),
        _("Value"),
        _("Of"),
        _("Target"),
        _("Target (upper bound)"),
        _("Unit"),
        _("Direction"),
        _("Totalled as"),
        _("Regions"),
    ]
    rows: list[list] = []
    for point in board.years:
        rows.append([_("Reports in"), point.year, point.submitted, point.expected])
        rows.append([_("Reports on time"), point.year, point.on_time, point.expected])
        rows.append([_("Reports accepted"), point.year, point.accepted, point.expected])
        rows.append([_("Regions reported (submitted or accepted)"), point.year, point.reported, point.expected])
    if board.totals:
        for coverage in board.totals.coverage:
            if coverage.missing:
                rows.append([_("Regions without figures"), coverage.year, "; ".join(coverage.missing)])
    for line in board.routes + board.areas:
        how = _("mean over regions") if line.mean else _("sum")
        for p in line.points:
            rows.append(
                [line.label, p.year, p.realised, None, p.target, p.target_max, line.unit, line.direction_label, how]
                + [p.regions]
            )
    for key, label in FLAGS.items():
        rows.append(
            [
                _("Early warning: %(flag)s") % {"flag": label},
                board.programme_year.year,
                board.flag_counts[key],
                board.total,
            ]
        )
    for row in rows:
        row.extend([None] * (len(headers) - len(row)))
    return Table(headers=[str(h) for h in headers], rows=rows, sheet_name=str(_("Totals")), label=_label(board))


def provisional_label() -> str:
    return _("PROVISIONAL (including drafts): these are not the settled figures")


def _label(board: Dashboard) -> str:
    """Each table says so when its figures include drafts."""
    return provisional_label() if board.include_drafts else ""


def dashboard_tables(board: Dashboard) -> tuple[Table, Table]:
    """The "Regions" and "Totals" tables (two sheets in XLSX, one after the other in CSV)."""
    return region_table(board), totals_table(board)
