"""Dates read as Dutch writes them: "1 mrt 2013" in tables and lists (the project's SHORT_DATE_FORMAT, "j b Y"),
"1 maart 2013" in sentences; never "1 Mrt 2013", which Django's `M` gives. A programme year's windows name
both years."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

TEMPLATES = Path(settings.BASE_DIR) / "templates"


@pytest.mark.parametrize(
    ("language", "short", "short_datetime"),
    [("nl", "1 mrt 2013", "1 mrt 2013 09:05"), ("en", "1 Mar 2013", "1 Mar 2013 09:05")],
)
def test_short_formats_follow_the_language(language, short, short_datetime):
    moment = datetime.datetime(2013, 3, 1, 9, 5)
    with translation.override(language):
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == short
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") == short_datetime
        rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }} · {{ d|date:"j F Y" }}').render(Context({"d": moment}))
    assert rendered == {"nl": "1 mrt 2013 · 1 maart 2013", "en": "1 Mar 2013 · 1 March 2013"}[language]


def test_every_dutch_month_abbreviation_is_lower_case():
    with translation.override("nl"):
        months = [formats.date_format(datetime.date(2013, m, 1), "SHORT_DATE_FORMAT").split()[1] for m in range(1, 13)]
    assert months == ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"]


def test_no_template_writes_a_literal_date_format_with_a_capital_month():
    """`M` and `N` title-case the Dutch month: templates name SHORT_DATE_FORMAT or SHORT_DATETIME_FORMAT instead."""
    literal = re.compile(r"""\|date:["']([^"']*)["']""")
    found = []
    for path in TEMPLATES.rglob("*"):
        if path.suffix not in {".html", ".txt"}:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for fmt in literal.findall(line):
                if not fmt.endswith("_FORMAT") and re.search(r"(?<!\\)[MN]", fmt):
                    found.append(f"{path.relative_to(TEMPLATES)}:{number}: {fmt}")
    assert not found, "\n".join(found)


def test_programme_page_names_both_years_of_a_window(client, db):
    """A peer-review window runs from one year into the next: "1 oktober 2014 – 15 februari 2015"."""
    from regions.tests.world import world_build

    w = world_build(years=(2014,))
    year = w.years[2014]
    year.audit_window_start, year.audit_window_end = datetime.date(2015, 4, 15), datetime.date(2015, 6, 30)
    year.peer_review_window_start, year.peer_review_window_end = datetime.date(2014, 10, 1), datetime.date(2015, 2, 15)
    year.save()
    client.force_login(w.office)
    with translation.override("nl"):
        page = client.get(w.programme.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    text = re.sub(r"\s+", " ", text)
    assert "1 oktober 2014 – 15 februari 2015" in text
    assert "15 april 2015 – 30 juni 2015" in text
