"""The broker settings as the installed kombu reads them: a killed worker's tasks come back on time."""

import os

import pytest
from django.conf import settings


@pytest.mark.redis
def test_redis_transport_looks_for_unacknowledged_tasks_every_10_seconds():
    """kombu 5.7 scans for tasks to redeliver every interval x throttle seconds (10 x 10 by default), which
    made the worker-kill drill ~100 s late; our transport options must reach the channel and keep it at 10 s."""
    from kombu import Connection

    with Connection(os.environ["TEST_REDIS_URL"], transport_options=settings.CELERY_BROKER_TRANSPORT_OPTIONS) as conn:
        channel = conn.default_channel
        assert channel.visibility_timeout == settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
        # Read the attributes by name: if kombu renames them, this fails instead of passing on defaults.
        assert hasattr(channel, "unacked_restore_interval") and hasattr(channel, "unacked_restore_throttle"), (
            "kombu renamed the redelivery scan settings: check CELERY_BROKER_TRANSPORT_OPTIONS"
        )
        assert channel.unacked_restore_interval * channel.unacked_restore_throttle <= 10
