"""Getting in without a password at hand, in Chromium with axe on every page: "forgot your password?" from the
login page to logged in, and signing in with an e-mail link (opened in the same browser, or its code typed)."""

import re

import pytest
from django.core import mail
from e2e_helpers import axe_problems
from e2e_pages import PL_FRIESLAND, PL_ZWOLLE
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e]

NEW_PASSWORD = "Techniek-2026!nieuw"
LOGOUT = 'form[action="/accounts/logout/"]'


def _path(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def _mail_to(email: str):
    messages = [m for m in mail.outbox if m.to == [email]]
    assert messages, f"no mail to {email}"
    return messages[-1]


def test_password_reset_from_the_login_page_to_logged_in(demo, new_page):
    mail.outbox.clear()
    page = new_page()
    problems: list[str] = []
    page.goto("/accounts/login/")
    page.locator('main a[href="/accounts/password-reset/"]').click()
    expect(page).to_have_url(re.compile(r"/accounts/password-reset/$"))
    problems += axe_problems(page, "password reset request")
    page.locator('input[name="email"]').fill(PL_FRIESLAND.upper())  # any case
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    expect(page.locator('main [role="status"]')).to_be_visible()  # the same answer for any address
    problems += axe_problems(page, "login page with the answer")

    message = _mail_to(PL_FRIESLAND)
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/\S+/", message.body).group(0)
    page.goto(_path(link))
    expect(page.locator('input[name="new_password1"]')).to_be_visible()
    problems += axe_problems(page, "choose a new password")
    page.locator('input[name="new_password1"]').fill(NEW_PASSWORD)
    page.locator('input[name="new_password2"]').fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))

    page.locator('input[name="username"]').fill(PL_FRIESLAND)
    page.locator('input[name="password"]').fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(LOGOUT)).to_have_count(1)

    # The link worked once.
    page.goto(_path(link))
    expect(page.locator('input[name="new_password1"]')).to_have_count(0)
    expect(page.locator('main [role="alert"]')).to_be_visible()
    problems += axe_problems(page, "used reset link")
    assert not problems, "\n".join(problems)


def test_email_link_logs_in_the_browser_that_asked(demo, new_page):
    mail.outbox.clear()
    page = new_page()
    problems: list[str] = []
    page.goto("/accounts/login/")
    page.locator('main a[href="/accounts/login/email/"]').click()
    expect(page).to_have_url(re.compile(r"/accounts/login/email/$"))
    problems += axe_problems(page, "ask for a login link")
    page.locator('input[name="email"]').fill(PL_ZWOLLE)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/email/code/$"))
    problems += axe_problems(page, "check your mail, type the code")

    link = re.search(r"https?://\S+/accounts/login/email/[\w-]+/", _mail_to(PL_ZWOLLE).body).group(0)
    # Opened in another browser (a phone), the link logs nobody in and points back to the code.
    phone = new_page()
    phone.goto(_path(link))
    expect(phone.locator(LOGOUT)).to_have_count(0)
    expect(phone.locator('main [role="alert"]')).to_be_visible()
    problems += axe_problems(phone, "link in another browser")

    page.goto(_path(link))
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(LOGOUT)).to_have_count(1)
    assert not problems, "\n".join(problems)


def test_email_code_typed_in_the_browser_that_asked(demo, new_page):
    mail.outbox.clear()
    page = new_page()
    page.goto("/accounts/login/email/")
    page.locator('input[name="email"]').fill(PL_FRIESLAND)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/email/code/$"))
    code = re.search(r"^(\d{6})$", _mail_to(PL_FRIESLAND).body, re.MULTILINE).group(1)

    page.locator('input[name="code"]').fill("000000" if code != "000000" else "111111")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".invalid-feedback")).to_be_visible()
    problems = axe_problems(page, "wrong code")

    page.locator('input[name="code"]').fill(code)
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator(LOGOUT)).to_have_count(1)
    assert not problems, "\n".join(problems)
