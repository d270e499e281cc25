from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import localize
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

register = template.Library()


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """The current query string with some parameters changed ('' removes one); page resets unless given."""
    params = context["request"].GET.copy()
    if "page" not in changes:
        params.pop("page", None)
    for key, value in changes.items():
        if value in ("", None):
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return "?" + encoded if encoded else "?"


@register.simple_tag(takes_context=True)
def sort_query(context, key: str) -> str:
    """Link target of a column header: ascending first, descending when already ascending."""
    current = context["request"].GET.get("sort", "region")
    return query(context, sort=f"-{key}" if current == key else key)


@register.filter
def sort_state(current: str, key: str) -> str:
    """aria-sort value of a column header."""
    if current == key:
        return "ascending"
    if current == f"-{key}":
        return "descending"
    return "none"


@register.simple_tag
def heatmap_cells(row, linked: bool) -> str:
    """A row's heat-map cells, one per theme (the hot loop of the dashboard: 50 rows × 8 themes, built here
    in one pass instead of eight variables per cell through the template engine). `linked`: whether the
    user may open the placemat (`audits.view_placemat`). Every text is escaped: the link once per row,
    a theme's label once per page (kept on the theme object), the scores are numbers."""
    href = escape(row.urls["placemat"])
    cells = []
    kind = None
    for cell in row.cells:
        theme = cell.theme
        label = theme.__dict__.get("_escaped_label")
        if label is None:
            label = theme.__dict__["_escaped_label"] = escape(str(theme))
        score = "–" if cell.score is None else int(cell.score)
        css = f"hm hm-{'none' if cell.score is None else score}"
        start = " hm-kind-start" if theme.kind != kind else ""
        kind = theme.kind
        hidden = f'<span class="visually-hidden">{label}: </span>{score}'
        if linked:
            inner = f'<a href="{href}#theme-{int(theme.pk)}" class="{css}" title="{label}">{hidden}</a>'
        else:
            inner = f'<span class="{css}" title="{label}">{hidden}</span>'
        cells.append(f'<td class="hm-cell{start}">{inner}</td>')
    return mark_safe("".join(cells))  # noqa: S308 - every text part escaped above


MUTED = mark_safe('<span class="text-muted">–</span>')  # noqa: S308 - a constant


def _link(href: str, content, linked: bool = True):
    return format_html('<a href="{}">{}</a>', href, content) if linked else content


@register.simple_tag(takes_context=True)
def region_year_cells(context, row, themes: int, sees_proposals: bool) -> str:
    """One region-year's cells after its name: report status, indicators on track and behind, the heat map,
    self-assessment gaps, audit judgement, peer review, grant, co-financing, early warnings. The dashboard's hot loop
    (50 rows a page), built in one pass rather than ~40 template nodes per row; the links follow the
    same named rules as everywhere (`monitoring.view_report`, `audits.view_placemat`,
    `audits.view_region_grants`; `sees_proposals` is `audits.view_grants`, read once per page)."""
    user = context["user"]
    urls = row.urls
    report = row.report
    can_view_report = user.has_perm("monitoring.view_report", report)
    cells = []
    # Report status (and late).
    if report is not None:
        badge = format_html('<span class="badge status-{}">{}</span>', row.status, row.status_label)
        status = _link(urls["report"], badge, can_view_report)
    else:
        status = format_html('<a href="{}#reports" class="text-body">{}</a>', urls["region"], row.status_label)
    late = format_html(' <span class="badge status-late">{}</span>', gettext("late")) if row.late else ""
    cells.append(format_html("<td>{}{}</td>", status, late))
    # Indicators on track, behind.
    if row.judged:
        on_track = gettext("%(on)s of %(n)s (%(pct)s%%)") % {
            "on": localize(row.on_track),
            "n": localize(row.judged),
            "pct": localize(row.on_track_pct),
        }
        cells.append(format_html("<td>{}</td>", _link(urls["report"], on_track, can_view_report)))
        cells.append(format_html("<td>{}</td>", localize(row.behind)))
    else:
        cells += [format_html("<td>{}</td>", MUTED)] * 2
    # The heat map.
    if row.placemat_id is not None:
        cells.append(heatmap_cells(row, user.has_perm("audits.view_placemat", row.placemat)))
    else:
        cells.append(
            format_html(
                '<td colspan="{}" class="hm-kind-start"><span class="text-muted">{}</span></td>',
                themes or 1,
                gettext("not published"),
            )
        )
    # Self-assessment two or more above the committee.
    if row.gap_count:
        gaps = ngettext("%(n)s theme", "%(n)s themes", row.gap_count) % {"n": localize(row.gap_count)}
        cells.append(format_html("<td>{}</td>", _link(urls["report"] + "#self-assessment", gaps, can_view_report)))
    else:
        cells.append(format_html("<td>{}</td>", MUTED))
    # Audit judgement, peer review.
    visit = _link(urls["visit"], row.judgement_label) if row.judgement else MUTED  # a reported visit
    cells.append(format_html("<td>{}</td>", visit))
    if row.peer_review_status:
        href = urls["peer_review"] or urls["region"] + "#peer-reviews"
        cells.append(format_html("<td>{}</td>", _link(href, row.peer_review_label)))
    else:
        cells.append(format_html("<td>{}</td>", MUTED))
    # Grant amounts follow the grants page's rules: proposals for audits.view_grants (office, viewer);
    # decided amounts also for whoever may read the region's grants; nothing for anyone else.
    can_view_grants = user.has_perm("audits.view_region_grants", row.region)
    if (row.grant_status and sees_proposals) or (row.grant_decided is not None and can_view_grants):
        amount = row.grant_decided if row.grant_decided is not None else row.grant_proposed
        grant = format_html("{}: € {}", row.grant_label, floatformat(amount, "0g"))
        cells.append(format_html('<td class="dash-wrap">{}</td>', _link(urls["grants"], grant, can_view_grants)))
    else:
        cells.append(format_html('<td class="dash-wrap">{}</td>', MUTED))
    # Co-financing: the year's realised share of the committed amount, for whoever sees the region's figures.
    share = row.cofinancing_share
    if share is not None and user.has_perm("regions.view_cofinancing", row.region):
        title = gettext("€ %(realised)s of € %(committed)s realised") % {
            "realised": floatformat(row.cofinancing_realised, "0g"),
            "committed": floatformat(row.cofinancing_committed, "0g"),
        }
        cells.append(
            format_html('<td><a href="{}" title="{}">{}%</a></td>', urls["cofinancing"], title, localize(share))
        )
    else:
        cells.append(format_html("<td>{}</td>", MUTED))
    # Early warnings.
    if row.flags:
        items = format_html_join("", "<li>{}</li>", ((label,) for label in row.flag_labels))
        cells.append(format_html('<td><ul class="flag-list">{}</ul></td>', items))
    else:
        cells.append(format_html("<td>{}</td>", MUTED))
    return mark_safe("\n".join(cells))  # noqa: S308 - every part built by format_html


@register.simple_tag(takes_context=True)
def region_row(context, row, themes: int, sees_proposals: bool) -> str:
    """A region's row of the national dashboard: its name (linked to its overview, with its status when
    not active), its landsdeel and its cells (`region_year_cells`)."""
    region = row.region
    badge = (
        format_html(' <span class="badge text-bg-secondary">{}</span>', region.get_status_display())
        if region.status != "active"
        else ""
    )
    return format_html(
        '<tr{}><th scope="row"><a href="{}">{}</a>{}</th><td>{}</td>{}</tr>',
        mark_safe(' class="stopped-row"') if region.status == "stopped" else "",  # noqa: S308 - a constant
        row.urls["overview"],
        region.name,
        badge,
        region.landsdeel.name,
        region_year_cells(context, row, themes, sees_proposals),
    )
