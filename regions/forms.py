from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from toptechniek.accounts.models import User
from toptechniek.common.forms import StyledFormMixin

from .models import (
    CriterionScore,
    Indicator,
    Organisation,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    SuccessCondition,
)


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


class RegionForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = Region
        fields = ["programme", "name", "slug", "landsdeel", "join_year", "status", "description"]


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
        ]
        help_texts = {
            "labour_market_analysis": _("Demand for technically trained people in the region, now and expected."),
            "ambitions": _("What the region wants to achieve, in figures where possible."),
            "approach_why": _("Why the partners work together."),
            "approach_what": _("What the region will do and achieve."),
            "approach_who": _("Who takes part and who is responsible for what."),
            "approach_how": _("How the partners organise, steer and monitor the work."),
        }


class VisionApprovalForm(StyledFormMixin, forms.Form):
    ambitious_score = forms.TypedChoiceField(label=_("Ambitious: score"), choices=CriterionScore.choices, coerce=int)
    ambitious_rationale = forms.CharField(label=_("Ambitious: rationale"), widget=forms.Textarea(attrs={"rows": 2}))
    partners_score = forms.TypedChoiceField(label=_("Partners: score"), choices=CriterionScore.choices, coerce=int)
    partners_rationale = forms.CharField(label=_("Partners: rationale"), widget=forms.Textarea(attrs={"rows": 2}))
    feasible_score = forms.TypedChoiceField(label=_("Feasible: score"), choices=CriterionScore.choices, coerce=int)
    feasible_rationale = forms.CharField(label=_("Feasible: rationale"), widget=forms.Textarea(attrs={"rows": 2}))
    sustainable_score = forms.TypedChoiceField(
        label=_("Sustainable: score"), choices=CriterionScore.choices, coerce=int
    )
    sustainable_rationale = forms.CharField(label=_("Sustainable: rationale"), widget=forms.Textarea(attrs={"rows": 2}))
    subsidy_decision_date = forms.DateField(label=_("Subsidy decision date"), widget=DateInput())
    subsidy_amount = forms.DecimalField(
        label=_("Subsidy amount (EUR)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0), message=_("The amount cannot be negative."))],
    )


class IndicatorForm(StyledFormMixin, forms.ModelForm):
    """An indicator with one target field per programme year."""

    class Meta:
        model = Indicator
        fields = ["code", "name", "description", "performance_area", "route", "unit", "baseline_value", "baseline_year"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, region: Region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        self.fields["performance_area"].queryset = PlacematTheme.objects.filter(
            programme_id=region.programme_id, kind=PlacematTheme.Kind.PERFORMANCE
        ).order_by("number")
        self.fields["baseline_value"].error_messages["min_value"] = _("The baseline cannot be negative.")
        existing = {}
        if self.instance.pk:
            existing = {t.year: t.value for t in self.instance.targets.all()}
        for year in region.programme.years:
            self.fields[f"target_{year}"] = forms.DecimalField(
                label=_("Target %(year)s") % {"year": year},
                required=False,
                max_digits=12,
                decimal_places=2,
                initial=existing.get(year),
                validators=[MinValueValidator(Decimal(0), message=_("A target cannot be negative."))],
            )
            self.fields[f"target_{year}"].widget.attrs.update({"class": "form-control", "inputmode": "decimal"})

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
    def target_fields(self):
        return [self[name] for name in self.fields if name.startswith("target_")]

    @property
    def main_fields(self):
        return [self[name] for name in self.fields if not name.startswith("target_")]

    def targets(self) -> dict[int, Decimal | None]:
        return {
            int(name.removeprefix("target_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("target_")
        }

    def indicator_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def validate_unique(self):
        return None  # the service checks the code per region, case-insensitively

    def validate_constraints(self, exclude=None):
        return None


class PlacematThemeForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    questions = forms.CharField(
        label=_("Guiding questions"),
        help_text=_("One question per line, in the order they are asked."),
        widget=forms.Textarea(attrs={"rows": 8}),
    )

    def question_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]


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
