"""Forms for a peer review's content. Input only: the rules live in peerreviews/content.py."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.forms import PeopleLinesField
from regions.models import PlacematTheme
from toptechniek.common.forms import StyledFormMixin
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT

from ..models import Participant


class ThemeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.get_kind_display()} {obj.number}: {obj.name}"


class ReportChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _("Monitor report %(year)s (%(status)s)") % {
            "year": obj.programme_year.year,
            "status": obj.get_status_display(),
        }


class LearningQuestionForm(StyledFormMixin, forms.Form):
    question = forms.CharField(
        label=gettext_lazy("Learning question"), widget=forms.Textarea(attrs={"rows": 3}), max_length=TEXT_MAX_SHORT
    )
    owner = forms.CharField(
        label=gettext_lazy("Owner"),
        max_length=200,
        help_text=gettext_lazy("The person who brings in the question."),
    )
    theme = ThemeChoiceField(label=gettext_lazy("Placemat theme"), queryset=PlacematTheme.objects.none())
    report = ReportChoiceField(
        label=gettext_lazy("Monitor report"),
        queryset=None,
        help_text=gettext_lazy("The report the question grows out of."),
    )

    def __init__(self, *args, themes, reports, guidance: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = themes
        self.fields["report"].queryset = reports
        if guidance:
            self.fields["question"].help_text = guidance


class OutcomeForm(StyledFormMixin, forms.Form):
    insights = forms.CharField(
        label=gettext_lazy("Insights"), max_length=TEXT_MAX_MEDIUM, widget=forms.Textarea(attrs={"rows": 4})
    )
    action = forms.CharField(
        label=gettext_lazy("Action"),
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("One concrete action the region will take."),
    )
    action_owner = forms.CharField(label=gettext_lazy("Action owner"), max_length=200)
    action_due = forms.DateField(label=gettext_lazy("Action due"), widget=forms.DateInput(attrs={"type": "date"}))


class MeetingForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=gettext_lazy("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    notes = forms.CharField(
        label=gettext_lazy("Notes"),
        required=False,
        max_length=TEXT_MAX_MEDIUM,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ParticipantsForm(StyledFormMixin, forms.Form):
    rows = PeopleLinesField(label=gettext_lazy("Participants"), widget=forms.Textarea(attrs={"rows": 10}))


class AttendeeField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        parts = [obj.name, obj.organisation_name, obj.get_o_kind_display()]
        return " – ".join(p for p in parts if p)


class QuestionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.region.name}: {obj.question}"


class SessionForm(StyledFormMixin, forms.Form):
    slot = forms.IntegerField(
        label=gettext_lazy("Slot"),
        min_value=1,
        max_value=50,
        initial=1,
        help_text=gettext_lazy("Sessions in the same slot run in parallel."),
    )
    starts_at = forms.TimeField(
        label=gettext_lazy("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    room = forms.CharField(label=gettext_lazy("Room"), max_length=100, required=False)
    learning_question = QuestionChoiceField(label=gettext_lazy("Learning question"), queryset=None, required=False)
    attendees = AttendeeField(
        label=gettext_lazy("Who attends"),
        queryset=Participant.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, questions, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["learning_question"].queryset = questions
        self.fields["attendees"].queryset = participants
        self.fields["attendees"].widget.attrs["class"] = "form-check-input"


class OwnReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The regions' own report"),
        required=False,
        max_length=TEXT_MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=gettext_lazy("What the regions learned on the day, in their own words."),
    )


class FeedbackReportForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Feedback report"),
        required=False,
        max_length=TEXT_MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Your feedback as critical friend to the region. Save as often as you like; mark it ready to send "
            "it to the region."
        ),
    )
