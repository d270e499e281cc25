"""Writes of the regions app. Every function validates across objects and runs in one transaction;
a rejected write raises ValidationError and changes nothing."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from toptechniek.accounts.models import User
from toptechniek.accounts.rules import forget_region_roles

from .models import (
    GuidingQuestion,
    Indicator,
    Organisation,
    PastRegionRole,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
    Target,
)

# --- Programme and calendar ----------------------------------------------------------------


def _check_programme_years(*, start_year: int, end_year: int) -> None:
    if end_year < start_year:
        raise ValidationError({"end_year": _("The end year cannot be before the start year.")})


def programme_create(*, name: str, slug: str, start_year: int, end_year: int, description: str = "") -> Programme:
    """Create a programme with the default placemat framework and success conditions."""
    _check_programme_years(start_year=start_year, end_year=end_year)
    with transaction.atomic():
        programme = Programme.objects.create(
            name=name, slug=slug, start_year=start_year, end_year=end_year, description=description
        )
        framework_install(programme=programme)
    return programme


def framework_install(*, programme: Programme) -> None:
    """Install the default framework where the programme lacks it; never overwrites the office's edits."""
    from .framework_data import PERFORMANCE_AREAS, PROCESS_THEMES, SUCCESS_CONDITIONS
    from .models import SuccessCondition

    for kind, themes in (
        (PlacematTheme.Kind.PERFORMANCE, PERFORMANCE_AREAS),
        (PlacematTheme.Kind.PROCESS, PROCESS_THEMES),
    ):
        for number, name, description, questions in themes:
            theme, created = PlacematTheme.objects.get_or_create(
                programme=programme, kind=kind, number=number, defaults={"name": name, "description": description}
            )
            if created:
                GuidingQuestion.objects.bulk_create(
                    GuidingQuestion(theme=theme, order=i, text=text) for i, text in enumerate(questions, start=1)
                )
    for number, group, name, description in SUCCESS_CONDITIONS:
        SuccessCondition.objects.get_or_create(
            programme=programme, number=number, defaults={"group": group, "name": name, "description": description}
        )


def programme_update(*, programme: Programme, **fields) -> Programme:
    start = fields.get("start_year", programme.start_year)
    end = fields.get("end_year", programme.end_year)
    _check_programme_years(start_year=start, end_year=end)
    with transaction.atomic():
        outside = list(programme.programme_years.exclude(year__gte=start, year__lte=end).values_list("year", flat=True))
        if outside:
            raise ValidationError(
                _("The programme has programme years outside this period: %(years)s.")
                % {"years": ", ".join(str(y) for y in outside)}
            )
        for key, value in fields.items():
            setattr(programme, key, value)
        programme.save()
    return programme


def programme_year_save(
    *, programme: Programme, instance: ProgrammeYear | None = None, today=None, **fields
) -> ProgrammeYear:
    """Create or change a programme year. A due date that has passed never moves."""
    today = today or timezone.localdate()
    year = fields["year"]
    if year not in programme.years:
        raise ValidationError(
            {
                "year": _("The year must lie within the programme (%(start)s–%(end)s).")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )
    for start_key, end_key in (
        ("audit_window_start", "audit_window_end"),
        ("peer_review_window_start", "peer_review_window_end"),
    ):
        if fields.get(start_key) and fields.get(end_key) and fields[end_key] < fields[start_key]:
            raise ValidationError({end_key: _("The end of a period cannot be before its start.")})
    with transaction.atomic():
        if instance is None:
            if ProgrammeYear.objects.filter(programme=programme, year=year).exists():
                raise ValidationError({"year": _("This programme already has this year.")})
            instance = ProgrammeYear(programme=programme)
        else:
            instance = ProgrammeYear.objects.select_for_update().get(pk=instance.pk)
            for key in ("report_due_date", "scoring_due_date"):
                old = getattr(instance, key)
                if old and old < today and fields.get(key) != old:
                    raise ValidationError({key: _("This due date has passed and can no longer be changed.")})
            if instance.year != year and ProgrammeYear.objects.filter(programme=programme, year=year).exists():
                raise ValidationError({"year": _("This programme already has this year.")})
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.save()
    return instance


# --- Regions, organisations, partners, roles -----------------------------------------------


def _check_join_year(*, programme: Programme, join_year: int) -> None:
    if join_year not in programme.years:
        raise ValidationError(
            {
                "join_year": _("The join year must lie within the programme (%(start)s–%(end)s).")
                % {"start": programme.start_year, "end": programme.end_year}
            }
        )


def region_create(*, programme: Programme, **fields) -> Region:
    _check_join_year(programme=programme, join_year=fields["join_year"])
    return Region.objects.create(programme=programme, **fields)


def region_update(*, region: Region, **fields) -> Region:
    programme = fields.get("programme", region.programme)
    _check_join_year(programme=programme, join_year=fields.get("join_year", region.join_year))
    for key, value in fields.items():
        setattr(region, key, value)
    region.save()
    return region


def organisation_save(*, instance: Organisation | None = None, **fields) -> Organisation:
    kind, subtype = fields["kind"], fields["subtype"]
    if subtype not in Organisation.SUBTYPES_BY_KIND[kind]:
        raise ValidationError({"subtype": _("This type does not belong to the chosen kind of organisation.")})
    instance = instance or Organisation()
    for key, value in fields.items():
        setattr(instance, key, value)
    instance.save()
    return instance


def _check_single_penvoerder(*, region: Region, exclude_pk: int | None) -> None:
    others = RegionPartner.objects.select_for_update().filter(region=region, is_penvoerder=True)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    current = others.select_related("organisation").first()
    if current is not None:
        raise ValidationError(
            {
                "is_penvoerder": _(
                    "%(organisation)s is already the penvoerder of this region. A region has one penvoerder."
                )
                % {"organisation": current.organisation.name}
            }
        )


def region_partner_save(
    *, region: Region, instance: RegionPartner | None = None, organisation: Organisation, **fields
) -> RegionPartner:
    with transaction.atomic():
        if fields.get("is_penvoerder"):
            _check_single_penvoerder(region=region, exclude_pk=instance.pk if instance else None)
        duplicate = RegionPartner.objects.filter(region=region, organisation=organisation)
        if instance is not None:
            duplicate = duplicate.exclude(pk=instance.pk)
        if duplicate.exists():
            raise ValidationError({"organisation": _("This organisation is already a partner in this region.")})
        since = fields.get("since_year")
        if since is not None and since not in region.programme.years:
            raise ValidationError(
                {
                    "since_year": _("The year must lie within the programme (%(start)s–%(end)s).")
                    % {"start": region.programme.start_year, "end": region.programme.end_year}
                }
            )
        instance = instance or RegionPartner(region=region)
        instance.organisation = organisation
        for key, value in fields.items():
            setattr(instance, key, value)
        instance.save()
    return instance


def region_partner_remove(*, partner: RegionPartner) -> None:
    partner.delete()


# Apps above regions refuse a role that would break their own rules without regions importing them
# (audits: nobody holds a region role in a region they assess). A check takes region=, user=, role=,
# start_date= and returns None or the reason.
ROLE_CONFLICT_CHECKS: list = []


def region_role_add(
    *,
    region: Region,
    user: User,
    role: str,
    organisation: Organisation | None = None,
    start_date: datetime.date | None = None,
) -> RegionRole:
    """Give a person a current role in a region, from `start_date` (today when not given)."""
    start_date = start_date or timezone.localdate()
    if start_date > timezone.localdate():
        raise ValidationError({"start_date": _("A role starts today or earlier.")})
    if RegionRole.objects.filter(region=region, user=user, role=role).exists():
        raise ValidationError({"role": _("This person already has this role in this region.")})
    if organisation is not None and not RegionPartner.objects.filter(region=region, organisation=organisation).exists():
        raise ValidationError({"organisation": _("This organisation is not a partner in this region.")})
    for check in ROLE_CONFLICT_CHECKS:
        reason = check(region=region, user=user, role=role, start_date=start_date)
        if reason:
            raise ValidationError({"user": reason})
    role_obj = RegionRole.objects.create(
        region=region, user=user, role=role, organisation=organisation, start_date=start_date
    )
    forget_region_roles(user)
    return role_obj


def region_role_end(
    *, role: RegionRole, ended_by: User | None, end_date: datetime.date | None = None
) -> PastRegionRole:
    """End a current role: it moves to the region's history (kept for ever) and its rights end now."""
    end_date = end_date or timezone.localdate()
    with transaction.atomic():
        role = RegionRole.objects.select_for_update().select_related("user").get(pk=role.pk)
        if end_date < role.start_date:
            raise ValidationError({"end_date": _("A role cannot end before it started.")})
        if end_date > timezone.localdate():
            raise ValidationError({"end_date": _("A role ends today or earlier.")})
        past = PastRegionRole.objects.create(
            user=role.user,
            region_id=role.region_id,
            role=role.role,
            organisation_id=role.organisation_id,
            start_date=role.start_date,
            end_date=end_date,
            ended_by=ended_by,
        )
        role.delete()
    forget_region_roles(role.user)
    return past


def region_role_remove(*, role: RegionRole, ended_by: User | None = None) -> PastRegionRole:
    """Removing a role ends it (see `region_role_end`); nothing is deleted."""
    return region_role_end(role=role, ended_by=ended_by)


# --- Placemat framework -----------------------------------------------------------------------


def placemat_theme_update(*, theme: PlacematTheme, name: str, description: str, questions: Iterable[str]) -> None:
    """Rename a theme and replace its guiding questions (kept in the given order)."""
    texts = [q.strip() for q in questions if q and q.strip()]
    if not texts:
        raise ValidationError(_("A theme needs at least one guiding question."))
    with transaction.atomic():
        theme.name = name
        theme.description = description
        theme.save()
        existing = list(theme.questions.order_by("order", "pk"))
        for index, text in enumerate(texts, start=1):
            if index <= len(existing):
                question = existing[index - 1]
                if question.text != text or question.order != index:
                    question.text, question.order = text, index
                    question.save()
            else:
                GuidingQuestion.objects.create(theme=theme, order=index, text=text)
        for question in existing[len(texts) :]:
            question.delete()


# --- Regional vision ------------------------------------------------------------------------

VISION_TEXT_FIELDS = (
    "labour_market_analysis",
    "ambitions",
    "approach_why",
    "approach_what",
    "approach_who",
    "approach_how",
)


def vision_create(*, region: Region, author: User, **texts: str) -> RegionVision:
    """Start a new version of the region's vision (a draft)."""
    with transaction.atomic():
        Region.objects.select_for_update().filter(pk=region.pk).first()
        if RegionVision.objects.filter(region=region, status=RegionVision.Status.DRAFT).exists():
            raise ValidationError(_("This region already has a draft version; continue with that one."))
        last = RegionVision.objects.filter(region=region).aggregate(m=Max("version"))["m"] or 0
        return RegionVision.objects.create(
            region=region,
            version=last + 1,
            created_by=author,
            **{k: texts[k] for k in VISION_TEXT_FIELDS},
        )


def vision_update(*, vision: RegionVision, **texts: str) -> RegionVision:
    with transaction.atomic():
        vision = RegionVision.objects.select_for_update().get(pk=vision.pk)
        if vision.status != RegionVision.Status.DRAFT:
            raise ValidationError(_("An approved version is read-only."))
        for key in VISION_TEXT_FIELDS:
            setattr(vision, key, texts[key])
        vision.save()
    return vision


def vision_approve(
    *,
    vision: RegionVision,
    approver: User,
    scores: dict[str, int],
    rationales: dict[str, str],
    subsidy_decision_date,
    subsidy_amount: Decimal,
) -> RegionVision:
    """Approve a draft version with its assessment on the four criteria and the subsidy decision."""
    errors = {}
    for criterion in RegionVision.CRITERIA:
        if scores.get(criterion) not in (1, 2, 3, 4):
            errors[f"{criterion}_score"] = _("Give a score from 1 to 4.")
        if not (rationales.get(criterion) or "").strip():
            errors[f"{criterion}_rationale"] = _("A rationale is required.")
    if subsidy_amount is None or subsidy_amount < 0:
        errors["subsidy_amount"] = _("The amount cannot be negative.")
    if subsidy_decision_date is None:
        errors["subsidy_decision_date"] = _("Enter the date of the subsidy decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        vision = RegionVision.objects.select_for_update().get(pk=vision.pk)
        if vision.status != RegionVision.Status.DRAFT:
            raise ValidationError(_("This version has already been approved."))
        for criterion in RegionVision.CRITERIA:
            setattr(vision, f"{criterion}_score", scores[criterion])
            setattr(vision, f"{criterion}_rationale", rationales[criterion].strip())
        vision.subsidy_decision_date = subsidy_decision_date
        vision.subsidy_amount = subsidy_amount
        vision.status = RegionVision.Status.APPROVED
        vision.approved_by = approver
        vision.approved_at = timezone.now()
        vision.save()
    return vision


# --- Indicators and targets ------------------------------------------------------------------


def _check_indicator(
    *,
    region: Region,
    code: str,
    performance_area: PlacematTheme,
    baseline_year: int,
    targets: dict[int, Decimal | None],
    exclude_pk: int | None,
) -> None:
    errors = {}
    programme = region.programme
    duplicate = Indicator.objects.filter(region=region, code__iexact=code)
    if exclude_pk:
        duplicate = duplicate.exclude(pk=exclude_pk)
    if duplicate.exists():
        errors["code"] = _("This region already has an indicator with code %(code)s.") % {"code": code}
    if performance_area.programme_id != programme.pk or performance_area.kind != PlacematTheme.Kind.PERFORMANCE:
        errors["performance_area"] = _("Choose one of the programme's four performance areas.")
    if baseline_year > programme.end_year:
        errors["baseline_year"] = _("The baseline year cannot be after the end of the programme.")
    for year, value in targets.items():
        if year not in programme.years:
            errors.setdefault("__all__", []).append(
                _("A target for %(year)s lies outside the programme (%(start)s–%(end)s).")
                % {"year": year, "start": programme.start_year, "end": programme.end_year}
            )
        elif value is not None and value < 0:
            errors[f"target_{year}"] = _("A target cannot be negative.")
    if errors:
        raise ValidationError(errors)


def _save_targets(*, indicator: Indicator, targets: dict[int, Decimal | None]) -> None:
    existing = {t.year: t for t in indicator.targets.all()}
    for year, value in targets.items():
        target = existing.get(year)
        if value is None:
            if target is not None:
                target.delete()
        elif target is None:
            Target.objects.create(indicator=indicator, year=year, value=value)
        elif target.value != value:
            target.value = value
            target.save(update_fields=["value"])


def indicator_create(*, region: Region, proposed_by: User, targets: dict[int, Decimal | None], **fields) -> Indicator:
    """Propose an indicator with its targets. The office's own indicators are agreed at once."""
    _check_indicator(
        region=region,
        code=fields["code"],
        performance_area=fields["performance_area"],
        baseline_year=fields["baseline_year"],
        targets=targets,
        exclude_pk=None,
    )
    status = Indicator.Status.AGREED if proposed_by.is_programme_office else Indicator.Status.PROPOSED
    try:
        with transaction.atomic():
            indicator = Indicator.objects.create(region=region, proposed_by=proposed_by, status=status, **fields)
            _save_targets(indicator=indicator, targets=targets)
    except IntegrityError as exc:  # a concurrent save with the same code
        raise ValidationError({"code": _("This region already has an indicator with this code.")}) from exc
    return indicator


def indicator_update(*, indicator: Indicator, targets: dict[int, Decimal | None], **fields) -> Indicator:
    _check_indicator(
        region=indicator.region,
        code=fields["code"],
        performance_area=fields["performance_area"],
        baseline_year=fields["baseline_year"],
        targets=targets,
        exclude_pk=indicator.pk,
    )
    with transaction.atomic():
        for key, value in fields.items():
            setattr(indicator, key, value)
        indicator.save()
        _save_targets(indicator=indicator, targets=targets)
    return indicator


def indicator_approve(*, indicator: Indicator) -> Indicator:
    with transaction.atomic():
        indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if indicator.status != Indicator.Status.PROPOSED:
            raise ValidationError(_("This indicator has already been agreed."))
        if not indicator.targets.exists():
            raise ValidationError(_("An indicator needs at least one target before it can be agreed."))
        indicator.status = Indicator.Status.AGREED
        indicator.save(update_fields=["status"])
    return indicator
