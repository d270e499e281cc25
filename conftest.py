"""Shared test setup: service-dependent markers and role fixtures.

Tests marked `postgres` or `redis` skip when that service is missing, except under
TEST_STRICT_SERVICES=1 (set by `make test` under CI=true), where they fail instead.
"""

import os

import pytest
from django.db import connection

STRICT = os.environ.get("TEST_STRICT_SERVICES") == "1"


def _skip_or_fail(reason: str):
    if STRICT:
        pytest.fail(f"required service missing under CI: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _service_markers(request):
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _skip_or_fail("needs PostgreSQL (DATABASE_URL)")
    if request.node.get_closest_marker("redis") and not os.environ.get("TEST_REDIS_URL"):
        _skip_or_fail("needs Redis (TEST_REDIS_URL)")


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests assert English source strings unless they ask for Dutch."""
    settings.LANGUAGE_CODE = "en"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
