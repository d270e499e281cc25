"""The mail outbox: one row per mail the application sends, written in the transaction that causes it.

The unique key makes each mail go out once however often it is queued; a periodic sweep re-enqueues
rows whose enqueue was lost (broker down), so a commit never loses its mail. Each person chooses per kind
of mail how it reaches them (`MailPreference`); see toptechniek/common/notifications.py.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Delivery(models.TextChoices):
    """How a person wants a kind of mail: at once, collected in one mail a day, or not at all."""

    IMMEDIATE = "immediate", _("immediately")
    DIGEST = "digest", _("in a daily digest")
    OFF = "off", _("off")


class Notification(models.Model):
    """One mail to one person. `kind` names a registered `notifications.MailKind`; `delivery` is what the
    recipient's preference said when the row was written; `status` is where the row is now."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting to be sent")
        SENT = "sent", _("sent")
        SUPPRESSED = "suppressed", _("not sent: switched off by the recipient")
        SKIPPED = "skipped", _("not sent: no longer applies")

    key = models.CharField(_("key"), max_length=160, unique=True)  # e.g. "visit-planned:12:2015-10-01:user=5"
    kind = models.CharField(_("kind"), max_length=40)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notifications"
    )
    template = models.CharField(max_length=80)
    context = models.JSONField(default=dict, blank=True)  # JSON-safe values only: names, dates as text, links
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    # A digest item points to the digest mail that carries it; the digest marks its items sent when it goes out.
    digest = models.ForeignKey(
        "self", verbose_name=_("digest"), on_delete=models.SET_NULL, null=True, blank=True, related_name="items"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "pk"]
        indexes = [
            models.Index(fields=["sent_at", "created_at"], name="notification_pending_idx"),
            models.Index(
                fields=["delivery", "created_at"],
                condition=models.Q(status="pending"),
                name="notification_open_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent", sent_at__isnull=False) | ~models.Q(status="sent"),
                name="notification_sent_has_time",
            )
        ]

    def __str__(self):
        return self.key


class MailPreference(models.Model):
    """A person's choice for one kind of mail; no row means the default (immediately).

    "Off" is refused for essential kinds by the form and by `notifications.preference_set`; a row saying
    "off" for a kind that became essential later is read as "immediately"."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="mail_preferences"
    )
    kind = models.CharField(_("kind"), max_length=40)
    delivery = models.CharField(_("delivery"), max_length=10, choices=Delivery.choices, default=Delivery.IMMEDIATE)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="mail_preference_unique")]

    def __str__(self):
        return f"{self.user} {self.kind}: {self.delivery}"


class AuditEvent(models.Model):
    """Append-only record of who did what, when, to which object, from where.

    Changes are written by the services that make them (`toptechniek.common.audit.audit_change`, in the
    change's own transaction, so a change is logged exactly when it commits); downloads by the audit
    middleware; logins, failed logins and logouts by the auth signals. Never changed: `save` refuses an
    update, `delete` refuses, and on PostgreSQL a trigger refuses UPDATE and DELETE on the table
    (migration 0004); no route or admin page edits it.

    `message` is an English source text with `%(name)s` placeholders, translated when shown, so the log
    reads "Twente: rapportage 2015 teruggestuurd" in Dutch and in English alike; `params` fills it in.
    `params["fields"]`, when present, names the changed fields (source texts, translated when shown).
    """

    class Kind(models.TextChoices):
        LOGIN = "login", _("login")
        LOGIN_FAILED = "login_failed", _("failed login")
        LOGOUT = "logout", _("logout")
        CHANGE = "change", _("change")
        DOWNLOAD = "download", _("download or export")
        API = "api", _("API call")

    at = models.DateTimeField(_("when"), db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    # No foreign-key constraint: removing a person must not rewrite the log (`actor_label` keeps the address).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    actor_label = models.CharField(_("who"), max_length=254, blank=True)  # the e-mail address at the time
    action = models.CharField(_("what"), max_length=120)  # a code, e.g. "monitoring.report_return"
    object_label = models.CharField(_("object"), max_length=300, blank=True)  # e.g. "Twente 2015", for searching
    message = models.CharField(_("message"), max_length=200, blank=True)
    params = models.JSONField(_("details"), default=dict, blank=True)
    path = models.CharField(_("path"), max_length=500, blank=True)
    method = models.CharField(max_length=10, blank=True)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    ip = models.GenericIPAddressField(_("from"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-at"], name="audit_kind_at_idx"),
            models.Index(fields=["actor", "action", "-at"], name="audit_actor_action_idx"),
        ]

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
    # The render that failed for good (after the task's retries): from which stamp, when and why (a
    # stored_pdf.Failure code). The page shows the reason instead of "being prepared" for ever.
    failed_stamp = models.CharField(max_length=64, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)
    failure = models.CharField(max_length=20, blank=True)

    class Meta:
        abstract = True
