"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

Skipped when Chromium (or Playwright) is missing, except under TEST_STRICT_SERVICES=1, where they fail.
Every test loads the demo data itself (seed_demo takes about a second); the transactional_db
flush after each test removes it again.
"""

import os

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the tests
# themselves (seed_demo, look-ups) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from e2e_pages import PASSWORD, VIEWPORT, chromium_path, launch  # noqa: E402

STRICT = os.environ.get("TEST_STRICT_SERVICES") == "1"


def pytest_configure(config):
    # Keeps --strict-markers happy when the suite runs with `-p no:xdist`.
    config.addinivalue_line("markers", "xdist_group(name): run in the same xdist worker as the group")


def _skip_or_fail(reason: str):
    if STRICT:
        pytest.fail(f"browser tests required under TEST_STRICT_SERVICES=1: {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    if chromium_path() is None:
        _skip_or_fail(f"Chromium not found (CHROMIUM_PATH={os.environ.get('CHROMIUM_PATH', '/usr/bin/chromium')})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _skip_or_fail("playwright is not installed")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(autouse=True)
def _dutch_ui(settings):
    """The app speaks Dutch unless someone chooses English (the root conftest sets English for unit tests)."""
    settings.LANGUAGE_CODE = "nl"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(transactional_db, settings):
    from django.core.management import call_command

    call_command("seed_demo", stdout=open(os.devnull, "w"))


@pytest.fixture
def new_page(browser, live_server):
    """new_page() -> a Page in a fresh context (own cookies), Dutch browser, 1280 wide."""
    contexts = []

    def make():
        context = browser.new_context(viewport=VIEWPORT, locale="nl-NL", base_url=live_server.url)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def login_as(new_page, live_server):
    """login_as(email) -> a Page logged in as that person, on the page the app sends them to."""

    def login(email: str):
        page = new_page()
        page.goto("/accounts/login/")
        page.locator('input[name="username"]').fill(email)
        page.locator('input[name="password"]').fill(PASSWORD)
        page.locator('main button[type="submit"]').click()
        page.wait_for_load_state()
        assert "/accounts/login/" not in page.url, f"login as {email} failed"
        return page

    return login
