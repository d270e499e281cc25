from django import forms
from django.utils.translation import gettext_lazy as _

from regions.forms import DateInput
from regions.models import Programme, Region
from toptechniek.common.forms import StyledFormMixin

from .models import AUDIENCE_CHOICES, Event


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


class EventForm(StyledFormMixin, forms.ModelForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    audience = forms.MultipleChoiceField(
        label=_("Intended audience"),
        choices=AUDIENCE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Everyone in these roles in the programme's regions is invited when the event is published."),
    )

    class Meta:
        model = Event
        fields = [
            "programme",
            "kind",
            "title",
            "date",
            "start_time",
            "end_time",
            "place",
            "host_region",
            "audience",
            "capacity",
            "agenda",
        ]
        widgets = {
            "date": DateInput(),
            "start_time": TimeInput(),
            "end_time": TimeInput(),
            "agenda": forms.Textarea(attrs={"rows": 8}),
        }
        help_texts = {
            "host_region": _("Only for a working visit: the region that receives the visitors."),
            "capacity": _("Leave empty when there is no maximum."),
            "agenda": _("The programme of the day: times, speakers, workshops."),
        }

    def __init__(self, *args, programme: Programme | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if programme is None:
            self.fields["programme"].queryset = Programme.objects.filter(closed_at__isnull=True).order_by("-start_year")
            regions = Region.objects.filter(programme__closed_at__isnull=True)
        else:
            del self.fields["programme"]
            regions = Region.objects.filter(programme=programme)
        self.fields["host_region"].queryset = regions.select_related("programme").order_by("name")
        self.fields["audience"].widget.attrs.pop("class", None)  # checkboxes: crispy styles each box


class RegistrationForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("I come for the region"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, regions: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by("name")
        if len(regions) > 1:
            self.fields["region"].required = True
            self.fields["region"].error_messages["required"] = _("Choose the region you come for.")
        else:
            del self.fields["region"]


class AttendanceForm(StyledFormMixin, forms.Form):
    attended = forms.MultipleChoiceField(
        label=_("Registered and attended"), widget=forms.CheckboxSelectMultiple, required=False
    )
    walk_ins = forms.MultipleChoiceField(
        label=_("Invited and came without registering"), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, registrations: list, invitees: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitees = {str(person.pk): person for person in invitees}
        self.fields["attended"].choices = [
            (str(r.pk), f"{r.user.full_name}" + (f" ({r.region.name})" if r.region else "")) for r in registrations
        ]
        self.fields["walk_ins"].choices = [(pk, person.full_name) for pk, person in self.invitees.items()]
        if not invitees:
            del self.fields["walk_ins"]
        for name in self.fields:
            self.fields[name].widget.attrs.pop("class", None)

    def clean(self):
        cleaned = super().clean()
        cleaned["attended"] = {int(pk) for pk in cleaned.get("attended", [])}
        cleaned["walk_ins"] = [self.invitees[pk] for pk in cleaned.get("walk_ins", [])]
        return cleaned


class LinkForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    url = forms.URLField(label=_("Web address"), max_length=500, assume_scheme="https")
