"""Full-page screenshots (1280 wide) of every key page as every role that uses it.

    .venv/bin/python tests/e2e/screenshots.py [--base-url http://127.0.0.1:8000] [--axe] [--create-draft]

Needs a running server with the demo data (`make run`). Pictures go to var/screenshots/<page>__<role>.png.
The approval page needs a draft version of Drechtsteden; with --create-draft the script writes one as
pl.drechtsteden when there is none (this changes the server's data), otherwise that page is skipped.
--axe also runs axe-core on every page and prints the violations.
"""

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from e2e_pages import (  # noqa: E402
    KEY_PAGES,
    OFFICE,
    PL_DRECHTSTEDEN,
    chromium_path,
    format_violations,
    goto,
    launch,
    login,
    role_slug,
)
from playwright.sync_api import sync_playwright  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "var" / "screenshots"
VISION_LINK = re.compile(r"^/visions/(\d+)/$")


def _vision_pk(page, base: str, slug: str, selector: str) -> str | None:
    goto(page, f"{base}/regions/{slug}/")
    for href in page.locator(selector).evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        match = VISION_LINK.match(href or "")
        if match:
            return match.group(1)
    return None


def find_ids(browser, base: str, create_draft: bool) -> dict[str, str | None]:
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
    page = context.new_page()
    login(page, base, OFFICE)
    vision = _vision_pk(page, base, "friesland", "#vision p a")
    # The region's key in its URLs ("1-friesland"): the old address by short name redirects to it.
    friesland = page.url.removeprefix(base).split("/")[2]
    draft = _vision_pk(page, base, "drechtsteden", "#vision .alert a")
    drechtsteden = page.url.removeprefix(base).split("/")[2]
    # Parkstad (the programme in progress): its key, and this year's report (the latest it has).
    goto(page, f"{base}/regions/parkstad-limburg/")
    parkstad = page.url.removeprefix(base).split("/")[2]
    hrefs = page.locator("#reports a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    year = max(int(m.group(1)) for h in hrefs if (m := re.search(r"/reports/(\d{4})/", h or "")))
    context.close()
    if draft is None and create_draft:
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
        page = context.new_page()
        login(page, base, PL_DRECHTSTEDEN)
        goto(page, f"{base}/regions/drechtsteden/visions/new/")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r".*/visions/\d+/$"))
        draft = VISION_LINK.match(page.url.removeprefix(base)).group(1)
        print(f"created draft version /visions/{draft}/ for Drechtsteden as {PL_DRECHTSTEDEN}")
        context.close()
    return {
        "vision": vision,
        "draft": draft,
        "friesland": friesland,
        "parkstad": parkstad,
        "drechtsteden": drechtsteden,
        "year": str(year),
        "last_year": str(year - 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--axe", action="store_true", help="run axe-core on every page and print violations")
    parser.add_argument("--create-draft", action="store_true", help="write a Drechtsteden draft when there is none")
    parser.add_argument("--only", help="only pages whose name contains this")
    args = parser.parse_args()
    base = args.base_url.rstrip("/")
    if chromium_path() is None:
        print("Chromium not found (set CHROMIUM_PATH)", file=sys.stderr)
        return 2
    OUT.mkdir(parents=True, exist_ok=True)
    axe = None
    if args.axe:
        from axe_playwright_python.sync_playwright import Axe

        axe = Axe()
    total_violations = 0
    with sync_playwright() as playwright:
        browser = launch(playwright)
        ids = find_ids(browser, base, args.create_draft)
        by_role: dict[str | None, list[tuple[str, str]]] = {}
        for name, path, roles in KEY_PAGES:
            if args.only and args.only not in name:
                continue
            if "{draft}" in path and ids["draft"] is None:
                print(f"skip {name}: Drechtsteden has no draft version (use --create-draft)")
                continue
            for role in roles:
                by_role.setdefault(role, []).append((name, path.format(**ids)))
        for role, pages in by_role.items():
            context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="nl-NL")
            page = context.new_page()
            if role is not None:
                login(page, base, role)
            for name, path in pages:
                response = goto(page, base + path)
                target = OUT / f"{name}__{role_slug(role)}.png"
                page.screenshot(path=str(target), full_page=True)
                status = response.status if response else "?"
                print(f"{status} {path:45} {role_slug(role):20} -> {target.relative_to(ROOT)}")
                if axe is not None:
                    result = axe.run(page)
                    if result.violations_count:
                        total_violations += result.violations_count
                        print("    " + format_violations(result.response["violations"]).replace("\n", "\n    "))
            context.close()
        browser.close()
    if axe is not None:
        print(f"axe: {total_violations} violation(s) in total")
    return 0


if __name__ == "__main__":
    sys.exit(main())
