"""What the browser tests and the screenshot script share: Chromium launch, login, key pages per role.

Plain module (no Django import) so `tests/e2e/screenshots.py` can use it against a running server.
"""

import os
import shutil

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORT = {"width": 1280, "height": 800}
PASSWORD = os.environ.get("DEMO_PASSWORD", "demo")
PROGRAMME = "/programmes/toptechniek-in-bedrijf/"
CURRENT = "techniekagenda"  # the demo's programme in progress, on today's dates (portal/demo_current.py)

OFFICE = "office@example.org"
VIEWER = "viewer@example.org"
CRITICAL_FRIEND = "cf1@example.org"
PL_FRIESLAND = "pl.friesland@example.org"
PV_FRIESLAND = "pv.friesland@example.org"
PARTNER_FRIESLAND = "partner.friesland@example.org"
PL_ZWOLLE = "pl.zwolle@example.org"
PL_PARKSTAD = "pl.parkstad-limburg@example.org"  # this year's report in draft, in the programme in progress
PL_DRECHTSTEDEN = "pl.drechtsteden@example.org"  # writes a new version of the vision (programme in progress)
APPLICANT = "aanvrager.hoeksche-waard@example.org"  # writes an application in the call open today
ANONYMOUS = None

# (name, path, roles that should see it). "{vision}" is an approved Friesland version, "{draft}" a draft
# version of Drechtsteden (written by its project leader); "{friesland}", "{parkstad}" and "{drechtsteden}" are
# region keys ("31-friesland"), "{year}" the year of the programme in progress whose reports are being written
# and "{last_year}" the one before. The 2012-2015 programme is closed: its pages are read, never changed.
KEY_PAGES = [
    ("login", "/accounts/login/", [ANONYMOUS]),
    ("password-reset", "/accounts/password-reset/", [ANONYMOUS]),
    ("sign-in-link", "/accounts/login/email/", [ANONYMOUS]),
    ("home", "/", [CRITICAL_FRIEND, OFFICE, VIEWER, PL_FRIESLAND, PV_FRIESLAND]),
    ("programme", PROGRAMME, [OFFICE, VIEWER]),
    ("framework", PROGRAMME + "framework/", [OFFICE, VIEWER]),
    ("programme-close", f"/programmes/{CURRENT}/close/", [OFFICE]),  # the confirmation (a GET changes nothing)
    ("region-list", "/regions/", [OFFICE, VIEWER, CRITICAL_FRIEND]),
    (
        "region-friesland",
        "/regions/friesland/",
        [OFFICE, VIEWER, CRITICAL_FRIEND, PL_FRIESLAND, PV_FRIESLAND, PARTNER_FRIESLAND],
    ),
    ("indicator-new", "/regions/{parkstad}/indicators/new/", [OFFICE, PL_PARKSTAD]),
    ("vision-new", "/regions/{drechtsteden}/visions/new/", [PL_DRECHTSTEDEN]),
    ("vision-detail", "/visions/{vision}/", [OFFICE, VIEWER, PL_FRIESLAND, PARTNER_FRIESLAND]),
    ("vision-draft", "/visions/{draft}/", [OFFICE, PL_DRECHTSTEDEN]),
    ("vision-approve", "/visions/{draft}/approve/", [OFFICE]),
    ("organisations", "/organisations/", [OFFICE]),
    ("users", "/accounts/users/", [OFFICE]),
    ("user-invite", "/accounts/users/invite/", [OFFICE]),
    # Monitor reports
    ("report-2014", "/regions/friesland/reports/2014/", [OFFICE, VIEWER, PL_FRIESLAND, PARTNER_FRIESLAND]),
    ("report-edit", "/regions/{parkstad}/reports/{year}/edit/", [PL_PARKSTAD]),
    ("cofinancing-edit", "/regions/{parkstad}/cofinancing/{year}/", [OFFICE, PL_PARKSTAD]),
    ("subproject-new", "/regions/{parkstad}/subprojects/new/", [OFFICE, PL_PARKSTAD]),
    ("report-list", PROGRAMME + "years/2014/reports/", [OFFICE, VIEWER]),
    # Critical friends, placemats, reminders
    ("critical-friend", "/critical-friend/", [CRITICAL_FRIEND]),
    ("scoring", "/critical-friend/assignments/{assignment}/scoring/", [CRITICAL_FRIEND]),
    ("assignments", PROGRAMME + "years/2014/assignments/", [OFFICE]),
    ("calibration", "/regions/{parkstad}/placemats/{last_year}/calibrate/", [OFFICE]),
    ("placemat", "/regions/friesland/placemats/2013/", [OFFICE, VIEWER, PL_FRIESLAND, CRITICAL_FRIEND]),
    ("reminders", PROGRAMME + "years/2014/reminders/", [OFFICE]),
    # Grants and good practices
    ("grants", PROGRAMME + "years/2014/grants/", [OFFICE, VIEWER]),
    ("region-grants", "/regions/friesland/grants/", [OFFICE, PL_FRIESLAND]),
    ("good-practices", "/good-practices/", [OFFICE, VIEWER, PL_FRIESLAND, CRITICAL_FRIEND]),
    ("good-practice-new", "/good-practices/new/", [OFFICE, CRITICAL_FRIEND]),
    ("visits", PROGRAMME + "years/2015/visits/", [OFFICE]),
    # Peer reviews, governance, security
    ("peer-reviews", "/peer-reviews/", [OFFICE, VIEWER]),
    ("peer-review-propose", "/peer-reviews/propose/{parkstad}/?year={year}", [PL_PARKSTAD]),
    ("peer-review-explore", "/peer-reviews/explore/{parkstad}/", [PL_PARKSTAD]),
    ("report-import", "/regions/{parkstad}/reports/{year}/import/", [PL_PARKSTAD]),
    ("peer-review-internal-new", "/peer-reviews/internal/new/", [OFFICE]),
    ("governance", PROGRAMME + "years/2014/governance/", [OFFICE, VIEWER]),
    ("governance-meeting", "/regions/friesland/governance/2014/", [OFFICE, PL_FRIESLAND]),
    ("security", "/accounts/security/", [OFFICE, CRITICAL_FRIEND]),
    ("lockouts", "/accounts/lockouts/", [OFFICE]),
    ("two-factor-setup", "/accounts/security/two-factor/setup/", [CRITICAL_FRIEND]),
    # Advice (klankbord en vraagbaak): Parkstad's open question to its advisor
    ("advice", "/regions/{parkstad}/advice/", [PL_PARKSTAD, OFFICE]),
    ("advice-ask", "/regions/{parkstad}/advice/ask/", [PL_PARKSTAD]),
    # Aanvraag en selectie (the call open today in the programme in progress)
    ("calls", "/calls/", [OFFICE, VIEWER, APPLICANT]),
    ("call", "/calls/{open_call}/", [OFFICE, VIEWER, CRITICAL_FRIEND, APPLICANT]),
    ("application-edit", "/applications/{app_draft}/edit/", [APPLICANT]),
    ("application", "/applications/{app_scored}/", [OFFICE, VIEWER, CRITICAL_FRIEND]),
    ("application-decide", "/applications/{app_scored}/decide/", [OFFICE]),
    # The programme's yearly analysis (published 2013 in the demo; 2015 not started: the office's editor)
    ("analyses", PROGRAMME + "analyses/", [OFFICE, VIEWER, PL_FRIESLAND]),
    (
        "analysis",
        PROGRAMME + "years/2013/analysis/",
        [OFFICE, VIEWER, CRITICAL_FRIEND, PL_FRIESLAND, PARTNER_FRIESLAND],
    ),
    ("analysis-edit", PROGRAMME + "years/2015/analysis/edit/", [OFFICE]),
    # Kennisprogramma: the events, and the meeting ahead in the programme in progress (knowledge.demo)
    ("events", "/events/", [OFFICE, VIEWER, CRITICAL_FRIEND, PL_PARKSTAD]),
    ("event", "/events/{event_ahead}/", [OFFICE, VIEWER, PL_PARKSTAD]),
    ("event-attendance", "/events/{event_held}/attendance/", [OFFICE]),
    # National dashboard
    ("dashboard", "/dashboard/", [OFFICE, VIEWER]),
    ("dashboard-totals", "/dashboard/totals/", [OFFICE]),
    ("dashboard-grouped", "/dashboard/?group=landsdeel&sort=-flags", [OFFICE]),
    ("region-overview", "/regions/friesland/overview/", [OFFICE, VIEWER, PL_FRIESLAND]),
    # The read API: its guide (public) and one's own tokens
    ("api-guide", "/api/", [ANONYMOUS, VIEWER]),
    ("api-tokens", "/api-tokens/", [VIEWER, PL_FRIESLAND]),
]


def chromium_path() -> str | None:
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if os.path.exists(path):
        return path
    return shutil.which("chromium") or shutil.which("chromium-browser")


def launch(playwright):
    return playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True)


def goto(page, url: str, attempts: int = 10):
    """page.goto that waits out a dev server restarting (runserver's autoreloader)."""
    import time

    for attempt in range(attempts):
        try:
            return page.goto(url)
        except Exception as exc:  # playwright Error: net::ERR_… while it reloads
            reloading = any(
                code in str(exc) for code in ("ERR_CONNECTION_REFUSED", "ERR_CONNECTION_RESET", "ERR_EMPTY_RESPONSE")
            )
            if not reloading or attempt == attempts - 1:
                raise
            time.sleep(1)


def login(page, base_url: str, email: str, password: str = PASSWORD, retry: bool = True) -> None:
    goto(page, base_url + "/accounts/login/")
    page.locator('input[name="username"]').fill(email)
    page.locator('input[name="password"]').fill(password)
    page.locator('main button[type="submit"]').click()
    page.wait_for_load_state()
    if "/accounts/login/" in page.url:
        if retry:  # a dev server that reloads mid-request answers badly once
            return login(page, base_url, email, password, retry=False)
        raise AssertionError(f"login as {email} failed: still on {page.url}")


def role_slug(email: str | None) -> str:
    return "anonymous" if email is None else email.split("@")[0].replace(".", "-")


def format_violations(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            lines.append(f"    {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)
