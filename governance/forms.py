"""Forms of the governance app: input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy

from toptechniek.common.forms import StyledFormMixin
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT


class MeetingPlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=gettext_lazy("Place"), max_length=200, required=False)
    participants = forms.CharField(
        label=gettext_lazy("Participants"),
        required=False,
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Who takes part, for the region and for the programme."),
    )

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields = {
                "region": forms.ModelChoiceField(label=gettext_lazy("Region"), queryset=regions),
                **self.fields,
            }
            self.fields["region"].widget.attrs["class"] = "form-select"


class MeetingNotesForm(StyledFormMixin, forms.Form):
    notes = forms.CharField(
        label=gettext_lazy("Notes"), max_length=TEXT_MAX_LONG, widget=forms.Textarea(attrs={"rows": 8})
    )
    decision_summary = forms.CharField(
        label=gettext_lazy("Decisions"),
        required=False,
        max_length=TEXT_MAX_MEDIUM,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("What was agreed, in a few lines; the region reads it once the meeting is held."),
    )


class MeetingGrantForm(StyledFormMixin, forms.Form):
    amount = forms.DecimalField(label=gettext_lazy("Amount (€)"), max_digits=12, decimal_places=2, min_value=0)
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Required when the amount differs from the proposal, and when withholding."),
    )
