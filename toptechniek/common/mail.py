"""Mail rendered from templates in the recipient's language, plain text plus HTML."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def mail_render(*, template: str, context: dict, language: str) -> tuple[str, str, str]:
    """Render templates/<template>_subject.txt, .txt and .html in `language`."""
    with translation.override(language):
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    return " ".join(subject.split()), text, html


def mail_send(*, to: str, template: str, context: dict, language: str) -> None:
    subject, text, html = mail_render(template=template, context=context, language=language)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()
    logger.info("mail sent template=%s to=%s", template, to)
