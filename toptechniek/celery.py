import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toptechniek.settings")

app = Celery("toptechniek")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _refuse_insecure_secret_key(**kwargs):
    """A worker does not start on the development key with DEBUG off (mails carry signed links). Celery logs
    and swallows a receiver's exception, so the refusal leaves as SystemExit, which it does not catch."""
    from django.core.exceptions import ImproperlyConfigured

    from toptechniek.startup import refuse_insecure_secret_key

    try:
        refuse_insecure_secret_key()
    except ImproperlyConfigured as exc:
        raise SystemExit(f"ImproperlyConfigured: {exc}") from exc
