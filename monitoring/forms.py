"""Parsing and shaping of the report editor's four sections.

The editor is built from the region's indicators and the programme's framework, so its fields
are dynamic: `r-<indicator>-value|na|explanation`, `q-<question>`, `sa-<theme>-score|rationale`,
`reflection_*` and `lt-<n>-theme|description`. Parsing returns clean values plus field errors;
nothing is saved when a section has errors. Every text is cleaned of control characters and its line ends
normalised (toptechniek.common.text.text_clean), and a text over its limit (the model field's max_length)
is an error on its field; the services check the same again.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from regions.selectors import target_text
from toptechniek.common.forms import TextCleanMixin, decimal_parse
from toptechniek.common.text import TEXT_MAX_MEDIUM, TEXT_MAX_SHORT, text_clean, text_length_error

from .models import LearningTheme, MonitorReport, Realisation, SelfAssessment, ThemeAnswer
from .selectors import ReportView, explanation_needed
from .services import RealisationInput

LEARNING_THEME_ROWS = 5


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# The editor's limits are its model fields' (the textareas' maxlength, the parsers' and the services' check).
EXPLANATION_MAX = _max_length(Realisation, "explanation")
ANSWER_MAX = _max_length(ThemeAnswer, "answer")
RATIONALE_MAX = _max_length(SelfAssessment, "rationale")
REFLECTION_MAX = _max_length(MonitorReport, "reflection_works")
LEARNING_THEME_MAX = _max_length(LearningTheme, "description")


_decimal = decimal_parse  # the report editor's numbers, read as people type them


def _text(data, name: str, limit: int, errors: dict) -> str:
    """The posted text of `name`, cleaned; a text over `limit` characters puts the length message in `errors`."""
    text = text_clean(data.get(name, "") or "")
    message = text_length_error(text, limit)
    if message:
        errors[name] = message
    return text


def _int_keys(data, prefix: str, suffix: str = "") -> list[int]:
    keys = []
    for name in data:
        if name.startswith(prefix) and name.endswith(suffix):
            middle = name[len(prefix) : len(name) - len(suffix)] if suffix else name[len(prefix) :]
            if middle.isdigit():
                keys.append(int(middle))
    return sorted(set(keys))


@dataclass
class Parsed:
    values: object
    errors: dict = field(default_factory=dict)


def parse_quantitative(data) -> Parsed:
    values, errors = {}, {}
    ids = set(_int_keys(data, "r-", "-value")) | set(_int_keys(data, "r-", "-explanation"))
    for indicator_id in sorted(ids):
        raw = data.get(f"r-{indicator_id}-value", "")
        try:
            value = _decimal(raw)
        except (InvalidOperation, ValueError):
            errors[f"r-{indicator_id}-value"] = _("Enter a number, for example 120 or 12,5.")
            continue
        if value is not None and value < 0:
            errors[f"r-{indicator_id}-value"] = _("A realisation cannot be negative.")
            continue
        values[indicator_id] = RealisationInput(
            value=value,
            not_applicable=data.get(f"r-{indicator_id}-na") in ("on", "true", "1"),
            explanation=_text(data, f"r-{indicator_id}-explanation", EXPLANATION_MAX, errors),
        )
    return Parsed(values, errors)


def parse_qualitative(data) -> Parsed:
    errors = {}
    values = {qid: _text(data, f"q-{qid}", ANSWER_MAX, errors) for qid in _int_keys(data, "q-")}
    return Parsed(values, errors)


def parse_self_assessment(data) -> Parsed:
    values, errors = {}, {}
    for theme_id in sorted(set(_int_keys(data, "sa-", "-score")) | set(_int_keys(data, "sa-", "-rationale"))):
        raw = (data.get(f"sa-{theme_id}-score") or "").strip()
        score = int(raw) if raw.isdigit() else None
        if raw and score not in (1, 2, 3, 4):
            errors[f"sa-{theme_id}-score"] = _("Give a score from 1 to 4.")
            continue
        why = text_clean(data.get(f"sa-{theme_id}-rationale", "") or "")
        if len(why) > RATIONALE_MAX:
            errors[f"sa-{theme_id}-rationale"] = _("Keep it to one line (at most 500 characters).")
            continue
        values[theme_id] = (score, why)
    return Parsed(values, errors)


def parse_reflection(data) -> Parsed:
    themes, errors = [], {}
    for n in range(LEARNING_THEME_ROWS):
        raw_theme = (data.get(f"lt-{n}-theme") or "").strip()
        text = _text(data, f"lt-{n}-description", LEARNING_THEME_MAX, errors)
        if text.strip() and not raw_theme.isdigit():
            errors[f"lt-{n}-theme"] = _("Tie this learning theme to a placemat theme.")
        elif raw_theme.isdigit():
            themes.append((int(raw_theme), text))
    return Parsed(
        {
            "works": _text(data, "reflection_works", REFLECTION_MAX, errors),
            "not_yet": _text(data, "reflection_not_yet", REFLECTION_MAX, errors),
            "progress": _text(data, "reflection_progress", REFLECTION_MAX, errors),
            "learning_themes": themes,
        },
        errors,
    )


PARSERS = {
    "quantitative": parse_quantitative,
    "qualitative": parse_qualitative,
    "self_assessment": parse_self_assessment,
    "reflection": parse_reflection,
}


def _fmt(value: Decimal | None) -> str:
    """A saved number as the user types it in their language (decimal comma in Dutch, no grouping)."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", formats.get_format("DECIMAL_SEPARATOR"))


def editor_values(view: ReportView) -> dict[str, str]:
    """The saved value of every editor field, by field name."""
    values = {}
    for line in view.lines:
        key = f"r-{line.indicator.pk}"
        r = line.realisation
        values[f"{key}-value"] = _fmt(r.value) if r else ""
        values[f"{key}-na"] = "on" if r and r.not_applicable else ""
        values[f"{key}-explanation"] = r.explanation if r else ""
    for block in view.process_themes:
        for question, answer in block.questions:
            values[f"q-{question.pk}"] = answer
    for theme, row in view.self_assessment_rows:
        values[f"sa-{theme.pk}-score"] = str(row.score) if row and row.score else ""
        values[f"sa-{theme.pk}-rationale"] = row.rationale if row else ""
    report = view.report
    values["reflection_works"] = report.reflection_works
    values["reflection_not_yet"] = report.reflection_not_yet
    values["reflection_progress"] = report.reflection_progress
    for n in range(LEARNING_THEME_ROWS):
        lt = view.learning_themes[n] if n < len(view.learning_themes) else None
        values[f"lt-{n}-theme"] = str(lt.theme_id) if lt else ""
        values[f"lt-{n}-description"] = lt.description if lt else ""
    return values


class TransitionCommentForm(TextCleanMixin, forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=TEXT_MAX_MEDIUM,
        widget=forms.Textarea(attrs={"rows": 4, "class": "form-control"}),
    )


def editor_sections(view: ReportView, values: dict[str, str], errors: dict[str, str]) -> dict:
    """Rows ready for the editor template: field names, current values and errors."""

    def cell(name, limit=None):
        return {"name": name, "value": values.get(name, ""), "error": errors.get(name, ""), "limit": limit}

    def explain(line) -> str | None:
        """Why this row needs an explanation, by the submit check's rule, for what the form shows."""
        key = f"r-{line.indicator.pk}"
        try:
            value = _decimal(values.get(f"{key}-value", ""))
        except (InvalidOperation, ValueError):
            return None
        return explanation_needed(
            direction=line.indicator.direction,
            value=value,
            target=line.target,
            target_max=line.target_max,
            not_applicable=bool(values.get(f"{key}-na")),
        )

    quantitative = [
        {
            "line": line,
            "value": cell(f"r-{line.indicator.pk}-value"),
            "na": cell(f"r-{line.indicator.pk}-na"),
            "explanation": cell(f"r-{line.indicator.pk}-explanation", EXPLANATION_MAX),
            "explain": explain(line),
            "target_shown": target_text(
                direction=line.indicator.direction, value=line.target, target_max=line.target_max
            ),
        }
        for line in view.lines
    ]
    qualitative = [
        {
            "theme": block.theme,
            "questions": [{"question": q, **cell(f"q-{q.pk}", ANSWER_MAX)} for q, _a in block.questions],
        }
        for block in view.process_themes
    ]
    self_assessment = [
        {
            "theme": theme,
            "score": cell(f"sa-{theme.pk}-score"),
            "rationale": cell(f"sa-{theme.pk}-rationale", RATIONALE_MAX),
        }
        for theme, _row in view.self_assessment_rows
    ]
    reflection = {
        "works": cell("reflection_works", REFLECTION_MAX),
        "not_yet": cell("reflection_not_yet", REFLECTION_MAX),
        "progress": cell("reflection_progress", REFLECTION_MAX),
        "learning_themes": [
            {"n": n, "theme": cell(f"lt-{n}-theme"), "description": cell(f"lt-{n}-description", LEARNING_THEME_MAX)}
            for n in range(LEARNING_THEME_ROWS)
        ],
    }
    return {
        "quantitative": quantitative,
        "qualitative": qualitative,
        "self_assessment": self_assessment,
        "reflection": reflection,
    }


class ContributionAssignForm(TextCleanMixin, forms.Form):
    """The project leader's "Assign to…": a process theme or a sub-project, a writer, a due date, a note.
    The choices come from the view (`contribution_choices`); the service checks them again."""

    section = forms.ChoiceField(label=gettext_lazy("Part"))
    assignee = forms.TypedChoiceField(label=gettext_lazy("Assign to"), coerce=int)
    due_date = forms.DateField(
        label=gettext_lazy("Deliver by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note for the writer"),
        required=False,
        max_length=TEXT_MAX_SHORT,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, sections=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = list(sections)
        self.fields["assignee"].choices = [("", "—")] + list(people)
        for name, f in self.fields.items():
            f.widget.attrs.setdefault(
                "class",
                "form-select form-select-sm" if name in ("section", "assignee") else "form-control form-control-sm",
            )


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Filled-in template"),
        help_text=gettext_lazy("An Excel workbook (.xlsx) or a CSV file with ';' and decimal commas; at most 2 MB."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,.csv", "class": "form-control", "aria-describedby": "id_file-help"}
        ),
    )
