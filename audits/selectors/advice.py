"""Reads of advice (klankbord en vraagbaak): the region's advice page and the advisor's tasks."""

import datetime
from dataclasses import dataclass

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from regions.models import Region
from toptechniek.accounts.models import User
from toptechniek.accounts.rules import region_roles
from toptechniek.common.todo import Todo

from ..models import AdviceConversation, AdviceQuestion, Assignment


@dataclass
class AdvicePage:
    questions: list
    conversations: list
    hidden: int  # items kept from this person because they assess the region that year or the next


def _hidden_years(*, user: User, region: Region) -> set[int]:
    """The years whose advice this person may not read: those they assess the region in, and the year before."""
    if user.is_programme_office:
        return set()
    years = set(
        Assignment.objects.filter(user=user, region=region, role=Assignment.Role.ASSESSOR).values_list(
            "programme_year__year", flat=True
        )
    )
    return years | {y - 1 for y in years}


def advice_page(*, region: Region, user: User) -> AdvicePage:
    """The region's questions and conversations this person may read, newest first (four queries)."""
    hidden = _hidden_years(user=user, region=region)
    questions = list(
        AdviceQuestion.objects.filter(region=region)
        .select_related("programme_year", "theme", "asked_by", "answered_by", "region__programme")
        .order_by("-asked_at")
    )
    conversations = list(
        AdviceConversation.objects.filter(region=region)
        .select_related("programme_year", "advisor", "question", "region__programme")
        .prefetch_related("topics")
        .order_by("-date")
    )
    shown_q = [q for q in questions if q.programme_year.year not in hidden]
    shown_c = [c for c in conversations if c.programme_year.year not in hidden]
    return AdvicePage(
        questions=shown_q,
        conversations=shown_c,
        hidden=len(questions) - len(shown_q) + len(conversations) - len(shown_c),
    )


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """An advisor answers the open questions of their regions and records conversations once held (three
    queries, only for people who are a critical friend somewhere)."""
    if not any("critical_friend" in roles for roles in region_roles(user).values()):
        return []
    advised = Assignment.objects.filter(user=user, role=Assignment.Role.ADVISOR).values(
        "region_id", "programme_year_id"
    )
    todos: list[Todo] = []
    questions = AdviceQuestion.objects.filter(
        status=AdviceQuestion.Status.OPEN,
        region__programme__closed_at__isnull=True,
        region_id__in=advised.values("region_id"),
    )
    pairs = {(a["region_id"], a["programme_year_id"]) for a in advised}
    for q in questions.select_related("region").order_by("asked_at"):
        if (q.region_id, q.programme_year_id) not in pairs:
            continue
        todos.append(
            Todo(
                kind="advice_answer",
                what=_("Answer the question to the advisor"),
                subject=q.region.name,
                url=reverse("audits:advice_answer", args=[q.pk]),
                state=_("asked on %(date)s") % {"date": date_format(q.asked_at, "j F Y")},
                note=Truncator(q.question).chars(140),
                role=_("advisor"),
                programme_id=q.region.programme_id,
            )
        )
    for c in (
        AdviceConversation.objects.filter(
            advisor=user,
            status=AdviceConversation.Status.PLANNED,
            date__lte=today,
            region__programme__closed_at__isnull=True,
        )
        .select_related("region")
        .order_by("date")
    ):
        todos.append(
            Todo(
                kind="advice_record",
                what=_("Record the advice conversation"),
                subject=c.region.name,
                url=reverse("audits:advice_record", args=[c.pk]),
                due=c.date + datetime.timedelta(days=14),
                state=_("held on %(date)s") % {"date": date_format(c.date, "j F Y")},
                role=_("advisor"),
                programme_id=c.region.programme_id,
            )
        )
    return todos


def region_advice_link(*, region: Region, user: User) -> dict | None:
    """The region page links to its advice page for those who may read it (regions.selectors hook)."""
    return {} if user.has_perm("audits.view_region_advice", region) else None
