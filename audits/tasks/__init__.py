"""Thin Celery tasks of the audits app, one module per area; they take ids, call a service, and are safe to
run twice. Their registered names stay `audits.tasks.<task>` (the beat schedule and queued messages use them)."""

from .placemat_pdf import task_render_placemat
from .reminders import task_reminder_sweep, task_send_reminder

__all__ = ["task_render_placemat", "task_reminder_sweep", "task_send_reminder"]
