"""Writes on monitor reports: section saves with a version check, and every workflow transition.

Each transition is one function: it checks the state and the actor, writes a ReportTransition
(who, when, from, to, comment), and queues the mails of its hand-over in the outbox (monitoring/mails.py).
A refused transition raises ValidationError and changes nothing.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import (
    GuidingQuestion,
    Indicator,
    PlacematTheme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    SubProject,
)
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change
from toptechniek.common.facts import facts_refresh
from toptechniek.common.queue import task_delay

from .mails import contribution_mail_queue, report_mails_queue
from .models import (
    LearningTheme,
    MonitorReport,
    Realisation,
    ReportAttachment,
    ReportContribution,
    ReportTransition,
    SelfAssessment,
    ThemeAnswer,
)
from .selectors import report_checklist, report_view

Status = MonitorReport.Status


class StaleSaveError(Exception):
    """Someone else saved this section since the editor loaded it."""

    def __init__(self, *, report: MonitorReport, section: str):
        super().__init__(f"stale save of {section}")
        self.report = report
        self.section = section


@dataclass
class RealisationInput:
    value: Decimal | None
    not_applicable: bool
    explanation: str


def _text_checked(errors: dict, name: str, value: str, limit: int) -> str:
    """`value` cleaned of control characters (toptechniek.common.text) and stripped; a text longer than
    `limit` (its model field's max_length) puts the length message on field `name` in `errors`."""
    from toptechniek.common.text import text_clean, text_length_error

    text = text_clean(value or "").strip()
    message = text_length_error(text, limit)
    if message:
        errors[name] = message
    return text


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# --- The audit log -------------------------------------------------------------------------

# What a section save did, in the log's words; the changed fields (indicators, questions, themes, texts) are
# listed beside it. An autosave that changes the same fields again within the log's window is logged once.
SECTION_MESSAGES = {
    "quantitative": gettext_noop("%(region)s: figures of report %(year)s saved"),
    "qualitative": gettext_noop("%(region)s: process answers of report %(year)s saved"),
    "self_assessment": gettext_noop("%(region)s: self-assessment of report %(year)s saved"),
    "reflection": gettext_noop("%(region)s: reflection of report %(year)s saved"),
}
# Each transition service's words; the submit has two (to the penvoerder, or straight to the office).
TRANSITION_MESSAGES = {
    "report_submit": gettext_noop("%(region)s: report %(year)s submitted"),
    "report_submit_for_endorsement": gettext_noop("%(region)s: report %(year)s submitted for endorsement"),
    "report_endorse": gettext_noop("%(region)s: report %(year)s endorsed"),
    "report_decline_endorsement": gettext_noop("%(region)s: endorsement of report %(year)s declined"),
    "report_return": gettext_noop("%(region)s: report %(year)s returned"),
    "report_accept": gettext_noop("%(region)s: report %(year)s accepted"),
    "report_reopen": gettext_noop("%(region)s: report %(year)s reopened"),
}


def _audit(
    report: MonitorReport, *, action: str, message: str, actor: User, fields=(), coalesce=False, **params
) -> None:
    """Log a change of the report in the caller's transaction: "Twente: report 2015 returned"."""
    region, year = report.region.name, report.programme_year.year
    audit_change(
        action=f"monitoring.{action}",
        message=message,
        params={"region": region, "year": year, **params},
        actor=actor,
        object_label=f"{region} {year}",
        fields=fields,
        coalesce=coalesce,
    )


def _audit_section(report: MonitorReport, section: str, user: User, changed: list) -> None:
    """Log a section save that changed something, naming what changed; a save that changed nothing is not."""
    if changed:
        _audit(
            report,
            action=f"report_save_{section}",
            message=SECTION_MESSAGES[section],
            actor=user,
            fields=changed,
            coalesce=True,
        )


def _audit_transition(report: MonitorReport, action: str, actor: User) -> None:
    _audit(report, action=action.removesuffix("_for_endorsement"), message=TRANSITION_MESSAGES[action], actor=actor)


# --- Opening and saving --------------------------------------------------------------------


def report_start_refusal(*, region: Region, year: int, today: datetime.date) -> str | None:
    """Why the region cannot start its report for `year` today (None: it can): a year before it joined, a
    year that has not begun, or a programme that is closed."""
    if year < region.join_year:
        return _("%(region)s joined the programme in %(join)s.") % {"region": region.name, "join": region.join_year}
    if region.programme.closed_at is not None:
        return _("This programme was closed on %(date)s: no report can be started any more.") % {
            "date": date_format(timezone.localtime(region.programme.closed_at).date())
        }
    if year > today.year:
        return _("The report for %(year)s can be started from 1 January %(year)s.") % {"year": year}
    return None


def report_get_or_create(*, region: Region, year: int, user: User) -> MonitorReport:
    """The region's report for `year`: the one it has, or a new draft when it may start one today."""
    programme_year = ProgrammeYear.objects.filter(programme_id=region.programme_id, year=year).first()
    if programme_year is None:
        raise ValidationError(_("The programme has no year %(year)s.") % {"year": year})
    existing = MonitorReport.objects.filter(region=region, programme_year=programme_year).first()
    if existing is not None:
        return existing
    refusal = report_start_refusal(region=region, year=year, today=timezone.localdate())
    if refusal:
        raise ValidationError(refusal)
    with transaction.atomic():
        report, created = MonitorReport.objects.get_or_create(
            region=region, programme_year=programme_year, defaults={"updated_by": user}
        )
        if created:  # the region-year's report is now a draft instead of not started
            facts_refresh(region_ids=[region.pk])
            _audit(
                report,
                action="report_get_or_create",
                message=gettext_noop("%(region)s: report %(year)s started"),
                actor=user,
            )
    return report


def _lock_editable(report: MonitorReport, section: str, base_version: int) -> MonitorReport:
    locked = MonitorReport.objects.select_for_update().select_related("programme_year").get(pk=report.pk)
    if locked.status not in MonitorReport.EDITABLE:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    if getattr(locked, f"{section}_version") != base_version:
        raise StaleSaveError(report=locked, section=section)
    return locked


def _bump(report: MonitorReport, section: str, user: User) -> int:
    field = f"{section}_version"
    MonitorReport.objects.filter(pk=report.pk).update(
        **{field: F(field) + 1}, updated_by=user, updated_at=timezone.now()
    )
    report.refresh_from_db(fields=[field, "updated_at", "updated_by"])
    return getattr(report, field)


def report_save_quantitative(
    *, report: MonitorReport, base_version: int, values: dict[int, RealisationInput], user: User
) -> int:
    errors = {}
    limit = _max_length(Realisation, "explanation")
    values = {
        indicator_id: RealisationInput(
            value=item.value,
            not_applicable=item.not_applicable,
            explanation=_text_checked(errors, f"r-{indicator_id}-explanation", item.explanation, limit),
        )
        for indicator_id, item in values.items()
    }
    for indicator_id, item in values.items():
        if item.not_applicable and item.value is not None:
            errors[f"r-{indicator_id}-value"] = _("Either give a value or choose 'nothing to report', not both.")
        if item.value is not None and item.value < 0:
            errors[f"r-{indicator_id}-value"] = _("A realisation cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _lock_editable(report, "quantitative", base_version)
        allowed = {i.pk: str(i) for i in Indicator.objects.filter(region_id=report.region_id).only("code", "name")}
        existing = {r.indicator_id: r for r in report.realisations.all()}
        changed = []  # the indicators whose value, "nothing to report" or explanation changed
        for indicator_id, item in values.items():
            if indicator_id not in allowed:
                continue
            row = existing.get(indicator_id) or Realisation(report=report, indicator_id=indicator_id)
            before = (row.value, row.not_applicable, row.explanation)
            row.value, row.not_applicable, row.explanation = item.value, item.not_applicable, item.explanation.strip()
            if (row.value, row.not_applicable, row.explanation) != before:
                changed.append(allowed[indicator_id])
            row.save()
        facts_refresh(region_ids=[report.region_id])
        version = _bump(report, "quantitative", user)
        _audit_section(report, "quantitative", user, changed)
        return version


def report_save_qualitative(*, report: MonitorReport, base_version: int, answers: dict[int, str], user: User) -> int:
    errors = {}
    limit = _max_length(ThemeAnswer, "answer")
    answers = {qid: _text_checked(errors, f"q-{qid}", text, limit) for qid, text in answers.items()}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _lock_editable(report, "qualitative", base_version)
        questions = GuidingQuestion.objects.filter(
            theme__programme_id=report.programme_year.programme_id, theme__kind=PlacematTheme.Kind.PROCESS
        )
        if not _has_role(user, report.region_id, RegionRole.Role.PROJECT_LEADER):
            # A contributor saves exactly the themes assigned to them (and still open to write); the rest of
            # the posted answers is refused, not silently dropped.
            themes = _contribution_themes_writable(report=report, user=user)
            posted_themes = set(questions.filter(pk__in=answers).values_list("theme_id", flat=True).distinct())
            if not themes or not posted_themes <= themes:
                raise ValidationError(_("You can only write the parts of this report that are assigned to you."))
            questions = questions.filter(theme_id__in=themes)
        allowed = dict(questions.values_list("pk", "text"))
        existing = {a.question_id: a for a in report.answers.all()}
        changed = []  # the questions (as the editor labels them) whose answer changed
        for question_id, text in answers.items():
            if question_id not in allowed:
                continue
            row = existing.get(question_id) or ThemeAnswer(report=report, question_id=question_id)
            before = row.answer
            row.answer = text.strip()
            if row.answer != before:
                changed.append(Truncator(allowed[question_id]).chars(100))
            row.save()
        version = _bump(report, "qualitative", user)
        _audit_section(report, "qualitative", user, changed)
        return version


def report_save_self_assessment(
    *, report: MonitorReport, base_version: int, scores: dict[int, tuple[int | None, str]], user: User
) -> int:
    errors = {
        f"sa-{theme_id}-score": _("Give a score from 1 to 4.")
        for theme_id, (score, _why) in scores.items()
        if score is not None and score not in (1, 2, 3, 4)
    }
    limit = _max_length(SelfAssessment, "rationale")
    scores = {
        theme_id: (score, _text_checked(errors, f"sa-{theme_id}-rationale", why, limit))
        for theme_id, (score, why) in scores.items()
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _lock_editable(report, "self_assessment", base_version)
        allowed = {
            t.pk: str(t)
            for t in PlacematTheme.objects.filter(programme_id=report.programme_year.programme_id).only(
                "number", "name"
            )
        }
        existing = {s.theme_id: s for s in report.self_assessments.all()}
        changed = []  # the themes whose score or why changed
        for theme_id, (score, why) in scores.items():
            if theme_id not in allowed:
                continue
            row = existing.get(theme_id) or SelfAssessment(report=report, theme_id=theme_id)
            before = (row.score, row.rationale)
            row.score, row.rationale = score, why.strip()[:500]
            if (row.score, row.rationale) != before:
                changed.append(allowed[theme_id])
            row.save()
        facts_refresh(region_ids=[report.region_id])  # a score two above the published placemat's is a gap
        version = _bump(report, "self_assessment", user)
        _audit_section(report, "self_assessment", user, changed)
        return version


REFLECTION_FIELDS = ("reflection_works", "reflection_not_yet", "reflection_progress")


def report_save_reflection(
    *,
    report: MonitorReport,
    base_version: int,
    works: str,
    not_yet: str,
    progress: str,
    learning_themes: list[tuple[int, str]],
    user: User,
) -> int:
    errors = {}
    limit = _max_length(MonitorReport, "reflection_works")
    works = _text_checked(errors, "reflection_works", works, limit)
    not_yet = _text_checked(errors, "reflection_not_yet", not_yet, limit)
    progress = _text_checked(errors, "reflection_progress", progress, limit)
    limit = _max_length(LearningTheme, "description")
    learning_themes = [
        (theme_id, _text_checked(errors, f"lt-{n}-description", text, limit))
        for n, (theme_id, text) in enumerate(learning_themes)
    ]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = _lock_editable(report, "reflection", base_version)
        allowed = set(
            PlacematTheme.objects.filter(programme_id=report.programme_year.programme_id).values_list("pk", flat=True)
        )
        before = {name: getattr(report, name) for name in REFLECTION_FIELDS}
        themes_before = list(report.learning_themes.order_by("pk").values_list("theme_id", "description"))
        MonitorReport.objects.filter(pk=report.pk).update(
            reflection_works=works.strip(), reflection_not_yet=not_yet.strip(), reflection_progress=progress.strip()
        )
        report.learning_themes.all().delete()
        created = LearningTheme.objects.bulk_create(
            LearningTheme(report=report, theme_id=theme_id, description=text.strip())
            for theme_id, text in learning_themes
            if theme_id in allowed and text.strip()
        )
        report.refresh_from_db(fields=list(REFLECTION_FIELDS))
        changed = [
            MonitorReport._meta.get_field(name).verbose_name
            for name in REFLECTION_FIELDS
            if getattr(report, name) != before[name]
        ]
        if [(lt.theme_id, lt.description) for lt in created] != themes_before:
            changed.append(LearningTheme._meta.verbose_name_plural)
        version = _bump(report, "reflection", user)
        _audit_section(report, "reflection", user, changed)
        return version


# --- Completeness ------------------------------------------------------------------------------


def report_missing(*, report: MonitorReport) -> list[str]:
    """Everything that must be filled in before the report can be submitted, in the editor's order.

    The rule lives in `monitoring.selectors.report_checklist`, which the editor also shows (each item linked
    to its field, and the sections' completeness); this is its list of texts."""
    return [item.text for item in report_checklist(report_view(report=report)).missing]


# --- Transitions ---------------------------------------------------------------------------


def _transition(*, report: MonitorReport, to_status: str, actor: User, comment: str = "") -> ReportTransition:
    """Record the step, change the status, refresh the region's facts (the status, submission date and
    lateness are facts) and queue the hand-over's mails (monitoring/mails.py) in the same transaction: the
    outbox sends them after commit, and its sweep when the broker was down. Every transition service calls
    this once, as the last write of its transaction."""
    step = ReportTransition.objects.create(
        report=report, from_status=report.status, to_status=to_status, actor=actor, comment=comment
    )
    report.status = to_status
    report.save()
    facts_refresh(region_ids=[report.region_id])
    report_mails_queue(step=step, report=report)
    return step


def _lock(report: MonitorReport) -> MonitorReport:
    return MonitorReport.objects.select_for_update().select_related("programme_year", "region").get(pk=report.pk)


def _require(report: MonitorReport, *allowed: str) -> None:
    if report.status not in allowed:
        raise ValidationError(
            _("This is not possible while the report is %(status)s.") % {"status": report.get_status_display()}
        )


def _has_role(user: User, region_id: int, role: str) -> bool:
    return RegionRole.objects.filter(user=user, region_id=region_id, role=role).exists()


def report_submit(*, report: MonitorReport, actor: User, now=None) -> MonitorReport:
    """Project leader submits: to the penvoerder for endorsement if the region has one, else to the office."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _lock(report)
        _require(report, *MonitorReport.EDITABLE)
        if not _has_role(actor, report.region_id, RegionRole.Role.PROJECT_LEADER):
            raise ValidationError(_("Only the region's project leader can submit its report."))
        missing = report_missing(report=report)
        if missing:
            raise ValidationError(missing, code="incomplete")
        report.submitted_by = actor
        has_penvoerder = RegionPartner.objects.filter(region_id=report.region_id, is_penvoerder=True).exists()
        if has_penvoerder:
            _transition(
                report=report,
                to_status=Status.AWAITING_ENDORSEMENT,
                actor=actor,
            )
            _audit_transition(report, "report_submit_for_endorsement", actor)
        else:
            _mark_submitted(report, now)
            _transition(report=report, to_status=Status.SUBMITTED, actor=actor)
            _audit_transition(report, "report_submit", actor)
    return report


def _mark_submitted(report: MonitorReport, now) -> None:
    report.submitted_at = now
    if report.first_submitted_at is None:
        report.first_submitted_at = now
        report.is_late = timezone.localdate(now) > report.programme_year.report_due_date


def report_endorse(*, report: MonitorReport, actor: User, comment: str = "", now=None) -> MonitorReport:
    """The penvoerder endorses; the endorser is never the submitter."""
    now = now or timezone.now()
    with transaction.atomic():
        report = _lock(report)
        _require(report, Status.AWAITING_ENDORSEMENT)
        if not _has_role(actor, report.region_id, RegionRole.Role.PENVOERDER):
            raise ValidationError(_("Only the region's penvoerder can endorse its report."))
        if actor.pk == report.submitted_by_id:
            raise ValidationError(_("The endorser must be someone other than the submitter."))
        report.endorsed_by, report.endorsed_at = actor, now
        _mark_submitted(report, now)
        _transition(
            report=report,
            to_status=Status.SUBMITTED,
            actor=actor,
            comment=comment,
        )
        _audit_transition(report, "report_endorse", actor)
    return report


def report_decline_endorsement(*, report: MonitorReport, actor: User, comment: str) -> MonitorReport:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs to change.")})
    with transaction.atomic():
        report = _lock(report)
        _require(report, Status.AWAITING_ENDORSEMENT)
        if not _has_role(actor, report.region_id, RegionRole.Role.PENVOERDER):
            raise ValidationError(_("Only the region's penvoerder can endorse its report."))
        _transition(
            report=report,
            to_status=Status.DRAFT,
            actor=actor,
            comment=comment.strip(),
        )
        _audit_transition(report, "report_decline_endorsement", actor)
    return report


def report_return(*, report: MonitorReport, actor: User, comment: str) -> MonitorReport:
    """The office returns a submitted report with comments; the region can edit it again."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what the region must change.")})
    with transaction.atomic():
        report = _lock(report)
        _require(report, Status.SUBMITTED)
        if not actor.is_programme_office:
            raise ValidationError(_("Only the programme office can do this."))
        # A returned report is changed and endorsed again: the earlier endorsement no longer covers it.
        report.endorsed_by, report.endorsed_at = None, None
        _transition(
            report=report,
            to_status=Status.RETURNED,
            actor=actor,
            comment=comment.strip(),
        )
        _audit_transition(report, "report_return", actor)
    return report


def report_accept(*, report: MonitorReport, actor: User, comment: str = "", now=None) -> MonitorReport:
    with transaction.atomic():
        report = _lock(report)
        _require(report, Status.SUBMITTED)
        if not actor.is_programme_office:
            raise ValidationError(_("Only the programme office can do this."))
        report.accepted_at = now or timezone.now()
        _transition(
            report=report,
            to_status=Status.ACCEPTED,
            actor=actor,
            comment=comment.strip(),
        )
        _audit_transition(report, "report_accept", actor)
    return report


def report_reopen(*, report: MonitorReport, actor: User, reason: str) -> MonitorReport:
    """Only with a reason: an accepted report goes back to the region as returned."""
    if not reason.strip():
        raise ValidationError({"comment": _("A reason is required to reopen an accepted report.")})
    with transaction.atomic():
        report = _lock(report)
        _require(report, Status.ACCEPTED)
        if not actor.is_programme_office:
            raise ValidationError(_("Only the programme office can do this."))
        report.accepted_at = None
        report.endorsed_by, report.endorsed_at = None, None
        _transition(
            report=report,
            to_status=Status.RETURNED,
            actor=actor,
            comment=reason.strip(),
        )
        _audit_transition(report, "report_reopen", actor)
    return report


# --- PDF -------------------------------------------------------------------------------------

PDF_TEMPLATE = "monitoring/report_pdf.html"


def report_pdf_stamp(report: MonitorReport) -> str:
    """What a PDF was made from: the report's last save and its status."""
    return f"{report.updated_at.isoformat()}|{report.status}"


# --- Attachments --------------------------------------------------------------------------------

EDITABLE_STATES = (Status.DRAFT, Status.RETURNED)


def _attachment_change_on(report: MonitorReport, actor: User) -> None:
    """Refuses unless the report is a draft or returned; otherwise dates it (the PDF lists the attachments)."""
    if report.status not in EDITABLE_STATES:
        raise ValidationError(
            _("Attachments can only be added or removed while the report is a draft or returned."), code="state"
        )
    report.updated_by = actor
    report.save(update_fields=["updated_at", "updated_by"])


def report_attachment_add(*, report: MonitorReport, upload, description: str, actor: User) -> ReportAttachment:
    """Attach a file (checked by content and size before it is stored; see toptechniek.common.uploads)."""
    from django.core.files.storage import default_storage

    from toptechniek.common.uploads import attachment_create

    # The attachment's row and its audit event commit together. `attachment_create` removes the stored file
    # when it fails itself; should the audit event fail after it, the file is removed here.
    attachment = None
    try:
        with transaction.atomic():
            attachment = attachment_create(
                model=ReportAttachment,
                owner_field="report",
                owner=report,
                upload=upload,
                description=description,
                actor=actor,
                check=lambda locked: _attachment_change_on(locked, actor),
            )
            _audit(
                report,
                action="report_attachment_add",
                message=gettext_noop("%(region)s: attachment “%(name)s” added to report %(year)s"),
                actor=actor,
                name=attachment.name,
            )
    except BaseException:
        if attachment is not None:
            default_storage.delete(attachment.file.name)
        raise
    return attachment


@transaction.atomic
def report_attachment_delete(*, attachment: ReportAttachment, actor: User) -> None:
    from toptechniek.common.uploads import attachment_delete

    report = (
        MonitorReport.objects.select_for_update(of=("self",))
        .select_related("region", "programme_year")
        .get(pk=attachment.report_id)
    )
    _attachment_change_on(report, actor)
    name = attachment.name
    attachment_delete(attachment=attachment)
    _audit(
        report,
        action="report_attachment_delete",
        message=gettext_noop("%(region)s: attachment “%(name)s” removed from report %(year)s"),
        actor=actor,
        name=name,
    )


def report_pdf_is_fresh(*, pdf, report: MonitorReport) -> bool:
    """True when `pdf` (a ReportPdf) shows the report as it is now and its file is in storage."""
    from toptechniek.common.stored_pdf import stored_pdf_is_fresh

    return stored_pdf_is_fresh(pdf=pdf, stamp=report_pdf_stamp(report))


def report_pdf_request(*, report: MonitorReport, now=None):
    """The report's ReportPdf row; when its file is stale, a render is enqueued on commit.

    A render that was requested after the report's last save, less than the task's time limit ago,
    is taken to be on its way, so a page that polls does not queue a render per poll.
    In eager mode (tests, `make run`) the render runs as soon as the transaction commits.
    """
    from toptechniek.common.stored_pdf import stored_pdf_request

    from .models import ReportPdf

    return stored_pdf_request(
        model=ReportPdf,
        owner_field="report",
        owner=report,
        stamp=report_pdf_stamp(report),
        changed_at=report.updated_at,
        enqueue=partial(task_delay, "monitoring.tasks.task_render_report_pdf", report.pk),
        now=now,
    )


def report_pdf_make(*, report: MonitorReport):
    """The report's printable HTML and PDF (a RenderedPdf), in the site's language; stores nothing."""
    from django.conf import settings

    from regions.selectors import cofinancing_of_year
    from toptechniek.common.pdf import render_pdf

    from .selectors import report_subproject_paragraphs, report_view

    cofinancing = cofinancing_of_year(region=report.region, programme_year=report.programme_year)
    return render_pdf(
        template=PDF_TEMPLATE,
        context={
            "report": report,
            "view": report_view(report=report),
            "cofinancing": cofinancing,
            "paragraphs": report_subproject_paragraphs(report=report),
            "generated_at": timezone.now(),
        },
        language=settings.LANGUAGE_CODE,
    )


def _report_for_pdf(report_id: int, *, lock: bool = False) -> MonitorReport | None:
    qs = MonitorReport.objects.select_related(
        "region", "programme_year__programme", "submitted_by", "endorsed_by", "updated_by"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    return qs.filter(pk=report_id).first()


def report_pdf_render(*, report_id: int):
    """Render and store the PDF of a report unless the stored one is fresh; None when the report is gone.

    Idempotent: a second run with the report unchanged renders nothing. The file is stored through
    Django's storage API as reports/<region>-<year>-<stamp hash>.pdf (toptechniek.common.stored_pdf: the
    previous file is deleted after commit, a file whose row was never written is deleted at once). A report
    saved while it renders is rendered again, as it is then.
    """
    import logging

    from toptechniek.common.pdf import PdfError
    from toptechniek.common.stored_pdf import Failure, stored_pdf_failure, stored_pdf_file_name, stored_pdf_store

    from .models import ReportPdf

    logger = logging.getLogger(__name__)
    for _attempt in range(3):
        report = _report_for_pdf(report_id)
        if report is None:
            logger.warning("report %s is gone; no PDF to render", report_id)
            return None
        pdf = ReportPdf.objects.filter(report=report).first()
        if report_pdf_is_fresh(pdf=pdf, report=report):
            logger.info("report pdf %s is fresh; nothing to render", report_id)
            return pdf
        stamp = report_pdf_stamp(report)
        if stored_pdf_failure(pdf=pdf, stamp=stamp):  # failed for good as the report is now: shown as such
            return pdf
        try:
            rendered = report_pdf_make(report=report)
        except PdfError:  # too large: no retry makes it smaller
            report_pdf_fail(report_id=report_id, failure=Failure.TOO_LARGE, stamp=stamp)
            return ReportPdf.objects.filter(report_id=report_id).first()
        name, stored = stored_pdf_store(
            model=ReportPdf,
            owner_field="report",
            lock_owner=lambda: _report_for_pdf(report_id, lock=True),
            stamp_of=report_pdf_stamp,
            stamp=stamp,
            data=rendered.pdf,
            file_name=stored_pdf_file_name(folder="reports", parts=[report.region.slug, str(report.year)], stamp=stamp),
        )
        if name is None:
            logger.info("report %s changed while it was rendered; rendering again", report_id)
            continue
        if stored:
            logger.info("report pdf %s rendered as %s (%s bytes)", report_id, name, len(rendered.pdf))
        return ReportPdf.objects.get(report_id=report_id)
    logger.warning("report %s kept changing while it was rendered; giving up for now", report_id)
    return None


def report_pdf_fail(*, report_id: int, failure: str, stamp: str | None = None) -> bool:
    """Record that the report's PDF could not be made (toptechniek.common.stored_pdf.stored_pdf_fail)."""
    from toptechniek.common.stored_pdf import stored_pdf_fail

    from .models import ReportPdf

    return stored_pdf_fail(
        model=ReportPdf,
        owner_field="report",
        lock_owner=lambda: _report_for_pdf(report_id, lock=True),
        stamp_of=report_pdf_stamp,
        failure=failure,
        stamp=stamp,
    )


# --- Contributions (bijdragen) ----------------------------------------------------------------
#
# The project leader hands a process theme's answers or a sub-project's paragraph to a partner, a
# sub-project leader or the penvoerder of the region. The writer writes in the report's editor: a theme
# through `report_save_qualitative` (same version check; only their themes), a sub-project paragraph through
# `contribution_save_text` (its own version). The project leader alone submits the report.

CONTRIBUTOR_ROLES = (RegionRole.Role.PARTNER, RegionRole.Role.SUBPROJECT_LEADER, RegionRole.Role.PENVOERDER)

CONTRIBUTION_MESSAGES = {
    "contribution_assign": gettext_noop("%(region)s: %(section)s of report %(year)s assigned to %(person)s"),
    "contribution_withdraw": gettext_noop("%(region)s: contribution %(section)s to report %(year)s withdrawn"),
    "contribution_deliver": gettext_noop("%(region)s: contribution %(section)s to report %(year)s delivered"),
    "contribution_reopen": gettext_noop("%(region)s: contribution %(section)s to report %(year)s reopened"),
    "contribution_save_text": gettext_noop("%(region)s: contribution %(section)s to report %(year)s saved"),
}


def _audit_contribution(contribution: ReportContribution, action: str, actor: User, **params) -> None:
    _audit(
        contribution.report,
        action=action,
        message=CONTRIBUTION_MESSAGES[action],
        actor=actor,
        section=contribution.section_label,
        coalesce=action == "contribution_save_text",
        **params,
    )


def _contribution_themes_writable(*, report: MonitorReport, user: User) -> set[int]:
    """The process themes of `report` this person may write now: assigned to them and not yet delivered."""
    return set(
        ReportContribution.objects.filter(
            report=report, assignee=user, status=ReportContribution.Status.ASSIGNED, theme__isnull=False
        ).values_list("theme_id", flat=True)
    )


def _report_writable(report: MonitorReport) -> None:
    """Refuse unless the report is a draft (or returned) and its programme is open."""
    if report.status not in MonitorReport.EDITABLE:
        raise ValidationError(_("This report has been submitted and can no longer be changed."))
    if report.region.programme.closed_at is not None:
        raise ValidationError(_("This programme is closed: its reports can no longer be changed."))


def _lock_contribution(contribution: ReportContribution) -> tuple[ReportContribution, MonitorReport]:
    report = (
        MonitorReport.objects.select_for_update(of=("self",))
        .select_related("programme_year", "region__programme")
        .get(pk=contribution.report_id)
    )
    contribution = (
        ReportContribution.objects.select_for_update(of=("self",))
        .select_related("theme", "subproject", "assignee")
        .get(pk=contribution.pk)
    )
    contribution.report = report
    return contribution, report


def contribution_assign(
    *,
    report: MonitorReport,
    assignee: User,
    actor: User,
    theme: PlacematTheme | None = None,
    subproject: SubProject | None = None,
    due_date: datetime.date | None = None,
    note: str = "",
) -> ReportContribution:
    """The project leader (or the office) hands a process theme or a sub-project paragraph to a writer
    holding a partner, sub-project leader or penvoerder role in the report's region; one mail to the writer."""
    if (theme is None) == (subproject is None):
        raise ValidationError(_("Choose either a theme or a sub-project."))
    errors = {}
    note = _text_checked(errors, "note", note, _max_length(ReportContribution, "note"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        report = (
            MonitorReport.objects.select_for_update(of=("self",))
            .select_related("programme_year", "region__programme")
            .get(pk=report.pk)
        )
        _report_writable(report)
        if not (actor.is_programme_office or _has_role(actor, report.region_id, RegionRole.Role.PROJECT_LEADER)):
            raise ValidationError(_("Only the region's project leader can assign parts of its report."))
        if theme is not None and (
            theme.programme_id != report.programme_year.programme_id or theme.kind != PlacematTheme.Kind.PROCESS
        ):
            raise ValidationError(_("This theme is not a process theme of the report's programme."))
        if subproject is not None and subproject.region_id != report.region_id:
            raise ValidationError(_("This sub-project is not one of the report's region."))
        if not RegionRole.objects.filter(
            user=assignee, region_id=report.region_id, role__in=CONTRIBUTOR_ROLES, user__is_active=True
        ).exists():
            raise ValidationError(
                _("%(person)s is not a partner, sub-project leader or penvoerder of %(region)s.")
                % {"person": assignee.full_name or assignee.email, "region": report.region.name}
            )
        section = {"theme": theme} if theme is not None else {"subproject": subproject}
        taken = ReportContribution.objects.filter(
            report=report, status__in=ReportContribution.OPEN, **section
        ).select_related("assignee")
        if taken:
            raise ValidationError(
                _("This part is already assigned to %(person)s.")
                % {"person": taken[0].assignee.full_name or taken[0].assignee.email}
            )
        text = ""
        if subproject is not None:  # a paragraph written before (withdrawn since) is where the next writer starts
            earlier = ReportContribution.objects.filter(report=report, subproject=subproject).order_by("-pk").first()
            text = earlier.text if earlier else ""
        contribution = ReportContribution.objects.create(
            report=report,
            assignee=assignee,
            assigned_by=actor,
            due_date=due_date,
            note=note,
            text=text,
            **section,
        )
        _audit_contribution(contribution, "contribution_assign", actor, person=assignee.full_name or assignee.email)
        contribution_mail_queue(contribution=contribution, event="assigned", actor=actor)
    return contribution


def _require_leader(actor: User, report: MonitorReport) -> None:
    if not (actor.is_programme_office or _has_role(actor, report.region_id, RegionRole.Role.PROJECT_LEADER)):
        raise ValidationError(_("Only the region's project leader can change the contributions to its report."))


def contribution_withdraw(*, contribution: ReportContribution, actor: User) -> ReportContribution:
    """The project leader takes an open contribution back; the theme's answers stay in the report."""
    with transaction.atomic():
        contribution, report = _lock_contribution(contribution)
        _report_writable(report)
        _require_leader(actor, report)
        if not contribution.is_open:
            raise ValidationError(_("This contribution has already been withdrawn."))
        contribution.status = ReportContribution.Status.WITHDRAWN
        contribution.save(update_fields=["status"])
        _audit_contribution(contribution, "contribution_withdraw", actor)
    return contribution


def contribution_deliver(*, contribution: ReportContribution, actor: User, now=None) -> ReportContribution:
    """The writer says their part is done; one mail to the region's project leaders."""
    with transaction.atomic():
        contribution, report = _lock_contribution(contribution)
        _report_writable(report)
        if contribution.assignee_id != actor.pk:
            raise ValidationError(_("Only the person it is assigned to can deliver this contribution."))
        if contribution.status != ReportContribution.Status.ASSIGNED:
            raise ValidationError(_("This contribution is not open for writing."))
        contribution.status = ReportContribution.Status.DELIVERED
        contribution.delivered_at = now or timezone.now()
        contribution.save(update_fields=["status", "delivered_at"])
        _audit_contribution(contribution, "contribution_deliver", actor)
        contribution_mail_queue(contribution=contribution, event="delivered", actor=actor)
    return contribution


def contribution_reopen(*, contribution: ReportContribution, actor: User, now=None) -> ReportContribution:
    """The project leader gives a delivered contribution back to its writer; one mail to the writer."""
    with transaction.atomic():
        contribution, report = _lock_contribution(contribution)
        _report_writable(report)
        _require_leader(actor, report)
        if contribution.status != ReportContribution.Status.DELIVERED:
            raise ValidationError(_("Only a delivered contribution can be reopened."))
        contribution.status = ReportContribution.Status.ASSIGNED
        contribution.assigned_at = now or timezone.now()
        contribution.delivered_at = None
        contribution.save(update_fields=["status", "assigned_at", "delivered_at"])
        _audit_contribution(contribution, "contribution_reopen", actor)
        contribution_mail_queue(contribution=contribution, event="assigned", actor=actor)
    return contribution


def contribution_save_text(*, contribution: ReportContribution, base_version: int, text: str, user: User) -> int:
    """Save a sub-project paragraph, with the same optimistic check as the report's sections: the writer
    while it is assigned to them, or the project leader; a save on an older version raises StaleSaveError."""
    errors = {}
    text = _text_checked(errors, f"c-{contribution.pk}-text", text, _max_length(ReportContribution, "text"))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        contribution, report = _lock_contribution(contribution)
        _report_writable(report)
        if contribution.subproject_id is None:
            raise ValidationError(_("A theme's answers are saved with the report's process section."))
        is_writer = contribution.assignee_id == user.pk and contribution.status == ReportContribution.Status.ASSIGNED
        if not (is_writer or _has_role(user, report.region_id, RegionRole.Role.PROJECT_LEADER)):
            raise ValidationError(_("You can only write the parts of this report that are assigned to you."))
        if not contribution.is_open:
            raise ValidationError(_("This contribution has been withdrawn."))
        if contribution.version != base_version:
            raise StaleSaveError(report=report, section=f"contribution-{contribution.pk}")
        changed = contribution.text != text
        ReportContribution.objects.filter(pk=contribution.pk).update(text=text, version=F("version") + 1)
        MonitorReport.objects.filter(pk=report.pk).update(updated_by=user, updated_at=timezone.now())
        if changed:
            _audit_contribution(contribution, "contribution_save_text", user)
        return contribution.version + 1


# --- Figures the programme office proposes (a national source for many regions) ---------------------------------


@dataclass(frozen=True)
class ProposalInput:
    region: Region
    indicator_id: int
    value: Decimal | None
    not_applicable: bool = False
    explanation: str = ""


def proposals_import(*, programme_year: ProgrammeYear, rows: list[ProposalInput], source: str, actor: User) -> int:
    """Store the office's figures as proposals on each region's report of the year (a draft is started where
    the region has none yet and may start one). A submitted or accepted report gets none, and a region's own
    realisations are never touched: the region takes the proposals over or sets them aside. Returns how many
    proposals were stored. Each region's project leaders get one mail about them."""
    from regions.services import programme_check_open

    from .models import ProposedRealisation

    programme_check_open(programme=programme_year.programme)
    stored, regions = 0, set()
    per_report: dict[int, int] = {}
    with transaction.atomic():
        reports: dict[int, MonitorReport | None] = {}
        for row in rows:
            if row.region.pk not in reports:
                try:
                    reports[row.region.pk] = report_get_or_create(
                        region=row.region, year=programme_year.year, user=actor
                    )
                except ValidationError:
                    reports[row.region.pk] = None
            report = reports[row.region.pk]
            if report is None or report.status not in MonitorReport.EDITABLE:
                continue
            ProposedRealisation.objects.update_or_create(
                report=report,
                indicator_id=row.indicator_id,
                defaults={
                    "value": None if row.not_applicable else row.value,
                    "not_applicable": row.not_applicable,
                    "explanation": (row.explanation or "").strip(),
                    "source": source[:200],
                    "imported_by": actor,
                },
            )
            stored += 1
            regions.add(row.region.pk)
            per_report[report.pk] = per_report.get(report.pk, 0) + 1
        # One mail per region to its project leaders: figures wait for them in the editor.
        from .mails import proposals_mail_queue

        stamp = timezone.now().isoformat()
        for report in (r for r in reports.values() if r is not None and r.pk in per_report):
            proposals_mail_queue(report=report, count=per_report[report.pk], source=source, actor=actor, stamp=stamp)
        audit_change(
            action="monitoring.proposals_import",
            message=gettext_noop("Figures %(year)s proposed to %(regions)s regions (%(count)s figures, %(source)s)"),
            params={"year": programme_year.year, "regions": len(regions), "count": stored, "source": source},
            actor=actor,
            object_label=f"{programme_year.programme.name} {programme_year.year}",
        )
    return stored


def proposals_accept(*, report: MonitorReport, base_version: int, user: User) -> int:
    """The project leader takes the office's proposed figures over into the report, through the editor's save
    (version check, history); the proposals are then gone. Returns how many figures were taken over."""
    from .models import ProposedRealisation

    proposals = list(ProposedRealisation.objects.filter(report=report))
    if not proposals:
        raise ValidationError(_("There are no proposed figures to take over."))
    values = {
        p.indicator_id: RealisationInput(value=p.value, not_applicable=p.not_applicable, explanation=p.explanation)
        for p in proposals
    }
    with transaction.atomic():
        report_save_quantitative(report=report, base_version=base_version, values=values, user=user)
        ProposedRealisation.objects.filter(pk__in=[p.pk for p in proposals]).delete()
        _audit(
            report,
            action="proposals_accept",
            message=gettext_noop("%(region)s: %(count)s proposed figures of report %(year)s taken over"),
            actor=user,
            count=len(proposals),
        )
    return len(proposals)


@transaction.atomic
def proposals_discard(*, report: MonitorReport, user: User) -> int:
    """The project leader sets the office's proposed figures aside; the report keeps its own."""
    from .models import ProposedRealisation

    count, _deleted = ProposedRealisation.objects.filter(report=report).delete()
    if count:
        _audit(
            report,
            action="proposals_discard",
            message=gettext_noop("%(region)s: %(count)s proposed figures of report %(year)s set aside"),
            actor=user,
            count=count,
        )
    return count


# --- Open data --------------------------------------------------------------------------------------------------


def opendata_refusal(*, programme_year: ProgrammeYear, today: datetime.date | None = None) -> str | None:
    """Why the year's figures cannot be published as open data yet (None: they can): the year is closed once its
    reports were due and every region taking part that year has its report accepted by the office."""
    today = today or timezone.localdate()
    if today <= programme_year.report_due_date:
        return _("The reports of %(year)s are not yet due.") % {"year": programme_year.year}
    regions = Region.objects.filter(programme_id=programme_year.programme_id, join_year__lte=programme_year.year)
    from django.db.models import Exists, OuterRef

    accepted = MonitorReport.objects.filter(
        region=OuterRef("pk"), programme_year=programme_year, status=MonitorReport.Status.ACCEPTED
    )
    open_regions = regions.exclude(Exists(accepted)).exclude(status=Region.Status.STOPPED)
    names = list(open_regions.order_by("name").values_list("name", flat=True)[:5])
    if names:
        return _("The year is not closed: the report of %(regions)s has not been accepted yet.") % {
            "regions": ", ".join(names)
        }
    return None


@transaction.atomic
def opendata_publish(*, programme_year: ProgrammeYear, actor: User, today: datetime.date | None = None):
    """Publish the closed year's settled figures as open data (once)."""
    from .models import OpenDataRelease

    refusal = opendata_refusal(programme_year=programme_year, today=today)
    if refusal:
        raise ValidationError(refusal)
    release, created = OpenDataRelease.objects.get_or_create(
        programme_year=programme_year, defaults={"published_by": actor}
    )
    if created:
        audit_change(
            action="monitoring.opendata_publish",
            message=gettext_noop("Figures %(year)s published as open data"),
            params={"year": programme_year.year},
            actor=actor,
            object_label=f"{programme_year.programme.name} {programme_year.year}",
        )
    return release


@transaction.atomic
def opendata_withdraw(*, programme_year: ProgrammeYear, actor: User) -> None:
    """Take the year's open data off the public page (for a correction); it can be published again."""
    from .models import OpenDataRelease

    deleted, _rows = OpenDataRelease.objects.filter(programme_year=programme_year).delete()
    if deleted:
        audit_change(
            action="monitoring.opendata_withdraw",
            message=gettext_noop("Open data of %(year)s withdrawn"),
            params={"year": programme_year.year},
            actor=actor,
            object_label=f"{programme_year.programme.name} {programme_year.year}",
        )
