"""Start-up refusals and deploy warnings of the access settings."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from toptechniek.accounts.checks import client_address_header_needs_a_proxy

ROOT = Path(settings.BASE_DIR)


def _env(**values) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE")}
    env.update(values)
    return env


def _run(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _serve(env) -> subprocess.CompletedProcess:
    """Load the WSGI application as gunicorn and runserver do."""
    return _run(env, "-c", "import toptechniek.wsgi")


def _worker(env) -> subprocess.CompletedProcess:
    """Start the worker's process set-up as `celery worker` does (its worker_init signal)."""
    code = "from celery import signals; import toptechniek.celery; signals.worker_init.send(sender=None)"
    return _run(env, "-c", code)


def test_the_server_and_the_worker_refuse_to_start_without_debug_on_the_development_key():
    for start in (_serve, _worker):
        result = start(_env(DEBUG="false"))
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr and "SECRET_KEY is not set" in result.stderr
        # .env.example's placeholder is refused as well.
        placeholder = start(_env(DEBUG="false", SECRET_KEY="change-me-to-a-long-random-string"))
        assert placeholder.returncode != 0 and "SECRET_KEY is not set" in placeholder.stderr


def test_they_start_with_a_key_or_with_debug():
    for start in (_serve, _worker):
        with_key = start(_env(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50)))
        assert with_key.returncode == 0, with_key.stdout + with_key.stderr
        debug = start(_env(DEBUG="true"))
        assert debug.returncode == 0, debug.stdout + debug.stderr


def test_commands_that_serve_nothing_still_run_and_the_deploy_check_reports_the_key():
    bare = _env(DEBUG="false")
    migrations = _run(bare, "manage.py", "makemigrations", "--check", "--dry-run")
    assert migrations.returncode == 0, migrations.stdout + migrations.stderr
    deploy = _run(bare, "manage.py", "check", "--deploy", "--tag", "security")
    assert deploy.returncode != 0 and "accounts.E002" in deploy.stdout + deploy.stderr
    with_key = _run(_env(DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50)), "manage.py", "check", "--deploy")
    assert "accounts.E002" not in with_key.stdout + with_key.stderr


def test_deploy_check_warns_when_a_client_address_header_is_trusted_without_a_proxy(settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]
    settings.BEHIND_PROXY = False
    warnings = client_address_header_needs_a_proxy(None)
    assert [w.id for w in warnings] == ["accounts.W001"]
    assert "HTTP_X_REAL_IP" in warnings[0].msg
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    assert [w.id for w in client_address_header_needs_a_proxy(None)] == ["accounts.W001"]
    settings.BEHIND_PROXY = True
    assert client_address_header_needs_a_proxy(None) == []
    settings.BEHIND_PROXY = False
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
    assert client_address_header_needs_a_proxy(None) == []


def test_deploy_check_names_the_header_in_a_real_run():
    env = _env(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        AXES_IPWARE_META_PRECEDENCE_ORDER="HTTP_X_REAL_IP,REMOTE_ADDR",
        BEHIND_PROXY="false",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--tag", "security"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "accounts.W001" in result.stdout + result.stderr
