"""Good practices: what a region did that others can reuse, tagged with placemat themes and success conditions."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.models import Organisation, PlacematTheme, ProgrammeYear, Region, SuccessCondition
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT
from toptechniek.common.uploads import Attachment


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
    description = models.TextField(_("what was done"), max_length=TEXT_MAX_LONG)
    audience = models.TextField(_("for whom"), blank=True, max_length=TEXT_MAX_SHORT)
    result = models.TextField(_("result"), max_length=TEXT_MAX_MEDIUM)
    reuse = models.TextField(_("how to reuse it"), blank=True, max_length=TEXT_MAX_MEDIUM)
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


# --- Peer reviews -----------------------------------------------------------------------------


# The three O's (and "other"): the organisations' own vocabulary.
OKind = Organisation.Kind


class PeerReview(models.Model):
    """Learning conversations between two regions (or, internal, between sub-projects of one region).

    The host region receives the peer region. proposed → preparing → held → reported → closed; the office
    records a readiness check before it goes ahead and may cancel a review that does not go ahead.
    """

    class Kind(models.TextChoices):
        EXTERNAL = "external", _("between two regions")
        INTERNAL = "internal", _("internal, between sub-projects")

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        PREPARING = "preparing", _("preparing")
        HELD = "held", _("held")
        REPORTED = "reported", _("reported")
        CLOSED = "closed", _("closed")
        CANCELLED = "cancelled", _("cancelled")

    programme_year = models.ForeignKey(
        ProgrammeYear, verbose_name=_("programme year"), on_delete=models.PROTECT, related_name="peer_reviews"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.EXTERNAL)
    host_region = models.ForeignKey(
        Region, verbose_name=_("host region"), on_delete=models.CASCADE, related_name="peer_reviews_hosted"
    )
    peer_region = models.ForeignKey(
        Region,
        verbose_name=_("peer region"),
        on_delete=models.CASCADE,
        related_name="peer_reviews_visiting",
        null=True,
        blank=True,
    )
    host_subproject = models.CharField(_("host sub-project"), max_length=200, blank=True)
    peer_subproject = models.CharField(_("peer sub-project"), max_length=200, blank=True)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("follow-up of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    # The procesbegeleider: a critical friend or someone of the office who guides the review (set by the office).
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("procesbegeleider"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_reviews",
    )
    motivation = models.TextField(_("why this peer"), blank=True, max_length=TEXT_MAX_SHORT)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    # Readiness check (the office, before the review goes ahead), per region: the host and, for an external
    # review, the peer each answer the three questions. None = not yet assessed.
    host_ready_stable = models.BooleanField(_("the host region is stable"), null=True, blank=True)
    host_ready_learning = models.BooleanField(_("the host region has learning capacity"), null=True, blank=True)
    host_ready_full_peer = models.BooleanField(_("the host region can be a full peer"), null=True, blank=True)
    peer_ready_stable = models.BooleanField(_("the peer region is stable"), null=True, blank=True)
    peer_ready_learning = models.BooleanField(_("the peer region has learning capacity"), null=True, blank=True)
    peer_ready_full_peer = models.BooleanField(_("the peer region can be a full peer"), null=True, blank=True)
    readiness_notes = models.TextField(_("notes on readiness"), blank=True, max_length=TEXT_MAX_SHORT)
    readiness_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    readiness_checked_at = models.DateTimeField(_("readiness checked at"), null=True, blank=True)
    own_report = models.TextField(_("the regions' own report"), blank=True, max_length=TEXT_MAX_LONG)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True, max_length=TEXT_MAX_SHORT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("proposed at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    held_at = models.DateTimeField(_("held at"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("peer review")
        verbose_name_plural = _("peer reviews")
        ordering = ["-programme_year__year", "host_region__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="external") & Q(peer_region__isnull=False) & ~Q(peer_region=models.F("host_region")))
                | (Q(kind="internal") & Q(peer_region__isnull=True)),
                name="peer_review_kind_matches_regions",
            ),
        ]

    def __str__(self):
        if self.kind == self.Kind.INTERNAL:
            return _("Internal peer review %(region)s %(year)s") % {
                "region": self.host_region,
                "year": self.programme_year.year,
            }
        return _("Peer review %(host)s – %(peer)s %(year)s") % {
            "host": self.host_region,
            "peer": self.peer_region,
            "year": self.programme_year.year,
        }

    def get_absolute_url(self):
        return reverse("peerreviews:review_detail", kwargs={"pk": self.pk})

    @property
    def region_ids(self) -> list[int]:
        return [self.host_region_id] + ([self.peer_region_id] if self.peer_region_id else [])

    @property
    def is_internal(self) -> bool:
        return self.kind == self.Kind.INTERNAL

    def readiness_sides(self) -> list[tuple[Region, tuple[bool | None, bool | None, bool | None]]]:
        """Each region whose readiness counts with its three answers (stable, learning, full peer): the host and,
        for an external review, the peer."""
        sides = [(self.host_region, (self.host_ready_stable, self.host_ready_learning, self.host_ready_full_peer))]
        if not self.is_internal and self.peer_region_id:
            sides.append(
                (self.peer_region, (self.peer_ready_stable, self.peer_ready_learning, self.peer_ready_full_peer))
            )
        return sides

    @property
    def readiness_complete(self) -> bool:
        return all(None not in answers for _region, answers in self.readiness_sides())

    @property
    def is_ready(self) -> bool:
        return all(all(answers) for _region, answers in self.readiness_sides())


class PeerReviewTransition(models.Model):
    """History: who moved the peer review from which state to which, when, and why."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(_("from"), max_length=10, choices=PeerReview.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=10, choices=PeerReview.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True, max_length=TEXT_MAX_SHORT)

    class Meta:
        ordering = ["review", "at", "pk"]


class PreparationMeeting(models.Model):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    notes = models.TextField(_("notes"), blank=True, max_length=TEXT_MAX_MEDIUM)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("preparation meeting")
        verbose_name_plural = _("preparation meetings")
        ordering = ["review", "date", "pk"]


class LearningQuestion(models.Model):
    """A region's question for the peer review, grown out of its monitor report and phrased to lead to action."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="learning_questions")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    question = models.TextField(_("learning question"), max_length=TEXT_MAX_SHORT)
    owner = models.CharField(_("owner"), max_length=200, help_text=_("The person who brings in the question."))
    theme = models.ForeignKey(
        PlacematTheme, verbose_name=_("placemat theme"), on_delete=models.PROTECT, related_name="learning_questions"
    )
    report = models.ForeignKey(
        "monitoring.MonitorReport",
        verbose_name=_("monitor report"),
        on_delete=models.PROTECT,
        related_name="learning_questions",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")
        ordering = ["review", "region", "pk"]

    def __str__(self):
        return self.question


class LearningOutcome(models.Model):
    """What a learning question yielded: insights and one concrete action with an owner and a due date."""

    question = models.OneToOneField(LearningQuestion, on_delete=models.CASCADE, related_name="outcome")
    insights = models.TextField(_("insights"), max_length=TEXT_MAX_MEDIUM)
    action = models.TextField(_("action"), max_length=TEXT_MAX_SHORT)
    action_owner = models.CharField(_("action owner"), max_length=200)
    action_due = models.DateField(_("action due"))
    done = models.BooleanField(_("done"), default=False)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")


class Participant(models.Model):
    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="participants")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name"), max_length=200)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "regions.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    o_kind = models.CharField(_("O"), max_length=10, choices=OKind.choices, default=OKind.OVERIG)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["review", "region", "o_kind", "name"]

    def __str__(self):
        return self.name


class Session(models.Model):
    """One session of the programme; sessions in the same slot run in parallel, each on one learning question."""

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="sessions")
    slot = models.PositiveSmallIntegerField(
        _("slot"), default=1, help_text=_("Sessions in the same slot run in parallel.")
    )
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    room = models.CharField(_("room"), max_length=100, blank=True)
    learning_question = models.ForeignKey(
        LearningQuestion,
        verbose_name=_("learning question"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
    )
    attendees = models.ManyToManyField(Participant, verbose_name=_("who attends"), related_name="sessions", blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["review", "slot", "starts_at", "pk"]

    def __str__(self):
        return self.title


class FeedbackReport(models.Model):
    """The critical friend's report on the peer review (terugkoppelverslag), by the region's advisor."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        READY = "ready", _("ready")

    review = models.ForeignKey(PeerReview, on_delete=models.CASCADE, related_name="feedback_reports")
    region = models.ForeignKey(Region, verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("feedback report"), blank=True, max_length=TEXT_MAX_LONG)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    ready_at = models.DateTimeField(_("ready at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("feedback report")
        verbose_name_plural = _("feedback reports")
        constraints = [
            models.UniqueConstraint(fields=["review", "region"], name="feedback_report_unique_per_region"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(ready_at__isnull=False), name="feedback_report_ready_has_date"
            ),
        ]


class AfterTalk(models.Model):
    """The nagesprek: after the review the two regions (or one, for an internal review) sit down with the
    procesbegeleider or their critical friends to evaluate the review and take its outcomes a step further.
    Planned first (a date), recorded once held (who took part, what changed since, the next steps); the
    region's next monitor report links to it."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        RECORDED = "recorded", _("recorded")

    review = models.OneToOneField(
        PeerReview, verbose_name=_("peer review"), on_delete=models.CASCADE, related_name="after_talk"
    )
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    participants = models.TextField(
        _("who took part"),
        blank=True,
        max_length=TEXT_MAX_SHORT,
        help_text=_("Names and roles, per region."),
    )
    what_changed = models.TextField(_("what has changed since the review"), blank=True, max_length=TEXT_MAX_MEDIUM)
    next_steps = models.TextField(_("next steps"), blank=True, max_length=TEXT_MAX_MEDIUM)
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nagesprek")
        verbose_name_plural = _("nagesprekken")
        constraints = [
            models.CheckConstraint(
                condition=Q(status="planned") | (Q(recorded_at__isnull=False) & ~Q(what_changed="")),
                name="after_talk_recorded_has_content",
            ),
        ]

    def __str__(self) -> str:
        return _("Nagesprek of %(review)s") % {"review": self.review}

    def get_absolute_url(self) -> str:
        return self.review.get_absolute_url() + "#after-talk"


class PeerReviewAttachment(Attachment):
    """A file for both regions of a review: the programme, a presentation, photos, the minutes of the day."""

    review = models.ForeignKey(
        PeerReview, verbose_name=_("peer review"), on_delete=models.CASCADE, related_name="attachments"
    )

    class Meta(Attachment.Meta):
        verbose_name = _("peer review attachment")
        verbose_name_plural = _("peer review attachments")


# --- Which states of a peer review allow what: read by the rules, the services and the selectors ---------

_Status = PeerReview.Status
PLAN_STATES = (_Status.PROPOSED, _Status.PREPARING)
CANCEL_STATES = (_Status.PROPOSED, _Status.PREPARING)
FOLLOW_UP_STATES = (_Status.REPORTED, _Status.CLOSED)
QUESTION_STATES = (_Status.PROPOSED, _Status.PREPARING)
OUTCOME_STATES = (_Status.HELD, _Status.REPORTED)
OUTCOME_DONE_STATES = (_Status.HELD, _Status.REPORTED, _Status.CLOSED)
PREPARATION_STATES = (_Status.PROPOSED, _Status.PREPARING, _Status.HELD)  # meetings, participants, sessions
OWN_REPORT_STATES = (_Status.HELD, _Status.REPORTED)
FEEDBACK_STATES = (_Status.HELD, _Status.REPORTED)
REPORT_CONTEXT_STATES = (_Status.HELD, _Status.REPORTED, _Status.CLOSED)
AFTER_TALK_STATES = (_Status.REPORTED, _Status.CLOSED)  # the nagesprek follows the regions' own report
ATTACHMENT_STATES = (_Status.PROPOSED, _Status.PREPARING, _Status.HELD, _Status.REPORTED)
QUESTION_MIN_LENGTH = 15
