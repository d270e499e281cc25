from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MinValueValidator
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from toptechniek.accounts.models import User
from toptechniek.common.forms import AmountField, StyledFormMixin, decimal_parse
from toptechniek.common.text import TEXT_MAX_LINE, TEXT_MAX_LONG, TEXT_MAX_SHORT, text_clean, text_length_message

from .models import (
    CriterionScore,
    GuidingQuestion,
    Indicator,
    Landsdeel,
    Organisation,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Route,
    SuccessCondition,
)
from .services import COFINANCING_NOTE_MAX, CofinancingInput


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProgrammeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "slug", "start_year", "end_year", "description"]

    def clean(self):
        data = super().clean()
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("The end year cannot be before the start year."))
        return data

    def validate_constraints(self, exclude=None):
        # The end-after-start check is reported on the field by clean(); skip the generic message.
        return None


class ProgrammeYearForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = ProgrammeYear
        fields = [
            "year",
            "report_due_date",
            "scoring_due_date",
            "audit_window_start",
            "audit_window_end",
            "peer_review_window_start",
            "peer_review_window_end",
            "reminders_enabled",
        ]
        widgets = {name: DateInput() for name in fields if name not in ("year", "reminders_enabled")}

    def validate_unique(self):
        return None  # the service checks (programme, year) with a field-bound message


def programme_choices(items) -> list:
    """Choices of landsdelen or routes (with their programme selected): one programme's plainly, several
    grouped under their programme's name."""
    items = list(items)
    programmes = {item.programme_id: item.programme.name for item in items}
    if len(programmes) <= 1:
        return [("", "---------"), *((item.pk, item.name) for item in items)]
    groups: dict[int, list] = {}
    for item in items:
        groups.setdefault(item.programme_id, []).append((item.pk, item.name))
    return [("", "---------"), *((programmes[pk], options) for pk, options in groups.items())]


class RegionForm(StyledFormMixin, forms.ModelForm):
    """A region; its landsdeel is one of its programme's. An existing region is offered its programme's
    landsdelen (those of the programme chosen, when the office moves it); a new one every programme's,
    grouped by programme, since the programme is chosen on the same page."""

    class Meta:
        model = Region
        fields = ["programme", "name", "slug", "landsdeel", "join_year", "status", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A closed programme takes no new regions (it is history); a region of one keeps its programme.
        self.fields["programme"].queryset = self.fields["programme"].queryset.filter(
            Q(closed_at__isnull=True) | Q(pk=self.instance.programme_id)
        )
        landsdelen = Landsdeel.objects.select_related("programme").order_by(
            "-programme__start_year", "programme__name", "position", "pk"
        )
        self.fields["landsdeel"].queryset = landsdelen  # any, so a mix is refused with a clear message
        shown = landsdelen
        if self.instance.pk:
            programme_id = self.instance.programme_id
            chosen = str(self.data.get("programme", "")) if self.is_bound else ""
            if chosen.isdigit():
                programme_id = int(chosen)
            shown = landsdelen.filter(programme_id=programme_id)
        self.fields["landsdeel"].choices = programme_choices(shown)

    def clean(self):
        data = super().clean()
        programme, landsdeel = data.get("programme"), data.get("landsdeel")
        if programme and landsdeel and landsdeel.programme_id != programme.pk:
            self.add_error(
                "landsdeel", _("Choose one of the landsdelen of %(programme)s.") % {"programme": programme.name}
            )
        return data


class OrganisationForm(StyledFormMixin, forms.ModelForm):
    website = forms.URLField(label=_("website"), required=False, assume_scheme="https")

    class Meta:
        model = Organisation
        fields = ["name", "kind", "subtype", "city", "website"]
        help_texts = {
            "subtype": _(
                "Education: vmbo, mbo, hbo, university. Business: company, industry association. "
                "Government: municipality, province, national. Other: knowledge institute, other."
            )
        }

    def clean(self):
        data = super().clean()
        kind, subtype = data.get("kind"), data.get("subtype")
        if kind and subtype and subtype not in Organisation.SUBTYPES_BY_KIND[kind]:
            self.add_error("subtype", _("This type does not belong to the chosen kind of organisation."))
        return data

    def validate_constraints(self, exclude=None):
        return None  # reported on the field by clean()


class RegionPartnerForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RegionPartner
        fields = ["organisation", "is_penvoerder", "since_year"]

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["organisation"].queryset = Organisation.objects.order_by("name")

    def validate_unique(self):
        return None  # the service checks, with messages on the fields

    def validate_constraints(self, exclude=None):
        return None


class RegionRoleForm(StyledFormMixin, forms.ModelForm):
    start_date = forms.DateField(
        label=_("Since"),
        required=False,
        widget=DateInput(),
        help_text=_("The day the role started; leave empty for today. It cannot lie in the future."),
    )

    class Meta:
        model = RegionRole
        fields = ["user", "role", "organisation"]
        labels = {"user": _("person")}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(is_active=True).order_by("full_name", "email")
        self.fields["organisation"].queryset = Organisation.objects.filter(partnerships__region=region).order_by("name")

    def validate_unique(self):
        return None


class RegionVisionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = RegionVision
        fields = [
            "labour_market_analysis",
            "ambitions",
            "approach_why",
            "approach_what",
            "approach_who",
            "approach_how",
            "agenda_continues",
            "agenda_funding",
            "agenda_agreements",
        ]
        help_texts = {
            "agenda_continues": _("Which activities, learning pathways and partnerships continue after the programme."),
            "agenda_funding": _("Who pays for them from then on: the partners' own budgets, the region, other funds."),
            "agenda_agreements": _(
                "Which performance agreements the partners keep, and how they keep monitoring them."
            ),
            "labour_market_analysis": _("Demand for technically trained people in the region, now and expected."),
            "ambitions": _("What the region wants to achieve, in figures where possible."),
            "approach_why": _("Why the partners work together."),
            "approach_what": _("What the region will do and achieve."),
            "approach_who": _("Who takes part and who is responsible for what."),
            "approach_how": _("How the partners organise, steer and monitor the work."),
        }

    def __init__(self, *args, with_agenda: bool = False, **kwargs):
        """`with_agenda`: the regioagenda's three parts are asked for (the programme's final year)."""
        super().__init__(*args, **kwargs)
        if not with_agenda:
            for name in RegionVision.AGENDA_FIELDS:
                del self.fields[name]

    @property
    def main_fields(self):
        return [self[name] for name in self.fields if name not in RegionVision.AGENDA_FIELDS]

    @property
    def agenda_fields(self):
        return [self[name] for name in self.fields if name in RegionVision.AGENDA_FIELDS]


class VisionApprovalForm(StyledFormMixin, forms.Form):
    ambitious_score = forms.TypedChoiceField(label=_("Ambitious: score"), choices=CriterionScore.choices, coerce=int)
    ambitious_rationale = forms.CharField(
        label=_("Ambitious: rationale"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    partners_score = forms.TypedChoiceField(label=_("Partners: score"), choices=CriterionScore.choices, coerce=int)
    partners_rationale = forms.CharField(
        label=_("Partners: rationale"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    feasible_score = forms.TypedChoiceField(label=_("Feasible: score"), choices=CriterionScore.choices, coerce=int)
    feasible_rationale = forms.CharField(
        label=_("Feasible: rationale"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    sustainable_score = forms.TypedChoiceField(
        label=_("Sustainable: score"), choices=CriterionScore.choices, coerce=int
    )
    sustainable_rationale = forms.CharField(
        label=_("Sustainable: rationale"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )
    subsidy_decision_date = forms.DateField(label=_("Subsidy decision date"), widget=DateInput())
    subsidy_amount = forms.DecimalField(
        label=_("Subsidy amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message=_("The amount cannot be negative."))],
    )


def _target_field(label, initial=None) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=False,
        max_digits=12,
        decimal_places=2,
        initial=initial,
        validators=[MinValueValidator(Decimal(0), message=_("A target cannot be negative."))],
    )
    field.widget.attrs.update({"class": "form-control", "inputmode": "decimal"})
    return field


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    """An indicator with a target (and, for a target range, an upper bound) per programme year.

    An agreed indicator is binding: its direction, unit, baseline and targets are shown read-only (an
    amendment changes them); so are the targets of frozen years of a proposed one."""

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "description",
            "performance_area",
            "route",
            "kind",
            "direction",
            "unit",
            "baseline_value",
            "baseline_year",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "kind": _("A performance indicator measures a result; a process indicator measures the way of working."),
            "direction": _(
                "Higher is better (e.g. pupils), lower is better (e.g. drop-out), or within a range (give a lower "
                "and an upper bound per year)."
            ),
        }

    def __init__(self, *args, region: Region, frozen_years=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.frozen_years = set(frozen_years)
        self.is_agreed = bool(self.instance.pk and self.instance.status == Indicator.Status.AGREED)
        self.fields["performance_area"].queryset = PlacematTheme.objects.filter(
            programme_id=region.programme_id, kind=PlacematTheme.Kind.PERFORMANCE
        ).order_by("number")
        self.fields["route"].queryset = Route.objects.filter(programme_id=region.programme_id)
        self.fields["route"].error_messages["invalid_choice"] = _("Choose one of the routes of %(programme)s.") % {
            "programme": region.programme.name
        }
        self.fields["baseline_value"].error_messages["min_value"] = _("The baseline cannot be negative.")
        existing = {}
        if self.instance.pk:
            existing = {t.year: t for t in self.instance.targets.all()}
        for year in region.programme.years:
            target = existing.get(year)
            self.fields[f"target_{year}"] = _target_field(
                _("Target %(year)s") % {"year": year}, target.value if target else None
            )
            self.fields[f"target_max_{year}"] = _target_field(
                _("Upper bound %(year)s (range only)") % {"year": year}, target.value_max if target else None
            )
            if self.is_agreed or year in self.frozen_years:
                for name in (f"target_{year}", f"target_max_{year}"):
                    self.fields[name].disabled = True
                if not self.is_agreed:
                    self.fields[f"target_{year}"].help_text = _(
                        "Frozen: the report of %(year)s has been submitted."
                    ) % {"year": year}
        if self.is_agreed:
            for name in ("direction", "unit", "baseline_value", "baseline_year"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Agreed: changes only through an amendment.")

    def clean_code(self):
        # Checked here as well as in the service, so it shows together with the other field errors.
        code = self.cleaned_data["code"].strip()
        duplicate = Indicator.objects.filter(region=self.region, code__iexact=code)
        if self.instance.pk:
            duplicate = duplicate.exclude(pk=self.instance.pk)
        if duplicate.exists():
            raise forms.ValidationError(_("This region already has an indicator with code %(code)s.") % {"code": code})
        return code

    @property
    def target_rows(self):
        """(year, target field, upper-bound field) per programme year."""
        return [(year, self[f"target_{year}"], self[f"target_max_{year}"]) for year in self.region.programme.years]

    @property
    def target_fields(self):
        return [self[name] for name in self.fields if name.startswith("target_")]

    @property
    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("target_")]

    def targets(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        return {
            year: (self.cleaned_data.get(f"target_{year}"), self.cleaned_data.get(f"target_max_{year}"))
            for year in self.region.programme.years
        }

    def indicator_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self):
        return None  # the service checks the code per region, case-insensitively

    def validate_constraints(self, exclude=None):
        return None


class TargetAmendmentForm(StyledFormMixin, forms.Form):
    """New targets for an agreed indicator, pre-filled with the current ones; frozen years read-only."""

    reason = forms.CharField(
        label=_("Reason"),
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the agreement should change: what happened, and why the new target is realistic."),
        error_messages={"required": _("Give the reason for the amendment.")},
    )

    def __init__(self, *args, indicator: Indicator, frozen_years=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.frozen_years = set(frozen_years)
        self.is_range = indicator.direction == Indicator.Direction.RANGE
        self.years = list(indicator.region.programme.years)
        current = {t.year: t for t in indicator.targets.all()}
        for year in self.years:
            target = current.get(year)
            self.fields[f"target_{year}"] = _target_field(
                (_("Lower bound %(year)s") if self.is_range else _("Target %(year)s")) % {"year": year},
                target.value if target else None,
            )
            if self.is_range:
                self.fields[f"target_max_{year}"] = _target_field(
                    _("Upper bound %(year)s") % {"year": year}, target.value_max if target else None
                )
            if year in self.frozen_years:
                for name in (f"target_{year}", f"target_max_{year}"):
                    if name in self.fields:
                        self.fields[name].disabled = True
                self.fields[f"target_{year}"].help_text = _(
                    "Frozen: the monitor report of %(year)s has been submitted."
                ) % {"year": year}

    @property
    def target_rows(self):
        return [
            (
                year,
                self[f"target_{year}"],
                self[f"target_max_{year}"] if self.is_range else None,
                year in self.frozen_years,
            )
            for year in self.years
        ]

    def targets(self) -> dict[int, tuple[Decimal | None, Decimal | None]]:
        """The open years' targets as typed (frozen years are left out: they cannot change)."""
        return {
            year: (self.cleaned_data.get(f"target_{year}"), self.cleaned_data.get(f"target_max_{year}"))
            for year in self.years
            if year not in self.frozen_years
        }


class AmendmentDecisionForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        error_messages={"required": _("Choose to approve or to refuse.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when you refuse: the region reads why."),
    )


class PlacematThemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 2})
    )


class PlacematThemeCreateForm(PlacematThemeForm):
    """A new theme: its kind, name and its first guiding questions (more can be added one by one later)."""

    kind = forms.ChoiceField(label=_("Kind"), choices=PlacematTheme.Kind.choices)
    questions = forms.CharField(
        label=_("Guiding questions"),
        max_length=TEXT_MAX_LONG,
        help_text=_("One question per line, in the order they are asked."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    field_order = ["kind", "name", "description", "questions"]

    def clean_questions(self) -> str:
        text = self.cleaned_data["questions"]
        for number, line in enumerate(text.splitlines(), start=1):
            if len(line.strip()) > TEXT_MAX_LINE:
                raise forms.ValidationError(
                    _("Line %(n)s: %(message)s")
                    % {"n": number, "message": text_length_message(length=len(line.strip()), limit=TEXT_MAX_LINE)}
                )
        return text

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


class LandsdeelRouteForm(StyledFormMixin, forms.Form):
    """A new landsdeel or route: its code (fixed once added) and name."""

    code = forms.SlugField(
        label=_("Code"),
        max_length=20,
        help_text=_("Lower-case letters, digits and hyphens; used in links and exports, cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=100)


class LandsdeelRouteNameForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)


class GuidingQuestionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = GuidingQuestion
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class SuccessConditionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = SuccessCondition
        fields = ["group", "name", "description"]


# --- People by O, one per line (audit visit attendees, peer-review participants) --------------------------

PEOPLE_LINES_HELP = _(
    "One per line: name; organisation; O (onderwijs, ondernemer, overheid or overig – or education, business, "
    "government, other)."
)


def people_to_text(people) -> str:
    """The lines a PeopleLinesField reads back: name; organisation; O."""
    return "\n".join(f"{p.name}; {p.organisation_name}; {p.o_kind}" for p in people)


class PeopleLinesField(forms.CharField):
    """A textarea of "name; organisation; O" lines, cleaned to dicts with name, organisation_name and
    o_kind (an Organisation.Kind value). O may be the Dutch value or the English or current-language
    label; left out it is "overig"."""

    widget = forms.Textarea(attrs={"rows": 6})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", PEOPLE_LINES_HELP)
        kwargs.setdefault("max_length", TEXT_MAX_LONG)
        super().__init__(**kwargs)

    @staticmethod
    def _aliases() -> dict[str, str]:
        from django.utils import translation

        kinds = Organisation.Kind
        aliases = {c.value: c.value for c in kinds}
        with translation.override("en"):
            aliases.update({str(c.label).lower(): c.value for c in kinds})
        aliases.update({str(c.label).lower(): c.value for c in kinds})  # the reader's language
        return aliases

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from django.utils.translation import gettext

        text = super().clean(value)
        aliases = self._aliases()
        rows = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.split(";")]
            kind = aliases.get((parts[2] if len(parts) > 2 else "").lower() or Organisation.Kind.OVERIG)
            if not parts[0] or kind is None or len(parts) > 3:
                raise ValidationError(
                    gettext(
                        "Line %(n)s: write name; organisation; O (onderwijs, ondernemer, overheid or overig – or "
                        "education, business, government, other)."
                    )
                    % {"n": number}
                )
            rows.append({"name": parts[0], "organisation_name": parts[1] if len(parts) > 1 else "", "o_kind": kind})
        return rows


# --- Co-financing: one row per partner, fields "p-<partner id>-<field>" -----------------------

COFINANCING_FIELDS = ("committed_money", "committed_in_kind", "realised_money", "realised_in_kind")


def cofinancing_field_name(partner_id: int, name: str) -> str:
    return f"p-{partner_id}-{name}"


def parse_cofinancing(data, *, partner_ids: list[int]) -> tuple[dict, dict[str, str]]:
    """The posted rows of the co-financing page: {partner id: CofinancingInput} and field errors. Amounts
    are read as people type them (a Dutch decimal comma, dots as thousands separators); an empty amount is
    zero. A partner whose fields were not posted is left out. The service checks the same again."""
    rows, errors = {}, {}
    for partner_id in partner_ids:
        if not any(cofinancing_field_name(partner_id, n) in data for n in (*COFINANCING_FIELDS, "note")):
            continue  # not on the page that was posted (a partner added since): left as it is
        amounts = {}
        for name in COFINANCING_FIELDS:
            key = cofinancing_field_name(partner_id, name)
            try:
                value = decimal_parse(data.get(key, ""))
            except (InvalidOperation, ValueError):
                errors[key] = _("Enter an amount in euros, for example 12500 or 1.250,50.")
                continue
            if value is not None and value < 0:
                errors[key] = _("An amount cannot be negative.")
                continue
            amounts[name] = value
        note_key = cofinancing_field_name(partner_id, "note")
        note = text_clean(data.get(note_key, "") or "").strip()
        if len(note) > COFINANCING_NOTE_MAX:
            errors[note_key] = _("The note can be at most %(max)s characters.") % {"max": COFINANCING_NOTE_MAX}
        if not any(cofinancing_field_name(partner_id, n) in errors for n in (*COFINANCING_FIELDS, "note")):
            rows[partner_id] = CofinancingInput(**amounts, note=note)
    return rows, errors


def cofinancing_table(*, groups, posted, errors: dict[str, str]) -> list[tuple[str, str, list[dict]]]:
    """The page's rows (`regions.selectors.cofinancing_rows`) with each input's name, value and error: what
    was posted when the page is shown again, else the stored figures in the language's number format."""
    table = []
    for kind, label, rows in groups:
        lines = []
        for row in rows:
            cells = []
            for name in (*COFINANCING_FIELDS, "note"):
                key = cofinancing_field_name(row.partner.pk, name)
                if posted is not None:
                    value = posted.get(key, "")
                elif row.cofinancing is not None:
                    stored = getattr(row.cofinancing, name)
                    value = stored if name == "note" else formats.localize_input(stored)
                else:
                    value = ""
                cells.append({"name": key, "field": name, "value": value, "error": errors.get(key, "")})
            lines.append({"partner": row.partner, "cofinancing": row.cofinancing, "cells": cells})
        table.append((kind, label, lines))
    return table


class SubProjectForm(StyledFormMixin, forms.Form):
    """A sub-project of a region; the leader is one of the people with a role in the region, or anyone."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 3})
    )
    leader = forms.ModelChoiceField(label=_("Sub-project leader"), queryset=None, required=False, empty_label="—")
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners taking part"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Contributes to the agreements"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    budget = AmountField(label=_("Budget (EUR)"), required=False, max_digits=12, decimal_places=2, localize=True)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = User.objects.filter(is_active=True).order_by("full_name")
        self.fields["leader"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"
        self.fields["partners"].queryset = region.partners.select_related("organisation").order_by("organisation__name")
        self.fields["partners"].label_from_instance = lambda p: p.organisation.name
        self.fields["indicators"].queryset = region.indicators.filter(status=Indicator.Status.AGREED).order_by("code")
