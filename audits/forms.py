"""Forms of the critical-friend pages: an assignment, an assessor's scoring, the office's consolidation.

The scoring and consolidation forms are built from the programme's framework, so their fields are
dynamic. They are named as the services name their errors, so a service's ValidationError lands on
the right field: `t-<theme>-score|rationale`, `c-<condition>-rating|note` and `r-<theme>-score|remark`.
"""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from monitoring.models import PlacematScore
from regions.models import Region
from toptechniek.accounts.models import User
from toptechniek.common.forms import StyledFormMixin, TextCleanMixin
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, TEXT_MAX_SHORT

from .models import Assignment

SCORE_CHOICES = [("", "–"), *PlacematScore.choices]
NEEDED_TO_SUBMIT = _("Needed to submit.")


def _score_field(label) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(label=label, choices=SCORE_CHOICES, coerce=int, empty_value=None, required=False)


def _text_field(label, rows: int) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=TEXT_MAX_MEDIUM, widget=forms.Textarea(attrs={"rows": rows})
    )


def _style(form: forms.Form) -> None:
    """Bootstrap classes for fields added after construction (StyledFormMixin sees only declared ones)."""
    for field in form.fields.values():
        field.widget.attrs["class"] = "form-select" if isinstance(field.widget, forms.Select) else "form-control"


class DynamicFormMixin(TextCleanMixin):
    """Marks fields with errors for Bootstrap, and tells which fields a POST actually carried. Text fields are
    cleaned of control characters and limited in length (TextCleanMixin)."""

    def add_error(self, field, error):
        super().add_error(field, error)
        if field:
            names = [field]
        else:
            names = list(error) if isinstance(error, dict) else list(getattr(error, "error_dict", {}))
        for name in names:
            if name in self.fields and "is-invalid" not in self.fields[name].widget.attrs["class"]:
                self.fields[name].widget.attrs["class"] += " is-invalid"

    def posted(self, *names: str) -> bool:
        """A field missing from the POST (a truncated or hand-made request) never clears a saved value."""
        return any(name in self.data for name in names)


class CriticalFriendChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})" if obj.full_name else obj.email


class AssignmentForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), empty_label="–")
    user = CriticalFriendChoiceField(
        label=_("Critical friend"),
        queryset=User.objects.none(),
        empty_label="–",
        help_text=_("People with a global role (programme office, viewer) are not listed."),
    )
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[("", "–"), *Assignment.Role.choices],
        help_text=_(
            "An advisor gives feedback; an assessor scores the placemat. Nobody is both for a region in one "
            "year, and an advisor does not assess that region the year after."
        ),
    )

    def __init__(self, *args, programme_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = Region.objects.filter(programme_id=programme_year.programme_id).order_by(
            "name"
        )
        self.fields["user"].queryset = User.objects.filter(is_active=True, global_role="").order_by(
            "full_name", "email"
        )


class ScoringForm(DynamicFormMixin, forms.Form):
    """An assessor's score and rationale per theme and rating and note per success condition."""

    def __init__(self, *args, themes, conditions, scoring, readonly=False, **kwargs):
        self.themes, self.conditions = list(themes), list(conditions)
        self.saved_themes = {s.theme_id: s for s in scoring.theme_scores.all()}
        self.saved_conditions = {c.condition_id: c for c in scoring.condition_ratings.all()}
        initial = {}
        for theme_id, row in self.saved_themes.items():
            initial[f"t-{theme_id}-score"] = row.score
            initial[f"t-{theme_id}-rationale"] = row.rationale
        for condition_id, row in self.saved_conditions.items():
            initial[f"c-{condition_id}-rating"] = row.rating
            initial[f"c-{condition_id}-note"] = row.note
        super().__init__(*args, initial=initial, **kwargs)
        for theme in self.themes:
            self.fields[f"t-{theme.pk}-score"] = _score_field(_("Score"))
            self.fields[f"t-{theme.pk}-rationale"] = _text_field(_("Rationale"), 3)
        for condition in self.conditions:
            self.fields[f"c-{condition.pk}-rating"] = _score_field(_("Rating"))
            self.fields[f"c-{condition.pk}-note"] = _text_field(_("Note"), 2)
        _style(self)
        for field in self.fields.values():
            field.disabled = readonly

    def theme_rows(self):
        return [(t, self[f"t-{t.pk}-score"], self[f"t-{t.pk}-rationale"]) for t in self.themes]

    def condition_rows(self):
        return [(c, self[f"c-{c.pk}-rating"], self[f"c-{c.pk}-note"]) for c in self.conditions]

    def themes_data(self) -> dict[int, tuple[int | None, str]]:
        """What to save: every posted theme with something in it, or with a saved row that may be cleared."""
        data = {}
        for theme in self.themes:
            if not self.posted(f"t-{theme.pk}-score", f"t-{theme.pk}-rationale"):
                continue
            score = self.cleaned_data.get(f"t-{theme.pk}-score")
            why = self.cleaned_data.get(f"t-{theme.pk}-rationale", "")
            if score is not None or why.strip() or theme.pk in self.saved_themes:
                data[theme.pk] = (score, why)
        return data

    def conditions_data(self) -> dict[int, tuple[int | None, str]]:
        data = {}
        for condition in self.conditions:
            if not self.posted(f"c-{condition.pk}-rating", f"c-{condition.pk}-note"):
                continue
            rating = self.cleaned_data.get(f"c-{condition.pk}-rating")
            note = self.cleaned_data.get(f"c-{condition.pk}-note", "")
            if rating is not None or note.strip() or condition.pk in self.saved_conditions:
                data[condition.pk] = (rating, note)
        return data

    def flag_missing(self) -> None:
        """Mark the fields a submission still needs (the service lists them; this points at them)."""
        for theme in self.themes:
            if self.cleaned_data.get(f"t-{theme.pk}-score") is None:
                self.add_error(f"t-{theme.pk}-score", gettext(NEEDED_TO_SUBMIT))
            if not (self.cleaned_data.get(f"t-{theme.pk}-rationale") or "").strip():
                self.add_error(f"t-{theme.pk}-rationale", gettext(NEEDED_TO_SUBMIT))
        for condition in self.conditions:
            if self.cleaned_data.get(f"c-{condition.pk}-rating") is None:
                self.add_error(f"c-{condition.pk}-rating", gettext(NEEDED_TO_SUBMIT))


class CalibrationForm(DynamicFormMixin, forms.Form):
    """The office's consolidated score and key remark per theme; the score starts at the assessors' median."""

    def __init__(self, *args, rows, **kwargs):
        self.rows = list(rows)
        initial = {}
        for row in self.rows:
            saved = row.result
            initial[f"r-{row.theme.pk}-score"] = saved.score if saved and saved.score else row.median
            initial[f"r-{row.theme.pk}-remark"] = saved.key_remark if saved else ""
        super().__init__(*args, initial=initial, **kwargs)
        for row in self.rows:
            self.fields[f"r-{row.theme.pk}-score"] = _score_field(_("Consolidated score"))
            self.fields[f"r-{row.theme.pk}-remark"] = _text_field(_("Key remark"), 3)
        _style(self)

    def bound_rows(self):
        return [(row, self[f"r-{row.theme.pk}-score"], self[f"r-{row.theme.pk}-remark"]) for row in self.rows]

    def results(self) -> dict[int, tuple[int | None, str]]:
        """What to save: every posted theme with something in it, or with a saved result that may be cleared."""
        data = {}
        for row in self.rows:
            if not self.posted(f"r-{row.theme.pk}-score", f"r-{row.theme.pk}-remark"):
                continue
            score = self.cleaned_data.get(f"r-{row.theme.pk}-score")
            remark = self.cleaned_data.get(f"r-{row.theme.pk}-remark", "")
            if score is not None or remark.strip() or row.result is not None:
                data[row.theme.pk] = (score, remark)
        return data


# --- Advice ------------------------------------------------------------------------------------------


class AdviceQuestionForm(StyledFormMixin, forms.Form):
    theme = forms.ModelChoiceField(label=_("Placemat theme (optional)"), queryset=None, required=False, empty_label="—")
    question = forms.CharField(
        label=_("Your question"), max_length=TEXT_MAX_SHORT, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, region, **kwargs):
        from regions.models import PlacematTheme

        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = PlacematTheme.objects.filter(programme_id=region.programme_id)


class AdviceAnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label=_("Your answer"), max_length=TEXT_MAX_LONG, widget=forms.Textarea(attrs={"rows": 8}))


class AdvicePlanForm(StyledFormMixin, forms.Form):
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    question = forms.ModelChoiceField(
        label=_("About the question (optional)"), queryset=None, required=False, empty_label="—"
    )

    def __init__(self, *args, region, **kwargs):
        from .models import AdviceQuestion

        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = AdviceQuestion.objects.filter(region=region).order_by("-asked_at")
        self.fields["question"].label_from_instance = lambda q: q.question[:80]


class AdviceRecordForm(StyledFormMixin, forms.Form):
    participants_onderwijs = forms.CharField(label=_("Participants: education"), max_length=500, required=False)
    participants_ondernemers = forms.CharField(label=_("Participants: business"), max_length=500, required=False)
    participants_overheid = forms.CharField(label=_("Participants: government"), max_length=500, required=False)
    participants_overig = forms.CharField(label=_("Participants: other"), max_length=500, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics (placemat themes)"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    advice = forms.CharField(
        label=_("Advice given"), max_length=TEXT_MAX_LONG, widget=forms.Textarea(attrs={"rows": 6})
    )
    follow_up = forms.CharField(
        label=_("Follow-up"), max_length=TEXT_MAX_SHORT, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, region, **kwargs):
        from regions.models import PlacematTheme

        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = PlacematTheme.objects.filter(programme_id=region.programme_id)
