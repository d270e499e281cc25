"""Aanvraag en selectie: a call (oproep) of a programme, the applications (aanvragen) of regions-to-be, the
beoordelingscommissie's scores, the office's decision and the subsidiebeschikking.

An application holds what a region-to-be proposes: its regiovisie and plan van aanpak, the partners of the
three O's with their commitment, proposed prestatieafspraken and a budget with co-financing. Once honoured
and confirmed by a subsidiebeschikking it becomes a region (`selection.services.application_establish`),
with nothing typed twice.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import CriterionScore, Landsdeel, Organisation, PlacematTheme, Programme, Region, Route
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_SHORT

CRITERIA = ("ambitious", "partners", "feasible", "sustainable")
CRITERION_LABELS = {
    "ambitious": _("ambitious"),
    "partners": _("partners"),
    "feasible": _("feasible"),
    "sustainable": _("sustainable"),
}


class Call(models.Model):
    """An oproep: the office invites regions-to-be to apply to a programme by a deadline, on criteria.
    Honoured applications join the programme in `join_year` (the 2012 start, the 2014 cohort)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="calls"
    )
    title = models.CharField(_("title"), max_length=200)
    join_year = models.PositiveSmallIntegerField(_("honoured regions join in"))
    opens_on = models.DateField(_("open from"))
    deadline = models.DateField(_("deadline for applications"))
    criteria = models.TextField(_("criteria and conditions"), max_length=TEXT_MAX_LONG)
    budget = models.DecimalField(
        _("budget available (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")
        ordering = ["-deadline", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(deadline__gte=models.F("opens_on")), name="call_deadline_after_opening"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("selection:call_detail", args=[self.pk])

    def accepts_applications(self, today: datetime.date | None = None) -> bool:
        """Published, and the deadline has not passed (applications can be written and submitted)."""
        today = today or timezone.localdate()
        return self.published_at is not None and today <= self.deadline

    def phase(self, today: datetime.date | None = None) -> str:
        today = today or timezone.localdate()
        if self.published_at is None:
            return "concept"
        if today < self.opens_on:
            return "announced"
        if today <= self.deadline:
            return "open"
        return "closed"


class CommitteeMember(models.Model):
    """A member of a call's beoordelingscommissie: someone of the office or an independent member."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="committee")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.CASCADE, related_name="committee_seats"
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        ordering = ["call", "user__full_name"]
        constraints = [models.UniqueConstraint(fields=["call", "user"], name="committee_member_unique")]

    def __str__(self):
        return f"{self.user} – {self.call}"


class Application(models.Model):
    """An aanvraag of a region-to-be, written by its intended project leader (the applicant)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        HONOURED = "honoured", _("honoured")
        REJECTED = "rejected", _("rejected")

    TEXT_FIELDS = (
        "labour_market_analysis",
        "ambitions",
        "approach_why",
        "approach_what",
        "approach_who",
        "approach_how",
    )

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications")
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant (intended project leader)"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    region_name = models.CharField(_("name of the region"), max_length=200)
    landsdeel = models.ForeignKey(
        Landsdeel, verbose_name=_("landsdeel"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    labour_market_analysis = models.TextField(
        _("analysis of the regional labour market"), blank=True, max_length=TEXT_MAX_LONG
    )
    ambitions = models.TextField(_("ambitions"), blank=True, max_length=TEXT_MAX_LONG)
    approach_why = models.TextField(_("approach: why"), blank=True, max_length=TEXT_MAX_LONG)
    approach_what = models.TextField(_("approach: what"), blank=True, max_length=TEXT_MAX_LONG)
    approach_who = models.TextField(_("approach: who"), blank=True, max_length=TEXT_MAX_LONG)
    approach_how = models.TextField(_("approach: how"), blank=True, max_length=TEXT_MAX_LONG)
    # The penvoerder's accountable board member (bestuurder), who endorses the region's reports once it exists.
    penvoerder_name = models.CharField(_("board member of the penvoerder"), max_length=200, blank=True)
    penvoerder_email = models.EmailField(_("email address of the board member"), blank=True)
    requested_amount = models.DecimalField(
        _("subsidy requested (EUR)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # The office's decision (honour or reject), with its reason; for an honoured application also its
    # assessment on the four criteria, which becomes the first vision version's assessment.
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_SHORT)
    decision_scores = models.JSONField(_("assessment"), default=dict, blank=True)
    awarded_amount = models.DecimalField(
        _("amount awarded (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # The subsidiebeschikking, recorded by the ministry (viewer role); it makes the region.
    beschikking_date = models.DateField(_("date of the subsidy decision"), null=True, blank=True)
    beschikking_amount = models.DecimalField(
        _("amount in the subsidy decision (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    beschikking_reference = models.CharField(_("reference of the subsidy decision"), max_length=100, blank=True)
    beschikking_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    region = models.OneToOneField(
        Region, verbose_name=_("region"), on_delete=models.SET_NULL, null=True, blank=True, related_name="application"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["call", "region_name"]
        constraints = [
            models.UniqueConstraint(fields=["call", "region_name"], name="application_region_name_unique_in_call"),
        ]

    def __str__(self):
        return self.region_name

    def get_absolute_url(self):
        return reverse("selection:application_detail", args=[self.pk])

    @property
    def programme_id(self):
        return self.call.programme_id

    @property
    def cofinancing_total(self) -> Decimal:
        return sum((p.cofinancing for p in self.partners.all()), Decimal(0))


class ApplicationPartner(models.Model):
    """A partner of the application: an organisation of one of the three O's, and what it commits."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(_("organisation"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Organisation.Kind.choices)
    subtype = models.CharField(_("type"), max_length=20, choices=Organisation.Subtype.choices)
    is_penvoerder = models.BooleanField(_("penvoerder"), default=False)
    commitment = models.CharField(_("commitment"), max_length=500, blank=True)
    cofinancing = models.DecimalField(
        _("co-financing over the programme (EUR)"),
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("partner of an application")
        verbose_name_plural = _("partners of an application")
        ordering = ["application", "-is_penvoerder", "kind", "name"]

    def __str__(self):
        return self.name


class ApplicationIndicator(models.Model):
    """A proposed prestatieafspraak: an indicator with its 0-meting and the target for the programme's end."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    unit = models.CharField(_("unit"), max_length=50)
    performance_area = models.ForeignKey(
        PlacematTheme, verbose_name=_("performance area"), on_delete=models.PROTECT, related_name="+"
    )
    route = models.ForeignKey(Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="+")
    baseline_value = models.DecimalField(
        _("baseline (0-meting)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    target_value = models.DecimalField(
        _("target at the end of the programme"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("proposed indicator")
        verbose_name_plural = _("proposed indicators")
        ordering = ["application", "code"]

    def __str__(self):
        return f"{self.code} {self.name}"


class CommitteeScore(models.Model):
    """One committee member's assessment of one application: the four criteria with a rationale each, and an
    advice. Members see each other's scores only after giving their own (`selection.rules`)."""

    class Advice(models.TextChoices):
        HONOUR = "honour", _("honour")
        REJECT = "reject", _("reject")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_scores")
    ambitious_score = models.PositiveSmallIntegerField(_("ambitious: score"), choices=CriterionScore.choices)
    ambitious_rationale = models.TextField(_("ambitious: rationale"), max_length=TEXT_MAX_SHORT)
    partners_score = models.PositiveSmallIntegerField(_("partners: score"), choices=CriterionScore.choices)
    partners_rationale = models.TextField(_("partners: rationale"), max_length=TEXT_MAX_SHORT)
    feasible_score = models.PositiveSmallIntegerField(_("feasible: score"), choices=CriterionScore.choices)
    feasible_rationale = models.TextField(_("feasible: rationale"), max_length=TEXT_MAX_SHORT)
    sustainable_score = models.PositiveSmallIntegerField(_("sustainable: score"), choices=CriterionScore.choices)
    sustainable_rationale = models.TextField(_("sustainable: rationale"), max_length=TEXT_MAX_SHORT)
    advice = models.CharField(_("advice"), max_length=10, choices=Advice.choices)
    submitted_at = models.DateTimeField(_("given at"), default=timezone.now)

    class Meta:
        verbose_name = _("committee score")
        verbose_name_plural = _("committee scores")
        ordering = ["application", "member__full_name"]
        constraints = [models.UniqueConstraint(fields=["application", "member"], name="committee_score_unique")]

    def __str__(self):
        return f"{self.member} – {self.application}"

    @property
    def total(self) -> int:
        return sum(getattr(self, f"{c}_score") for c in CRITERIA)
