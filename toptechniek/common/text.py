"""Free text as people paste it: control characters removed, line ends normalised, a maximum length.

Text pasted from Word or a PDF can carry control characters (a vertical tab `\\x0b` for a soft line break,
`\\x00`, form feeds, C1 controls from a wrongly decoded Windows-1252 text). They show as nothing, break
the XLSX export (openpyxl refuses them) and PostgreSQL refuses `\\x00`. One rule removes them everywhere:

- `text_clean(value)`: input (every form's text fields through `toptechniek.common.forms.TextCleanMixin`,
  and the report editor's section saves): C0 controls except tab and newline, DEL and the C1 controls,
  lone surrogates and the non-characters U+FFFE/U+FFFF removed; `\\r\\n` and a lone `\\r` become `\\n`
  (what a browser counts for `maxlength`). Everything else stays: diacritics, emoji, non-breaking spaces.
- `text_printable(value)`: output (every cell of every export, `toptechniek.common.exports`): the same
  characters removed, line ends kept as they are.

The maximum lengths are constants per kind of text, not settings: the model's `TextField(max_length=…)`
gives its ModelForm field the limit (and the textarea its `maxlength`); forms.Form fields name theirs, and
`TextCleanMixin` gives any text field without one `TEXT_MAX_SHORT` (one line) or `TEXT_MAX_LONG` (a textarea).
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import formats
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Kinds of free text, in characters.
TEXT_MAX_LINE = 500  # one line: a learning theme, a self-assessment's rationale
TEXT_MAX_SHORT = 2_000  # a note, a comment, a reason, a rationale, a description
TEXT_MAX_MEDIUM = 5_000  # an assessor's rationale, an audit finding, an explanation of a figure
TEXT_MAX_LONG = 20_000  # a report's reflection, an answer, a vision's section, a feedback report, meeting notes

# C0 controls except \t \n \r; DEL and C1 (U+007F–U+009F); lone surrogates (only from JSON escapes or
# surrogateescape decoding); the non-characters U+FFFE and U+FFFF.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_ENDS = re.compile("\r\n?")


def text_printable(value: str) -> str:
    """`value` without control characters (tab, newline and carriage return kept)."""
    return _CONTROLS.sub("", value)


def text_clean(value):
    """Input text without control characters, with `\\n` line ends; anything that is not a str as it is."""
    if not isinstance(value, str):
        return value
    return _LINE_ENDS.sub("\n", text_printable(value))


def text_length_message(*, length: int, limit: int) -> str:
    """The one message for a text over its limit, numbers grouped as the language writes them."""
    return gettext("This text is %(length)s characters long; the maximum is %(limit)s.") % {
        "length": formats.number_format(length, force_grouping=True),
        "limit": formats.number_format(limit, force_grouping=True),
    }


def text_length_error(value: str, limit: int) -> str | None:
    """The message when `value` is longer than `limit` characters, else None."""
    return text_length_message(length=len(value), limit=limit) if len(value) > limit else None


def text_limit_errors(texts: dict[str, str], limit: int) -> dict[str, str]:
    """The length message per name whose text is longer than `limit` (for a service's ValidationError)."""
    return {name: message for name, value in texts.items() if (message := text_length_error(value, limit))}


@deconstructible
class TextMaxLengthValidator(MaxLengthValidator):
    """Django's MaxLengthValidator with the message above (length and limit, grouped digits)."""

    message = _("This text is %(length)s characters long; the maximum is %(limit)s.")

    def __call__(self, value):
        limit = self.limit_value() if callable(self.limit_value) else self.limit_value
        if len(value) > limit:
            raise ValidationError(
                text_length_message(length=len(value), limit=limit),
                code=self.code,
                params={"limit_value": limit, "show_value": len(value), "value": value},
            )
