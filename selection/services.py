"""Writes of the selection: calls, the committee, applications, scores, decisions and the beschikking.

Every change is logged (`toptechniek.common.audit`) in its own transaction; the hand-over mails are queued in
the same transaction and sent after commit (`selection.mails`). An honoured application becomes a region only
through the regions app's services (`application_establish`), so the region, its partners, its project
leader, its first approved vision version and its agreed indicators are made the way the office would make
them by hand.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions import services as region_services
from regions.models import Organisation, PlacematTheme, Programme, Region, RegionRole
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from . import mails
from .models import (
    CRITERIA,
    Application,
    ApplicationIndicator,
    ApplicationPartner,
    Call,
    CommitteeMember,
    CommitteeScore,
)
from .rules import forget_committee_calls

THREE_OS = (Organisation.Kind.ONDERWIJS, Organisation.Kind.ONDERNEMER, Organisation.Kind.OVERHEID)


def _audit(*, action: str, message: str, object_label: str, actor: User | None, fields=(), **params) -> None:
    audit_change(
        action=f"selection.{action}",
        message=message,
        params=params,
        actor=actor,
        object_label=object_label,
        fields=fields,
    )


# --- Calls ------------------------------------------------------------------------------------------------

CALL_FIELDS = ("title", "join_year", "opens_on", "deadline", "criteria", "budget")


def call_save(*, actor: User, programme: Programme, instance: Call | None = None, **fields) -> Call:
    """Create a call (a concept until published) or change one. Its join year lies within the programme."""
    region_services.programme_check_open(programme=programme)
    errors = {}
    if fields["join_year"] not in programme.years:
        errors["join_year"] = _("The join year must lie within the programme (%(start)s–%(end)s).") % {
            "start": programme.start_year,
            "end": programme.end_year,
        }
    if fields["deadline"] < fields["opens_on"]:
        errors["deadline"] = _("The deadline cannot lie before the call opens.")
    if fields.get("budget") is not None and fields["budget"] < 0:
        errors["budget"] = _("The amount cannot be negative.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        added = instance is None
        call = instance or Call(programme=programme)
        changed = (
            []
            if added
            else [Call._meta.get_field(k).verbose_name for k in CALL_FIELDS if getattr(call, k) != fields[k]]
        )
        for key in CALL_FIELDS:
            setattr(call, key, fields[key])
        call.save()
        if added or changed:
            _audit(
                action="call_save",
                message=gettext_noop("%(call)s: call for proposals created")
                if added
                else gettext_noop("%(call)s: call for proposals changed"),
                object_label=call.title,
                actor=actor,
                fields=changed,
                call=call.title,
            )
    return call


def call_publish(*, call: Call, actor: User, now: datetime.datetime | None = None) -> Call:
    """Publish the call: from then on applicants and the committee see it."""
    region_services.programme_check_open(programme=call.programme)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        if call.published_at is not None:
            raise ValidationError(_("This call has already been published."))
        call.published_at = now or timezone.now()
        call.save(update_fields=["published_at"])
        _audit(
            action="call_publish",
            message=gettext_noop("%(call)s: call for proposals published"),
            object_label=call.title,
            actor=actor,
            call=call.title,
        )
    return call


def committee_member_add(*, call: Call, user: User, actor: User) -> CommitteeMember:
    """Seat someone on the call's beoordelingscommissie: the office or an independent member, never one of the
    call's applicants."""
    region_services.programme_check_open(programme=call.programme)
    if not user.is_active:
        raise ValidationError({"user": _("This person's account is not active.")})
    if user.is_viewer:
        raise ValidationError(
            {"user": _("The ministry records the subsidy decision; it does not sit on the committee.")}
        )
    with transaction.atomic():
        if call.applications.filter(applicant=user).exists():
            raise ValidationError({"user": _("This person applies in this call and cannot assess it.")})
        if CommitteeMember.objects.filter(call=call, user=user).exists():
            raise ValidationError({"user": _("This person is already a member of the committee.")})
        member = CommitteeMember.objects.create(call=call, user=user)
        _audit(
            action="committee_member_add",
            message=gettext_noop("%(call)s: %(person)s joined the assessment committee"),
            object_label=call.title,
            actor=actor,
            call=call.title,
            person=user.full_name,
        )
    forget_committee_calls(user)
    return member


def committee_member_remove(*, member: CommitteeMember, actor: User) -> None:
    call = member.call
    region_services.programme_check_open(programme=call.programme)
    with transaction.atomic():
        if CommitteeScore.objects.filter(application__call=call, member_id=member.user_id).exists():
            raise ValidationError(
                _("This member has already scored applications; their scores stay part of the advice.")
            )
        member.delete()
        _audit(
            action="committee_member_remove",
            message=gettext_noop("%(call)s: %(person)s left the assessment committee"),
            object_label=call.title,
            actor=actor,
            call=call.title,
            person=member.user.full_name,
        )
    forget_committee_calls(member.user)


# --- Applications -----------------------------------------------------------------------------------------


def application_start(
    *, call: Call, actor: User, email: str, full_name: str, region_name: str, language: str = "nl"
) -> Application:
    """Invite a region-to-be to apply: the intended project leader gets an account (a set-password mail) when
    they have none, and a draft application they write until the deadline."""
    from toptechniek.accounts.services import user_invite

    region_services.programme_check_open(programme=call.programme)
    if call.published_at is None:
        raise ValidationError(_("Publish the call before inviting applicants."))
    if timezone.localdate() > call.deadline:
        raise ValidationError(_("The deadline of this call has passed."))
    email = email.strip().lower()
    region_name = region_name.strip()
    with transaction.atomic():
        if call.applications.filter(region_name__iexact=region_name).exists():
            raise ValidationError({"region_name": _("This call already has an application for a region of this name.")})
        user = User.objects.filter(email__iexact=email).first()
        if user is not None and CommitteeMember.objects.filter(call=call, user=user).exists():
            raise ValidationError({"email": _("This person sits on the committee of this call and cannot apply.")})
        if user is not None and (user.is_programme_office or user.is_viewer):
            raise ValidationError({"email": _("The programme office and the ministry do not apply themselves.")})
        new_account = user is None
        if new_account:
            user, _invitation = user_invite(
                email=email, full_name=full_name.strip(), global_role="", language=language, invited_by=actor
            )
        application = Application.objects.create(call=call, applicant=user, region_name=region_name)
        _audit(
            action="application_start",
            message=gettext_noop("%(call)s: %(person)s invited to apply for %(region)s"),
            object_label=region_name,
            actor=actor,
            call=call.title,
            person=user.full_name,
            region=region_name,
        )
        if not new_account:  # a new account's invitation mail says it all; others get one saying where to write
            mails.application_invited_queue(application=application, actor=actor)
    return application


def _clean_partners(rows: list[dict]) -> list[dict]:
    errors = []
    seen = set()
    for row in rows:
        name = (row.get("name") or "").strip()
        if row["subtype"] not in Organisation.SUBTYPES_BY_KIND[row["kind"]]:
            errors.append(_("%(name)s: the type does not belong to the kind of organisation.") % {"name": name})
        if name.lower() in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": name})
        seen.add(name.lower())
        if row.get("cofinancing") is not None and row["cofinancing"] < 0:
            errors.append(_("%(name)s: co-financing cannot be negative.") % {"name": name})
    if sum(1 for row in rows if row.get("is_penvoerder")) > 1:
        errors.append(_("Only one partner can be the penvoerder."))
    if errors:
        raise ValidationError({"partners": errors})
    return rows


def _clean_indicators(*, call: Call, rows: list[dict]) -> list[dict]:
    errors = []
    codes = set()
    programme = call.programme
    for row in rows:
        code = (row.get("code") or "").strip()
        if code.lower() in codes:
            errors.append(_("The code %(code)s is used twice.") % {"code": code})
        codes.add(code.lower())
        if (
            row["performance_area"].programme_id != programme.pk
            or row["performance_area"].kind != PlacematTheme.Kind.PERFORMANCE
        ):
            errors.append(_("%(code)s: choose one of the programme's performance areas.") % {"code": code})
        if row["route"].programme_id != programme.pk:
            errors.append(_("%(code)s: choose one of the programme's routes.") % {"code": code})
        if row["baseline_year"] > call.join_year:
            errors.append(
                _("%(code)s: the baseline year lies at the latest in the join year (%(year)s).")
                % {"code": code, "year": call.join_year}
            )
    if errors:
        raise ValidationError({"indicators": errors})
    return rows


def application_save(
    *, application: Application, actor: User, fields: dict, partners: list[dict], indicators: list[dict]
) -> Application:
    """Save the draft: its texts, its partners and its proposed indicators (the lists replace what was there)."""
    call = application.call
    region_services.programme_check_open(programme=call.programme)
    partners = _clean_partners(partners)
    indicators = _clean_indicators(call=call, rows=indicators)
    landsdeel = fields.get("landsdeel")
    if landsdeel is not None and landsdeel.programme_id != call.programme_id:
        raise ValidationError(
            {"landsdeel": _("Choose one of the landsdelen of %(programme)s.") % {"programme": call.programme.name}}
        )
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status != Application.Status.DRAFT:
            raise ValidationError(_("This application has been submitted and can no longer change."))
        if not application.call.accepts_applications():
            raise ValidationError(_("The deadline of this call has passed."))
        name = fields["region_name"].strip()
        if call.applications.filter(region_name__iexact=name).exclude(pk=application.pk).exists():
            raise ValidationError({"region_name": _("This call already has an application for a region of this name.")})
        application.region_name = name
        application.landsdeel = landsdeel
        application.requested_amount = fields.get("requested_amount")
        application.penvoerder_name = (fields.get("penvoerder_name") or "").strip()
        application.penvoerder_email = (fields.get("penvoerder_email") or "").strip().lower()
        for key in Application.TEXT_FIELDS:
            setattr(application, key, fields.get(key, "") or "")
        application.save()
        application.partners.all().delete()
        ApplicationPartner.objects.bulk_create(
            ApplicationPartner(
                application=application,
                name=row["name"].strip(),
                kind=row["kind"],
                subtype=row["subtype"],
                is_penvoerder=bool(row.get("is_penvoerder")),
                commitment=(row.get("commitment") or "").strip(),
                cofinancing=row.get("cofinancing") or Decimal(0),
            )
            for row in partners
        )
        application.indicators.all().delete()
        ApplicationIndicator.objects.bulk_create(
            ApplicationIndicator(application=application, **{**row, "code": row["code"].strip()}) for row in indicators
        )
        _audit(
            action="application_save",
            message=gettext_noop("%(region)s: draft application saved"),
            object_label=application.region_name,
            actor=actor,
            region=application.region_name,
        )
    return application


def application_missing(*, application: Application) -> list[str]:
    """What the application still lacks before it can be submitted, in words (empty: complete)."""
    missing = []
    labels = {f: Application._meta.get_field(f).verbose_name for f in Application.TEXT_FIELDS}
    for field in Application.TEXT_FIELDS:
        if not getattr(application, field).strip():
            missing.append(_("Write “%(part)s”.") % {"part": labels[field]})
    if application.landsdeel_id is None:
        missing.append(_("Choose the landsdeel."))
    if application.requested_amount is None:
        missing.append(_("Give the subsidy requested."))
    if not (application.penvoerder_name and application.penvoerder_email):
        missing.append(_("Name the penvoerder's board member and their email address."))
    partners = list(application.partners.all())
    if not any(p.is_penvoerder for p in partners):
        missing.append(_("Mark one partner as the penvoerder."))
    kinds = {p.kind for p in partners}
    for kind in THREE_OS:
        if kind not in kinds:
            missing.append(
                _("Add at least one partner of the O of %(kind)s.") % {"kind": Organisation.Kind(kind).label}
            )
    if not application.indicators.exists():
        missing.append(_("Propose at least one performance agreement (indicator)."))
    return missing


def application_submit(*, application: Application, actor: User, now: datetime.datetime | None = None) -> Application:
    """Submit a complete application before the deadline; the committee and the office hear of it."""
    region_services.programme_check_open(programme=application.call.programme)
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status != Application.Status.DRAFT:
            raise ValidationError(_("This application has already been submitted."))
        if not application.call.accepts_applications():
            raise ValidationError(_("The deadline of this call has passed."))
        missing = application_missing(application=application)
        if missing:
            raise ValidationError(missing)
        application.status = Application.Status.SUBMITTED
        application.submitted_at = now or timezone.now()
        application.save(update_fields=["status", "submitted_at", "updated_at"])
        _audit(
            action="application_submit",
            message=gettext_noop("%(region)s: application submitted"),
            object_label=application.region_name,
            actor=actor,
            region=application.region_name,
        )
        mails.application_submitted_queue(application=application)
    return application


def _check_scores(scores: dict, rationales: dict) -> None:
    errors = {}
    for criterion in CRITERIA:
        if scores.get(criterion) not in (1, 2, 3, 4):
            errors[f"{criterion}_score"] = _("Give a score from 1 to 4.")
        if not (rationales.get(criterion) or "").strip():
            errors[f"{criterion}_rationale"] = _("A rationale is required.")
    if errors:
        raise ValidationError(errors)


def application_score(
    *, application: Application, member: User, scores: dict, rationales: dict, advice: str
) -> CommitteeScore:
    """A committee member's own assessment on the four criteria with an advice; it can be changed until the
    office decides."""
    region_services.programme_check_open(programme=application.call.programme)
    _check_scores(scores, rationales)
    if advice not in CommitteeScore.Advice.values:
        raise ValidationError({"advice": _("Advise to honour or to reject.")})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Application.Status.SUBMITTED:
            raise ValidationError(_("This application has been decided; the scores can no longer change."))
        if not CommitteeMember.objects.filter(call_id=application.call_id, user=member).exists():
            raise ValidationError(_("Only members of the committee score applications."))
        values = {f"{c}_score": scores[c] for c in CRITERIA} | {
            f"{c}_rationale": rationales[c].strip() for c in CRITERIA
        }
        score, created = CommitteeScore.objects.update_or_create(
            application=application,
            member=member,
            defaults={**values, "advice": advice, "submitted_at": timezone.now()},
        )
        _audit(
            action="application_score",
            message=gettext_noop("%(region)s: application scored by %(person)s")
            if created
            else gettext_noop("%(region)s: score of %(person)s changed"),
            object_label=application.region_name,
            actor=member,
            region=application.region_name,
            person=member.full_name,
        )
    return score


def application_decide(
    *,
    application: Application,
    actor: User,
    honour: bool,
    reason: str,
    scores: dict | None = None,
    rationales: dict | None = None,
    awarded_amount: Decimal | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """The office honours or rejects a submitted application on the committee's advice, with its reason. An
    honoured one carries the office's assessment on the four criteria and the amount it awards; the ministry's
    subsidiebeschikking then makes the region. The applicant hears of it either way."""
    region_services.programme_check_open(programme=application.call.programme)
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason of the decision; the applicant reads it.")
    if honour:
        try:
            _check_scores(scores or {}, rationales or {})
        except ValidationError as exc:
            errors.update(exc.message_dict)
        if awarded_amount is None or awarded_amount < 0:
            errors["awarded_amount"] = _("Give the amount awarded (0 or more).")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call").get(pk=application.pk)
        if application.status != Application.Status.SUBMITTED:
            raise ValidationError(_("This application has already been decided."))
        members = set(CommitteeMember.objects.filter(call_id=application.call_id).values_list("user_id", flat=True))
        scored = set(application.scores.values_list("member_id", flat=True))
        if not members:
            raise ValidationError(_("The call has no assessment committee yet."))
        if members - scored:
            waiting = User.objects.filter(pk__in=members - scored).order_by("full_name")
            raise ValidationError(
                _("Not every committee member has scored yet: %(names)s.")
                % {"names": ", ".join(u.full_name for u in waiting)}
            )
        application.status = Application.Status.HONOURED if honour else Application.Status.REJECTED
        application.decided_at = now or timezone.now()
        application.decided_by = actor
        application.decision_reason = reason.strip()
        if honour:
            application.decision_scores = {
                c: {"score": scores[c], "rationale": rationales[c].strip()} for c in CRITERIA
            }
            application.awarded_amount = awarded_amount
        application.save()
        _audit(
            action="application_decide",
            message=gettext_noop("%(region)s: application honoured")
            if honour
            else gettext_noop("%(region)s: application rejected"),
            object_label=application.region_name,
            actor=actor,
            region=application.region_name,
        )
        mails.application_decided_queue(application=application)
    return application


def application_record_beschikking(
    *, application: Application, actor: User, date: datetime.date, amount: Decimal, reference: str
) -> Application:
    """The ministry records the subsidiebeschikking of an honoured application; this makes the region."""
    region_services.programme_check_open(programme=application.call.programme)
    errors = {}
    if date is None:
        errors["date"] = _("Enter the date of the subsidy decision.")
    elif date > timezone.localdate():
        errors["date"] = _("The subsidy decision cannot lie in the future.")
    if amount is None or amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if not (reference or "").strip():
        errors["reference"] = _("Enter the reference of the subsidy decision.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        application = Application.objects.select_for_update().select_related("call__programme").get(pk=application.pk)
        if application.status != Application.Status.HONOURED or application.region_id is not None:
            raise ValidationError(_("Only an honoured application awaiting its subsidy decision can get one."))
        if application.decided_at and date < application.decided_at.date():
            raise ValidationError(
                {
                    "date": _("The subsidy decision follows the office's decision (%(date)s).")
                    % {"date": application.decided_at.date()}
                }
            )
        application.beschikking_date = date
        application.beschikking_amount = amount
        application.beschikking_reference = reference.strip()
        application.beschikking_recorded_by = actor
        application.region = application_establish(application=application)
        application.save()
        _audit(
            action="application_record_beschikking",
            message=gettext_noop("%(region)s: subsidy decision %(reference)s recorded; the region is set up"),
            object_label=application.region_name,
            actor=actor,
            region=application.region_name,
            reference=application.beschikking_reference,
        )
        mails.application_established_queue(application=application)
    return application


def _penvoerder_person(*, application: Application, region: Region, organisation, decider: User) -> None:
    """The penvoerder's board member gets the region role penvoerder; someone new is invited (their mail says
    how to choose a password), someone known simply finds the region."""
    from toptechniek.accounts.services import user_invite

    email = application.penvoerder_email
    if not email:
        return
    person = User.objects.filter(email__iexact=email).first()
    if person is None:
        person, _invitation = user_invite(
            email=email,
            full_name=application.penvoerder_name or email,
            global_role="",
            language=application.applicant.language,
            invited_by=decider,
        )
    if person.pk == application.applicant_id:
        return  # one person cannot submit and endorse the same reports
    region_services.region_role_add(
        region=region,
        user=person,
        role=RegionRole.Role.PENVOERDER,
        organisation=organisation,
        start_date=min(application.beschikking_date, timezone.localdate()),
    )


def _unique_slug(*, programme: Programme, name: str) -> str:
    base = slugify(name)[:40] or "regio"
    taken = set(Region.objects.filter(programme=programme, slug__startswith=base).values_list("slug", flat=True))
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    return slug


def application_establish(*, application: Application) -> Region:
    """Make the region of an honoured application with its beschikking, through the regions services: the
    region (joining in the call's year), its partners (existing organisations by name, new ones added), the
    applicant as project leader, the application's texts as its first vision version approved with the
    office's assessment and the beschikking's amount, and its proposed indicators as agreed ones with their
    target for the programme's final year. Call inside a transaction."""
    call = application.call
    programme = call.programme
    decider = application.decided_by
    if Region.objects.filter(programme=programme, name__iexact=application.region_name).exists():
        raise ValidationError(
            _("The programme already has a region named %(name)s; rename it first.") % {"name": application.region_name}
        )
    region = region_services.region_create(
        programme=programme,
        name=application.region_name,
        slug=_unique_slug(programme=programme, name=application.region_name),
        landsdeel=application.landsdeel,
        join_year=call.join_year,
        description=application.ambitions[:500],
    )
    penvoerder_org = None
    for partner in application.partners.all():
        organisation = Organisation.objects.filter(name__iexact=partner.name).first()
        if organisation is None:
            organisation = region_services.organisation_save(
                name=partner.name, kind=partner.kind, subtype=partner.subtype
            )
        region_services.region_partner_save(
            region=region, organisation=organisation, is_penvoerder=partner.is_penvoerder, since_year=call.join_year
        )
        if partner.is_penvoerder:
            penvoerder_org = organisation
    region_services.region_role_add(
        region=region,
        user=application.applicant,
        role=RegionRole.Role.PROJECT_LEADER,
        organisation=penvoerder_org,
        start_date=min(application.beschikking_date, timezone.localdate()),
    )
    _penvoerder_person(application=application, region=region, organisation=penvoerder_org, decider=decider)
    vision = region_services.vision_create(
        region=region,
        author=application.applicant,
        **{f: getattr(application, f) for f in Application.TEXT_FIELDS},
    )
    assessment = application.decision_scores
    region_services.vision_approve(
        vision=vision,
        approver=decider,
        scores={c: assessment[c]["score"] for c in CRITERIA},
        rationales={c: assessment[c]["rationale"] for c in CRITERIA},
        subsidy_decision_date=application.beschikking_date,
        subsidy_amount=application.beschikking_amount,
    )
    for proposed in application.indicators.select_related("performance_area", "route"):
        region_services.indicator_create(
            region=region,
            proposed_by=decider,
            targets={programme.end_year: proposed.target_value},
            code=proposed.code,
            name=proposed.name,
            unit=proposed.unit,
            performance_area=proposed.performance_area,
            route=proposed.route,
            baseline_value=proposed.baseline_value,
            baseline_year=proposed.baseline_year,
        )
    return region
