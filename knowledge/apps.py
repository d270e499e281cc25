from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KnowledgeConfig(AppConfig):
    """Het kennisprogramma: the national knowledge programme beside the regions: kennisconferenties, meetings
    of project leaders and penvoerders and working visits, with invitations, registrations, attendance and
    material. Imports only regions and toptechniek; the dashboard and the portal read it."""

    name = "knowledge"
    verbose_name = _("Knowledge programme")

    def ready(self):
        from regions.selectors import REGION_PAGE_SECTIONS
        from toptechniek.common.todo import TODO_PROVIDERS

        from . import mails  # noqa: F401  (registers the kinds of mail)
        from .selectors import KNOWLEDGE_SECTION, todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)
        if KNOWLEDGE_SECTION not in REGION_PAGE_SECTIONS:
            REGION_PAGE_SECTIONS.append(KNOWLEDGE_SECTION)
