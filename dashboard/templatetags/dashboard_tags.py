from django import template

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
