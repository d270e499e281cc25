"""Filling in a monitor report the way a project leader does: through the editor's services.

Every test that needs a report ready to submit uses `report_fill_completely`, so what "complete" means is
written once (the checklist in `monitoring.selectors.report_checklist` decides it)."""

from decimal import Decimal

from monitoring import services
from monitoring.models import MonitorReport
from monitoring.services import RealisationInput
from regions.models import GuidingQuestion, Indicator, PlacematTheme
from toptechniek.accounts.models import User


def report_fill_completely(
    *, report: MonitorReport, indicator: Indicator, leader: User, value: Decimal = Decimal("120")
) -> MonitorReport:
    """The indicator's realisation, every process question, a self-assessment of every theme and the
    reflection with one learning theme; returns the report as stored."""
    programme = report.region.programme
    services.report_save_quantitative(
        report=report,
        base_version=report.quantitative_version,
        values={indicator.pk: RealisationInput(value=value, not_applicable=False, explanation="")},
        user=leader,
    )
    questions = GuidingQuestion.objects.filter(theme__programme=programme, theme__kind="process")
    services.report_save_qualitative(
        report=report, base_version=0, answers={q.pk: f"Antwoord op {q.pk}" for q in questions}, user=leader
    )
    themes = PlacematTheme.objects.filter(programme=programme)
    services.report_save_self_assessment(
        report=report, base_version=0, scores={t.pk: (3, "Op koers") for t in themes}, user=leader
    )
    services.report_save_reflection(
        report=report,
        base_version=0,
        works="Leerlijnen lopen.",
        not_yet="Bedrijven haken af.",
        progress="Op schema.",
        learning_themes=[(themes.first().pk, "Bedrijven vasthouden")],
        user=leader,
    )
    report.refresh_from_db()
    return report
