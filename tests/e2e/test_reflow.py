"""Reflow (WCAG 1.4.10): at 320 px no key page scrolls sideways, for every role that uses it.

A wide data table may scroll, but only inside its own container (`.table-responsive`), which is then focusable
and a named region, so keyboard and screen-reader users can reach and scroll it (a table of form fields is
scrolled by tabbing through its fields); where the table names its rows by region, that column stays in view
while it scrolls. axe-core runs at this width too: some containers
scroll only on a phone, and axe judges a scrolling region only when it scrolls.
"""

import pytest
from e2e_helpers import axe_problems, key_page_ids, nl, write_draft_version
from e2e_pages import KEY_PAGES, OFFICE, PL_DRECHTSTEDEN, role_slug
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 320, "height": 720}
ROLES = list(dict.fromkeys(role for _name, _path, roles in KEY_PAGES for role in roles))

# What sticks out to the right of the viewport, outside a scrolling data-table container; and every container
# that scrolls, with what a keyboard and screen-reader user needs of it.
MEASURE = """() => {
  const doc = document.documentElement;
  const width = doc.clientWidth;
  const wider = [];
  if (doc.scrollWidth > width) {
    for (const el of document.body.querySelectorAll('*')) {
      if (el.closest('.table-responsive')) continue;
      const box = el.getBoundingClientRect();
      if ((box.width || box.height) && box.right > width + 1) {
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
          + (typeof el.className === 'string' && el.className ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
        wider.push(`${name} (right edge ${Math.round(box.right)} px): ${(el.innerText || '').trim().slice(0, 40)}`);
      }
    }
  }
  const containers = [];
  for (const box of document.querySelectorAll('.table-responsive')) {
    if (box.scrollWidth <= box.clientWidth || box.closest('form')) continue;
    const ids = (box.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const name = (box.getAttribute('aria-label') || ids.map(id => {
      const label = document.getElementById(id);
      return label ? label.textContent : '';
    }).join(' ')).trim();
    containers.push({tabindex: box.getAttribute('tabindex'), role: box.getAttribute('role'), name,
                     text: (box.innerText || '').trim().slice(0, 40)});
  }
  return {scrollWidth: doc.scrollWidth, width, wider: wider.slice(0, 8), containers};
}"""


def _ids(login_as, role) -> dict[str, str]:

    ids = key_page_ids()
    if role in (OFFICE, PL_DRECHTSTEDEN):  # a draft version of the Drechtsteden vision, by its project leader
        ids["draft"] = write_draft_version(login_as)
    return ids


@pytest.mark.parametrize("role", ROLES, ids=[role_slug(r) for r in ROLES])
def test_key_pages_reflow_at_320_px(role, demo, new_page, login_as):
    ids = _ids(login_as, role)
    page = new_page() if role is None else login_as(role)
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    checked = 0
    for name, path, roles in KEY_PAGES:
        if role not in roles:
            continue
        path = path.format(**ids)
        response = page.goto(path)
        if response.status != 200:
            problems.append(f"{name} {path}: HTTP {response.status}")
            continue
        checked += 1
        found = page.evaluate(MEASURE)
        if found["scrollWidth"] > found["width"]:
            problems.append(
                f"{name} {path}: the page is {found['scrollWidth']} px wide at {found['width']} px:\n    "
                + "\n    ".join(found["wider"])
            )
        for box in found["containers"]:
            if box["tabindex"] != "0" or box["role"] != "region" or not box["name"]:
                problems.append(
                    f"{name} {path}: a table scrolls in a container that is not a focusable, named region "
                    f"(tabindex={box['tabindex']}, role={box['role']}, name={box['name']!r}): {box['text']!r}"
                )
        problems += axe_problems(page, f"{name} at 320 px")
    assert checked, "no pages for this role"
    assert not problems, "\n".join(problems)


def test_dashboard_keeps_region_column_and_theme_headers(demo, login_as):
    """On a phone the regions table scrolls inside its region and the region names stay in view; the heat map
    names each theme in a column header, so a score is read against its theme, not a legend."""
    from regions.models import PlacematTheme

    office = login_as(OFFICE)
    office.set_viewport_size({"width": 390, "height": 800})
    office.goto("/dashboard/?programme=toptechniek-in-bedrijf&year=2014")
    container = office.locator(".table-responsive[aria-labelledby=dash-caption]")
    first = container.locator("tbody tr:not(.dash-group) > th").first
    before = first.bounding_box()["x"]
    container.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    assert container.evaluate("box => box.scrollLeft") > 200, "the table does not scroll inside its container"
    assert abs(first.bounding_box()["x"] - before) < 1, "the region column scrolled away"

    names = [t.name for t in PlacematTheme.objects.filter(programme__slug="toptechniek-in-bedrijf")]
    headers = container.locator("thead th.hm-theme").all_inner_texts()
    assert [h.strip() for h in headers] == names
    # every heat-map cell sits under a theme's header: as many cells per published row as themes
    cells = container.locator("tbody tr").filter(has=office.locator("td.hm-cell")).first.locator("td.hm-cell")
    expect(cells).to_have_count(len(names))


def test_dashboard_fits_a_1280_px_screen(demo, login_as):
    """At 1280 px the whole regions table, early warnings included, is on screen without scrolling sideways."""
    office = login_as(OFFICE)
    for path in (
        "/dashboard/",
        "/dashboard/?programme=toptechniek-in-bedrijf&year=2014",
        "/dashboard/?group=landsdeel&sort=-flags",
    ):
        office.goto(path)
        container = office.locator(".table-responsive[aria-labelledby=dash-caption]")
        sizes = container.evaluate("box => [box.scrollWidth, box.clientWidth]")
        assert sizes[0] <= sizes[1], f"{path}: the table is {sizes[0]} px wide in a {sizes[1]} px column"
        warnings = container.locator("thead th").filter(has_text=nl("Early warnings")).bounding_box()
        assert warnings["x"] + warnings["width"] <= 1280, f"{path}: the early warnings are off-screen"
