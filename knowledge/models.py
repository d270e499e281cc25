"""The kennisprogramma: the national knowledge programme beside the regions (kennisconferenties, meetings of
project leaders and penvoerders, working visits). The office plans an event, publishes it (every person of its
audience is invited once by mail), people register for a region, the office records who came and attaches
the material afterwards. The region page and the national dashboard show each region's attendance.
"""

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import Programme, Region, RegionRole
from toptechniek.common.text import TEXT_MAX_LONG
from toptechniek.common.uploads import Attachment

# Who an event is meant for: the region roles, and the office and the ministry (global roles).
AUDIENCE_CHOICES = [
    *RegionRole.Role.choices,
    ("programme_office", _("programme office")),
    ("viewer", _("ministry (OCW)")),
]
REGION_AUDIENCE = tuple(RegionRole.Role.values)
GLOBAL_AUDIENCE = ("programme_office", "viewer")


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("knowledge conference")
        MEETING = "meeting", _("meeting for project leaders and penvoerders")
        VISIT = "visit", _("working visit")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    place = models.CharField(_("place"), max_length=200)
    agenda = models.TextField(_("programme of the day"), max_length=TEXT_MAX_LONG)
    audience = models.JSONField(_("intended audience"), default=list)
    capacity = models.PositiveIntegerField(
        _("maximum number of participants"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    host_region = models.ForeignKey(
        Region,
        verbose_name=_("host region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attendance_recorded_at = models.DateTimeField(_("attendance recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "-start_time", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=models.F("start_time")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("knowledge:event_detail", args=[self.pk])

    def is_upcoming(self, today: datetime.date | None = None) -> bool:
        """Registration is open until and on the day itself."""
        return self.date >= (today or timezone.localdate())

    def has_taken_place(self, today: datetime.date | None = None) -> bool:
        """Attendance can be recorded from the day itself."""
        return self.date <= (today or timezone.localdate())

    @property
    def audience_labels(self) -> list:
        labels = dict(AUDIENCE_CHOICES)
        return [labels[code] for code, _label in AUDIENCE_CHOICES if code in self.audience]


class Invitation(models.Model):
    """A person invited when the event was published (one mail each); `declined_at` when they said no."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_invitations")
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["event", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="invitation_unique")]

    def __str__(self):
        return f"{self.user} – {self.event}"


class Registration(models.Model):
    """A person registered for an event, for one of their regions (none for the office, the ministry or a
    person without a region in the programme); after the event the office records whether they came.
    A walk-in is recorded by the office afterwards and did not register."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.CASCADE, related_name="event_registrations"
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("on behalf of region"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_registrations",
    )
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    walk_in = models.BooleanField(_("came without registering"), default=False)
    attended = models.BooleanField(_("attended"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["event", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="registration_unique")]

    def __str__(self):
        return f"{self.user} – {self.event}"


class EventAttachment(Attachment):
    """Material of an event: the presentations, the report of the day, photos."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="attachments")

    class Meta(Attachment.Meta):
        verbose_name = _("event material")
        verbose_name_plural = _("event material")


class EventLink(models.Model):
    """Material elsewhere: a recording, a publication, a website."""

    event = models.ForeignKey(Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("web address"), max_length=500)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["event", "added_at", "pk"]

    def __str__(self):
        return self.title
