from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Landsdeel, PlacematTheme, Programme, Region, SuccessCondition
from toptechniek.common.forms import StyledFormMixin

from ..models import GoodPractice
from ..selectors.good_practices import GoodPracticeFilters


class TagChoiceField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.number}. {obj.name}"


class GoodPracticeForm(StyledFormMixin, forms.ModelForm):
    """Texts and tags of a good practice. `regions` limits the region choice (create only);
    `programme_ids` limits the themes and conditions to the programmes of those regions."""

    themes = TagChoiceField(
        label=_("placemat themes"),
        queryset=PlacematTheme.objects.none(),
        error_messages={"required": _("Choose at least one placemat theme.")},
    )
    success_conditions = TagChoiceField(
        label=_("success conditions"), queryset=SuccessCondition.objects.none(), required=False
    )

    class Meta:
        model = GoodPractice
        fields = [
            "region",
            "title",
            "summary",
            "description",
            "audience",
            "result",
            "reuse",
            "contact",
            "themes",
            "success_conditions",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}
        help_texts = {
            "description": _("What did the region do, with which partners?"),
            "audience": _("Which students, schools, companies or regions is it meant for?"),
            "result": _("What did it bring, in numbers where possible?"),
            "reuse": _("What does another region need to do the same: people, money, time, pitfalls?"),
        }

    def __init__(self, *args, regions=None, programme_ids=(), **kwargs):
        super().__init__(*args, **kwargs)
        if regions is None:
            del self.fields["region"]
        else:
            self.fields["region"].queryset = regions
            self.fields["region"].empty_label = _("Choose a region")
        self.fields["themes"].queryset = PlacematTheme.objects.filter(programme_id__in=programme_ids).order_by(
            "programme", "kind", "number"
        )
        self.fields["success_conditions"].queryset = SuccessCondition.objects.filter(
            programme_id__in=programme_ids
        ).order_by("programme", "number")
        for name in ("themes", "success_conditions"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class GoodPracticeFilterForm(StyledFormMixin, forms.Form):
    """The list's filters; an unknown value is ignored rather than refused."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    theme = forms.ModelChoiceField(label=_("Theme"), queryset=PlacematTheme.objects.none(), required=False)
    success_condition = forms.ModelChoiceField(
        label=_("Success condition"), queryset=SuccessCondition.objects.none(), required=False
    )
    landsdeel = forms.ModelChoiceField(
        label=_("Landsdeel"), queryset=Landsdeel.objects.none(), to_field_name="code", required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.none(), required=False)

    def __init__(self, *args, programme: Programme | None, **kwargs):
        super().__init__(*args, **kwargs)
        programme_id = programme.pk if programme else None
        self.fields["theme"].queryset = PlacematTheme.objects.filter(programme_id=programme_id).order_by(
            "kind", "number"
        )
        self.fields["success_condition"].queryset = SuccessCondition.objects.filter(programme_id=programme_id).order_by(
            "number"
        )
        self.fields["landsdeel"].queryset = Landsdeel.objects.filter(programme_id=programme_id)
        self.fields["region"].queryset = Region.objects.filter(programme_id=programme_id).order_by("name")
        for name in ("theme", "success_condition", "landsdeel", "region"):
            self.fields[name].empty_label = _("All")

    def filters(self) -> GoodPracticeFilters:
        if not self.is_bound:
            return GoodPracticeFilters()
        if not self.is_valid():
            data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        else:
            data = self.cleaned_data
        return GoodPracticeFilters(
            theme=data.get("theme"),
            success_condition=data.get("success_condition"),
            landsdeel=data.get("landsdeel"),
            region=data.get("region"),
            q=(data.get("q") or "").strip(),
        )
