"""The read API in Chromium: the ministry's analyst makes a token on "API-sleutels", copies it from the page,
reads the regions and the settled realisations with it (following the next link), revokes it and is refused.
axe-core runs on the token page with the new secret and on the revocation page."""

import pytest
from e2e_helpers import axe_problems

pytestmark = [pytest.mark.e2e]


def test_viewer_makes_uses_and_revokes_a_token(demo, login_as, live_server):
    problems: list[str] = []
    page = login_as("viewer@example.org")
    page.goto("/api-tokens/")
    page.get_by_label("Naam").fill("Power BI OCW")
    page.get_by_label("Geldig gedurende").select_option("30")
    page.get_by_role("button", name="Sleutel maken").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "token made")
    secret = page.get_by_role("textbox", name="Sleutel", exact=True).input_value()
    assert secret.startswith("tt_") and len(secret) == 67
    assert "Je sleutel is gemaakt" in page.locator("main").inner_text()

    api = page.context.request
    headers = {"Authorization": f"Bearer {secret}"}
    regions = api.get(f"{live_server.url}/api/v1/regions", headers=headers)
    assert regions.status == 200
    assert regions.json()["count"] > 20  # the ministry sees every region of both programmes
    first = api.get(f"{live_server.url}/api/v1/realisations?page_size=100", headers=headers).json()
    assert first["count"] > 100 and len(first["results"]) == 100
    second = api.get(first["_links"]["next"]["href"], headers=headers).json()
    assert {r["id"] for r in first["results"]}.isdisjoint(r["id"] for r in second["results"])
    assert all(r["report_status"] == "accepted" for r in first["results"] + second["results"])

    page.goto("/api-tokens/")
    assert secret not in page.content()  # shown once
    page.get_by_role("link", name="Intrekken Power BI OCW").click()
    page.wait_for_load_state()
    problems += axe_problems(page, "revoke token")
    page.get_by_role("button", name="Ja, intrekken").click()
    page.wait_for_load_state()
    assert "ingetrokken" in page.locator("main").inner_text()
    refused = api.get(f"{live_server.url}/api/v1/regions", headers=headers)
    assert refused.status == 401
    assert refused.headers["content-type"] == "application/problem+json"
    assert not problems, "\n".join(problems)
