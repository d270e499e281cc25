"""Governance meetings: the yearly meeting of a region and the programme that reads the year's inputs
(monitor report, placemat, peer-review outcomes, feedback reports, audit visit), keeps notes and decides
the stimulus grant."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.models import ProgrammeYear, Region
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT


class GovernanceMeeting(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="governance_meetings"
    )
    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="governance_meetings"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    participants = models.TextField(_("participants"), blank=True, max_length=TEXT_MAX_SHORT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_LONG)
    decision_summary = models.TextField(_("decisions"), blank=True, max_length=TEXT_MAX_MEDIUM)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("governance meeting")
        verbose_name_plural = _("governance meetings")
        ordering = ["programme_year__year", "date", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "programme_year"], name="governance_meeting_unique_per_year"),
            models.CheckConstraint(
                condition=Q(status="planned") | Q(held_at__isnull=False), name="governance_meeting_held_has_date"
            ),
        ]

    def __str__(self):
        return _("Governance meeting %(region)s %(year)s") % {"region": self.region, "year": self.programme_year.year}

    def get_absolute_url(self):
        return reverse("governance:meeting_detail", kwargs={"slug": self.region, "year": self.programme_year.year})

    @property
    def is_held(self) -> bool:
        return self.status == self.Status.HELD
