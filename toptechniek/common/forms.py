import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.validators import MaxLengthValidator

from .text import TEXT_MAX_LONG, TEXT_MAX_SHORT, TextMaxLengthValidator, text_clean


def text_field_prepare(field: forms.Field) -> None:
    """Make a text field clean what it is given (toptechniek.common.text) and give it a maximum length.

    For every CharField (and subclass: e-mail, URL, slug, the people-lines field) but a password: the value
    is cleaned of control characters and its line ends normalised before the field's own `to_python`
    (so its stripping and length check see the clean text); a field without `max_length` gets
    TEXT_MAX_LONG (a textarea) or TEXT_MAX_SHORT; the length message is the one of `text.py`.
    Idempotent: a prepared field is left alone.
    """
    if not isinstance(field, forms.CharField) or isinstance(field.widget, forms.PasswordInput):
        return
    if getattr(field, "text_prepared", False):
        return
    original = field.to_python
    field.to_python = lambda value: original(text_clean(value))
    if field.max_length is None:
        field.max_length = TEXT_MAX_LONG if isinstance(field.widget, forms.Textarea) else TEXT_MAX_SHORT
        field.validators.append(MaxLengthValidator(field.max_length))
        if not field.widget.is_hidden:
            field.widget.attrs.setdefault("maxlength", str(field.max_length))
    field.validators = [
        TextMaxLengthValidator(v.limit_value) if type(v) is MaxLengthValidator else v for v in field.validators
    ]
    field.text_prepared = True


class TextCleanMixin:
    """Every text field of the form cleaned of control characters and limited in length (text_field_prepare).

    Fields added after construction (dynamic forms) are prepared when the form is cleaned."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            text_field_prepare(field)

    def __getitem__(self, name):  # rendering: a field added after construction shows its maxlength too
        field = self.fields.get(name)
        if field is not None:
            text_field_prepare(field)
        return super().__getitem__(name)

    def full_clean(self):
        for field in self.fields.values():
            text_field_prepare(field)
        super().full_clean()


class TextCleanModelForm(TextCleanMixin, forms.ModelForm):
    """A ModelForm with clean text fields: the base form of the admin's editable pages."""


class StyledFormMixin(TextCleanMixin):
    """Adds Bootstrap classes to widgets; keeps markup out of every form. Text fields are clean (TextCleanMixin)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, (forms.Select, forms.SelectMultiple)):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if isinstance(widget, forms.Textarea):
                widget.attrs.setdefault("rows", 4)


def apply_validation_error(form: forms.BaseForm, error) -> None:
    """Put a service's ValidationError onto the form (field errors where the field exists)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+$")


def decimal_parse(raw: str) -> Decimal | None:
    """Read a number as people type it: "12,5" and "12.5" are both 12.5; with a comma, dots are thousands
    separators ("1.000,5"); "1.000" (dots in groups of three, no comma) is one thousand. Empty: None;
    anything else raises InvalidOperation (or ValueError)."""
    raw = (raw or "").strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw:
        raw = raw.replace(".", "").replace(",", ".")
    elif THOUSANDS.match(raw):
        raw = raw.replace(".", "")
    value = Decimal(raw)
    if not value.is_finite():
        raise InvalidOperation
    return value


class AmountField(forms.DecimalField):
    """A decimal form field that reads numbers as people type them, in either language (`decimal_parse`):
    "450.000,50", "450000.50" and "450000,5" are the same amount (a text input: a number input refuses commas)."""

    widget = forms.TextInput

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            parsed = decimal_parse(str(value))
        except (InvalidOperation, ValueError):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        return parsed
