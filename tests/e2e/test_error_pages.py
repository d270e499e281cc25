"""The Dutch 404 page in the browser, as production answers it (DEBUG off): a report that does not exist and one
of another region look the same, with the navigation, no axe violations, and both ways back work."""

import re

import pytest
from e2e_helpers import axe_problems, nl, region_url
from e2e_pages import PL_FRIESLAND
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]


def test_dutch_404_page_has_the_navigation_no_axe_violations_and_ways_back(demo, login_as, live_server, settings):
    settings.DEBUG = False  # the live server answers as production does
    page = login_as(PL_FRIESLAND)  # lands on Mijn taken
    home = page.url

    response = page.goto(region_url("friesland") + "reports/1999/")
    assert response.status == 404
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.locator("main h1")).to_have_text(nl("Page not found"))
    expect(page.locator("main")).to_contain_text(nl("This page does not exist, or you do not have access to it."))
    navigation = page.get_by_role("navigation", name=nl("Main navigation"))
    expect(navigation.get_by_role("link", name=re.compile(nl("My tasks")))).to_be_visible()
    expect(page.get_by_role("button", name=nl("Log out"))).to_be_visible()
    problems = axe_problems(page, "404 page")
    assert not problems, "\n".join(problems)

    # "Terug": the browser's history, back to where the person came from.
    page.get_by_role("navigation", name=nl("Way back")).get_by_role("link", name=nl("Back")).click()
    expect(page).to_have_url(home)

    # Another region's report: the same page, nothing about that report.
    missing_main = None
    for path in ("/regions/zwolle/reports/2014/", "/regions/friesland/reports/1999/"):
        assert page.goto(path).status == 404
        text = page.locator("main").inner_text()
        assert missing_main in (None, text)
        missing_main = text
    assert "Zwolle" not in missing_main

    # "Naar Mijn taken".
    page.get_by_role("link", name=nl("Go to My tasks")).click()
    expect(page).to_have_url(home)
    expect(page.locator("main h1")).to_be_visible()
