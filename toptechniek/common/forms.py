from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _


class StyledFormMixin:
    """Adds Bootstrap classes to widgets; keeps markup out of every form."""

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


class AttachmentForm(StyledFormMixin, forms.Form):
    """One file and an optional description. The checks on the file itself are the service's
    (toptechniek.common.uploads); this form only says when the upload handler dropped a file for its size."""

    file = forms.FileField(label=_("File"), allow_empty_file=True)
    description = forms.CharField(label=_("Description"), max_length=200, required=False)

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .uploads import TYPES, allowed_types_text, max_bytes

        self.too_large = "file" in getattr(request, "uploads_too_large", set())
        if self.too_large:
            self.fields["file"].required = False
        self.fields["file"].help_text = _("%(types)s; at most %(max)s.") % {
            "types": allowed_types_text(),
            "max": filesizeformat(max_bytes()),
        }
        # A hint for the browser's file picker only; the content decides (uploads.detect_type).
        self.fields["file"].widget.attrs["accept"] = ",".join([*(t.extension for t in TYPES.values()), ".jpeg"])
        self.fields["file"].error_messages["required"] = _("Choose a file to upload.")

    def clean(self):
        cleaned = super().clean()
        if self.too_large:
            from .uploads import too_large_message

            self.add_error("file", too_large_message())
        return cleaned
