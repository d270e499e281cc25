"""axe-core finds no violations on the key pages, in Dutch, for each role that uses them."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from e2e_helpers import CURRENT, current_year, key_page_ids, region_url, write_draft_version
from e2e_pages import KEY_PAGES, OFFICE, PL_DRECHTSTEDEN, format_violations, role_slug
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

ROLES = list(dict.fromkeys(role for _name, _path, roles in KEY_PAGES for role in roles))
AXE = Axe()


def _check(page, path: str, problems: list[str]) -> None:
    response = page.goto(path)
    if response.status != 200:
        problems.append(f"{path}: HTTP {response.status}")
        return
    assert page.locator("html").get_attribute("lang") == "nl", f"{path} is not in Dutch"
    results = AXE.run(page)
    if results.violations_count:
        problems.append(f"{path}:\n" + format_violations(results.response["violations"]))


@pytest.mark.parametrize("role", ROLES, ids=[role_slug(r) for r in ROLES])
def test_key_pages_have_no_axe_violations(role, demo, new_page, login_as):

    ids = key_page_ids()
    if role in (OFFICE, PL_DRECHTSTEDEN):
        ids["draft"] = write_draft_version(login_as)
    page = new_page() if role is None else login_as(role)
    problems: list[str] = []
    checked = 0
    for _name, path, roles in KEY_PAGES:
        if role in roles:
            _check(page, path.format(**ids), problems)
            checked += 1
    assert checked, "no pages for this role"
    assert not problems, "\n".join(problems)


def test_forms_with_errors_have_no_axe_violations(demo, login_as):
    """Error states add alerts, invalid fields and messages: check those too."""
    from regions.models import RegionVision

    office = login_as(OFFICE)
    problems: list[str] = []
    office.goto(region_url("parkstad-limburg", CURRENT) + "indicators/new/")
    office.locator(f'[name="target_{current_year() + 1}"]').fill("-1")  # next year's target is open
    office.locator("main form button[type=submit]").click()
    expect(office.locator(".invalid-feedback").first).to_be_visible()
    results = AXE.run(office)
    if results.violations_count:
        problems.append("indicator form with errors:\n" + format_violations(results.response["violations"]))

    draft = write_draft_version(login_as)
    office.goto(f"/visions/{draft}/approve/")
    office.locator('[name="subsidy_amount"]').fill("-10")
    office.locator("main form button[type=submit]").click()
    expect(office.locator(".invalid-feedback").first).to_be_visible()
    results = AXE.run(office)
    if results.violations_count:
        problems.append("approval form with errors:\n" + format_violations(results.response["violations"]))

    office.goto("/accounts/users/invite/")
    office.locator("main form button[type=submit]").click()
    expect(office.locator(".invalid-feedback").first).to_be_visible()
    results = AXE.run(office)
    if results.violations_count:
        problems.append("invite form with errors:\n" + format_violations(results.response["violations"]))
    assert RegionVision.objects.filter(pk=draft, status="draft").exists()
    assert not problems, "\n".join(problems)
