"""Forms of the peer-review workflow: propose, internal review, readiness, plan, transition, list filters.

Forms only collect input; the services in reviews.py decide.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import PlacematTheme, ProgrammeYear, Region
from toptechniek.common.forms import StyledFormMixin
from toptechniek.common.text import TEXT_MAX_MEDIUM, TEXT_MAX_SHORT

from ..models import PeerReview

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WE_HOST, THEY_HOST = "us", "them"


class ReviewLabelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class ProposeForm(StyledFormMixin, forms.Form):
    peer_region = forms.ModelChoiceField(label=_("Peer region"), queryset=Region.objects.none())
    host = forms.ChoiceField(
        label=_("Who hosts"),
        choices=[(WE_HOST, _("We host the peer region")), (THEY_HOST, _("The peer region hosts us"))],
        initial=WE_HOST,
        help_text=_("The suggestions say who should host, so hosting stays balanced over the years."),
    )
    programme_year = forms.ModelChoiceField(label=_("Year"), queryset=ProgrammeYear.objects.none())
    motivation = forms.CharField(
        label=_("Why this peer"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 4})
    )
    previous = ReviewLabelChoiceField(
        label=_("Follow-up of"),
        queryset=PeerReview.objects.none(),
        required=False,
        help_text=_("Only when this review follows up an earlier one of your region."),
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, regions, years, previous_reviews, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["peer_region"].queryset = regions
        self.fields["programme_year"].queryset = years
        self.fields["programme_year"].label_from_instance = lambda py: str(py.year)
        self.fields["previous"].queryset = previous_reviews


class InternalReviewForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none())
    programme_year = forms.ModelChoiceField(label=_("Programme year"), queryset=ProgrammeYear.objects.none())
    host_subproject = forms.ModelChoiceField(label=_("Host sub-project"), queryset=None)
    peer_subproject = forms.ModelChoiceField(label=_("Peer sub-project"), queryset=None)
    motivation = forms.CharField(
        label=_("Why"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)

    def __init__(self, *args, regions, years, **kwargs):
        from regions.models import SubProject

        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["programme_year"].queryset = years
        # The sub-projects of the regions on offer, named with their region: the service checks they are of the
        # region chosen (a region needs two; they are added on its page).
        subprojects = (
            SubProject.objects.filter(region__in=regions).select_related("region").order_by("region__name", "name")
        )
        for name in ("host_subproject", "peer_subproject"):
            self.fields[name].queryset = subprojects
            self.fields[name].label_from_instance = lambda sp: f"{sp.region.name}: {sp.name}"
        self.fields["host_subproject"].help_text = _(
            "A region's sub-projects are kept on its page; it needs two for an internal peer review."
        )


YES, NO, UNKNOWN = "yes", "no", "unknown"
READINESS_CHOICES = [(YES, _("Yes")), (NO, _("No")), (UNKNOWN, _("Not assessed yet"))]
TO_BOOL = {YES: True, NO: False, UNKNOWN: None}


def from_bool(value: bool | None) -> str:
    return {True: YES, False: NO}.get(value, UNKNOWN)


READINESS_QUESTIONS = (
    ("stable", _("Is %(region)s stable?")),
    ("learning", _("Does %(region)s have learning capacity?")),
    ("full_peer", _("Can %(region)s be a full peer?")),
)


class ReadinessForm(StyledFormMixin, forms.Form):
    """The three readiness questions for the host and, for an external review, for the peer region."""

    notes = forms.CharField(
        label=_("Notes on readiness"),
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, review, **kwargs):
        super().__init__(*args, **kwargs)
        self.sides = ["host"] if review.is_internal else ["host", "peer"]
        regions = {"host": review.host_region, "peer": review.peer_region}
        notes = self.fields.pop("notes")
        for side in self.sides:
            for name, question in READINESS_QUESTIONS:
                self.fields[f"{side}_{name}"] = forms.ChoiceField(
                    label=question % {"region": regions[side].name},
                    choices=READINESS_CHOICES,
                    widget=forms.Select(attrs={"class": "form-select"}),
                )
        self.fields["notes"] = notes

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        answers = {
            side: tuple(TO_BOOL[data[f"{side}_{name}"]] for name, _question in READINESS_QUESTIONS)
            for side in self.sides
        }
        return {**answers, "notes": data["notes"]}

    @staticmethod
    def initial_for(review) -> dict:
        initial = {"notes": review.readiness_notes}
        for side in ("host", "peer"):
            for name, _question in READINESS_QUESTIONS:
                initial[f"{side}_{name}"] = from_bool(getattr(review, f"{side}_ready_{name}"))
        return initial


class PlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), required=False, widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    motivation = forms.CharField(
        label=_("Why this peer"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 4})
    )


class TransitionForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(
        label=_("Comment"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, comment_label=None, comment_required=False, **kwargs):
        super().__init__(*args, **kwargs)
        if comment_label:
            self.fields["comment"].label = comment_label
        self.fields["comment"].required = comment_required


class ReviewFilterForm(StyledFormMixin, forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label=_("Status"), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, years, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *((y, str(y)) for y in years)]
        self.fields["status"].choices = [("", _("All statuses")), *PeerReview.Status.choices]
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = _("All regions")

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        return {"year": data.get("year"), "status": data.get("status") or "", "region": data.get("region")}


class FacilitatorForm(StyledFormMixin, forms.Form):
    facilitator = forms.ModelChoiceField(
        label=_("Procesbegeleider"),
        queryset=None,
        required=False,
        empty_label="—",
        help_text=_("A critical friend or someone of the programme office, not one of the two regions' own people."),
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = candidates
        self.fields["facilitator"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"


class AfterTalkPlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE_WIDGET)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class AfterTalkRecordForm(StyledFormMixin, forms.Form):
    participants = forms.CharField(
        label=_("Who took part"),
        help_text=_("Names and roles, per region."),
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    what_changed = forms.CharField(
        label=_("What has changed since the review"),
        help_text=_("What each region did with the outcomes and the advice: what works now, what does not yet."),
        max_length=TEXT_MAX_MEDIUM,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    next_steps = forms.CharField(
        label=_("Next steps"),
        help_text=_("Who does what next; a follow-up peer review, if the regions want one."),
        max_length=TEXT_MAX_MEDIUM,
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class ExploreFilterForm(StyledFormMixin, forms.Form):
    theme = forms.ModelChoiceField(
        label=_("Placemat theme"), queryset=PlacematTheme.objects.none(), required=False, empty_label=_("All themes")
    )
    q = forms.CharField(label=_("Words"), max_length=100, required=False)

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = PlacematTheme.objects.filter(programme=programme).order_by("kind", "number")
        self.fields["theme"].label_from_instance = lambda t: f"{t.get_kind_display()} {t.number}: {t.name}"
