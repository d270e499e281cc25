"""Mail rendered from templates in the recipient's language, plain text plus HTML.

Every mail has three templates: ``<name>_subject.txt``, ``<name>.txt`` and ``<name>.html``; the mails of the
outbox extend ``mail/base.txt`` and ``mail/base.html`` (greeting, one link, the programme office's
signature, why you receive it, a link to your mail settings). The subject and the plain text are rendered
without HTML escaping ("Noord & Oost", not "Noord &amp; Oost"); runs of blank lines in the plain text are
folded into one, so the text templates can be written for readability.
"""

import logging
import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)

_BLANK_RUNS = re.compile(r"\n{3,}")
_TRAILING_SPACE = re.compile(r"[ \t]+\n")


def _render_plain(name: str, context: dict) -> str:
    """A template rendered without autoescaping (for plain text and subjects)."""
    template = get_template(name)
    return template.template.render(Context(context, autoescape=False))


def _tidy_text(text: str) -> str:
    text = _TRAILING_SPACE.sub("\n", text.strip() + "\n")
    return _BLANK_RUNS.sub("\n\n", text)


def mail_render_subject(*, template: str, context: dict, language: str) -> str:
    with translation.override(language):
        subject = _render_plain(f"{template}_subject.txt", context)
    return " ".join(subject.split())


def mail_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render templates/<template>_subject.txt, .txt and .html in `language`."""
    with translation.override(language):
        subject = " ".join(_render_plain(f"{template}_subject.txt", context).split())
        text = _tidy_text(_render_plain(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", {**context, "subject": subject})
    return subject, text, html


def mail_send(*, to: str, template: str, context: dict, language: str) -> None:
    subject, text, html = mail_render(template=template, context=context, language=language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("mail sent template=%s to=%s", template, to)
