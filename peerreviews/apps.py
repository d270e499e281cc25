from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerreviewsConfig(AppConfig):
    name = "peerreviews"
    verbose_name = _("Peer reviews")

    def ready(self):
        from toptechniek.common.todo import TODO_PROVIDERS

        from .selectors.todo import todos_for_user

        if todos_for_user not in TODO_PROVIDERS:
            TODO_PROVIDERS.append(todos_for_user)

        from monitoring.rules import REPORT_READERS

        from .rules import is_peer_partner_reader

        if is_peer_partner_reader not in REPORT_READERS:
            REPORT_READERS.append(is_peer_partner_reader)

        from audits.services.scoring import ASSIGNMENT_CONFLICT_CHECKS

        from . import tasks  # noqa: F401 - registers the app's Celery tasks by name (services enqueue by name)
        from .services.conflicts import assignment_peer_conflict

        if assignment_peer_conflict not in ASSIGNMENT_CONFLICT_CHECKS:
            ASSIGNMENT_CONFLICT_CHECKS.append(assignment_peer_conflict)

        from monitoring import selectors as monitoring_selectors

        from .selectors.report_context import peer_review_outcomes_panel

        if peer_review_outcomes_panel not in monitoring_selectors.REPORT_CONTEXT_PROVIDERS:
            monitoring_selectors.REPORT_CONTEXT_PROVIDERS.append(peer_review_outcomes_panel)

        from regions.selectors import REGION_PAGE_SECTIONS

        from .selectors.region_page import GOOD_PRACTICES_SECTION, PEER_REVIEWS_SECTION

        for section in (PEER_REVIEWS_SECTION, GOOD_PRACTICES_SECTION):
            if section not in REGION_PAGE_SECTIONS:
                REGION_PAGE_SECTIONS.append(section)
