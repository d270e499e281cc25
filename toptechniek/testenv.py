"""Run the test suite against the services that answer: `python -m toptechniek.testenv [pytest args]`.

PostgreSQL (TEST_DATABASE_URL, default 127.0.0.1:5432 as postgres) and Redis (TEST_REDIS_URL, default
127.0.0.1:6379) are used when they answer. When one does not, the suite runs on SQLite / without Redis and
the tests that need it are skipped, with a loud banner. Under CI=true an unreachable service fails the run
before any test starts.
"""

import os
import shutil
import sys

# A database name of this run (Django tests in test_<name>_gw<n>): two runs on one server never drop each
# other's databases.
PG_URL = os.environ.get("TEST_DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/toptechniek_run{os.getpid()}")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _postgres_answers() -> str | None:
    """None when the server of PG_URL answers (asked through its maintenance database), else the reason."""
    try:
        from urllib.parse import unquote, urlsplit

        import psycopg

        url = urlsplit(PG_URL)
        with psycopg.connect(
            host=url.hostname or "127.0.0.1",
            port=url.port or 5432,
            user=unquote(url.username or "postgres"),
            password=unquote(url.password) if url.password else None,
            dbname="postgres",
            connect_timeout=3,
        ) as conn:
            conn.execute("select 1")
        return None
    except Exception as exc:  # noqa: BLE001 - any failure means "not available"
        return str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__


def _redis_answers() -> str | None:
    try:
        import redis

        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
        return None
    except Exception as exc:  # noqa: BLE001
        return str(exc) or exc.__class__.__name__


def _banner(lines: list[str]) -> None:
    width = max(len(line) for line in lines) + 4
    print("!" * width, file=sys.stderr)
    for line in lines:
        print(f"! {line.ljust(width - 4)} !", file=sys.stderr)
    print("!" * width, file=sys.stderr)


def main(argv: list[str]) -> int:
    ci = os.environ.get("CI", "").lower() in ("1", "true", "yes")
    env = os.environ
    env["DJANGO_SETTINGS_MODULE"] = "toptechniek.settings"
    env.setdefault("SECRET_KEY", "test-only-secret-key-not-for-production-0123456789abcdef")
    env["CELERY_TASK_ALWAYS_EAGER"] = "true"  # tests that need a real worker start one on Redis
    missing = []

    pg_error = _postgres_answers()
    if pg_error is None:
        env["DATABASE_URL"] = PG_URL
    else:
        env.pop("DATABASE_URL", None)
        missing.append(f"PostgreSQL at {PG_URL} does not answer ({pg_error})")

    redis_error = _redis_answers()
    if redis_error is None:
        env["TEST_REDIS_URL"] = REDIS_URL
    else:
        env.pop("TEST_REDIS_URL", None)
        missing.append(f"Redis at {REDIS_URL} does not answer ({redis_error})")

    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        missing.append(f"Chromium not found at {CHROMIUM}: browser tests are skipped")
    else:
        env["CHROMIUM_PATH"] = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")

    if missing:
        if ci:
            _banner(["CI=true and a required service is unreachable:", *missing, "Failing the run."])
            return 1
        _banner(
            [
                "Running WITHOUT some services; the tests that need them are SKIPPED:",
                *missing,
                "Start them (see README) for the full suite.",
            ]
        )
    else:
        print(f"Test services: PostgreSQL {PG_URL}, Redis {REDIS_URL}, Chromium {env['CHROMIUM_PATH']}")
    if ci:
        env["TEST_STRICT_SERVICES"] = "1"

    args = [sys.executable, "-m", "pytest", *argv]
    os.execvpe(sys.executable, args, env)  # noqa: S606 - replaces this process with pytest
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
