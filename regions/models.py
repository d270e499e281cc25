from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from toptechniek.common.text import TEXT_MAX_LINE, TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT

YEAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Programme(models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name (in URLs)"), unique=True)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_MEDIUM)
    start_year = models.PositiveSmallIntegerField(_("start year"), validators=YEAR_VALIDATORS)
    end_year = models.PositiveSmallIntegerField(_("end year"), validators=YEAR_VALIDATORS)
    # Closed: the programme is history; everything in it is read-only (`regions.rules.programme_is_open`).
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(end_year__gte=models.F("start_year")), name="programme_end_after_start")
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:programme_detail", kwargs={"slug": self.slug})

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)


class ProgrammeYear(models.Model):
    """One monitoring cycle: the calendar of a programme year."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="programme_years")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    report_due_date = models.DateField(_("monitor report due date"))
    scoring_due_date = models.DateField(_("scoring due date"), null=True, blank=True)
    audit_window_start = models.DateField(_("audit visits from"), null=True, blank=True)
    audit_window_end = models.DateField(_("audit visits until"), null=True, blank=True)
    peer_review_window_start = models.DateField(_("peer reviews from"), null=True, blank=True)
    peer_review_window_end = models.DateField(_("peer reviews until"), null=True, blank=True)
    reminders_enabled = models.BooleanField(_("send reminders"), default=True)

    class Meta:
        verbose_name = _("programme year")
        verbose_name_plural = _("programme years")
        ordering = ["programme", "year"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "year"], name="programme_year_unique"),
        ]

    def __str__(self):
        return f"{self.programme} {self.year}"

    def get_absolute_url(self):
        return reverse("regions:programme_detail", kwargs={"slug": self.programme.slug}) + f"#year-{self.year}"


class Landsdeel(models.Model):
    """A part of the country of a programme (the Techniekpact's north, east, south and west by default); the
    office edits them per programme on the framework page."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="landsdelen")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("landsdeel")
        verbose_name_plural = _("landsdelen")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="landsdeel_code_unique_in_programme",
                violation_error_message=_("This programme already has a landsdeel with this code."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="landsdeel_name_unique_in_programme",
                violation_error_message=_("This programme already has a landsdeel with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:framework", kwargs={"slug": self.programme.slug}) + f"#landsdeel-{self.pk}"


class Region(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        SUSPENDED = "suspended", _("suspended")
        STOPPED = "stopped", _("stopped")

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="regions")
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name (in URLs)"))  # unique within its programme
    landsdeel = models.ForeignKey(
        Landsdeel, verbose_name=_("landsdeel"), on_delete=models.PROTECT, related_name="regions"
    )  # one of its own programme's (`regions.services`)
    join_year = models.PositiveSmallIntegerField(_("join year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_MEDIUM)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="region_name_unique_in_programme"),
            models.UniqueConstraint(
                fields=["programme", "slug"],
                name="region_slug_unique_in_programme",
                violation_error_message=_("This programme already has a region with this short name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:region_detail", args=[self])

    @property
    def url_key(self) -> str:
        """The region in a URL (`regions.converters`): its number and short name, "31-twente"."""
        return f"{self.pk}-{self.slug}"


class Organisation(models.Model):
    """A partner organisation; its kind is one of the three O's (or other)."""

    class Kind(models.TextChoices):
        ONDERWIJS = "onderwijs", _("education")
        ONDERNEMER = "ondernemer", _("business")
        OVERHEID = "overheid", _("government")
        OVERIG = "overig", _("other")

    class Subtype(models.TextChoices):
        VMBO = "vmbo", _("vmbo school")
        MBO = "mbo", _("mbo college")
        HBO = "hbo", _("university of applied sciences (hbo)")
        WO = "wo", _("university")
        BEDRIJF = "bedrijf", _("company")
        BRANCHE = "branche", _("industry association")
        GEMEENTE = "gemeente", _("municipality")
        PROVINCIE = "provincie", _("province")
        RIJK = "rijk", _("national government")
        KENNISINSTELLING = "kennisinstelling", _("knowledge institute")
        OVERIG = "overig", _("other")

    # Which subtypes belong to which kind; also enforced by a database constraint.
    SUBTYPES_BY_KIND = {
        Kind.ONDERWIJS: [Subtype.VMBO, Subtype.MBO, Subtype.HBO, Subtype.WO],
        Kind.ONDERNEMER: [Subtype.BEDRIJF, Subtype.BRANCHE],
        Kind.OVERHEID: [Subtype.GEMEENTE, Subtype.PROVINCIE, Subtype.RIJK],
        Kind.OVERIG: [Subtype.KENNISINSTELLING, Subtype.OVERIG],
    }

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    subtype = models.CharField(_("type"), max_length=20, choices=Subtype.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="onderwijs", subtype__in=["vmbo", "mbo", "hbo", "wo"])
                    | Q(kind="ondernemer", subtype__in=["bedrijf", "branche"])
                    | Q(kind="overheid", subtype__in=["gemeente", "provincie", "rijk"])
                    | Q(kind="overig", subtype__in=["kennisinstelling", "overig"])
                ),
                name="organisation_subtype_matches_kind",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:organisation_update", kwargs={"pk": self.pk})


class RegionPartner(models.Model):
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="partnerships")
    is_penvoerder = models.BooleanField(_("penvoerder (lead organisation)"), default=False)
    since_year = models.PositiveSmallIntegerField(_("partner since"), null=True, blank=True)

    class Meta:
        verbose_name = _("region partner")
        verbose_name_plural = _("region partners")
        ordering = ["-is_penvoerder", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "organisation"], name="region_partner_unique"),
            models.UniqueConstraint(
                fields=["region"], condition=Q(is_penvoerder=True), name="region_single_penvoerder"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} – {self.region}"

    def get_absolute_url(self):
        return self.region.get_absolute_url() + "#partners"


class RegionRole(models.Model):
    """A person's role in one region. A person can hold several."""

    class Role(models.TextChoices):
        PROJECT_LEADER = "project_leader", _("project leader")
        PENVOERDER = "penvoerder", _("penvoerder")
        PARTNER = "partner", _("network partner")
        SUBPROJECT_LEADER = "subproject_leader", _("sub-project leader")
        CRITICAL_FRIEND = "critical_friend", _("critical friend")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="region_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("on behalf of"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
    )
    start_date = models.DateField(_("since"), default=timezone.localdate)

    class Meta:
        verbose_name = _("region role")
        verbose_name_plural = _("region roles")
        ordering = ["role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="region_role_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.region}"

    def get_absolute_url(self):
        return self.region.get_absolute_url() + "#people"


class PastRegionRole(models.Model):
    """A region role that has ended (a project leader or penvoerder who handed over, a critical friend
    whose last assignment was removed). Current roles are `RegionRole` rows; ending one moves it here, so
    every permission check and mail reads current roles only and the history is kept for ever."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="past_region_roles")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="past_roles")
    role = models.CharField(_("role"), max_length=20, choices=RegionRole.Role.choices)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("on behalf of"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start_date = models.DateField(_("since"))
    end_date = models.DateField(_("until"))
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ended_at = models.DateTimeField(_("ended at"), default=timezone.now)

    class Meta:
        verbose_name = _("past region role")
        verbose_name_plural = _("past region roles")
        ordering = ["region", "-end_date", "role"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="past_region_role_dates"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.region} ({self.start_date}–{self.end_date})"


# --- The placemat framework: data per programme, editable by the office ------------------


class PlacematTheme(models.Model):
    """One of the eight placemat themes: four performance areas ('wat') and four process themes ('hoe')."""

    class Kind(models.TextChoices):
        PERFORMANCE = "performance", _("performance area (what)")
        PROCESS = "process", _("process theme (how)")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="placemat_themes")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(9)])
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_SHORT)

    class Meta:
        verbose_name = _("placemat theme")
        verbose_name_plural = _("placemat themes")
        ordering = ["programme", "kind", "number"]  # performance areas first
        constraints = [
            models.UniqueConstraint(fields=["programme", "kind", "number"], name="placemat_theme_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("regions:framework", kwargs={"slug": self.programme.slug}) + f"#theme-{self.pk}"


class GuidingQuestion(models.Model):
    theme = models.ForeignKey(PlacematTheme, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("question"), max_length=TEXT_MAX_LINE)

    class Meta:
        verbose_name = _("guiding question")
        verbose_name_plural = _("guiding questions")
        ordering = ["theme", "order", "pk"]

    def __str__(self):
        return self.text


class SuccessCondition(models.Model):
    """One of the nine conditions for successful networks (randvoorwaarden)."""

    class Group(models.TextChoices):
        STRATEGIC = "strategisch", _("strategic (why and who)")
        AGENDA = "agendazettend", _("agenda-setting (what)")
        EXECUTION = "uitvoering", _("execution (how)")

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="success_conditions")
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(20)])
    group = models.CharField(_("group"), max_length=16, choices=Group.choices)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_SHORT)

    class Meta:
        verbose_name = _("success condition")
        verbose_name_plural = _("success conditions")
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="success_condition_unique"),
        ]

    def __str__(self):
        return f"{self.number}. {self.name}"

    def get_absolute_url(self):
        return reverse("regions:framework", kwargs={"slug": self.programme.slug}) + f"#condition-{self.pk}"


# --- Vision and agreements ----------------------------------------------------------------


class CriterionScore(models.IntegerChoices):
    """Scale for the four vision criteria."""

    INSUFFICIENT = 1, _("1 – insufficient")
    MODERATE = 2, _("2 – moderate")
    SUFFICIENT = 3, _("3 – sufficient")
    GOOD = 4, _("4 – good")


class RegionVision(models.Model):
    """A version of the regiovisie + plan van aanpak. Approved versions are read-only."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        APPROVED = "approved", _("approved")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="visions")
    version = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    labour_market_analysis = models.TextField(_("analysis of the regional labour market"), max_length=TEXT_MAX_LONG)
    ambitions = models.TextField(_("ambitions"), max_length=TEXT_MAX_LONG)
    approach_why = models.TextField(_("approach: why"), max_length=TEXT_MAX_LONG)
    approach_what = models.TextField(_("approach: what"), max_length=TEXT_MAX_LONG)
    approach_who = models.TextField(_("approach: who"), max_length=TEXT_MAX_LONG)
    approach_how = models.TextField(_("approach: how"), max_length=TEXT_MAX_LONG)
    # The regioagenda (verduurzaming): in its programme's final year a region writes, as a new version, what
    # continues after the programme, who pays for it and which agreements stay. All three, or none.
    agenda_continues = models.TextField(_("regioagenda: what continues"), blank=True, max_length=TEXT_MAX_LONG)
    agenda_funding = models.TextField(_("regioagenda: who pays"), blank=True, max_length=TEXT_MAX_LONG)
    agenda_agreements = models.TextField(_("regioagenda: agreements that stay"), blank=True, max_length=TEXT_MAX_LONG)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("written by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Assessment by the programme office on the four criteria, recorded at approval.
    ambitious_score = models.PositiveSmallIntegerField(_("ambitious: score"), choices=CriterionScore.choices, null=True)
    ambitious_rationale = models.TextField(_("ambitious: rationale"), blank=True, max_length=TEXT_MAX_SHORT)
    partners_score = models.PositiveSmallIntegerField(_("partners: score"), choices=CriterionScore.choices, null=True)
    partners_rationale = models.TextField(_("partners: rationale"), blank=True, max_length=TEXT_MAX_SHORT)
    feasible_score = models.PositiveSmallIntegerField(_("feasible: score"), choices=CriterionScore.choices, null=True)
    feasible_rationale = models.TextField(_("feasible: rationale"), blank=True, max_length=TEXT_MAX_SHORT)
    sustainable_score = models.PositiveSmallIntegerField(
        _("sustainable: score"), choices=CriterionScore.choices, null=True
    )
    sustainable_rationale = models.TextField(_("sustainable: rationale"), blank=True, max_length=TEXT_MAX_SHORT)
    subsidy_decision_date = models.DateField(_("subsidy decision date"), null=True)
    subsidy_amount = models.DecimalField(_("subsidy amount (EUR)"), max_digits=12, decimal_places=2, null=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("approved by")
    )
    approved_at = models.DateTimeField(_("approved at"), null=True)

    CRITERIA = ("ambitious", "partners", "feasible", "sustainable")
    AGENDA_FIELDS = ("agenda_continues", "agenda_funding", "agenda_agreements")

    class Meta:
        verbose_name = _("regional vision")
        verbose_name_plural = _("regional visions")
        ordering = ["region", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["region", "version"], name="region_vision_version_unique"),
            models.UniqueConstraint(fields=["region"], condition=Q(status="draft"), name="region_vision_single_draft"),
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(
                    ambitious_score__isnull=False,
                    partners_score__isnull=False,
                    feasible_score__isnull=False,
                    sustainable_score__isnull=False,
                    subsidy_decision_date__isnull=False,
                    subsidy_amount__isnull=False,
                    approved_at__isnull=False,
                ),
                name="region_vision_approved_is_assessed",
            ),
            models.CheckConstraint(
                condition=Q(subsidy_amount__isnull=True) | Q(subsidy_amount__gte=0),
                name="region_vision_subsidy_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.region} – {_('version')} {self.version}"

    def get_absolute_url(self):
        return reverse("regions:vision_detail", kwargs={"pk": self.pk})

    @property
    def is_regioagenda(self) -> bool:
        """A version with the regioagenda: the region's plan for after the programme."""
        return bool(self.agenda_continues)

    @property
    def is_approved(self) -> bool:
        return self.status == self.Status.APPROVED

    def criteria(self):
        """(label, score display, rationale) for the four assessment criteria, in order."""
        labels = {
            "ambitious": _("Ambitious"),
            "partners": _("Partners"),
            "feasible": _("Feasible"),
            "sustainable": _("Sustainable"),
        }
        return [
            (labels[c], getattr(self, f"get_{c}_score_display")(), getattr(self, f"{c}_rationale"))
            for c in self.CRITERIA
        ]


class Route(models.Model):
    """A route of a programme that indicators belong to (by default the vakmanschapsroute, the
    technologieroute and both); the office edits them per programme on the framework page."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="routes")
    code = models.SlugField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    position = models.PositiveSmallIntegerField(_("position"), default=1)

    class Meta:
        verbose_name = _("route")
        verbose_name_plural = _("routes")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"],
                name="route_code_unique_in_programme",
                violation_error_message=_("This programme already has a route with this code."),
            ),
            models.UniqueConstraint(
                fields=["programme", "name"],
                name="route_name_unique_in_programme",
                violation_error_message=_("This programme already has a route with this name."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("regions:framework", kwargs={"slug": self.programme.slug}) + f"#route-{self.pk}"


class Indicator(models.Model):
    """A performance agreement (prestatieafspraak): an indicator with a baseline and yearly targets.

    Once agreed, its targets change only through a `TargetAmendment`; a year's targets are frozen once
    that year's monitor report has been submitted (`regions.services`)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        AGREED = "agreed", _("agreed")

    class Kind(models.TextChoices):
        PERFORMANCE = "prestatie", _("performance indicator")
        PROCESS = "proces", _("process indicator")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")
        RANGE = "range", _("within a target range")

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_SHORT)
    performance_area = models.ForeignKey(
        PlacematTheme,
        verbose_name=_("performance area"),
        on_delete=models.PROTECT,
        related_name="indicators",
        limit_choices_to={"kind": PlacematTheme.Kind.PERFORMANCE},
    )
    route = models.ForeignKey(
        Route, verbose_name=_("route"), on_delete=models.PROTECT, related_name="indicators"
    )  # one of its region's programme's (`regions.services`)
    kind = models.CharField(_("kind of indicator"), max_length=10, choices=Kind.choices, default=Kind.PERFORMANCE)
    direction = models.CharField(_("direction"), max_length=8, choices=Direction.choices, default=Direction.HIGHER)
    unit = models.CharField(_("unit"), max_length=50)
    baseline_value = models.DecimalField(
        _("baseline (0-meting)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), validators=YEAR_VALIDATORS)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["region", "code"]
        constraints = [
            models.UniqueConstraint(fields=["region", "code"], name="indicator_code_unique_in_region"),
            models.CheckConstraint(condition=Q(baseline_value__gte=0), name="indicator_baseline_not_negative"),
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return self.region.get_absolute_url() + f"#indicator-{self.pk}"


class Target(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    # Only for indicators whose direction is "range": the upper bound (`value` is the lower bound).
    value_max = models.DecimalField(
        _("target (upper bound)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "year"], name="target_unique_per_year"),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
            models.CheckConstraint(
                condition=Q(value_max__isnull=True) | Q(value_max__gte=models.F("value")),
                name="target_range_ordered",
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code} {self.year}: {self.value}"


def target_met(*, direction: str, value: Decimal | None, target: Decimal | None, target_max: Decimal | None = None):
    """Whether a realisation meets its target, given the indicator's direction; None when it cannot be
    judged (no value or no target). The one place this rule lives in Python; `on_target_q` is its SQL twin."""
    if value is None or target is None:
        return None
    if direction == Indicator.Direction.LOWER:
        return value <= target
    if direction == Indicator.Direction.RANGE:
        return value >= target and (target_max is None or value <= target_max)
    return value >= target


def on_target_q(*, value: str = "value", direction: str, target: str, target_max: str) -> Q:
    """SQL twin of `target_met`: a Q over a realisation's value and its indicator's direction and target,
    each given as a lookup path (e.g. direction="indicator__direction", target="indicator__targets__value")."""
    return (
        Q(**{direction: Indicator.Direction.LOWER, f"{value}__lte": models.F(target)})
        | Q(**{direction: Indicator.Direction.HIGHER, f"{value}__gte": models.F(target)})
        | (
            Q(**{direction: Indicator.Direction.RANGE, f"{value}__gte": models.F(target)})
            & (Q(**{f"{target_max}__isnull": True}) | Q(**{f"{value}__lte": models.F(target_max)}))
        )
    )


class TargetAmendment(models.Model):
    """A change to an agreed indicator's targets (wijziging prestatieafspraak): proposed with a reason,
    decided by the programme office, dated, kept for ever. Its lines say which years change from what to
    what; a year whose monitor report has been submitted is frozen and cannot be amended."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("proposed")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")
        WITHDRAWN = "withdrawn", _("withdrawn")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="amendments")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    reason = models.TextField(_("reason"), max_length=TEXT_MAX_SHORT)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("proposed by")
    )
    proposed_at = models.DateTimeField(_("proposed at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True, max_length=TEXT_MAX_SHORT)

    class Meta:
        verbose_name = _("target amendment")
        verbose_name_plural = _("target amendments")
        ordering = ["indicator", "-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator"], condition=Q(status="proposed"), name="target_amendment_single_open"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["proposed", "withdrawn"]) | Q(decided_at__isnull=False),
                name="target_amendment_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="refused") | ~Q(decision_note=""), name="target_amendment_refusal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.indicator.code}: {self.get_status_display()} ({self.proposed_at:%Y-%m-%d})"

    def get_absolute_url(self):
        return self.indicator.region.get_absolute_url() + f"#amendment-{self.pk}"


class TargetAmendmentLine(models.Model):
    """One year's change in an amendment: the target before and after (with the range's upper bound)."""

    amendment = models.ForeignKey(TargetAmendment, on_delete=models.CASCADE, related_name="lines")
    year = models.PositiveSmallIntegerField(_("year"), validators=YEAR_VALIDATORS)
    old_value = models.DecimalField(_("target before"), max_digits=12, decimal_places=2, null=True, blank=True)
    old_max = models.DecimalField(_("upper bound before"), max_digits=12, decimal_places=2, null=True, blank=True)
    new_value = models.DecimalField(
        _("new target"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    new_max = models.DecimalField(
        _("new upper bound"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )

    class Meta:
        verbose_name = _("amendment line")
        verbose_name_plural = _("amendment lines")
        ordering = ["amendment", "year"]
        constraints = [
            models.UniqueConstraint(fields=["amendment", "year"], name="target_amendment_line_unique"),
            models.CheckConstraint(condition=Q(new_value__gte=0), name="target_amendment_line_not_negative"),
        ]

    def __str__(self):
        return f"{self.year}: {self.old_value} → {self.new_value}"


class Cofinancing(models.Model):
    """A partner's co-financing (cofinanciering) of its region in one programme year: what it committed and
    what it realised, in money and in kind (euros). The partner's organisation kind gives the O. Realised may
    exceed committed. Written by `regions.services.cofinancing_save`."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="cofinancing")
    # RESTRICT: a partner with figures is not removed on its own (`region_partner_remove` says so), but goes
    # with its region.
    partner = models.ForeignKey(
        RegionPartner, verbose_name=_("partner"), on_delete=models.RESTRICT, related_name="cofinancing"
    )
    programme_year = models.ForeignKey(ProgrammeYear, on_delete=models.PROTECT, related_name="cofinancing")
    committed_money = models.DecimalField(
        _("committed: money (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    committed_in_kind = models.DecimalField(
        _("committed: in kind (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    realised_money = models.DecimalField(
        _("realised: money (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    realised_in_kind = models.DecimalField(
        _("realised: in kind (EUR)"), max_digits=12, decimal_places=2, default=Decimal(0)
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )

    AMOUNTS = ("committed_money", "committed_in_kind", "realised_money", "realised_in_kind")

    class Meta:
        verbose_name = _("co-financing")
        verbose_name_plural = _("co-financing")
        ordering = ["region", "programme_year", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "programme_year"], name="cofinancing_unique_per_year"),
            models.CheckConstraint(
                condition=Q(committed_money__gte=0)
                & Q(committed_in_kind__gte=0)
                & Q(realised_money__gte=0)
                & Q(realised_in_kind__gte=0),
                name="cofinancing_not_negative",
            ),
        ]

    def __str__(self):
        return f"{self.partner} {self.programme_year.year}"

    def get_absolute_url(self):
        return reverse("regions:cofinancing_edit", args=[self.region, self.programme_year.year])

    @property
    def committed(self) -> Decimal:
        return self.committed_money + self.committed_in_kind

    @property
    def realised(self) -> Decimal:
        return self.realised_money + self.realised_in_kind


class SubProject(models.Model):
    """A deelproject: one part of a region's plan of approach, with its own leader (a person holding the
    region role `subproject_leader`), the region partners taking part, a budget and the agreed indicators it
    contributes to. Internal peer reviews pair two of a region's sub-projects."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="subprojects")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=TEXT_MAX_SHORT)
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sub-project leader"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_subprojects",
    )
    partners = models.ManyToManyField(RegionPartner, verbose_name=_("partners"), blank=True, related_name="subprojects")
    indicators = models.ManyToManyField(
        "Indicator", verbose_name=_("contributes to indicators"), blank=True, related_name="subprojects"
    )
    budget = models.DecimalField(_("budget (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        ordering = ["region", "name"]
        constraints = [
            models.UniqueConstraint(fields=["region", "name"], name="subproject_name_unique_per_region"),
            models.CheckConstraint(
                condition=Q(budget__gte=0) | Q(budget__isnull=True), name="subproject_budget_not_negative"
            ),
        ]

    def __str__(self):
        return self.name
