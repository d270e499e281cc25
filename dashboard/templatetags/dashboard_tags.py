from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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
    user may open the placemat (`audits.view_placemat`)."""
    cells = []
    kind = None
    for cell in row.cells:
        score = "–" if cell.score is None else str(cell.score)
        css = "hm hm-" + ("none" if cell.score is None else str(cell.score))
        start = " hm-kind-start" if cell.theme.kind != kind else ""
        kind = cell.theme.kind
        label = str(cell.theme)
        if linked:
            inner = format_html(
                '<a href="{}#theme-{}" class="{}" title="{}"><span class="visually-hidden">{}: </span>{}</a>',
                row.urls["placemat"],
                cell.theme.pk,
                css,
                label,
                label,
                score,
            )
        else:
            inner = format_html(
                '<span class="{}" title="{}"><span class="visually-hidden">{}: </span>{}</span>',
                css,
                label,
                label,
                score,
            )
        cells.append(format_html('<td class="hm-cell{}">{}</td>', start, inner))
    return mark_safe("".join(cells))  # noqa: S308 - every part built by format_html
