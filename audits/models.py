"""Critical-friend assignments, placemat scoring and consolidation, placemat PDFs, reminders."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from monitoring.models import PlacematScore
from regions.models import Organisation, PlacematTheme, ProgrammeYear, Region, SuccessCondition
from toptechniek.common.models import StoredPdf
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(4)]


class LiveAssignmentManager(models.Manager):
    def get_queryset(self):
        return super().get_queryset().filter(removed_at__isnull=True)


class Assignment(models.Model):
    """A critical friend's role for one region in one programme year."""

    class Role(models.TextChoices):
        ADVISOR = "advisor", _("advisor")
        ASSESSOR = "assessor", _("assessor")

    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="assignments")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("critical friend"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    # Removing an assignment keeps the row (the independence rules read the history): `objects` sees
    # live assignments only, `with_removed` every row.
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = LiveAssignmentManager()
    with_removed = models.Manager()  # noqa: DJ012 - a second manager, not a field

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["programme_year__year", "region__name", "role", "user__full_name"]
        base_manager_name = "with_removed"
        constraints = [
            # One live row per person, region and year: nobody is both advisor and assessor of a region in a year.
            models.UniqueConstraint(
                fields=["programme_year", "region", "user"],
                condition=Q(removed_at__isnull=True),
                name="assignment_one_role_per_person_region_year",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.region} {self.programme_year.year}"


class Placemat(models.Model):
    """The committee's placemat of a region for a year: open while assessors score, then published."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        PUBLISHED = "published", _("published")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="placemats")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="placemats")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    version = models.PositiveIntegerField(_("version"), default=0)  # raised on every publish
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("placemat")
        verbose_name_plural = _("placemats")
        ordering = ["programme_year__year", "region__name"]
        constraints = [models.UniqueConstraint(fields=["region", "programme_year"], name="placemat_unique_per_year")]

    def __str__(self):
        return _("Placemat %(region)s %(year)s") % {"region": self.region, "year": self.programme_year.year}

    def get_absolute_url(self):
        return reverse("audits:placemat_detail", kwargs={"slug": self.region, "year": self.programme_year.year})


class ConsolidatedScore(models.Model):
    """The committee's score and key remark per theme, set by the office."""

    placemat = models.ForeignKey(Placemat, on_delete=models.CASCADE, related_name="consolidated")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), choices=PlacematScore.choices, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    key_remark = models.TextField(_("key remark"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["placemat", "theme"], name="consolidated_score_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4), name="consolidated_score_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.placemat}: {self.theme} = {self.score}"


class ConsolidatedCondition(models.Model):
    """The success-condition rating on the published placemat (median of the assessors, set at publish)."""

    placemat = models.ForeignKey(Placemat, on_delete=models.CASCADE, related_name="conditions")
    condition = models.ForeignKey(SuccessCondition, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=PlacematScore.choices, validators=SCORE_VALIDATORS)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["placemat", "condition"], name="consolidated_condition_unique")]


class Scoring(models.Model):
    """One assessor's scoring of one region's placemat."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="scoring")
    placemat = models.ForeignKey(Placemat, on_delete=models.CASCADE, related_name="scorings")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("scoring")
        verbose_name_plural = _("scorings")

    def __str__(self):
        return f"{self.assignment.user} – {self.placemat}"

    @property
    def save_version(self) -> str:
        """What the scoring page was loaded from: every save, submission and reopening moves it (updated_at),
        so a save from an older page is told apart (audits.services.scoring.scoring_save)."""
        return self.updated_at.isoformat() if self.updated_at else ""


class ThemeScore(models.Model):
    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, related_name="theme_scores")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        _("score"), choices=PlacematScore.choices, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    rationale = models.TextField(_("rationale"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scoring", "theme"], name="theme_score_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4), name="theme_score_1_4"
            ),
        ]


class ConditionRating(models.Model):
    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, related_name="condition_ratings")
    condition = models.ForeignKey(SuccessCondition, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(
        _("rating"), choices=PlacematScore.choices, null=True, blank=True, validators=SCORE_VALIDATORS
    )
    note = models.TextField(_("note"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scoring", "condition"], name="condition_rating_unique"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=4), name="condition_rating_1_4"
            ),
        ]


class ScoreChange(models.Model):
    """Append-only history of every change to a score, an assessor's or the committee's."""

    class Kind(models.TextChoices):
        ASSESSOR_THEME = "assessor_theme", _("assessor's theme score")
        ASSESSOR_CONDITION = "assessor_condition", _("assessor's condition rating")
        CONSOLIDATED = "consolidated", _("consolidated score")
        STATUS = "status", _("status")

    placemat = models.ForeignKey(Placemat, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    scoring = models.ForeignKey(Scoring, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    condition = models.ForeignKey(SuccessCondition, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    old_value = models.CharField(max_length=40, blank=True)
    new_value = models.CharField(max_length=40, blank=True)
    old_text = models.TextField(blank=True, max_length=TEXT_MAX_MEDIUM)
    new_text = models.TextField(blank=True, max_length=TEXT_MAX_MEDIUM)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["placemat", "at", "pk"]


class PlacematPdf(StoredPdf):
    """The rendered placemat PDF; re-rendered only when the placemat changed (source_stamp)."""

    placemat = models.OneToOneField(Placemat, on_delete=models.CASCADE, related_name="pdf")
    file = models.FileField(upload_to="placemats/", blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)  # the region was mailed the link for this stamp
    notified_stamp = models.CharField(max_length=64, blank=True)

    def __str__(self):
        return f"PDF {self.placemat}"


class Reminder(models.Model):
    """One reminder mail; the unique key makes the daily sweep safe to run twice or concurrently."""

    class Kind(models.TextChoices):
        REPORT_DUE = "report_due", _("monitor report due")
        REPORT_OVERDUE = "report_overdue", _("monitor report overdue")
        SCORING_DUE = "scoring_due", _("scoring due")
        SCORING_OVERDUE = "scoring_overdue", _("scoring overdue")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    object_key = models.CharField(_("about"), max_length=80)  # e.g. "report:12" or "scoring:region=3:year=2014"
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="reminders")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminders")
    due_date = models.DateField(_("due date"))
    offset = models.IntegerField(_("days before (negative: after) the due date"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_key", "recipient", "due_date", "offset"], name="reminder_unique_key"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_date}, {self.offset})"


# --- Stimulus grants --------------------------------------------------------------------------

PCT_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class GrantRule(models.Model):
    """The office's visible rule for the grant proposals of one programme year."""

    programme_year = models.OneToOneField(ProgrammeYear, on_delete=models.CASCADE, related_name="grant_rule")
    base_amount = models.DecimalField(
        _("base amount (€)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    late_reduction_pct = models.DecimalField(
        _("reduction when the report was late (%)"), max_digits=5, decimal_places=2, validators=PCT_VALIDATORS
    )
    not_accepted_reduction_pct = models.DecimalField(
        _("reduction when the report was not accepted (%)"), max_digits=5, decimal_places=2, validators=PCT_VALIDATORS
    )
    # The source: the yearly stimuleringsbijdrage depends on progress on the agreements. That is the main
    # component; the placemat is an optional second one (weight 0 unless the office sets it).
    progress_weight_pct = models.DecimalField(
        _("share of the base that depends on progress on the agreements (%)"),
        max_digits=5,
        decimal_places=2,
        validators=PCT_VALIDATORS,
    )
    placemat_weight_pct = models.DecimalField(
        _("share of the base that depends on the placemat (%)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=PCT_VALIDATORS,
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("grant rule")
        verbose_name_plural = _("grant rules")
        constraints = [
            models.CheckConstraint(condition=Q(base_amount__gte=0), name="grant_rule_base_not_negative"),
            models.CheckConstraint(
                condition=Q(late_reduction_pct__gte=0, late_reduction_pct__lte=100), name="grant_rule_late_pct_0_100"
            ),
            models.CheckConstraint(
                condition=Q(not_accepted_reduction_pct__gte=0, not_accepted_reduction_pct__lte=100),
                name="grant_rule_not_accepted_pct_0_100",
            ),
            models.CheckConstraint(
                condition=Q(progress_weight_pct__gte=0, progress_weight_pct__lte=100),
                name="grant_rule_progress_pct_0_100",
            ),
            models.CheckConstraint(
                condition=Q(placemat_weight_pct__gte=0, placemat_weight_pct__lte=100),
                name="grant_rule_placemat_pct_0_100",
            ),
            models.CheckConstraint(
                condition=Q(progress_weight_pct__lte=100 - models.F("placemat_weight_pct")),
                name="grant_rule_weights_at_most_100",
            ),
        ]

    def __str__(self):
        return _("Grant rule %(year)s") % {"year": self.programme_year}


class StimulusGrant(models.Model):
    """A region's stimulus grant for a year: the computed proposal and the office's decision."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        DECIDED = "decided", _("decided")
        WITHHELD = "withheld", _("withheld")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="grants")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.CASCADE, related_name="grants")
    proposed_amount = models.DecimalField(_("proposal (€)"), max_digits=12, decimal_places=2)
    # The rule and the region's facts the proposal was computed from; the explanation is rendered from them.
    proposal_inputs = models.JSONField(default=dict)
    proposed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    decided_amount = models.DecimalField(
        _("decided amount (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("reason"), blank=True, max_length=TEXT_MAX_SHORT)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("stimulus grant")
        verbose_name_plural = _("stimulus grants")
        ordering = ["programme_year__year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "programme_year"], name="grant_unique_per_region_year"),
            models.CheckConstraint(condition=Q(proposed_amount__gte=0), name="grant_proposal_not_negative"),
            models.CheckConstraint(
                condition=Q(decided_amount__isnull=True) | Q(decided_amount__gte=0), name="grant_decision_not_negative"
            ),
            # A proposal has no decision; a decision (or withholding) has an amount and a date.
            models.CheckConstraint(
                condition=(Q(status="proposed") & Q(decided_amount__isnull=True) & Q(decided_at__isnull=True))
                | (
                    Q(status__in=["decided", "withheld"])
                    & Q(decided_amount__isnull=False)
                    & Q(decided_at__isnull=False)
                ),
                name="grant_status_matches_decision",
            ),
            # Withheld, or decided differently from the proposal, only with a reason.
            models.CheckConstraint(
                condition=~Q(status="withheld") | ~Q(decision_reason=""), name="grant_withheld_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="decided") | Q(decided_amount=models.F("proposed_amount")) | ~Q(decision_reason=""),
                name="grant_deviation_has_reason",
            ),
        ]

    def __str__(self):
        return _("Grant %(region)s %(year)s") % {"region": self.region, "year": self.programme_year.year}


class GrantChange(models.Model):
    """Append-only history of every proposal, decision and withholding of a grant."""

    class Kind(models.TextChoices):
        PROPOSED = "proposed", _("proposal computed")
        DECIDED = "decided", _("decided")
        WITHHELD = "withheld", _("withheld")

    grant = models.ForeignKey(StimulusGrant, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10)
    old_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    new_amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    reason = models.TextField(blank=True, max_length=TEXT_MAX_SHORT)
    proposal_inputs = models.JSONField(default=dict, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["grant", "at", "pk"]


# --- Audit visits -------------------------------------------------------------------------------


class AuditVisit(models.Model):
    """The committee's visit to a region in a programme year: planned, held, then reported to the region."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")
        REPORTED = "reported", _("reported")

    class Judgement(models.TextChoices):
        ON_TRACK = "on_track", _("on track")
        ATTENTION = "attention", _("needs attention")
        WORRYING = "worrying", _("worrying")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="visits")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="visits")
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    advice = models.TextField(_("advice"), blank=True, max_length=TEXT_MAX_MEDIUM)
    judgement = models.CharField(_("judgement of progress"), max_length=10, choices=Judgement.choices, blank=True)
    # The source: the audit identifies "succesfactoren en good practices om landelijk te delen"; both are read
    # by the programme's yearly analysis (analysis.selectors).
    success_factors = models.TextField(_("success factors"), blank=True, max_length=TEXT_MAX_MEDIUM)
    practices_to_share = models.TextField(
        _("good practices to share nationally"), blank=True, max_length=TEXT_MAX_MEDIUM
    )
    committee = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("committee"), related_name="audit_visits", blank=True
    )
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("audit visit")
        verbose_name_plural = _("audit visits")
        ordering = ["programme_year__year", "region__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "programme_year"], name="visit_unique_per_region_year"),
            models.CheckConstraint(
                condition=~Q(status="reported") | (Q(reported_at__isnull=False) & ~Q(judgement="")),
                name="visit_reported_has_judgement",
            ),
        ]

    def __str__(self):
        return _("Visit %(region)s %(year)s") % {"region": self.region, "year": self.programme_year.year}

    def get_absolute_url(self):
        return reverse("audits:visit_detail", kwargs={"slug": self.region, "year": self.programme_year.year})


class VisitAttendee(models.Model):
    OKind = Organisation.Kind  # the three O's (and "other"), as for organisations

    visit = models.ForeignKey(AuditVisit, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    o_kind = models.CharField(_("O"), max_length=10, choices=OKind.choices, default=OKind.OVERIG)

    class Meta:
        ordering = ["visit", "pk"]

    def __str__(self):
        return self.name


class VisitFinding(models.Model):
    visit = models.ForeignKey(AuditVisit, on_delete=models.CASCADE, related_name="findings")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(_("findings"), max_length=TEXT_MAX_MEDIUM)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["visit", "theme"], name="visit_finding_unique")]


class VisitConditionRating(models.Model):
    visit = models.ForeignKey(AuditVisit, on_delete=models.CASCADE, related_name="ratings")
    condition = models.ForeignKey(SuccessCondition, on_delete=models.CASCADE, related_name="+")
    rating = models.PositiveSmallIntegerField(_("rating"), choices=PlacematScore.choices, validators=SCORE_VALIDATORS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["visit", "condition"], name="visit_condition_rating_unique"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=4), name="visit_condition_rating_1_4"),
        ]


class FollowUpAction(models.Model):
    visit = models.ForeignKey(AuditVisit, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("description"), max_length=TEXT_MAX_SHORT)
    owner = models.CharField(_("owner"), max_length=200)
    due_date = models.DateField(_("due date"))
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        ordering = ["visit", "due_date", "pk"]

    def __str__(self):
        return self.description


# --- Advice (klankbord en vraagbaak): kept apart from assessment ----------------------------------


class AdviceQuestion(models.Model):
    """An adviesvraag: a region asks its advisor a question at any time; the advisor answers. Belongs to the
    programme year it was asked in: the region's assessors of that year and the next never read it
    (`audits.rules`)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        ANSWERED = "answered", _("answered")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="advice_questions")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="advice_questions")
    theme = models.ForeignKey(
        PlacematTheme,
        verbose_name=_("placemat theme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advice_questions",
    )
    question = models.TextField(_("question"), max_length=TEXT_MAX_SHORT)
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("asked by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    asked_at = models.DateTimeField(_("asked at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX_LONG)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("answered by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("advice question")
        verbose_name_plural = _("advice questions")
        ordering = ["-asked_at"]

    def __str__(self):
        return f"{self.region} {self.asked_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return reverse("audits:advice", args=[self.region]) + f"#question-{self.pk}"


class AdviceConversation(models.Model):
    """An adviesgesprek the advisor plans with the region and records afterwards: who took part by O, the
    topics by placemat theme, the advice given and the follow-up."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        HELD = "held", _("held")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="advice_conversations")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="advice_conversations")
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("advisor"), on_delete=models.PROTECT, related_name="+"
    )
    question = models.ForeignKey(
        AdviceQuestion,
        verbose_name=_("about the question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="conversations",
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    participants_onderwijs = models.CharField(_("participants: education"), max_length=500, blank=True)
    participants_ondernemers = models.CharField(_("participants: business"), max_length=500, blank=True)
    participants_overheid = models.CharField(_("participants: government"), max_length=500, blank=True)
    participants_overig = models.CharField(_("participants: other"), max_length=500, blank=True)
    topics = models.ManyToManyField(PlacematTheme, verbose_name=_("topics"), blank=True, related_name="+")
    advice = models.TextField(_("advice given"), blank=True, max_length=TEXT_MAX_LONG)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=TEXT_MAX_SHORT)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    PARTICIPANT_FIELDS = (
        "participants_onderwijs",
        "participants_ondernemers",
        "participants_overheid",
        "participants_overig",
    )

    class Meta:
        verbose_name = _("advice conversation")
        verbose_name_plural = _("advice conversations")
        ordering = ["-date"]

    def __str__(self):
        return f"{self.region} {self.date}"

    def get_absolute_url(self):
        return reverse("audits:advice", args=[self.region]) + f"#conversation-{self.pk}"
