"""Shared test setup: service-dependent markers and role fixtures.

Tests marked `postgres` or `redis` skip when that service is missing, except under
TEST_STRICT_SERVICES=1 (set by `make test` under CI=true), where they fail instead.
"""

import os
import uuid

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


@pytest.fixture(autouse=True)
def _no_second_factor_required(settings):
    """Tests log in without a second factor; the tests of two-factor authentication switch it on."""
    settings.TWO_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _media_in_a_temporary_directory(settings, tmp_path):
    """Stored files (PDFs, attachments) go to a directory of this test, never to var/media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rolled-back tests reuse data versions (and, on SQLite, primary keys): start every test with an empty cache."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _force_login_starts_a_settled_session(monkeypatch):
    """force_login gives the session what its first request would write (start and activity time, "no
    second-factor device"), so query-count tests measure the page, not the one-off session set-up."""
    import time

    from django.test import Client

    from toptechniek.accounts import middleware, two_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[middleware.STARTED_KEY] = session[middleware.LAST_ACTIVITY_KEY] = time.time()
        if not two_factor.has_confirmed_device(user):
            session[middleware.NO_DEVICE_KEY] = user.pk
        session.save()

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture
def redis_worker(settings):
    """A real Celery worker thread consuming from Redis on a queue of this test's own."""
    from celery.contrib.testing.worker import start_worker

    from toptechniek.celery import app

    queue = f"test-{uuid.uuid4().hex}"
    old = {k: app.conf[k] for k in ("broker_url", "task_always_eager", "task_default_queue")}

    def reset_connections():
        # kombu keeps connection pools in a global registry keyed by broker URL: a pool closed here
        # would be handed out again to the next test, so empty the registry as well.
        from kombu import pools

        app._pool = None
        app.amqp._producer_pool = None
        pools.reset()

    reset_connections()
    app.conf.update(broker_url=os.environ["TEST_REDIS_URL"], task_always_eager=False, task_default_queue=queue)
    try:
        with start_worker(app, perform_ping_check=False, queues=[queue], pool="solo", shutdown_timeout=10):
            yield app
    finally:
        app.conf.update(old)
        reset_connections()
        import redis

        client = redis.Redis.from_url(os.environ["TEST_REDIS_URL"])
        client.delete(queue, *client.keys(f"_kombu.binding*{queue}"))


@pytest.fixture
def broker_down():
    """The real Celery app pointed at a port where no broker listens, failing fast (a broker outage)."""
    from kombu import pools

    from toptechniek.celery import app

    keys = ("broker_url", "task_always_eager", "broker_connection_retry", "broker_connection_max_retries")
    old = {k: app.conf[k] for k in keys}
    old_retry = app.conf.task_publish_retry

    def reset():
        app._pool = None
        app.amqp._producer_pool = None
        pools.reset()

    reset()
    app.conf.update(
        broker_url="redis://127.0.0.1:1/0",
        task_always_eager=False,
        broker_connection_retry=False,
        broker_connection_max_retries=0,
        task_publish_retry=False,
    )
    try:
        yield app
    finally:
        app.conf.update(old)
        app.conf.task_publish_retry = old_retry
        reset()
