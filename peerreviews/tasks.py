"""Thin Celery tasks of the peerreviews app: they call a service and are safe to run twice."""

from celery import shared_task


@shared_task
def task_action_sweep() -> int:
    """Daily (beat): queue the mails about actions due in 7 days and overdue actions."""
    from .services.actions import action_sweep

    return action_sweep()
