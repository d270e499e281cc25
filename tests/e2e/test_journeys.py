"""Journeys through the app in Chromium, one per role, asserting what the person sees (in Dutch)."""

import re

import pytest
from e2e_helpers import CURRENT, current_year, en, focused, nl, region_url, tab_to
from e2e_pages import OFFICE, PASSWORD, PL_DRECHTSTEDEN, PROGRAMME
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

VISION_URL = re.compile(r"/visions/(\d+)/$")
NEW_AMBITIONS = "In 2030 kiest een kwart meer jongeren in de Drechtsteden voor techniek (e2e-versie)."
EXTRA_HOW = " Elk kwartaal bespreekt de stuurgroep de monitor."


def test_project_leader_writes_a_version_by_keyboard_and_the_office_approves_it(demo, new_page, login_as):
    from regions.models import RegionVision

    approved = RegionVision.objects.select_related("region__programme").get(
        region__programme__slug=CURRENT, region__slug="drechtsteden", status="approved"
    )
    # (a) The project leader of Drechtsteden (the programme in progress) logs in with the keyboard only, lands
    # on Mijn taken and goes on to the region.
    leader = new_page()
    leader.goto("/accounts/login/")
    assert focused(leader)["name"] == "username", "the email field has focus on arrival"
    leader.keyboard.type(PL_DRECHTSTEDEN)
    leader.keyboard.press("Tab")
    leader.keyboard.type(PASSWORD)
    leader.keyboard.press("Enter")
    expect(leader).to_have_url(re.compile(r"/$"))
    expect(leader.locator("h1")).to_have_text(nl("My tasks"))
    leader.locator("main").get_by_role("link", name="Drechtsteden", exact=True).click()
    expect(leader).to_have_url(re.compile(r"/regions/\d+-drechtsteden/$"))
    expect(leader.locator("h1")).to_have_text("Drechtsteden")

    # The first Tab reaches the visible skip link, which moves focus into the main content.
    skip = tab_to(leader, text=nl("Skip to main content"), limit=1)
    assert skip["visible"]
    leader.keyboard.press("Enter")
    assert focused(leader)["id"] == "main"

    # Every focused control shows the focus ring, Bootstrap's nav pills included.
    pill = tab_to(leader, text=nl("Regional vision"))
    assert pill["outline"] == "solid", "the focused nav pill shows a focus outline"
    # On to the button for a new version; the form starts from the text of the approved version 1.
    link = tab_to(leader, text=nl("Write a new version"))
    assert link["outline"] == "solid", "the focused link shows a focus outline"
    leader.keyboard.press("Enter")
    expect(leader).to_have_url(re.compile(r"/regions/\d+-drechtsteden/visions/new/$"))
    expect(leader.locator("h1")).to_have_text(nl("New version of the regional vision"))
    expect(leader.locator('textarea[name="ambitions"]')).to_have_value(re.compile(re.escape(approved.ambitions[:40])))

    tab_to(leader, name="ambitions")
    leader.keyboard.press("Control+A")
    leader.keyboard.type(NEW_AMBITIONS)
    tab_to(leader, name="approach_how", limit=5)
    leader.keyboard.press("Control+End")
    leader.keyboard.type(EXTRA_HOW)
    save = tab_to(leader, text=nl("Save draft"), tag="button", limit=5)
    assert save["outline"] == "solid", "the focused button shows a focus outline"
    leader.keyboard.press("Enter")

    # Saved as draft version 3, with the new text.
    expect(leader).to_have_url(VISION_URL)
    draft_url = leader.url
    expect(leader.get_by_role("status")).to_contain_text(nl("New version saved as a draft."))
    expect(leader.locator("h1")).to_have_text(
        nl("Regional vision %(region)s, version %(v)s", region="Drechtsteden", v=2)
    )
    expect(leader.locator("main .badge").first).to_have_text(nl("draft"))
    expect(leader.locator("main")).to_contain_text(NEW_AMBITIONS)
    expect(leader.locator("main")).to_contain_text(EXTRA_HOW.strip())
    expect(leader.get_by_role("link", name=nl("Edit draft"))).to_be_visible()
    leader.goto(region_url("drechtsteden", CURRENT))
    expect(leader.locator("#vision .alert")).to_contain_text(
        nl("Version %(v)s is a draft awaiting approval by the programme office.", v=2)
    )

    # (b) The programme office lands on the programme, walks to the draft and approves it.
    office = login_as(OFFICE)
    expect(office.locator("h1")).to_have_text(nl("My tasks"))
    # The office opens the programme from the list of programmes.
    office.locator("nav").get_by_role("link", name=nl("Programmes")).first.click()
    office.locator("main").get_by_role("link", name=approved.region.programme.name).click()
    expect(office).to_have_url(re.compile(f"/programmes/{CURRENT}/$"))
    office.get_by_role("link", name="Drechtsteden", exact=True).click()
    office.get_by_role("link", name=nl("View draft")).click()
    expect(office).to_have_url(draft_url)
    office.get_by_role("link", name=nl("Assess and approve")).click()
    expect(office.locator("h1")).to_have_text(
        nl("Assess and approve %(region)s, version %(v)s", region="Drechtsteden", v=2)
    )
    scores = {"Ambitious": "4", "Partners": "3", "Feasible": "3", "Sustainable": "2"}
    for criterion, score in scores.items():
        office.get_by_label(nl(f"{criterion}: score", same_ok=True)).select_option(score)
        office.get_by_label(nl(f"{criterion}: rationale", same_ok=True)).fill(f"Onderbouwing {criterion.lower()}: e2e.")
    office.get_by_label(nl("Subsidy decision date")).fill("2026-11-30")
    office.get_by_label(nl("Subsidy amount (EUR)")).fill("125000")
    office.get_by_role("button", name=nl("Approve this version")).click()

    expect(office).to_have_url(draft_url)
    expect(office.get_by_role("status")).to_contain_text(nl("Version approved."))
    expect(office.locator("main .badge").first).to_have_text(nl("approved"))
    assessment = office.locator("aside section.card")
    for criterion in scores:
        expect(assessment).to_contain_text(f"Onderbouwing {criterion.lower()}: e2e.")
    expect(assessment).to_contain_text("125.000,00")
    expect(assessment).to_contain_text("30 november 2026")
    expect(office.get_by_role("link", name=nl("Edit draft"))).to_have_count(0)
    expect(office.get_by_role("link", name=nl("Assess and approve"))).to_have_count(0)

    # The project leader now sees an approved version without an edit button, and cannot edit it.
    leader.goto(draft_url)
    expect(leader.locator("main .badge").first).to_have_text(nl("approved"))
    expect(leader.get_by_role("link", name=nl("Edit draft"))).to_have_count(0)
    response = leader.goto(draft_url + "edit/")
    assert response.status == 404
    leader.goto(region_url("drechtsteden", CURRENT))
    expect(leader.locator("#vision")).to_contain_text(NEW_AMBITIONS)
    expect(leader.locator("#vision .alert")).to_have_count(0)
    expect(leader.get_by_role("link", name=nl("Write a new version"))).to_be_visible()


# The office proposes an indicator for a region of the programme in progress, for next year: this year's
# target is open as well, but next year's is open whatever state this year's report is in.
INDICATOR_REGION = "parkstad-limburg"


def _indicator_typed() -> dict:
    """What the office types: a code the region already has, and a negative target for next year."""
    from regions.models import Indicator

    taken = (
        Indicator.objects.filter(region__programme__slug=CURRENT, region__slug=INDICATOR_REGION)
        .order_by("code")
        .values_list("code", flat=True)
        .first()
    )
    return {
        "code": taken,
        "name": "Leerlingen in de techniekklas",
        "unit": "leerlingen",
        "baseline_value": "250",
        "baseline_year": "2024",
        f"target_{current_year() + 1}": "-5",  # negative
    }


def _fill_indicator_form(office, typed: dict) -> str:
    office.goto(region_url(INDICATOR_REGION, CURRENT))
    office.get_by_role("link", name=nl("Propose an indicator")).click()
    expect(office).to_have_url(re.compile(rf"/regions/\d+-{INDICATOR_REGION}/indicators/new/$"))
    for name, value in typed.items():
        office.locator(f'[name="{name}"]').fill(value)
    office.locator('select[name="performance_area"]').select_option(index=1)
    office.locator('select[name="route"]').select_option(label="Vakmanschapsroute")  # the programme's route
    office.get_by_role("button", name=nl("Save")).click()
    return office.locator('select[name="performance_area"]').input_value()


def _assert_error(office, name: str, message: str) -> None:
    """The message is shown under the field, in Dutch, and the field points at it."""
    expect(office.locator(f"#id_{name}_error")).to_have_text(message)
    field = office.locator(f'[name="{name}"]')
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_attribute("aria-describedby", re.compile(rf"\bid_{name}_error\b"))


def _assert_kept(office, typed: dict, area: str) -> None:
    for name, value in typed.items():
        expect(office.locator(f'[name="{name}"]')).to_have_value(value)
    expect(office.locator('select[name="performance_area"]')).to_have_value(area)
    expect(office.locator('select[name="route"] option:checked')).to_have_text("Vakmanschapsroute")


def test_office_gets_dutch_errors_on_the_indicator_form_and_keeps_what_they_typed(demo, login_as):
    office = login_as(OFFICE)
    typed = _indicator_typed()
    target = f"target_{current_year() + 1}"
    area = _fill_indicator_form(office, typed)

    # Still on the form: the negative target is explained in Dutch, everything typed is kept.
    expect(office).to_have_url(re.compile(rf"/regions/\d+-{INDICATOR_REGION}/indicators/new/$"))
    expect(office.locator("html")).to_have_attribute("lang", "nl")
    _assert_error(office, target, nl("A target cannot be negative."))
    _assert_kept(office, typed, area)

    # With the target corrected, the duplicate code is explained in Dutch; still nothing is lost.
    office.locator(f'[name="{target}"]').fill("260")
    office.get_by_role("button", name=nl("Save")).click()
    _assert_error(office, "code", nl("This region already has an indicator with code %(code)s.", code=typed["code"]))
    expect(office.locator(f"#id_{target}_error")).to_have_count(0)
    _assert_kept(office, {**typed, target: "260"}, area)

    # A fresh code saves the indicator.
    office.locator('[name="code"]').fill("XX9")
    office.get_by_role("button", name=nl("Save")).click()
    expect(office).to_have_url(
        re.compile(rf"/regions/\d+-{INDICATOR_REGION}/#indicator-\d+$|/regions/\d+-{INDICATOR_REGION}/$")
    )
    expect(office.locator(".alert-success[role=status]")).to_contain_text(nl("Indicator saved."))
    expect(office.locator("#agreements")).to_contain_text("Leerlingen in de techniekklas")


def test_indicator_form_reports_negative_target_and_duplicate_code_in_one_round(demo, login_as):
    office = login_as(OFFICE)
    typed = _indicator_typed()
    _fill_indicator_form(office, typed)
    expect(office.locator(f"#id_target_{current_year() + 1}_error")).to_have_text(nl("A target cannot be negative."))
    expect(office.locator("#id_code_error")).to_have_text(
        nl("This region already has an indicator with code %(code)s.", code=typed["code"]), timeout=1000
    )


def test_language_switch_to_english_and_back(demo, login_as):
    office = login_as(OFFICE)
    office.goto(PROGRAMME)
    nav = office.locator("header nav")

    def assert_language(code, t):
        expect(office.locator("html")).to_have_attribute("lang", code)
        expect(office).to_have_url(re.compile(PROGRAMME + "$"))
        expect(nav.get_by_role("link", name=t("Programmes"), exact=True)).to_be_visible()
        expect(office.get_by_role("heading", name=t("Programme years"))).to_be_visible()
        expect(office.get_by_role("button", name=t("Log out"))).to_be_visible()
        expect(office).to_have_title(re.compile("^Toptechniek in bedrijf"))

    assert_language("nl", nl)
    office.get_by_role("button", name="English").click()
    assert_language("en", en)
    expect(office.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")
    # The choice sticks while browsing.
    office.get_by_role("link", name="Regions", exact=True).click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Regions")
    office.go_back()
    office.get_by_role("button", name="Nederlands").click()
    assert_language("nl", nl)
    expect(office.get_by_role("button", name="Nederlands")).to_have_attribute("aria-current", "true")
