"""The report page's per-indicator HTML built in Python (monitoring.selectors: `trend_html`, `mark_html`,
`target_html`) is the HTML the templates it replaced rendered, in English and in Dutch, escaping included."""

import re
from decimal import Decimal

import pytest
from django.template import engines
from django.template.loader import render_to_string
from django.utils import translation

from monitoring.selectors import (
    BEHIND,
    MISSING,
    NO_TARGET,
    NOT_APPLICABLE,
    ON_TRACK,
    IndicatorLine,
    TrendPoint,
    target_html,
)
from regions.models import Indicator

# templates/monitoring/_trend.html as it was before the figure moved to IndicatorLine.trend_html.
OLD_TREND = """{% load i18n l10n %}<figure class="trend mb-0">
  {% localize off %}<svg class="trend-chart" viewBox="0 0 {{ line.chart_width }} 60" width="100%" height="64" preserveAspectRatio="none" aria-hidden="true" focusable="false">
    <line x1="0" y1="55" x2="{{ line.chart_width }}" y2="55" class="trend-axis"></line>
    {% for p in line.chart_points %}
      <rect x="{{ p.x }}" y="{{ p.y }}" width="20" height="{{ p.height }}" class="trend-bar{% if not p.met %} trend-bar-behind{% endif %}"></rect>
      {% if p.target_y is not None %}<line x1="{{ p.target_x1 }}" y1="{{ p.target_y }}" x2="{{ p.target_x2 }}" y2="{{ p.target_y }}" class="trend-target"></line>{% endif %}
    {% endfor %}
  </svg>{% endlocalize %}
  <table class="table table-sm small mb-0 trend-table">
    <caption class="caption-top small">{% blocktranslate with code=line.indicator.code %}Trend of {{ code }}: bars are realisations, dashes are targets{% endblocktranslate %}</caption>
    <thead><tr><th scope="col">{% translate "Year" %}</th>{% for p in line.trend %}<th scope="col" class="text-end">{{ p.year }}</th>{% endfor %}</tr></thead>
    <tbody>
      <tr><th scope="row">{% translate "Target" %}</th>{% for p in line.trend %}
        <td class="text-end">{% include "regions/_target.html" with direction=p.direction value=p.target value_max=p.target_max %}</td>{% endfor %}</tr>
      <tr><th scope="row">{% translate "Realisation" %}</th>{% for p in line.trend %}
        <td class="text-end">{% if p.not_applicable %}{% translate "n/a" %}{% elif p.value is not None %}{{ p.value|floatformat:"-2" }}{% else %}–{% endif %}</td>{% endfor %}</tr>
    </tbody>
  </table>
</figure>
"""  # noqa: E501

DIRECTIONS = [Indicator.Direction.HIGHER, Indicator.Direction.LOWER, Indicator.Direction.RANGE]
LANGUAGES = ["en", "nl"]


def _tight(html: str) -> str:
    """Without the whitespace between tags and before a cell's end (it does not show)."""
    return re.sub(r"\s+</td>", "</td>", re.sub(r">\s+<", "><", html)).strip()


def _line(direction: str, code: str = "I1") -> IndicatorLine:
    indicator = Indicator(code=code, name="Name", direction=direction, baseline_value=Decimal("80"))
    rows = [  # year, target, target_max, value, not_applicable
        (2013, Decimal("100"), Decimal("120"), Decimal("110.5"), False),
        (2014, None, None, Decimal("95"), False),
        (2015, Decimal("105.25"), None, None, True),
        (2016, Decimal("1234.5"), Decimal("2000"), None, False),
        (2017, Decimal("0"), Decimal("0"), Decimal("0"), False),
    ]
    trend = [
        TrendPoint(year, target, value, na, target_max=target_max, direction=direction)
        for year, target, target_max, value, na in rows
    ]
    return IndicatorLine(
        indicator=indicator,
        target=Decimal("100"),
        target_max=Decimal("120"),
        previous=None,
        realisation=None,
        mark=ON_TRACK,
        trend=trend,
    )


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize(
    ("value", "value_max"),
    [(None, None), (Decimal("5"), None), (Decimal("10.5"), Decimal("20")), (Decimal("1234.567"), Decimal("0"))],
)
def test_target_html_is_the_target_template_exactly(language, direction, value, value_max):
    context = {"direction": direction, "value": value, "value_max": value_max}
    with translation.override(language):
        assert target_html(direction, value, value_max) == render_to_string("regions/_target.html", context).strip()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("mark", [ON_TRACK, BEHIND, NOT_APPLICABLE, NO_TARGET, MISSING])
def test_mark_html_is_the_mark_template_exactly(language, mark):
    line = _line(Indicator.Direction.HIGHER)
    line.mark = mark
    with translation.override(language):
        assert line.mark_html == render_to_string("monitoring/_mark.html", {"line": line}).strip()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("direction", DIRECTIONS)
def test_trend_html_is_the_old_trend_template(language, direction):
    line = _line(direction, code='<b>"I&1"</b>')
    with translation.override(language):
        old = engines["django"].from_string(OLD_TREND).render({"line": line})
        assert line.trend_html == _tight(old)
    assert "&lt;b&gt;&quot;I&amp;1&quot;&lt;/b&gt;" in line.trend_html
    assert "<b>" not in line.trend_html
