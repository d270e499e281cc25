"""Writes of the programme analysis: the office saves the draft and publishes it; the PDF is made on request.

    analysis_save(programme_year=, actor=, introduction=, sections=, expected_version=)  draft, created on first save
    analysis_publish(analysis=, actor=)          draft → published, final; mails project leaders and critical friends
    analysis_pdf_make(analysis=)                 the published analysis as a PDF (toptechniek/common/pdf.py)

Services raise ValidationError (or PermissionDenied for someone who is not the office) and change nothing
on refusal. A closed programme does not stop them: the analysis looks back on a year (see rules.py).
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import PlacematTheme, ProgrammeYear, SuccessCondition
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.pdf import RenderedPdf, render_pdf
from toptechniek.common.text import TEXT_MAX_LONG, TEXT_MAX_MEDIUM, text_clean, text_length_error

from .models import AnalysisSection, ProgrammeAnalysis

TEXT_FIELDS = ("success_factors", "bottlenecks", "improvements")
INTRODUCTION_LABEL = gettext_noop("Introduction")
MESSAGES = {
    "analysis_save": gettext_noop("%(programme)s: analysis %(year)s saved"),
    "analysis_publish": gettext_noop("%(programme)s: analysis %(year)s published"),
}


@dataclass
class SectionTexts:
    success_factors: str = ""
    bottlenecks: str = ""
    improvements: str = ""


def _audit(analysis: ProgrammeAnalysis, *, code: str, actor: User, fields=()) -> None:
    programme_year = analysis.programme_year
    audit_change(
        action=f"analysis.{code}",
        message=MESSAGES[code],
        params={"programme": programme_year.programme.name, "year": programme_year.year},
        actor=actor,
        object_label=f"{programme_year.programme.name} {programme_year.year}",
        fields=fields,
    )


def _check_office(actor: User) -> None:
    if not (actor and actor.is_authenticated and actor.is_programme_office):
        raise PermissionDenied(_("Only the programme office writes the programme's analysis."))


def _clean(value: str, limit: int, errors: list[str], label: str) -> str:
    text = text_clean(value or "").strip()
    message = text_length_error(text, limit)
    if message:
        errors.append(f"{label}: {message}")
    return text


@transaction.atomic
def analysis_save(
    *,
    programme_year: ProgrammeYear,
    actor: User,
    introduction: str,
    themes: dict[int, SectionTexts] | None = None,
    conditions: dict[int, SectionTexts] | None = None,
    expected_version: int | None = None,
) -> ProgrammeAnalysis:
    """Save the draft as typed: the introduction and the three texts per theme (keyed by theme id) and per
    success condition (by condition id). The first save creates the analysis. `expected_version` is the
    version the editor was loaded with: a save over someone else's newer save is refused."""
    _check_office(actor)
    analysis, _created = ProgrammeAnalysis.objects.select_for_update().get_or_create(programme_year=programme_year)
    analysis.programme_year = programme_year
    if analysis.status != ProgrammeAnalysis.Status.DRAFT:
        raise ValidationError(_("The analysis has been published and can no longer change."))
    if expected_version is not None and expected_version != analysis.version:
        raise ValidationError(
            _(
                "Someone else saved this analysis while you were writing. Your text is still here: copy what you "
                "need, reload the page and add it again."
            )
        )
    programme_id = programme_year.programme_id
    theme_names = {t.pk: str(t) for t in PlacematTheme.objects.filter(programme_id=programme_id)}
    condition_names = {c.pk: str(c) for c in SuccessCondition.objects.filter(programme_id=programme_id)}
    errors: list[str] = []
    intro = _clean(introduction, TEXT_MAX_LONG, errors, _("Introduction"))
    wanted: dict[tuple[str, int], dict[str, str]] = {}
    for kind, given, known in (("theme", themes, theme_names), ("condition", conditions, condition_names)):
        for pk, texts in (given or {}).items():
            if pk not in known:
                raise ValidationError(_("Unknown theme or success condition."))
            wanted[(kind, pk)] = {
                name: _clean(getattr(texts, name), TEXT_MAX_MEDIUM, errors, known[pk]) for name in TEXT_FIELDS
            }
    if errors:
        raise ValidationError(errors)
    stored = {
        ("theme" if s.theme_id else "condition", s.theme_id or s.condition_id): s for s in analysis.sections.all()
    }
    changed = [INTRODUCTION_LABEL] if intro != analysis.introduction else []
    for (kind, pk), texts in wanted.items():
        section = stored.get((kind, pk))
        before = {name: getattr(section, name) if section else "" for name in TEXT_FIELDS}
        if before == texts:
            continue
        changed.append((theme_names if kind == "theme" else condition_names)[pk])
        if section is None:
            AnalysisSection.objects.create(analysis=analysis, **{f"{kind}_id": pk}, **texts)
        elif any(texts.values()):
            for name, value in texts.items():
                setattr(section, name, value)
            section.save(update_fields=list(TEXT_FIELDS))
        else:
            section.delete()  # emptied: no row
    analysis.introduction = intro
    analysis.version += 1
    analysis.updated_by = actor
    analysis.save(update_fields=["introduction", "version", "updated_by", "updated_at"])
    if changed or _created:
        _audit(analysis, code="analysis_save", actor=actor, fields=changed)
    return analysis


def analysis_missing(analysis: ProgrammeAnalysis) -> list[str]:
    """What the draft lacks before it can be published: an introduction and at least one written section."""
    missing = []
    if not analysis.introduction.strip():
        missing.append(_("an introduction"))
    if not any(not s.is_empty for s in analysis.sections.all()):
        missing.append(_("at least one theme or success condition with a text"))
    return missing


@transaction.atomic
def analysis_publish(*, analysis: ProgrammeAnalysis, actor: User) -> ProgrammeAnalysis:
    """Publish the draft: final from now on, readable by everyone signed in; the programme's project leaders
    and critical friends are mailed once."""
    _check_office(actor)
    analysis = (
        ProgrammeAnalysis.objects.select_for_update().select_related("programme_year__programme").get(pk=analysis.pk)
    )
    if analysis.status != ProgrammeAnalysis.Status.DRAFT:
        raise ValidationError(_("The analysis has already been published."))
    missing = analysis_missing(analysis)
    if missing:
        raise ValidationError(
            _("The analysis is not complete; missing: %(missing)s.") % {"missing": "; ".join(missing)}
        )
    analysis.status = ProgrammeAnalysis.Status.PUBLISHED
    analysis.published_at, analysis.published_by = timezone.now(), actor
    analysis.version += 1
    analysis.save(update_fields=["status", "published_at", "published_by", "version", "updated_at"])
    from .mails import analysis_published_queue

    analysis_published_queue(analysis=analysis)  # sent after commit, once per person
    _audit(analysis, code="analysis_publish", actor=actor)
    return analysis


def analysis_pdf_make(*, analysis: ProgrammeAnalysis) -> RenderedPdf:
    """The published analysis with its evidence as a PDF, rendered here and now in the active language."""
    from .selectors import analysis_evidence, analysis_sections

    programme_year = analysis.programme_year
    return render_pdf(
        template="analysis/pdf.html",
        context={
            "analysis": analysis,
            "programme_year": programme_year,
            "sections": analysis_sections(programme_year=programme_year, analysis=analysis),
            "evidence": analysis_evidence(programme_year=programme_year),
        },
    )
