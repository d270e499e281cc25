"""Forms of the programme analysis: input only; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy

from toptechniek.common.forms import StyledFormMixin
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM

from .selectors import AnalysisSections
from .services import TEXT_FIELDS, SectionTexts

LABELS = {
    "success_factors": gettext_lazy("Success factors"),
    "bottlenecks": gettext_lazy("Bottlenecks"),
    "improvements": gettext_lazy("Opportunities for improvement"),
}


class AnalysisForm(StyledFormMixin, forms.Form):
    """The introduction and, per theme and per success condition, three texts (fields "<prefix>-<text>")."""

    introduction = forms.CharField(
        label=gettext_lazy("Introduction"),
        required=False,
        max_length=TEXT_MAX_LONG,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("The year in a few paragraphs: what stands out across the regions."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, sections: AnalysisSections, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for row in [*sections.themes, *sections.conditions]:
            for name in TEXT_FIELDS:
                self.fields[f"{row.prefix}-{name}"] = forms.CharField(
                    label=LABELS[name],
                    required=False,
                    max_length=TEXT_MAX_MEDIUM,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                )
                self.initial.setdefault(f"{row.prefix}-{name}", getattr(row.section, name))

    def fields_of(self, row) -> list:
        return [self[f"{row.prefix}-{name}"] for name in TEXT_FIELDS]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data

        def texts(row) -> SectionTexts:
            return SectionTexts(**{name: data.get(f"{row.prefix}-{name}", "") for name in TEXT_FIELDS})

        return {
            "introduction": data["introduction"],
            "themes": {row.subject.pk: texts(row) for row in self.sections.themes},
            "conditions": {row.subject.pk: texts(row) for row in self.sections.conditions},
            "expected_version": data.get("version"),
        }
