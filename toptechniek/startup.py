"""What the serving processes check before they start.

The web server (`toptechniek.wsgi`, which `runserver` and gunicorn load) and the Celery worker
(`toptechniek.celery`) refuse to start with DEBUG off on the built-in development SECRET_KEY or .env.example's
placeholder. Management commands that serve nothing (`makemigrations`, `migrate`, `check`) still load the
settings; `check --deploy` reports the key as an error (accounts.E002).
"""

from django.core.exceptions import ImproperlyConfigured

# The key `make run` uses without a SECRET_KEY, and .env.example's placeholder: never in production.
PLACEHOLDER_SECRET_KEYS = {
    "dev-only-insecure-key-change-me-in-production-0123456789",
    "change-me-to-a-long-random-string",
}
INSECURE_KEY_MESSAGE = (
    "SECRET_KEY is not set (the built-in development key is refused with DEBUG off). Set SECRET_KEY to a "
    "long random string (e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'), or DEBUG=true "
    "for local development only."
)


def secret_key_is_insecure(settings) -> bool:
    return not settings.DEBUG and settings.SECRET_KEY in PLACEHOLDER_SECRET_KEYS


def refuse_insecure_secret_key() -> None:
    from django.conf import settings

    if secret_key_is_insecure(settings):
        raise ImproperlyConfigured(INSECURE_KEY_MESSAGE)
