"""A region in a URL: `<pk>-<slug>` ("31-twente").

A region's short name is unique within its programme only (two programmes can each have a Twente), so the
URL carries the region's number too; the short name keeps the address readable. `reverse()` and `{% url %}`
take the region itself (or its key); views find the region with `region_lookup`. An address from before,
`/regions/twente/…`, is redirected when it names one region the person may see (`regions.views.legacy`).
"""

import re

from django.urls import register_converter

KEY = re.compile(r"^(?P<pk>[0-9]+)-(?P<slug>[-a-zA-Z0-9_]+)$")


class RegionKeyConverter:
    regex = r"[0-9]+-[-a-zA-Z0-9_]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value.url_key if hasattr(value, "url_key") else str(value)


def region_lookup(key: str, *, prefix: str = "") -> dict:
    """The filter that finds the region of a URL key: `{"pk": 31, "slug": "twente"}` (with `prefix`, e.g.
    "region__", for a related object). A key that is no key finds nothing."""
    match = KEY.match(key or "")
    if match is None:
        return {f"{prefix}pk": None}
    return {f"{prefix}pk": int(match["pk"]), f"{prefix}slug": match["slug"]}


register_converter(RegionKeyConverter, "region")
