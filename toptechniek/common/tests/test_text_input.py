"""Free text on the way in: control characters removed, line ends normalised, a maximum length everywhere.

- `text_clean` / `text_printable` (toptechniek.common.text) remove exactly the control characters and keep
  everything else (Dutch diacritics, emoji, non-breaking spaces).
- Every form class of the project cleans its text fields (TextCleanMixin, through StyledFormMixin or
  directly), and the main forms show it: control characters gone, `\\r\\n` as `\\n`, a maxlength on every
  textarea, the one length message (in Dutch too).
- Every TextField of the project's models has a max_length (the allowlist names the exceptions, with why).
- The admin's editable pages clean text too.
"""

import importlib
import pkgutil

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.db import models
from django.test import RequestFactory
from django.utils import translation

from toptechniek.common.forms import TextCleanMixin, text_field_prepare
from toptechniek.common.text import (
    TEXT_MAX_LONG,
    TEXT_MAX_SHORT,
    TextMaxLengthValidator,
    text_clean,
    text_length_error,
    text_printable,
)

PROJECT_APPS = ("toptechniek", "regions", "monitoring", "audits", "peerreviews", "governance", "dashboard", "portal")
CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), *range(0x7F, 0xA0)])
KEPT = "Één café, ’s-Hertogenbosch — naïef: 🚀 ✓ € \u00a0½ 中文"
DIRTY = "Regel\x0been\x00\r\ntwee\x1f\x7f\x85\x9f\ud800\ufffe\uffff" + KEPT


# --- The cleaning functions --------------------------------------------------------------------------


def test_text_printable_removes_every_control_character_and_keeps_the_rest():
    assert text_printable(CONTROLS) == ""
    assert text_printable("\ud800\udfff\ufffe\uffff") == ""
    assert text_printable(KEPT) == KEPT
    assert text_printable("a\tb\nc\rd") == "a\tb\nc\rd"  # tab and line ends are text


def test_text_clean_also_normalises_line_ends():
    assert text_clean(DIRTY) == "Regeleen\ntwee" + KEPT
    assert text_clean("a\r\nb\rc\nd") == "a\nb\nc\nd"
    assert text_clean("tab\there") == "tab\there"
    assert text_clean(None) is None and text_clean(12) == 12  # not text: left alone


def test_the_length_message_groups_digits_in_the_reader_language():
    assert text_length_error("x" * 10, 10) is None
    with translation.override("en"):
        assert text_length_error("x" * 20_001, 20_000) == "This text is 20,001 characters long; the maximum is 20,000."
    with translation.override("nl"):
        message = text_length_error("x" * 20_001, 20_000)
    assert "20.001" in message and "20.000" in message


# --- Every form class -------------------------------------------------------------------------------


def _project_modules():
    """Every module of the project's packages but tests and migrations, imported."""
    for package_name in PROJECT_APPS:
        package = importlib.import_module(package_name)
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{package_name}."):
            if any(part in ("tests", "migrations", "management") for part in info.name.split(".")):
                continue
            if info.name in ("toptechniek.wsgi", "toptechniek.testenv"):
                continue
            yield importlib.import_module(info.name)


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _project_form_classes() -> list[type]:
    list(_project_modules())
    found = {
        cls
        for cls in _all_subclasses(forms.BaseForm)
        if cls.__module__.split(".")[0] in PROJECT_APPS and not cls.__module__.startswith("django")
    }
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


def _has_text_fields(cls) -> bool:
    return any(isinstance(f, forms.CharField) for f in cls.base_fields.values())


def test_the_project_has_forms_to_check():
    names = {c.__name__ for c in _project_form_classes()}
    assert {"RegionVisionForm", "ScoringForm", "TransitionCommentForm", "FeedbackReportForm"} <= names
    assert len(names) >= 40


# Forms that add fields when they are built but never a text field, each with the reason.
NO_TEXT_FORMS = {
    "toptechniek.accounts.forms.MailPreferencesForm": "one radio choice per kind of mail, no text",
}


@pytest.mark.parametrize("form_class", _project_form_classes(), ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_every_form_class_cleans_its_text(form_class):
    """Every form with a text field (declared, or added when it is built: the dynamic forms) cleans it."""
    dynamic = form_class.__init__ is not forms.Form.__init__  # may add fields when built
    if f"{form_class.__module__}.{form_class.__name__}" in NO_TEXT_FORMS:
        assert not _has_text_fields(form_class)
    elif _has_text_fields(form_class) or dynamic:
        assert issubclass(form_class, TextCleanMixin), f"{form_class.__name__} does not clean its text fields"


@pytest.mark.parametrize(
    "field",
    [
        forms.CharField(),
        forms.CharField(widget=forms.Textarea, max_length=300),
        forms.CharField(strip=False),
        forms.EmailField(),
        forms.SlugField(),
        forms.URLField(assume_scheme="https"),
    ],
    ids=lambda f: type(f).__name__,
)
def test_every_kind_of_text_field_is_prepared(field):
    text_field_prepare(field)
    assert field.max_length is not None
    assert any(isinstance(v, TextMaxLengthValidator) for v in field.validators)
    assert not any(type(v).__name__ == "MaxLengthValidator" for v in field.validators)
    assert field.widget.attrs["maxlength"] == str(field.max_length)
    text_field_prepare(field)  # idempotent
    assert sum(isinstance(v, TextMaxLengthValidator) for v in field.validators) == 1


def test_a_password_field_is_left_as_typed():
    field = forms.CharField(strip=False, widget=forms.PasswordInput)
    text_field_prepare(field)
    assert field.clean("geheim\x0b") == "geheim\x0b"
    assert not getattr(field, "text_prepared", False)


def test_text_fields_without_a_limit_get_one_by_kind():
    class Plain(TextCleanMixin, forms.Form):
        line = forms.CharField()
        story = forms.CharField(widget=forms.Textarea)

    form = Plain()
    assert form.fields["line"].max_length == TEXT_MAX_SHORT
    assert form.fields["story"].max_length == TEXT_MAX_LONG
    assert f'maxlength="{TEXT_MAX_LONG}"' in str(form["story"])


def test_a_field_added_after_construction_is_cleaned_and_limited():
    class Dynamic(TextCleanMixin, forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["later"] = forms.CharField(widget=forms.Textarea, max_length=50)

    assert 'maxlength="50"' in str(Dynamic()["later"])
    form = Dynamic(data={"later": "a\x0bb\r\nc"})
    assert form.is_valid() and form.cleaned_data["later"] == "ab\nc"
    form = Dynamic(data={"later": "x" * 51})
    assert not form.is_valid()
    assert form.errors["later"] == ["This text is 51 characters long; the maximum is 50."]


def _main_forms(w):
    """(form class, kwargs, data): the project's main free-text forms, with control characters everywhere."""
    from governance.forms import MeetingNotesForm
    from monitoring.forms import TransitionCommentForm
    from peerreviews.forms.content import FeedbackReportForm, MeetingForm, OutcomeForm
    from peerreviews.forms.reviews import ReadinessForm, TransitionForm
    from peerreviews.models import PeerReview
    from regions.forms import AmendmentDecisionForm, PlacematThemeCreateForm, RegionForm, RegionVisionForm
    from regions.models import Region

    dirty = "Tekst\x0b met\x00 stuur\x1ftekens\r\nen een tweede regel \x85🚀"
    return [
        (TransitionCommentForm, {}, {"comment": dirty}),
        (MeetingNotesForm, {}, {"notes": dirty, "decision_summary": dirty}),
        (FeedbackReportForm, {}, {"text": dirty}),
        (MeetingForm, {}, {"date": "2015-03-01", "notes": dirty}),
        (
            OutcomeForm,
            {},
            {"insights": dirty, "action": dirty, "action_owner": "Piet\x0b", "action_due": "2015-06-01"},
        ),
        (
            ReadinessForm,
            {"review": PeerReview(kind="internal", host_region=Region(name="Twente"))},
            {"host_stable": "yes", "host_learning": "no", "host_full_peer": "unknown", "notes": dirty},
        ),
        (TransitionForm, {}, {"comment": dirty}),
        (AmendmentDecisionForm, {}, {"decision": "refuse", "note": dirty}),
        (
            PlacematThemeCreateForm,
            {},
            {"kind": "process", "name": "Thema\x0b", "description": dirty, "questions": dirty},
        ),
        (
            RegionForm,
            {},
            {
                "programme": w.programme.pk,
                "name": "Twente\x0b Noord",
                "slug": "twente-noord",
                "landsdeel": w.programme.landsdelen.get(code="oost").pk,
                "join_year": 2013,
                "status": "active",
                "description": dirty,
            },
        ),
        (RegionVisionForm, {}, {name: dirty for name in RegionVisionForm.Meta.fields}),
    ]


@pytest.mark.django_db
def test_the_main_forms_strip_control_characters_and_normalise_line_ends():
    from regions.tests.world import world_build

    w = world_build(years=(2013,), regions=("friesland",))
    for form_class, kwargs, data in _main_forms(w):
        form = form_class(data=data, **kwargs)
        assert form.is_valid(), (form_class.__name__, form.errors)
        for name, value in form.cleaned_data.items():
            if isinstance(value, str):
                assert text_printable(value) == value and "\r" not in value, (form_class.__name__, name, value)
        text_names = [n for n, f in form.fields.items() if isinstance(f, forms.CharField) and data.get(n, "")]
        assert text_names, form_class.__name__
        for name in text_names:
            if "\n" in data[name] and isinstance(form.cleaned_data[name], str):
                assert "\n" in form.cleaned_data[name]  # the line break is kept, as \n
                assert "🚀" in form.cleaned_data[name]


@pytest.mark.django_db
def test_the_main_forms_refuse_text_over_the_limit_with_the_one_message():
    from regions.tests.world import world_build

    w = world_build(years=(2013,), regions=("friesland",))
    for form_class, kwargs, data in _main_forms(w):
        form = form_class(data=data, **kwargs)
        textareas = [n for n, f in form.fields.items() if isinstance(f.widget, forms.Textarea)]
        assert textareas, form_class.__name__
        for name in textareas:
            limit = form.fields[name].max_length
            assert limit, (form_class.__name__, name)
            assert f'maxlength="{limit}"' in str(form[name]), (form_class.__name__, name)
            too_long = form_class(data={**data, name: "x" * (limit + 1)}, **kwargs)
            assert not too_long.is_valid()
            expected = f"This text is {limit + 1:,} characters long; the maximum is {limit:,}."
            assert expected in too_long.errors[name], (form_class.__name__, name, too_long.errors)


def test_a_guiding_question_line_has_its_own_limit():
    from regions.forms import PlacematThemeCreateForm

    form = PlacematThemeCreateForm(data={"kind": "process", "name": "Thema", "questions": "Kort?\n" + "x" * 501})
    assert not form.is_valid()
    assert form.errors["questions"] == ["Line 2: This text is 501 characters long; the maximum is 500."]


# --- Every model TextField ---------------------------------------------------------------------------

# TextFields that may stay without a max_length, each with the reason. None today: every free text of the
# project is limited. A field here must be one that no person types into (generated HTML, a machine's JSON
# kept as text); JSONField is no TextField and needs no entry.
UNLIMITED_TEXT_FIELDS: dict[str, str] = {}


def _project_models():
    return [m for m in apps.get_models() if m.__module__.split(".")[0] in PROJECT_APPS]


def test_every_text_field_of_the_project_has_a_max_length():
    missing = []
    seen = 0
    for model in _project_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.TextField) and field.model is model:
                seen += 1
                label = f"{model._meta.label}.{field.name}"
                if field.max_length is None and label not in UNLIMITED_TEXT_FIELDS:
                    missing.append(label)
    assert seen >= 50  # the reflections, answers, vision texts, notes, comments, …
    assert missing == []
    for label in UNLIMITED_TEXT_FIELDS:  # no stale entries
        app_model, name = label.rsplit(".", 1)
        assert apps.get_model(app_model)._meta.get_field(name).max_length is None


def test_a_model_form_takes_the_limit_of_its_text_field():
    from monitoring.models import MonitorReport
    from regions.forms import RegionVisionForm

    form = RegionVisionForm()
    assert form.fields["ambitions"].max_length == TEXT_MAX_LONG
    assert f'maxlength="{TEXT_MAX_LONG}"' in str(form["ambitions"])
    assert MonitorReport._meta.get_field("reflection_works").max_length == TEXT_MAX_LONG


# --- The admin ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_admin_pages_of_the_project_clean_text():
    from toptechniek.accounts.models import User

    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        app = model.__module__.split(".")[0]
        if app not in PROJECT_APPS or model._meta.app_label == "accounts":
            continue
        if not model_admin.has_change_permission(request) and not model_admin.has_add_permission(request):
            continue  # read-only: nothing is typed
        form_class = model_admin.get_form(request)
        if _has_text_fields(form_class):
            assert issubclass(form_class, TextCleanMixin), model._meta.label
            checked += 1
        for inline in model_admin.get_inline_instances(request):
            if inline.has_change_permission(request) or inline.has_add_permission(request, None):
                formset = inline.get_formset(request)
                if _has_text_fields(formset.form):
                    assert issubclass(formset.form, TextCleanMixin), inline.model._meta.label
    assert checked >= 8
