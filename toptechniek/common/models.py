"""The notification outbox: one row per mail the workflows send, written in the transaction that causes it.

The unique key makes each mail go out once however often it is queued; a periodic sweep re-enqueues
rows whose enqueue was lost (broker down), so a commit never loses its mail.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    key = models.CharField(_("key"), max_length=160, unique=True)  # e.g. "visit-planned:12:user=5"
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    template = models.CharField(max_length=80)
    context = models.JSONField(default=dict, blank=True)  # JSON-safe values only: names, dates as text, links
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "created_at"], name="notification_pending_idx")]

    def __str__(self):
        return self.key
