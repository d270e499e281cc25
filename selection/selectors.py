"""Reads of the selection, shaped for its pages (a fixed number of queries whatever the number of calls,
applications and scores) and its tasks on "Mijn taken"."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from toptechniek.accounts.models import User
from toptechniek.common.todo import Todo

from .models import CRITERIA, Application, ApplicationIndicator, Call, CommitteeMember, CommitteeScore
from .rules import committee_calls


def calls_for(*, user: User):
    """The calls this person may see, newest first: all for the office; published ones for the ministry;
    the calls they sit on or applied to for others."""
    calls = Call.objects.select_related("programme").annotate(
        n_applications=Count("applications", filter=~Q(applications__status=Application.Status.DRAFT), distinct=True),
        n_honoured=Count("applications", filter=Q(applications__status=Application.Status.HONOURED), distinct=True),
        n_rejected=Count("applications", filter=Q(applications__status=Application.Status.REJECTED), distinct=True),
    )
    if user.is_programme_office:
        return calls.order_by("-deadline")
    published = calls.filter(published_at__isnull=False)
    if user.is_viewer:
        return published.order_by("-deadline")
    return (
        published.filter(Q(pk__in=committee_calls(user)) | Q(applications__applicant=user))
        .distinct()
        .order_by("-deadline")
    )


@dataclass
class ApplicationRow:
    application: Application
    scores: list
    averages: dict
    advice_honour: int
    advice_reject: int

    @property
    def average_total(self) -> Decimal | None:
        if not self.scores:
            return None
        return sum((self.averages[c] for c in CRITERIA), Decimal(0))


def _averages(scores: list) -> dict:
    if not scores:
        return {c: None for c in CRITERIA}
    return {
        c: (Decimal(sum(getattr(s, f"{c}_score") for s in scores)) / len(scores)).quantize(Decimal("0.1"))
        for c in CRITERIA
    }


def call_applications(*, call: Call, user: User) -> list[ApplicationRow]:
    """The call's applications this person may see, with their scores (the page shows them only where
    `selection.view_scores` allows). The office sees drafts too; others only submitted ones (an applicant
    also their own)."""
    applications = (
        call.applications.select_related("applicant", "landsdeel", "region", "call")
        .prefetch_related(Prefetch("scores", queryset=CommitteeScore.objects.select_related("member")))
        .order_by("region_name")
    )
    if not user.is_programme_office:
        applications = applications.filter(~Q(status=Application.Status.DRAFT) | Q(applicant=user))
        if not (user.is_viewer or call.pk in committee_calls(user)):
            applications = applications.filter(applicant=user)
    return [application_scoring(application=application) for application in applications]


def call_committee(*, call: Call):
    return CommitteeMember.objects.filter(call=call).select_related("user").order_by("user__full_name")


def application_detail(*, pk: int):
    """One application with everything its page shows (for `get_object_with_perm`)."""
    return Application.objects.select_related(
        "call__programme", "applicant", "landsdeel", "region", "decided_by", "beschikking_recorded_by"
    ).prefetch_related(
        "partners",
        Prefetch(
            "indicators",
            queryset=ApplicationIndicator.objects.select_related("performance_area", "route"),
        ),
        Prefetch("scores", queryset=CommitteeScore.objects.select_related("member")),
    )


def application_scoring(*, application: Application) -> ApplicationRow:
    """The application's scores (prefetched) with their averages and advice; marks who scored for the rules."""
    scores = list(application.scores.all())
    application.scored_by_ids = {s.member_id for s in scores}
    return ApplicationRow(
        application=application,
        scores=scores,
        averages=_averages(scores),
        advice_honour=sum(1 for s in scores if s.advice == CommitteeScore.Advice.HONOUR),
        advice_reject=sum(1 for s in scores if s.advice == CommitteeScore.Advice.REJECT),
    )


def committee_candidates(*, call: Call):
    """People who may sit on the committee: active, not the ministry, not applying in this call, not seated."""
    return (
        User.objects.filter(is_active=True)
        .exclude(global_role=User.GlobalRole.VIEWER)
        .exclude(pk__in=call.applications.values("applicant_id"))
        .exclude(pk__in=call.committee.values("user_id"))
        .order_by("full_name")
    )


def todos_for_user(*, user: User, today: datetime.date) -> list[Todo]:
    """Applicants finish and submit their draft before the deadline; committee members score submitted
    applications; the office decides fully scored ones; the ministry records the subsidiebeschikking
    (one query)."""
    todos: list[Todo] = []
    open_programme = Q(call__programme__closed_at__isnull=True)
    filters = Q(
        applicant=user, status=Application.Status.DRAFT, call__deadline__gte=today, call__published_at__isnull=False
    ) | Q(call__committee__user=user, status=Application.Status.SUBMITTED)
    if user.is_programme_office:
        filters |= Q(status=Application.Status.SUBMITTED)
    if user.is_viewer:
        filters |= Q(status=Application.Status.HONOURED, region__isnull=True)
    ids = Application.objects.filter(filters & open_programme).values("pk")
    applications = (
        Application.objects.filter(pk__in=ids)
        .select_related("call")
        .annotate(
            n_scores=Count("scores", distinct=True),
            n_members=Count("call__committee", distinct=True),
            own=Count("scores", filter=Q(scores__member=user), distinct=True),
            seated=Count("call__committee", filter=Q(call__committee__user=user), distinct=True),
        )
        .order_by("call__deadline", "region_name")
    )
    for a in applications:
        common = {"subject": a.region_name, "programme_id": a.call.programme_id}
        if a.status == Application.Status.DRAFT and a.applicant_id == user.pk:
            todos.append(
                Todo(
                    kind="application_submit",
                    what=_("Finish and submit the application"),
                    url=reverse("selection:application_edit", args=[a.pk]),
                    due=a.call.deadline,
                    state=_("draft"),
                    note=a.call.title,
                    role=_("applicant"),
                    **common,
                )
            )
        elif a.status == Application.Status.SUBMITTED and a.seated and not a.own:
            todos.append(
                Todo(
                    kind="application_score",
                    what=_("Assess the application"),
                    url=reverse("selection:application_score", args=[a.pk]),
                    state=_("%(done)s of %(all)s scored") % {"done": a.n_scores, "all": a.n_members},
                    note=a.call.title,
                    role=_("assessment committee"),
                    **common,
                )
            )
        elif (
            a.status == Application.Status.SUBMITTED
            and user.is_programme_office
            and a.n_members
            and a.n_scores >= a.n_members
        ):
            todos.append(
                Todo(
                    kind="application_decide",
                    what=_("Decide on the application"),
                    url=reverse("selection:application_decide", args=[a.pk]),
                    state=_("all %(all)s members scored") % {"all": a.n_members},
                    note=a.call.title,
                    role=_("programme office"),
                    **common,
                )
            )
        elif a.status == Application.Status.HONOURED and user.is_viewer:
            todos.append(
                Todo(
                    kind="application_beschikking",
                    what=_("Record the subsidy decision"),
                    url=reverse("selection:application_beschikking", args=[a.pk]),
                    state=_("honoured on %(date)s") % {"date": date_format(a.decided_at, "j F Y")}
                    if a.decided_at
                    else "",
                    note=a.call.title,
                    role=_("ministry"),
                    **common,
                )
            )
    return todos
