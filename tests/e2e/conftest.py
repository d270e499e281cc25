"""Browser tests: Chromium driven by Playwright against pytest-django's live server.

Skipped when Chromium (or Playwright) is missing, except under TEST_STRICT_SERVICES=1, where they fail.
The demo data are seeded once per test session and worker (seed_demo takes 10-20 s); on PostgreSQL the
rows are then kept in a schema of their own and every browser test gets a fresh copy in a fraction of a
second (the transactional_db flush after each test removes it again). On SQLite every test seeds itself.
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


SNAPSHOT_SCHEMA = "e2e_demo_snapshot"


def _django_tables(connection) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True, include_views=False))


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, tmp_path_factory):
    """Seed the demo once, keep its rows in a schema of their own and its files in a directory; None on SQLite."""
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings

    if connection.vendor != "postgresql":
        yield None
        return
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        with override_settings(
            MEDIA_ROOT=str(media),
            LANGUAGE_CODE="nl",
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        ):
            call_command("seed_demo", stdout=open(os.devnull, "w"))
        tables = _django_tables(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE; CREATE SCHEMA {SNAPSHOT_SCHEMA}")
            for table in tables:
                cursor.execute(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS TABLE public."{table}"')
        call_command("flush", interactive=False, verbosity=0)  # the other tests of this worker start empty
    yield {"tables": tables, "media": media}


def _restore_demo(snapshot: dict, media_root: str) -> None:
    """Put the seeded rows back (foreign keys checked when they were seeded) and the sequences after them."""
    import shutil

    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection

    quoted = ", ".join(f'public."{table}"' for table in snapshot["tables"])
    statements = [f"TRUNCATE {quoted} CASCADE", "SET session_replication_role = replica"]
    statements += [f'INSERT INTO public."{t}" SELECT * FROM {SNAPSHOT_SCHEMA}."{t}"' for t in snapshot["tables"]]
    statements.append("SET session_replication_role = DEFAULT")
    statements += connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        cursor.execute(";\n".join(statements))
    shutil.copytree(snapshot["media"], media_root, dirs_exist_ok=True)


@pytest.fixture
def demo(transactional_db, settings, _demo_snapshot):
    from django.core.management import call_command

    if _demo_snapshot is None:
        call_command("seed_demo", stdout=open(os.devnull, "w"))
    else:
        _restore_demo(_demo_snapshot, settings.MEDIA_ROOT)


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
