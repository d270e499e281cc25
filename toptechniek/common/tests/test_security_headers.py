"""Security headers on every HTML response, no inline script anywhere, and a clean deploy check."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from regions.tests.factories import UserFactory

ROOT = Path(settings.BASE_DIR)


def _production_env(**overrides) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "SECURE_", "TWO_FACTOR"))}
    env.update(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(60),
        ALLOWED_HOSTS="toptechniek.example.org",
        SITE_URL="https://toptechniek.example.org",
        SECURE_COOKIES="true",
        SECURE_SSL_REDIRECT="true",
        SECURE_HSTS_SECONDS="31536000",
        TWO_FACTOR_REQUIRED="true",
    )
    env.update(overrides)
    return env


def _check_deploy(env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_is_clean_with_production_settings():
    result = _check_deploy(_production_env())
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_warns_when_mail_links_point_elsewhere():
    result = _check_deploy(_production_env(SITE_URL="http://127.0.0.1:8000"))
    assert result.returncode != 0
    assert "common.W001" in result.stdout + result.stderr


def test_deploy_check_fails_without_the_second_factor():
    result = _check_deploy(_production_env(TWO_FACTOR_REQUIRED="false"))
    assert result.returncode != 0
    assert "accounts.E001" in result.stdout + result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("logged_in", [False, True])
def test_html_responses_carry_the_security_headers(client, logged_in):
    if logged_in:
        client.force_login(UserFactory(office=True))
        response = client.get(reverse("regions:region_list"))
    else:
        response = client.get(reverse("accounts:login"))
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";") if d.strip())
    assert re.fullmatch(r"'self' 'nonce-[\w+/=-]+'", directives["script-src"]), policy
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert directives["default-src"] == "'self'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_no_template_has_an_inline_script_or_event_handler():
    """CSP refuses inline scripts; a template with one would silently stop working in the browser."""
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        if "mail" in path.parts or "pdf" in path.parts:
            continue
        text = path.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")", text):
            offenders.append(f"{path}: inline <script>")
        if re.search(r"\son[a-z]+\s*=\s*[\"']", text) or "javascript:" in text:
            offenders.append(f"{path}: inline event handler")
    assert not offenders, offenders
