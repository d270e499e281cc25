"""The error pages (toptechniek/common/errors.py) as production answers them (DEBUG off): 400, 403, 404, 500 and
a failed CSRF check, in Dutch and English, with the site's navigation and a way back, never naming what was
asked for; a 500 page that cannot be rendered falls back to a fixed page; the favicon for everyone."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from monitoring.tests.factories import MonitorReportFactory
from regions.tests.world import world_build
from toptechniek.common import errors

pytestmark = pytest.mark.django_db

TEST_URLS = "toptechniek.common.tests.urls_errors"


def nl(message: str) -> str:
    """The Dutch text of `message`; fails when the catalogue has none (locale/nl not compiled?)."""
    with translation.override("nl"):
        text = translation.gettext(message)
    assert text != message, f"no Dutch translation for {message!r}"
    return text


@pytest.fixture(autouse=True)
def production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = TEST_URLS


@pytest.fixture
def w():
    w = world_build(
        years=(2013,),
        regions=("twente", "zwolle"),
        viewer=False,
        roles={"leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"})},
    )
    w.own = MonitorReportFactory(region=w.regions["twente"], programme_year=w.years[2013])
    w.other = MonitorReportFactory(region=w.regions["zwolle"], programme_year=w.years[2013])
    return w


def get(client, url, language="nl", **extra):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **extra)


def main_of(response) -> str:
    """The page's <main>, without what changes from request to request (the CSP nonce)."""
    html = response.content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    return re.sub(r'nonce="[^"]*"', "", main)


def assert_signed_in_page(html: str, *, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert f'aria-label="{"Hoofdnavigatie" if language == "nl" else "Main navigation"}"' in html
    assert ">Pia Leider<" in html  # the navigation of the signed-in person
    my_tasks = "Mijn taken" if language == "nl" else "My tasks"
    assert my_tasks in html
    go_home = nl("Go to My tasks") if language == "nl" else "Go to My tasks"
    assert f'href="/">{go_home}</a>' in html
    assert "data-history-back" in html and ("Terug" if language == "nl" else ">Back<") in html


# --- 404: also the answer to "no access" -------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_404_for_a_signed_in_person_in_their_language_with_navigation_and_a_way_back(client, w, language):
    client.force_login(w.leader)
    response = get(client, f"/regions/{w.regions['twente'].url_key}/reports/1999/", language)
    assert response.status_code == 404
    html = response.content.decode()
    assert_signed_in_page(html, language=language)
    if language == "nl":
        assert f'<h1 class="h3 mb-3">{nl("Page not found")}</h1>' in html
        assert nl("This page does not exist, or you do not have access to it.") in html
        assert "Not Found" not in html and "Page not found" not in html
    else:
        assert '<h1 class="h3 mb-3">Page not found</h1>' in html
        assert "This page does not exist, or you do not have access to it." in html
    assert "<title>" in html and ("Pagina niet gevonden" if language == "nl" else "Page not found") in html


def test_a_forbidden_report_answers_exactly_as_a_missing_one(client, w):
    client.force_login(w.leader)
    assert get(client, w.own.get_absolute_url()).status_code == 200
    forbidden = get(client, w.other.get_absolute_url())
    missing = get(client, f"/regions/{w.regions['zwolle'].url_key}/reports/1999/")
    unknown_region = get(client, "/regions/999999-nowhere/reports/2013/")
    assert forbidden.status_code == missing.status_code == unknown_region.status_code == 404
    assert main_of(forbidden) == main_of(missing) == main_of(unknown_region)
    assert "Zwolle" not in main_of(forbidden) and "zwolle" not in main_of(forbidden)


def test_an_unknown_address_for_an_anonymous_visitor_is_a_404_with_a_login_link(client, w):
    # Not a redirect to the login page: an address that matches no URL never reaches the login check.
    response = get(client, "/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="nl">' in html and nl("Page not found") in html
    assert 'href="/accounts/login/">Inloggen</a>' in html
    assert "Log out" not in html and "Uitloggen" not in html and "Mijn taken" not in html
    # A known kind of address for an object is behind the login: no hint whether the object exists.
    for url in (w.other.get_absolute_url(), "/regions/zwolle/reports/1999/"):
        response = get(client, url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_back_goes_to_the_page_before_only_when_it_is_ours(client, w):
    client.force_login(w.leader)
    ours = get(client, "/no-such-page/", HTTP_REFERER="http://testserver/regions/twente/")
    assert 'href="http://testserver/regions/twente/" data-history-back>' in ours.content.decode()
    theirs = get(client, "/no-such-page/", HTTP_REFERER="https://evil.example/phish")
    html = theirs.content.decode()
    assert "evil.example" not in html
    assert 'href="#" data-history-back hidden>' in html  # shown by static/js/history-back.js when there is history


# --- 403, 400 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_403_page(client, w, language):
    client.force_login(w.leader)
    response = get(client, "/test-errors/403/", language)
    assert response.status_code == 403
    html = response.content.decode()
    assert_signed_in_page(html, language=language)
    assert (nl("No access") if language == "nl" else "No access") in html
    assert "4712" not in html  # the exception's message is never shown


@pytest.mark.parametrize("language", ["nl", "en"])
def test_400_page(client, w, language):
    client.force_login(w.leader)
    response = get(client, "/test-errors/400/", language)
    assert response.status_code == 400
    html = response.content.decode()
    assert_signed_in_page(html, language=language)
    heading = "The request could not be handled"
    assert (nl(heading) if language == "nl" else heading) in html
    assert "4713" not in html


# --- 500 ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_500_page_with_navigation(client, w, language):
    client.force_login(w.leader)
    client.raise_request_exception = False
    response = get(client, "/test-errors/500/", language)
    assert response.status_code == 500
    html = response.content.decode()
    assert_signed_in_page(html, language=language)
    assert (nl("Something went wrong") if language == "nl" else "Something went wrong") in html
    assert "4711" not in html and "RuntimeError" not in html and "Traceback" not in html


def test_500_for_an_anonymous_visitor(client):
    client.raise_request_exception = False
    response = get(client, "/test-errors/500/")
    assert response.status_code == 500
    html = response.content.decode()
    assert nl("Something went wrong") in html and 'href="/accounts/login/">Inloggen</a>' in html


def test_a_500_page_that_cannot_be_rendered_falls_back_to_a_fixed_page_in_both_languages(client, w, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(errors, "render_to_string", broken)
    client.force_login(w.leader)
    client.raise_request_exception = False
    response = get(client, "/test-errors/500/")
    assert response.status_code == 500
    assert response["Content-Type"] == "text/html; charset=utf-8"
    html = response.content.decode()
    assert '<html lang="nl">' in html and "Er ging iets mis" in html and "Naar Mijn taken" in html
    assert '<div lang="en">' in html and "Something went wrong" in html and 'href="/"' in html
    assert "4711" not in html and "database" not in html
    # The other error pages fall back the same way.
    assert get(client, "/no-such-page/").status_code == 404


def test_the_500_handler_renders_from_the_bare_request():
    """handler500 gets the request and nothing else (no middleware may have run): the page is still whole."""
    from django.test import RequestFactory

    response = errors.server_error(RequestFactory().get("/whatever/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert '<h1 class="h3 mb-3">Something went wrong</h1>' in html and 'aria-label="Main navigation"' in html
    assert 'href="/accounts/login/">Log in</a>' in html


# --- CSRF failure -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_csrf_failure_explains_what_to_do_and_gives_a_fresh_token(w, language):
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.leader)
    response = client.post(
        reverse("accounts:mail_preferences"), {"x": "y"}, HTTP_ACCEPT_LANGUAGE=language, HTTP_REFERER=""
    )
    assert response.status_code == 403
    html = response.content.decode()
    assert_signed_in_page(html, language=language)
    if language == "nl":
        assert nl("Your form could not be sent") in html
        assert nl("Go back to the previous page: what you typed may still be there. Copy it to be safe.") in html
    else:
        assert "Your form could not be sent" in html and "what you typed may still be there" in html
        assert "cookies" in html
    assert "CSRF" not in html.replace("csrfmiddlewaretoken", "")
    assert "csrftoken" in response.cookies  # the page's own forms work after a reload


def test_csrf_failure_for_an_anonymous_visitor(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "a@t.example", "password": "x"})
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


# --- Favicon --------------------------------------------------------------------------------------------------


def test_favicon_for_everyone_without_login(client, w):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert response.content.startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert "max-age=86400" in response["Cache-Control"]
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_names_its_icons(client, w):
    client.force_login(w.leader)
    html = get(client, "/").content.decode()
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    assert '<link rel="icon" href="/static/favicon.ico" sizes="32x32">' in html
    assert client.get("/static/favicon.svg").status_code == 200
