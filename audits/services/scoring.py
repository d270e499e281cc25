"""Writes of the audits app: assignments (with the conflict-of-interest rule), assessor scoring,
the office's consolidation and publication. Every score change is written to ScoreChange."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from monitoring.models import MonitorReport
from monitoring.selectors import SETTLED_STATUSES
from regions.models import PlacematTheme, ProgrammeYear, Region, RegionRole, SuccessCondition
from regions.services import region_role_add, region_role_end
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import forget_region_roles
from toptechniek.common.audit import audit_change
from toptechniek.common.facts import facts_refresh

from ..models import (
    Assignment,
    ConditionRating,
    ConsolidatedCondition,
    ConsolidatedScore,
    Placemat,
    ScoreChange,
    Scoring,
    ThemeScore,
)
from ..selectors.scoring import median_score

ADVISOR, ASSESSOR = Assignment.Role.ADVISOR, Assignment.Role.ASSESSOR


# --- The audit log ---------------------------------------------------------------------------
# What each change did, in the log's words ("Twente: Jan Jansen assigned as assessor for 2015"); the role is
# in the message, never a parameter (parameters are data, not translated words).
ASSIGNED_MESSAGES = {
    ADVISOR: gettext_noop("%(region)s: %(person)s assigned as advisor for %(year)s"),
    ASSESSOR: gettext_noop("%(region)s: %(person)s assigned as assessor for %(year)s"),
}
UNASSIGNED_MESSAGES = {
    ADVISOR: gettext_noop("%(region)s: assignment of %(person)s as advisor for %(year)s removed"),
    ASSESSOR: gettext_noop("%(region)s: assignment of %(person)s as assessor for %(year)s removed"),
}
SCORING_MESSAGES = {
    "scoring_save": gettext_noop("%(region)s: scoring %(year)s of %(person)s saved"),
    "scoring_submit": gettext_noop("%(region)s: scoring %(year)s of %(person)s submitted"),
    "scoring_reopen": gettext_noop("%(region)s: scoring %(year)s of %(person)s reopened"),
}
PLACEMAT_MESSAGES = {
    "placemat_consolidate": gettext_noop("%(region)s: consolidated scores of placemat %(year)s saved"),
    "placemat_publish": gettext_noop("%(region)s: placemat %(year)s published (version %(version)s)"),
    "placemat_unpublish": gettext_noop("%(region)s: placemat %(year)s unpublished"),
}


def _audit(
    *, action: str, message: str, region: Region, year: int, actor: User | None, fields=(), coalesce=False, **params
) -> None:
    """Log a change in the caller's transaction: the region and year are the object the office searches for."""
    audit_change(
        action=f"audits.{action}",
        message=message,
        params={"region": region.name, "year": year, **params},
        actor=actor,
        object_label=f"{region.name} {year}",
        fields=fields,
        coalesce=coalesce,
    )


def _audit_scoring(scoring: Scoring, *, action: str, actor: User, fields=(), coalesce=False) -> None:
    assignment = Assignment.with_removed.select_related("region", "programme_year", "user").get(
        pk=scoring.assignment_id
    )
    _audit(
        action=action,
        message=SCORING_MESSAGES[action],
        region=assignment.region,
        year=assignment.programme_year.year,
        actor=actor,
        fields=fields,
        coalesce=coalesce,
        person=str(assignment.user),
    )


def _audit_placemat(placemat: Placemat, *, action: str, actor: User, fields=(), **params) -> None:
    _audit(
        action=action,
        message=PLACEMAT_MESSAGES[action],
        region=placemat.region,
        year=placemat.programme_year.year,
        actor=actor,
        fields=fields,
        **params,
    )


# --- Assignments ---------------------------------------------------------------------------

# Apps above audits add conflict rules of their own (peerreviews: peer partners do not score each other)
# without audits importing them: each check takes the assignment's keywords and returns a reason or None.
ASSIGNMENT_CONFLICT_CHECKS: list = []


def _other_region_role(*, region: Region, user: User) -> RegionRole | None:
    """A current role of the person in the region other than the critical friend's (which assignments give)."""
    return (
        RegionRole.objects.filter(region=region, user=user)
        .exclude(role=RegionRole.Role.CRITICAL_FRIEND)
        .order_by("role")
        .first()
    )


def assignment_conflict(*, programme_year: ProgrammeYear, region: Region, user: User, role: str) -> str | None:
    """Why this assignment would break independence, or None when it does not. Nobody advises or assesses
    a region in which they hold another role; advice and assessment are never mixed in one year, nor
    from one year to the next. The year-to-year rule reads removed assignments too (`with_removed`):
    an assignment that was in force keeps blocking the next year after it is removed."""
    other = _other_region_role(region=region, user=user)
    if other is not None:
        return _(
            "%(person)s is %(role)s in %(region)s and so cannot be its critical friend: nobody advises or assesses "
            "a region in which they hold another role."
        ) % {"person": user, "role": other.get_role_display(), "region": region.name}
    same_year = Assignment.objects.filter(programme_year=programme_year, region=region, user=user).first()
    if same_year is not None:
        if same_year.role == role:
            return _("%(person)s is already %(role)s of %(region)s in %(year)s.") % {
                "person": user,
                "role": same_year.get_role_display(),
                "region": region.name,
                "year": programme_year.year,
            }
        return _(
            "%(person)s is already %(role)s of %(region)s in %(year)s; one person is never both advisor and "
            "assessor of a region in the same year."
        ) % {"person": user, "role": same_year.get_role_display(), "region": region.name, "year": programme_year.year}
    history = Assignment.with_removed.filter(
        region=region, user=user, programme_year__programme_id=programme_year.programme_id
    )
    if role == ASSESSOR:
        if history.filter(role=ADVISOR, programme_year__year=programme_year.year - 1).exists():
            return _(
                "%(person)s was advisor of %(region)s in %(year)s and may not assess it in %(next)s: advice and "
                "assessment are not mixed."
            ) % {"person": user, "region": region.name, "year": programme_year.year - 1, "next": programme_year.year}
    if role == ADVISOR:
        if history.filter(role=ASSESSOR, programme_year__year=programme_year.year + 1).exists():
            return _(
                "%(person)s assesses %(region)s in %(next)s and so may not advise it in %(year)s: advice and "
                "assessment are not mixed."
            ) % {"person": user, "region": region.name, "year": programme_year.year, "next": programme_year.year + 1}
    for check in ASSIGNMENT_CONFLICT_CHECKS:
        reason = check(programme_year=programme_year, region=region, user=user, role=role)
        if reason:
            return reason
    return None


def region_role_conflict(*, region: Region, user: User, role: str, start_date=None) -> str | None:
    """The other direction (registered in regions.services.ROLE_CONFLICT_CHECKS): a person assigned to a
    region as critical friend cannot also get another role in it."""
    if role == RegionRole.Role.CRITICAL_FRIEND:
        return None
    if Assignment.objects.filter(region=region, user=user).exists():
        return _(
            "%(person)s is critical friend of %(region)s and so cannot hold another role in it: remove the "
            "assignment first."
        ) % {"person": user, "region": region.name}
    return None


def assignment_create(*, programme_year: ProgrammeYear, region: Region, user: User, role: str) -> Assignment:
    """Assign a critical friend to a region for a year; the assignment gives them the region's critical
    friend role (read access to its reports, drafts included) for as long as they hold a live assignment."""
    if region.programme_id != programme_year.programme_id:
        raise ValidationError({"region": _("This region is not part of the programme.")})
    with transaction.atomic():
        # Serialise assignments of one region so two concurrent saves cannot both pass the check.
        Region.objects.select_for_update().filter(pk=region.pk).first()
        conflict = assignment_conflict(programme_year=programme_year, region=region, user=user, role=role)
        if conflict:
            raise ValidationError({"role": conflict})
        try:
            with transaction.atomic():
                assignment = Assignment.objects.create(
                    programme_year=programme_year, region=region, user=user, role=role
                )
        except IntegrityError as exc:  # the database constraint, should a race slip through
            raise ValidationError({"role": _("This person already has a role for this region in this year.")}) from exc
        if not RegionRole.objects.filter(user=user, region=region, role=RegionRole.Role.CRITICAL_FRIEND).exists():
            region_role_add(region=region, user=user, role=RegionRole.Role.CRITICAL_FRIEND)
        forget_region_roles(user)
        if role == Assignment.Role.ASSESSOR:
            # Assigned after the region's report is in: this assessor's scoring is open now (the others had
            # their mail at the submission; the outbox keys it per person, so nobody gets it twice).
            report = (
                MonitorReport.objects.filter(region=region, programme_year=programme_year, status__in=SETTLED_STATUSES)
                .select_related("region", "programme_year")
                .first()
            )
            if report is not None:
                from ..mails import scoring_open_queue

                scoring_open_queue(report)
        _audit(
            action="assignment_create",
            message=ASSIGNED_MESSAGES[role],
            region=region,
            year=programme_year.year,
            actor=None,
            person=str(user),
            email=user.email,
        )
    return assignment


def assignment_remove(*, assignment: Assignment, removed_by: User | None) -> Assignment:
    """Remove an assignment: the row stays (marked removed, for the independence rules and the history).
    When it was the person's last live assignment for the region, their critical friend role there ends
    (into the region's role history), so their access to its drafts ends at once."""
    with transaction.atomic():
        assignment = Assignment.with_removed.select_for_update().select_related("region", "user").get(pk=assignment.pk)
        if assignment.removed_at is not None:
            return assignment
        scoring = Scoring.objects.filter(assignment=assignment).first()
        if scoring is not None and scoring.status == Scoring.Status.SUBMITTED:
            raise ValidationError(_("This assessor has submitted a scoring; the assignment can no longer be removed."))
        if scoring is not None:  # a draft scoring goes with the assignment, as the confirmation says
            scoring.delete()
        assignment.removed_at = timezone.now()
        assignment.removed_by = removed_by
        assignment.save(update_fields=["removed_at", "removed_by"])
        still_assigned = Assignment.objects.filter(region=assignment.region, user=assignment.user).exists()
        if not still_assigned:
            role = RegionRole.objects.filter(
                region=assignment.region, user=assignment.user, role=RegionRole.Role.CRITICAL_FRIEND
            ).first()
            if role is not None:
                region_role_end(role=role, ended_by=removed_by)
        forget_region_roles(assignment.user)
        _audit(
            action="assignment_remove",
            message=UNASSIGNED_MESSAGES[assignment.role],
            region=assignment.region,
            year=ProgrammeYear.objects.values_list("year", flat=True).get(pk=assignment.programme_year_id),
            actor=removed_by,
            person=str(assignment.user),
            email=assignment.user.email,
        )
    return assignment


# --- Scoring ---------------------------------------------------------------------------------


def placemat_get_or_create(*, region: Region, programme_year: ProgrammeYear) -> Placemat:
    placemat, _created = Placemat.objects.get_or_create(region=region, programme_year=programme_year)
    return placemat


def _report_ready(region: Region, programme_year: ProgrammeYear) -> bool:
    return MonitorReport.objects.filter(
        region=region, programme_year=programme_year, status__in=SETTLED_STATUSES
    ).exists()


def scoring_open(*, assignment: Assignment) -> Scoring:
    """The assessor's scoring for this assignment; only for assessors, only once the report is submitted."""
    if assignment.role != ASSESSOR:
        raise ValidationError(_("An advisor does not score."))
    if not _report_ready(assignment.region, assignment.programme_year):
        raise ValidationError(_("The region's monitor report has not been submitted yet; scoring starts after that."))
    placemat = placemat_get_or_create(region=assignment.region, programme_year=assignment.programme_year)
    scoring, _created = Scoring.objects.get_or_create(assignment=assignment, defaults={"placemat": placemat})
    return scoring


class StaleScoringError(ValidationError):
    """The scoring was saved elsewhere (another window, or reopened by the office) after the page that
    sends this save was loaded. Carries the scoring as it is now; nothing was saved."""

    def __init__(self, *, scoring: Scoring):
        super().__init__(
            _(
                "This scoring was saved elsewhere at %(time)s (in another window, or reopened by the programme "
                "office), after you opened this page. What you typed is still in the form and has not been saved. "
                "Save again to keep yours, or reload the page to see the saved scoring."
            )
            % {"time": formats.time_format(timezone.localtime(scoring.updated_at), "H:i")},
            code="stale",
        )
        self.scoring = scoring


def scoring_save(
    *,
    scoring: Scoring,
    themes: dict[int, tuple[int | None, str]],
    conditions: dict[int, tuple[int | None, str]],
    actor: User,
    base_version: str | None = None,
) -> Scoring:
    """Save a draft; every changed value is written to the history.

    With `base_version` (the `Scoring.save_version` the page was loaded with, as the scoring page and its
    autosave send it) a save from a page older than the last save is refused with StaleScoringError."""
    errors = {}
    for theme_id, (score, _why) in themes.items():
        if score is not None and score not in (1, 2, 3, 4):
            errors[f"t-{theme_id}-score"] = _("Give a score from 1 to 4.")
    for condition_id, (rating, _note) in conditions.items():
        if rating is not None and rating not in (1, 2, 3, 4):
            errors[f"c-{condition_id}-rating"] = _("Give a rating from 1 to 4.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        scoring = Scoring.objects.select_for_update().select_related("placemat", "assignment").get(pk=scoring.pk)
        if scoring.status != Scoring.Status.DRAFT:
            raise ValidationError(_("This scoring has been submitted; the programme office can reopen it."))
        if scoring.placemat.status == Placemat.Status.PUBLISHED:
            raise ValidationError(_("The placemat has been published."))
        if base_version is not None and base_version != scoring.save_version:
            raise StaleScoringError(scoring=scoring)
        programme_id = scoring.placemat.programme_year.programme_id
        theme_names = {
            t.pk: str(t) for t in PlacematTheme.objects.filter(programme_id=programme_id).only("number", "name")
        }
        condition_names = {
            c.pk: str(c) for c in SuccessCondition.objects.filter(programme_id=programme_id).only("number", "name")
        }
        changes = _save_rows(
            values=themes,
            allowed=set(theme_names),
            existing={row.theme_id: row for row in scoring.theme_scores.all()},
            new_row=lambda theme_id: ThemeScore(scoring=scoring, theme_id=theme_id),
            fields=("score", "rationale"),
            change=lambda row: ScoreChange(
                placemat=scoring.placemat, kind=ScoreChange.Kind.ASSESSOR_THEME, scoring=scoring, theme_id=row.theme_id
            ),
            actor=actor,
        )
        changes += _save_rows(
            values=conditions,
            allowed=set(condition_names),
            existing={row.condition_id: row for row in scoring.condition_ratings.all()},
            new_row=lambda condition_id: ConditionRating(scoring=scoring, condition_id=condition_id),
            fields=("rating", "note"),
            change=lambda row: ScoreChange(
                placemat=scoring.placemat,
                kind=ScoreChange.Kind.ASSESSOR_CONDITION,
                scoring=scoring,
                condition_id=row.condition_id,
            ),
            actor=actor,
        )
        ScoreChange.objects.bulk_create(changes)
        scoring.save(update_fields=["updated_at"])
        # The themes and success conditions whose values changed; the same person autosaving the same ones
        # within a quarter of an hour is logged once (a save that changed nothing is not logged).
        changed = {
            theme_names[c.theme_id] if c.theme_id else condition_names[c.condition_id]
            for c in changes
            if (c.old_value, c.old_text) != (c.new_value, c.new_text)
        }
        if changed:
            _audit_scoring(scoring, action="scoring_save", actor=actor, fields=sorted(changed), coalesce=True)
    return scoring


def _save_rows(*, values: dict, allowed: set, existing: dict, new_row, fields: tuple[str, str], change, actor) -> list:
    """Save (value, text) per key onto score rows; return a ScoreChange (unsaved) for every row that changed."""
    value_field, text_field = fields
    changes = []
    for key, (value, text) in values.items():
        if key not in allowed:
            continue
        row = existing.get(key) or new_row(key)
        text = text.strip()
        old_value, old_text = getattr(row, value_field), getattr(row, text_field)
        if row.pk is None or old_value != value or old_text != text:
            entry = change(row)
            entry.old_value, entry.new_value = str(old_value or ""), str(value or "")
            entry.old_text, entry.new_text, entry.actor = old_text, text, actor
            changes.append(entry)
            setattr(row, value_field, value)
            setattr(row, text_field, text)
            row.save()
    return changes


def scoring_missing(*, scoring: Scoring) -> list[str]:
    programme_id = scoring.placemat.programme_year.programme_id
    scores = {s.theme_id: s for s in scoring.theme_scores.all()}
    ratings = {c.condition_id: c for c in scoring.condition_ratings.all()}
    missing = []
    for theme in PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number"):
        row = scores.get(theme.pk)
        if row is None or row.score is None:
            missing.append(_("Score for %(theme)s.") % {"theme": theme.name})
        elif not row.rationale:
            missing.append(_("Rationale for %(theme)s.") % {"theme": theme.name})
    for condition in SuccessCondition.objects.filter(programme_id=programme_id).order_by("number"):
        row = ratings.get(condition.pk)
        if row is None or row.rating is None:
            missing.append(_("Rating for success condition %(condition)s.") % {"condition": condition})
    return missing


def scoring_submit(*, scoring: Scoring, actor: User) -> Scoring:
    with transaction.atomic():
        scoring = (
            Scoring.objects.select_for_update()
            .select_related("placemat__programme_year", "assignment")
            .get(pk=scoring.pk)
        )
        if scoring.assignment.user_id != actor.pk:
            raise ValidationError(_("Only the assessor can submit their own scoring."))
        if scoring.status != Scoring.Status.DRAFT:
            raise ValidationError(_("This scoring has already been submitted."))
        missing = scoring_missing(scoring=scoring)
        if missing:
            raise ValidationError(missing, code="incomplete")
        scoring.status = Scoring.Status.SUBMITTED
        scoring.submitted_at = timezone.now()
        scoring.save()
        ScoreChange.objects.create(
            placemat=scoring.placemat,
            kind=ScoreChange.Kind.STATUS,
            scoring=scoring,
            old_value="draft",
            new_value="submitted",
            actor=actor,
        )
        from ..mails import scoring_complete_queue

        scoring_complete_queue(placemat=scoring.placemat)  # the last one in: the office is asked to calibrate
        _audit_scoring(scoring, action="scoring_submit", actor=actor)
    return scoring


def scoring_reopen(*, scoring: Scoring, actor: User) -> Scoring:
    """The office reopens a submitted scoring so the assessor can change it."""
    if not actor.is_programme_office:
        raise ValidationError(_("Only the programme office can do this."))
    with transaction.atomic():
        scoring = Scoring.objects.select_for_update().select_related("placemat").get(pk=scoring.pk)
        if scoring.status != Scoring.Status.SUBMITTED:
            raise ValidationError(_("Only a submitted scoring can be reopened."))
        if scoring.placemat.status == Placemat.Status.PUBLISHED:
            raise ValidationError(_("The placemat has been published."))
        scoring.status, scoring.submitted_at = Scoring.Status.DRAFT, None
        scoring.save()
        ScoreChange.objects.create(
            placemat=scoring.placemat,
            kind=ScoreChange.Kind.STATUS,
            scoring=scoring,
            old_value="submitted",
            new_value="draft",
            actor=actor,
        )
        _audit_scoring(scoring, action="scoring_reopen", actor=actor)
    return scoring


# --- Consolidation and publication ------------------------------------------------------------


def placemat_consolidate(*, placemat: Placemat, results: dict[int, tuple[int | None, str]], actor: User) -> Placemat:
    """The office sets the consolidated score and key remark per theme (history kept)."""
    if not actor.is_programme_office:
        raise ValidationError(_("Only the programme office can do this."))
    errors = {
        f"r-{theme_id}-score": _("Give a score from 1 to 4.")
        for theme_id, (score, _remark) in results.items()
        if score is not None and score not in (1, 2, 3, 4)
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        placemat = Placemat.objects.select_for_update().select_related("programme_year").get(pk=placemat.pk)
        if placemat.status == Placemat.Status.PUBLISHED:
            raise ValidationError(_("The placemat has been published; unpublish it to change the scores."))
        theme_names = {
            t.pk: str(t)
            for t in PlacematTheme.objects.filter(programme_id=placemat.programme_year.programme_id).only(
                "number", "name"
            )
        }
        existing = {c.theme_id: c for c in placemat.consolidated.all()}
        changes = []
        for theme_id, (score, remark) in results.items():
            if theme_id not in theme_names:
                continue
            row = existing.get(theme_id) or ConsolidatedScore(placemat=placemat, theme_id=theme_id)
            remark = remark.strip()
            if row.pk is None or row.score != score or row.key_remark != remark:
                changes.append(
                    ScoreChange(
                        placemat=placemat,
                        kind=ScoreChange.Kind.CONSOLIDATED,
                        theme_id=theme_id,
                        old_value=str(row.score or ""),
                        new_value=str(score or ""),
                        old_text=row.key_remark,
                        new_text=remark,
                        actor=actor,
                    )
                )
                row.score, row.key_remark = score, remark
                row.save()
        ScoreChange.objects.bulk_create(changes)
        placemat.save(update_fields=["updated_at"])
        changed = sorted(
            theme_names[c.theme_id] for c in changes if (c.old_value, c.old_text) != (c.new_value, c.new_text)
        )
        if changed:  # the themes whose consolidated score or key remark changed
            _audit_placemat(placemat, action="placemat_consolidate", actor=actor, fields=changed)
    return placemat


def placemat_publish(*, placemat: Placemat, actor: User) -> Placemat:
    """Publish: every theme has a consolidated score and remark, at least one assessor submitted.
    Queues the mail to the region's project leaders and penvoerders and enqueues the PDF render on commit."""
    from ..tasks.placemat_pdf import task_render_placemat

    if not actor.is_programme_office:
        raise ValidationError(_("Only the programme office can do this."))
    with transaction.atomic():
        placemat = Placemat.objects.select_for_update().select_related("programme_year", "region").get(pk=placemat.pk)
        programme_id = placemat.programme_year.programme_id
        submitted = list(placemat.scorings.filter(status=Scoring.Status.SUBMITTED))
        missing = []
        if not submitted:
            missing.append(_("At least one assessor must have submitted a scoring."))
        results = {c.theme_id: c for c in placemat.consolidated.all()}
        for theme in PlacematTheme.objects.filter(programme_id=programme_id).order_by("kind", "number"):
            row = results.get(theme.pk)
            if row is None or row.score is None:
                missing.append(_("Consolidated score for %(theme)s.") % {"theme": theme.name})
            elif not row.key_remark:
                missing.append(_("Key remark for %(theme)s.") % {"theme": theme.name})
        if missing:
            raise ValidationError(missing, code="incomplete")
        ratings: dict[int, list[int]] = {}
        for rating in ConditionRating.objects.filter(scoring__in=submitted, rating__isnull=False):
            ratings.setdefault(rating.condition_id, []).append(rating.rating)
        placemat.conditions.all().delete()
        ConsolidatedCondition.objects.bulk_create(
            ConsolidatedCondition(placemat=placemat, condition_id=cid, rating=median_score(values))
            for cid, values in ratings.items()
        )
        old_status = placemat.status
        placemat.status = Placemat.Status.PUBLISHED
        placemat.version += 1
        placemat.published_at = timezone.now()
        placemat.published_by = actor
        placemat.save()
        ScoreChange.objects.create(
            placemat=placemat,
            kind=ScoreChange.Kind.STATUS,
            old_value=old_status,
            new_value=f"published v{placemat.version}",
            actor=actor,
        )
        facts_refresh(region_ids=[placemat.region_id])  # its scores, mean, gaps and drops count from now
        from ..mails import placemat_published_queue

        placemat_published_queue(placemat=placemat)  # the region is told here, once per version; never by a render
        # robust: a broker hiccup must not turn a committed publication into an error page; the PDF
        # is then made on first download (placemat_pdf_request) or by render_placemats.
        transaction.on_commit(lambda: task_render_placemat.delay(placemat.pk), robust=True)
        _audit_placemat(placemat, action="placemat_publish", actor=actor, version=placemat.version)
    return placemat


def placemat_unpublish(*, placemat: Placemat, actor: User) -> Placemat:
    """Reopen a published placemat for changes; publishing again makes a new version."""
    if not actor.is_programme_office:
        raise ValidationError(_("Only the programme office can do this."))
    with transaction.atomic():
        placemat = Placemat.objects.select_for_update().get(pk=placemat.pk)
        if placemat.status != Placemat.Status.PUBLISHED:
            raise ValidationError(_("This placemat is not published."))
        placemat.status = Placemat.Status.OPEN
        placemat.save()
        ScoreChange.objects.create(
            placemat=placemat, kind=ScoreChange.Kind.STATUS, old_value="published", new_value="open", actor=actor
        )
        facts_refresh(region_ids=[placemat.region_id])
        _audit_placemat(placemat, action="placemat_unpublish", actor=actor, version=placemat.version)
    return placemat
