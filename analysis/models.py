"""The programme's yearly analysis: what the year's instruments say together, written by the office.

The source: "Met de bovengenoemde instrumenten in de hand is jaarlijks een analyse gemaakt van de voortgang en
zijn succesfactoren, knelpunten en verbetermogelijkheden naar boven gehaald." One `ProgrammeAnalysis` per
programme year (draft → published), with an `AnalysisSection` per placemat theme and per success condition.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.models import PlacematTheme, ProgrammeYear, SuccessCondition
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM


class ProgrammeAnalysis(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    programme_year = models.OneToOneField(ProgrammeYear, on_delete=models.PROTECT, related_name="analysis")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    introduction = models.TextField(_("introduction"), blank=True, max_length=TEXT_MAX_LONG)
    # Raised on every save: the editor's optimistic lock and the PDF's stamp.
    version = models.PositiveIntegerField(_("version"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("programme analysis")
        verbose_name_plural = _("programme analyses")
        ordering = ["programme_year__programme_id", "programme_year__year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="analysis_published_has_date"
            ),
        ]

    def __str__(self):
        return _("Programme analysis %(year)s") % {"year": self.programme_year.year}

    def get_absolute_url(self):
        return reverse("analysis:detail", args=[self.programme_year.programme.slug, self.programme_year.year])

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class AnalysisSection(models.Model):
    """The three texts of one placemat theme or one success condition (exactly one of the two)."""

    analysis = models.ForeignKey(ProgrammeAnalysis, on_delete=models.CASCADE, related_name="sections")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    condition = models.ForeignKey(SuccessCondition, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    success_factors = models.TextField(_("success factors"), blank=True, max_length=TEXT_MAX_MEDIUM)
    bottlenecks = models.TextField(_("bottlenecks"), blank=True, max_length=TEXT_MAX_MEDIUM)
    improvements = models.TextField(_("opportunities for improvement"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False, condition__isnull=True)
                | Q(theme__isnull=True, condition__isnull=False),
                name="analysis_section_theme_xor_condition",
            ),
            models.UniqueConstraint(
                fields=["analysis", "theme"], condition=Q(theme__isnull=False), name="analysis_section_theme_once"
            ),
            models.UniqueConstraint(
                fields=["analysis", "condition"],
                condition=Q(condition__isnull=False),
                name="analysis_section_condition_once",
            ),
        ]

    def __str__(self):
        return str(self.theme if self.theme_id else self.condition)

    @property
    def is_empty(self) -> bool:
        return not (self.success_factors or self.bottlenecks or self.improvements)
