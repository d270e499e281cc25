"""Monitor reports: the region's yearly account of its agreements and its process."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from regions.models import GuidingQuestion, Indicator, PlacematTheme, ProgrammeYear, Region, SubProject
from toptechniek.common.models import StoredPdf
from toptechniek.common.text import TEXT_MAX_LINE, TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT
from toptechniek.common.uploads import Attachment


class PlacematScore(models.IntegerChoices):
    """The placemat scale, used by self-assessment and (later) the critical friends."""

    INSUFFICIENT = 1, _("1 – insufficient")
    DEVELOPING = 2, _("2 – developing")
    ON_TRACK = 3, _("3 – on track")
    EXEMPLARY = 4, _("4 – exemplary")


class MonitorReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        AWAITING_ENDORSEMENT = "awaiting_endorsement", _("awaiting endorsement")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        ACCEPTED = "accepted", _("accepted")

    EDITABLE = (Status.DRAFT, Status.RETURNED)
    SECTIONS = ("quantitative", "qualitative", "self_assessment", "reflection")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="reports")
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.DRAFT)
    # Reflection: the story behind the figures.
    reflection_works = models.TextField(_("what works"), blank=True, max_length=TEXT_MAX_LONG)
    reflection_not_yet = models.TextField(_("what does not work yet"), blank=True, max_length=TEXT_MAX_LONG)
    reflection_progress = models.TextField(_("how the region sees its progress"), blank=True, max_length=TEXT_MAX_LONG)
    # Optimistic locking: one version counter per section, raised on every save of that section.
    quantitative_version = models.PositiveIntegerField(default=0)
    qualitative_version = models.PositiveIntegerField(default=0)
    self_assessment_version = models.PositiveIntegerField(default=0)
    reflection_version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    endorsed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    endorsed_at = models.DateTimeField(_("endorsed at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    is_late = models.BooleanField(_("late"), default=False)

    class Meta:
        verbose_name = _("monitor report")
        verbose_name_plural = _("monitor reports")
        ordering = ["region", "programme_year__year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "programme_year"], name="monitor_report_unique_per_year"),
        ]

    def __str__(self):
        return f"{self.region} {self.programme_year.year}"

    def get_absolute_url(self):
        return reverse("monitoring:report_detail", kwargs={"slug": self.region, "year": self.programme_year.year})

    @property
    def year(self) -> int:
        return self.programme_year.year

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    def lateness(self, today=None) -> bool:
        """Late: first submitted after the due date, or not submitted while the due date has passed."""
        if self.first_submitted_at is not None:
            return self.is_late
        today = today or timezone.localdate()
        return today > self.programme_year.report_due_date


class Realisation(models.Model):
    """This year's value of one indicator, or an explained 'nothing to report'."""

    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="realisations")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="realisations")
    value = models.DecimalField(
        _("realisation"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    not_applicable = models.BooleanField(_("not applicable / nothing to report this year"), default=False)
    explanation = models.TextField(_("explanation"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        verbose_name = _("realisation")
        verbose_name_plural = _("realisations")
        ordering = ["report", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="realisation_unique"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(value__isnull=True), name="realisation_value_or_not_applicable"
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="realisation_not_negative"),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.value}"


class ProposedRealisation(models.Model):
    """A figure the programme office imported for a region's report (from a national source such as a DUO
    extract): a proposal the region's project leader takes over into its realisations or sets aside. It never
    changes what the region typed, and is never made for a report that is submitted or accepted."""

    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="proposals")
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    value = models.DecimalField(
        _("proposed value"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    not_applicable = models.BooleanField(_("nothing to report"), default=False)
    explanation = models.TextField(_("explanation"), blank=True, max_length=TEXT_MAX_MEDIUM)
    source = models.CharField(_("source"), max_length=200, blank=True)
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("proposed figure")
        verbose_name_plural = _("proposed figures")
        ordering = ["report", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["report", "indicator"], name="proposed_realisation_unique"),
            models.CheckConstraint(
                condition=Q(not_applicable=False) | Q(value__isnull=True), name="proposed_value_or_not_applicable"
            ),
            models.CheckConstraint(condition=Q(value__isnull=True) | Q(value__gte=0), name="proposed_not_negative"),
        ]


class ThemeAnswer(models.Model):
    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(GuidingQuestion, on_delete=models.CASCADE, related_name="answers")
    answer = models.TextField(_("answer"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [models.UniqueConstraint(fields=["report", "question"], name="theme_answer_unique")]

    def __str__(self):
        return f"{self.report}: {self.question_id}"


class SelfAssessment(models.Model):
    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="self_assessments")
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, related_name="self_assessments")
    score = models.PositiveSmallIntegerField(
        _("score"),
        choices=PlacematScore.choices,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
    )
    rationale = models.CharField(_("why"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("self-assessment")
        verbose_name_plural = _("self-assessments")
        constraints = [
            models.UniqueConstraint(fields=["report", "theme"], name="self_assessment_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=4), name="self_assessment_score_1_4"
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.theme} = {self.score}"


class LearningTheme(models.Model):
    """A theme the region wants to work on, tied to a placemat theme."""

    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="learning_themes")
    theme = models.ForeignKey(PlacematTheme, verbose_name=_("placemat theme"), on_delete=models.PROTECT)
    description = models.TextField(_("what the region wants to learn"), max_length=TEXT_MAX_LINE)

    class Meta:
        verbose_name = _("learning theme")
        verbose_name_plural = _("learning themes")
        ordering = ["report", "pk"]

    def __str__(self):
        return self.description[:60]


class ReportTransition(models.Model):
    """History: who moved the report from which state to which, when, with what comment."""

    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=24, choices=MonitorReport.Status.choices)
    to_status = models.CharField(_("to"), max_length=24, choices=MonitorReport.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), default=timezone.now)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        verbose_name = _("report transition")
        verbose_name_plural = _("report transitions")
        ordering = ["report", "at", "pk"]

    def __str__(self):
        return f"{self.report}: {self.from_status} → {self.to_status}"


class ReportPdf(StoredPdf):
    """The rendered PDF of a report state; re-rendered only when the report changed (source_stamp:
    report.updated_at and status)."""

    report = models.OneToOneField(MonitorReport, on_delete=models.CASCADE, related_name="pdf")
    file = models.FileField(upload_to="reports/", blank=True)

    def __str__(self):
        return f"PDF {self.report}"


class ReportAttachment(Attachment):
    """A file the project leader attaches to the report while it is a draft (an annual plan, a photo, minutes)."""

    report = models.ForeignKey(
        MonitorReport, verbose_name=_("monitor report"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(Attachment.Meta):
        verbose_name = _("report attachment")
        verbose_name_plural = _("report attachments")


class ReportContribution(models.Model):
    """A part of a report the project leader hands to someone else to write (a bijdrage): a process theme's
    answers (the ThemeAnswers of that theme's guiding questions) or a sub-project's paragraph (stored here).

    assigned → delivered (the writer says it is done); the project leader can reopen a delivered one
    (back to assigned) or withdraw any open one (withdrawn, kept as history). The project leader alone
    submits the report."""

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("assigned")
        DELIVERED = "delivered", _("delivered")
        WITHDRAWN = "withdrawn", _("withdrawn")

    OPEN = (Status.ASSIGNED, Status.DELIVERED)

    report = models.ForeignKey(MonitorReport, on_delete=models.CASCADE, related_name="contributions")
    theme = models.ForeignKey(
        PlacematTheme,
        verbose_name=_("placemat theme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    subproject = models.ForeignKey(
        SubProject,
        verbose_name=_("sub-project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="contributions",
    )
    text = models.TextField(_("paragraph"), blank=True, max_length=TEXT_MAX_LONG)
    version = models.PositiveIntegerField(default=0)  # the paragraph's optimistic lock, like the report's sections
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), on_delete=models.PROTECT, related_name="contributions"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    note = models.TextField(_("note for the writer"), blank=True, max_length=TEXT_MAX_SHORT)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["report", "theme__number", "subproject__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False, subproject__isnull=True)
                | Q(theme__isnull=True, subproject__isnull=False),
                name="contribution_theme_xor_subproject",
            ),
            models.UniqueConstraint(
                fields=["report", "theme"],
                condition=Q(theme__isnull=False, status__in=["assigned", "delivered"]),
                name="contribution_one_open_per_theme",
            ),
            models.UniqueConstraint(
                fields=["report", "subproject"],
                condition=Q(subproject__isnull=False, status__in=["assigned", "delivered"]),
                name="contribution_one_open_per_subproject",
            ),
        ]

    def __str__(self):
        return f"{self.report}: {self.section_label}"

    @property
    def section_label(self) -> str:
        return str(self.theme) if self.theme_id else str(self.subproject)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class OpenDataRelease(models.Model):
    """A programme year's settled figures published as open data: the office publishes them once the year is
    closed (every region's report accepted); anyone may download them, without logging in."""

    LICENCE = "CC BY 4.0"

    programme_year = models.OneToOneField(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.CASCADE, related_name="open_data"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("open data release")
        verbose_name_plural = _("open data releases")
        ordering = ["-programme_year__year", "programme_year__programme__name"]
