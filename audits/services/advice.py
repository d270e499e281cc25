"""Advice (klankbord en vraagbaak): a region asks its advisor a question at any time, the advisor answers,
plans an advice conversation and records it. Each write is logged and sends its hand-over mail after commit
(`audits.mails`). Advice belongs to the programme year it is given in (`audits.rules.advice_year`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import PlacematTheme, Region
from regions.services import programme_check_open
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from .. import mails
from ..models import AdviceConversation, AdviceQuestion, Assignment
from ..rules import advice_year


def _audit(*, action: str, message: str, region: Region, actor: User, **params) -> None:
    audit_change(
        action=f"audits.{action}",
        message=message,
        params={"region": region.name, **params},
        actor=actor,
        object_label=region.name,
    )


def _check_theme(region: Region, theme: PlacematTheme | None) -> None:
    if theme is not None and theme.programme_id != region.programme_id:
        raise ValidationError({"theme": _("Choose one of the placemat themes of the region's programme.")})


def advice_ask(*, region: Region, actor: User, question: str, theme: PlacematTheme | None = None) -> AdviceQuestion:
    """The region's question to its advisor; the advisors of this year hear of it."""
    programme_check_open(programme=region.programme)
    _check_theme(region, theme)
    if not (question or "").strip():
        raise ValidationError({"question": _("Write the question.")})
    year = advice_year(region=region)
    if year is None:
        raise ValidationError(_("The programme has no year to ask in yet."))
    with transaction.atomic():
        item = AdviceQuestion.objects.create(
            region=region, programme_year=year, theme=theme, question=question.strip(), asked_by=actor
        )
        _audit(
            action="advice_ask",
            message=gettext_noop("%(region)s: question to the advisor asked"),
            region=region,
            actor=actor,
        )
        mails.advice_asked_queue(question=item)
    return item


def advice_answer(*, question: AdviceQuestion, actor: User, answer: str) -> AdviceQuestion:
    programme_check_open(programme=question.region.programme)
    if not (answer or "").strip():
        raise ValidationError({"answer": _("Write the answer.")})
    with transaction.atomic():
        question = AdviceQuestion.objects.select_for_update().select_related("region").get(pk=question.pk)
        if question.status != AdviceQuestion.Status.OPEN:
            raise ValidationError(_("This question has already been answered."))
        if not Assignment.objects.filter(
            user=actor, region_id=question.region_id, programme_year_id=question.programme_year_id, role="advisor"
        ).exists():
            raise ValidationError(_("Only the region's advisor of that year answers its questions."))
        question.answer = answer.strip()
        question.answered_by = actor
        question.answered_at = timezone.now()
        question.status = AdviceQuestion.Status.ANSWERED
        question.save()
        _audit(
            action="advice_answer",
            message=gettext_noop("%(region)s: question answered by the advisor"),
            region=question.region,
            actor=actor,
        )
        mails.advice_given_queue(
            region=question.region,
            key=f"advice-answered:{question.pk}",
            actor=actor,
            extra=[question.asked_by],
            context={"question": Truncator(question.question).chars(160), "answer": question.answer},
        )
    return question


def advice_conversation_plan(
    *,
    region: Region,
    advisor: User,
    date: datetime.date,
    place: str = "",
    question: AdviceQuestion | None = None,
) -> AdviceConversation:
    """The advisor plans an advice conversation with the region (its project leader and penvoerder hear of it)."""
    programme_check_open(programme=region.programme)
    year = advice_year(region=region)
    if (
        year is None
        or not Assignment.objects.filter(user=advisor, region=region, programme_year=year, role="advisor").exists()
    ):
        raise ValidationError(_("Only the region's advisor of this year plans advice conversations."))
    if question is not None and question.region_id != region.pk:
        raise ValidationError({"question": _("Choose one of the region's own questions.")})
    if date is None:
        raise ValidationError({"date": _("Enter the date of the conversation.")})
    with transaction.atomic():
        conversation = AdviceConversation.objects.create(
            region=region,
            programme_year=year,
            advisor=advisor,
            date=date,
            place=(place or "").strip(),
            question=question,
        )
        _audit(
            action="advice_conversation_plan",
            message=gettext_noop("%(region)s: advice conversation planned on %(date)s"),
            region=region,
            actor=advisor,
            date=date.isoformat(),
        )
        mails.advice_planned_queue(conversation=conversation)
    return conversation


def advice_conversation_record(
    *,
    conversation: AdviceConversation,
    actor: User,
    participants: dict[str, str],
    topics: list[PlacematTheme],
    advice: str,
    follow_up: str = "",
    today: datetime.date | None = None,
) -> AdviceConversation:
    """Record a held conversation (or correct the record): who took part by O, the topics, the advice, the
    follow-up. Not before its date; at least one participant and the advice are required."""
    programme_check_open(programme=conversation.region.programme)
    today = today or timezone.localdate()
    errors = {}
    if conversation.date > today:
        errors["advice"] = _("The conversation is planned on %(date)s: record it once it has been held.") % {
            "date": conversation.date
        }
    if not any((participants.get(f) or "").strip() for f in AdviceConversation.PARTICIPANT_FIELDS):
        errors["participants_onderwijs"] = _("Name at least one participant.")
    if not (advice or "").strip():
        errors.setdefault("advice", _("Write the advice given."))
    for theme in topics:
        if theme.programme_id != conversation.region.programme_id:
            errors["topics"] = _("Choose placemat themes of the region's programme.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        conversation = AdviceConversation.objects.select_for_update().select_related("region").get(pk=conversation.pk)
        if conversation.advisor_id != actor.pk:
            raise ValidationError(_("Only the advisor who held the conversation records it."))
        first = conversation.status == AdviceConversation.Status.PLANNED
        for field in AdviceConversation.PARTICIPANT_FIELDS:
            setattr(conversation, field, (participants.get(field) or "").strip())
        conversation.advice = advice.strip()
        conversation.follow_up = (follow_up or "").strip()
        conversation.status = AdviceConversation.Status.HELD
        conversation.recorded_at = timezone.now()
        conversation.save()
        conversation.topics.set(topics)
        _audit(
            action="advice_conversation_record",
            message=gettext_noop("%(region)s: advice conversation of %(date)s recorded")
            if first
            else gettext_noop("%(region)s: record of the advice conversation of %(date)s changed"),
            region=conversation.region,
            actor=actor,
            date=conversation.date.isoformat(),
        )
        if first:
            mails.advice_given_queue(
                region=conversation.region,
                key=f"advice-recorded:{conversation.pk}",
                actor=actor,
                extra=[],
                context={"conversation_date": conversation.date.isoformat(), "answer": conversation.advice},
            )
    return conversation
