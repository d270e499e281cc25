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


class AuditEvent(models.Model):
    """Append-only record of who did what, when, to which object, from where.

    Written by `toptechniek.common.audit` (a middleware for every successful change and every download,
    signals for logins); never changed: `save` refuses an update and `delete` refuses, and no route or
    admin page edits it.
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logout")
        CHANGE = "change", _("change")
        DOWNLOAD = "download", _("download or export")

    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)  # the e-mail address at the time
    action = models.CharField(_("what"), max_length=120)  # the URL name, e.g. "monitoring:report_transition"
    object_label = models.CharField(_("object"), max_length=300, blank=True)  # e.g. "slug=twente year=2015"
    path = models.CharField(_("path"), max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["kind", "-at"], name="audit_kind_at_idx")]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("the audit log is append-only")


class StoredPdf(models.Model):
    """A rendered PDF of one document, kept until the document changes (toptechniek.common.stored_pdf).

    Concrete models add a one-to-one to their owner and the `file` field with their own folder.
    """

    checksum = models.CharField(max_length=64, blank=True)
    source_stamp = models.CharField(max_length=64, blank=True)  # what the file was made from
    requested_at = models.DateTimeField(null=True, blank=True)
    rendered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
