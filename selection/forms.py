from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from regions.forms import DateInput
from regions.models import CriterionScore, Landsdeel, Organisation, PlacematTheme, Programme, Route
from toptechniek.accounts.models import User
from toptechniek.common.forms import AmountField, StyledFormMixin
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_SHORT

from .models import CRITERIA, Application, Call, CommitteeScore


def _amount(label, *, required=True, help_text="") -> forms.DecimalField:
    field = AmountField(
        label=label,
        required=required,
        max_digits=12,
        decimal_places=2,
        localize=True,  # shown as people write it here ("240.000,00"); read in either way (AmountField)
        help_text=help_text,
        validators=[MinValueValidator(Decimal(0), message=_("The amount cannot be negative."))],
    )
    field.widget.attrs["inputmode"] = "decimal"
    return field


class CallForm(StyledFormMixin, forms.ModelForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    budget = _amount(_("Budget available (EUR)"), required=False)

    class Meta:
        model = Call
        fields = ["programme", "title", "join_year", "opens_on", "deadline", "criteria", "budget"]
        widgets = {"opens_on": DateInput(), "deadline": DateInput(), "criteria": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "join_year": _("The year in which honoured applications join the programme as regions."),
            "criteria": _(
                "What the call asks for and how applications are assessed (ambitious, partners, feasible, sustainable)."
            ),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(closed_at__isnull=True).order_by("-start_year")
        if editing:
            del self.fields["programme"]


class CommitteeMemberForm(StyledFormMixin, forms.Form):
    user = forms.ModelChoiceField(label=_("Member"), queryset=User.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = candidates
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"


class ApplicantForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Name of the intended project leader"), max_length=200)
    email = forms.EmailField(label=_("Email address"))
    region_name = forms.CharField(label=_("Name of the region"), max_length=200)
    language = forms.ChoiceField(label=_("Language of the mails"), choices=User.Language.choices, initial="nl")


class ApplicationForm(StyledFormMixin, forms.ModelForm):
    requested_amount = _amount(_("Subsidy requested (EUR)"), required=False)

    class Meta:
        model = Application
        fields = [
            "region_name",
            "landsdeel",
            "requested_amount",
            "penvoerder_name",
            "penvoerder_email",
            *Application.TEXT_FIELDS,
        ]
        help_texts = {
            "penvoerder_email": _(
                "Gets the role of penvoerder in the region once it is set up (an invitation if new)."
            ),
        }
        widgets = {f: forms.Textarea(attrs={"rows": 5}) for f in Application.TEXT_FIELDS}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["landsdeel"].queryset = Landsdeel.objects.filter(programme=programme).order_by("code")
        self.fields["landsdeel"].required = False
        for name in Application.TEXT_FIELDS:
            self.fields[name].max_length = TEXT_MAX_LONG


class PartnerForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Organisation"), max_length=200)
    # A blank first choice: an untouched extra row posts nothing and is left out (not "required" errors).
    kind = forms.ChoiceField(label=_("O"), choices=[("", "—"), *Organisation.Kind.choices])
    subtype = forms.ChoiceField(label=_("Type"), choices=[("", "—"), *Organisation.Subtype.choices])
    is_penvoerder = forms.BooleanField(label=_("Penvoerder"), required=False)
    commitment = forms.CharField(label=_("Commitment"), max_length=500, required=False)
    cofinancing = _amount(_("Co-financing (EUR)"), required=False)

    def clean(self):
        data = super().clean()
        kind, subtype = data.get("kind"), data.get("subtype")
        if kind and subtype and subtype not in Organisation.SUBTYPES_BY_KIND[kind]:
            self.add_error("subtype", _("This type does not belong to the chosen kind of organisation."))
        return data


class ProposedIndicatorForm(StyledFormMixin, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=300)
    unit = forms.CharField(label=_("Unit"), max_length=50)
    performance_area = forms.ModelChoiceField(label=_("Performance area"), queryset=PlacematTheme.objects.none())
    route = forms.ModelChoiceField(label=_("Route"), queryset=Route.objects.none())
    baseline_value = _amount(_("Baseline (0-meting)"))
    baseline_year = forms.IntegerField(label=_("Baseline year"), min_value=2000, max_value=2100)
    target_value = _amount(_("Target at the end"))

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["performance_area"].queryset = PlacematTheme.objects.filter(
            programme=programme, kind=PlacematTheme.Kind.PERFORMANCE
        ).order_by("number")
        self.fields["route"].queryset = Route.objects.filter(programme=programme).order_by("code")


class _RowsFormSet(forms.BaseFormSet):
    def rows(self) -> list[dict]:
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]


PartnerFormSet = forms.formset_factory(PartnerForm, formset=_RowsFormSet, extra=2, can_delete=True, max_num=60)
IndicatorFormSet = forms.formset_factory(
    ProposedIndicatorForm, formset=_RowsFormSet, extra=1, can_delete=True, max_num=40
)


def _criterion_fields(required: bool = True) -> dict:
    labels = {
        "ambitious": (_("Ambitious: score"), _("Ambitious: rationale")),
        "partners": (_("Partners: score"), _("Partners: rationale")),
        "feasible": (_("Feasible: score"), _("Feasible: rationale")),
        "sustainable": (_("Sustainable: score"), _("Sustainable: rationale")),
    }
    fields = {}
    for criterion in CRITERIA:
        score_label, rationale_label = labels[criterion]
        fields[f"{criterion}_score"] = forms.TypedChoiceField(
            label=score_label,
            choices=[("", "—"), *CriterionScore.choices],
            coerce=int,
            empty_value=None,
            required=required,
        )
        fields[f"{criterion}_rationale"] = forms.CharField(
            label=rationale_label,
            max_length=TEXT_MAX_SHORT,
            required=required,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
    return fields


class ScoreForm(StyledFormMixin, forms.Form):
    advice = forms.ChoiceField(label=_("Your advice"), choices=CommitteeScore.Advice.choices, widget=forms.RadioSelect)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        advice = self.fields.pop("advice")
        self.fields.update(_criterion_fields())
        self.fields["advice"] = advice

    def scores(self) -> tuple[dict, dict]:
        d = self.cleaned_data
        return {c: d[f"{c}_score"] for c in CRITERIA}, {c: d[f"{c}_rationale"] for c in CRITERIA}


class DecisionForm(StyledFormMixin, forms.Form):
    """Honour (with the office's assessment and the amount awarded) or reject, always with a reason; the
    assessment is checked by the service only for an honour."""

    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[("honour", _("Honour the application")), ("reject", _("Reject the application"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 4})
    )
    awarded_amount = _amount(_("Amount awarded (EUR)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields.update(_criterion_fields(required=False))

    def decision(self) -> dict:
        d = self.cleaned_data
        return {
            "honour": d["outcome"] == "honour",
            "reason": d["reason"],
            "scores": {c: d[f"{c}_score"] for c in CRITERIA},
            "rationales": {c: d[f"{c}_rationale"] for c in CRITERIA},
            "awarded_amount": d["awarded_amount"],
        }


class BeschikkingForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date of the subsidy decision"), widget=DateInput())
    amount = _amount(_("Amount in the subsidy decision (EUR)"))
    reference = forms.CharField(label=_("Reference"), max_length=100)
