"""Good practices: what a region did that others can reuse, tagged with placemat themes and success conditions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.models import PlacematTheme, Region, SuccessCondition


class GoodPractice(models.Model):
    """Written by the programme office or a critical friend of the region; read by everyone once published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="good_practices"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.CharField(_("summary"), max_length=500, help_text=_("One or two sentences for the list."))
    description = models.TextField(_("what was done"))
    audience = models.TextField(_("for whom"), blank=True)
    result = models.TextField(_("result"))
    reuse = models.TextField(_("how to reuse it"), blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True, help_text=_("Name, e-mail or phone number."))
    themes = models.ManyToManyField(PlacematTheme, verbose_name=_("placemat themes"), related_name="good_practices")
    success_conditions = models.ManyToManyField(
        SuccessCondition, verbose_name=_("success conditions"), related_name="good_practices", blank=True
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("good practice")
        verbose_name_plural = _("good practices")
        ordering = ["-published_at", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False),
                name="good_practice_published_has_date",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("peerreviews:good_practice_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED
