"""Advice (klankbord en vraagbaak): a region asks, its advisor answers, plans and records a conversation; advice
never reaches the region's assessors of that year or the next."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from audits.models import AdviceConversation, AdviceQuestion
from audits.services import advice as services
from audits.tests.factories import AssignmentFactory
from regions.models import RegionRole
from regions.tests.factories import UserFactory
from regions.tests.world import world_build
from toptechniek.common.models import Notification
from toptechniek.common.todo import todos_for

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def w():
    """A programme around this year; Twente with a project leader; an advisor of this year."""
    w = world_build(
        programme={"slug": "rta", "start_year": THIS_YEAR - 1, "end_year": THIS_YEAR + 2},
        years=(THIS_YEAR - 1, THIS_YEAR, THIS_YEAR + 1),
        regions=({"slug": "twente", "join_year": THIS_YEAR - 1},),
        roles={"leader": ("twente", RegionRole.Role.PROJECT_LEADER)},
    )
    w.region = w.regions["twente"]
    w.advisor = UserFactory(email="advisor@t.example")
    AssignmentFactory(programme_year=w.years[THIS_YEAR], region=w.region, user=w.advisor, advisor=True)
    return w


def _ask(w, text="Hoe krijgen we meer mkb-bedrijven aan tafel?"):
    return services.advice_ask(region=w.region, actor=w.leader, question=text)


def _fresh(user):
    return type(user).objects.get(pk=user.pk)


def test_advice_ask_belongs_to_this_year_and_mails_the_advisor_once(w):
    question = _ask(w)
    assert question.programme_year.year == THIS_YEAR and question.status == "open"
    mails = Notification.objects.filter(kind="advice_asked")
    assert list(mails.values_list("recipient_id", flat=True)) == [w.advisor.pk]
    with pytest.raises(ValidationError):
        services.advice_ask(region=w.region, actor=w.leader, question="  ")


def test_only_the_advisor_of_that_year_answers_and_only_once(w):
    question = _ask(w)
    with pytest.raises(ValidationError):
        services.advice_answer(question=question, actor=UserFactory(), answer="Iets")
    services.advice_answer(question=question, actor=w.advisor, answer="Begin met de branchevereniging.")
    question.refresh_from_db()
    assert question.status == "answered" and question.answered_by == w.advisor
    assert list(Notification.objects.filter(kind="advice_given").values_list("recipient_id", flat=True)) == [
        w.leader.pk
    ]
    with pytest.raises(ValidationError):
        services.advice_answer(question=question, actor=w.advisor, answer="Nog eens")


def test_advice_never_reaches_an_assessor_of_that_year_or_the_next(w):
    question = _ask(w)
    next_year_assessor = UserFactory()
    AssignmentFactory(programme_year=w.years[THIS_YEAR + 1], region=w.region, user=next_year_assessor)
    last_year_assessor = UserFactory()
    AssignmentFactory(programme_year=w.years[THIS_YEAR - 1], region=w.region, user=last_year_assessor)
    assert not _fresh(next_year_assessor).has_perm("audits.view_advice", question)
    assert _fresh(last_year_assessor).has_perm("audits.view_advice", question) is False  # no reader of the region
    assert _fresh(w.advisor).has_perm("audits.view_advice", question)
    assert _fresh(w.leader).has_perm("audits.view_advice", question)
    assert not w.viewer.has_perm("audits.view_advice", question)


def test_an_advisor_who_assesses_the_next_year_no_longer_reads_this_years_advice(client, w):
    _ask(w, "Vraag van dit jaar")
    AssignmentFactory(programme_year=w.years[THIS_YEAR + 1], region=w.region, user=_fresh(w.advisor))
    client.force_login(w.advisor)
    html = client.get(reverse("audits:advice", args=[w.region])).content.decode()
    assert "Vraag van dit jaar" not in html and "not shown to you" in html
    question = AdviceQuestion.objects.get()
    assert client.get(reverse("audits:advice_answer", args=[question.pk])).status_code == 404


def test_conversation_is_planned_by_the_advisor_and_recorded_once_held(w):
    question = _ask(w)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.advice_conversation_plan(region=w.region, advisor=UserFactory(), date=tomorrow)
    conversation = services.advice_conversation_plan(
        region=w.region, advisor=w.advisor, date=tomorrow, place="Enschede", question=question
    )
    assert Notification.objects.filter(kind="advice_planned", recipient=w.leader).count() == 1
    topic = w.programme.placemat_themes.first()
    with pytest.raises(ValidationError) as exc:
        services.advice_conversation_record(
            conversation=conversation, actor=w.advisor, participants={}, topics=[topic], advice="x"
        )
    assert {"advice", "participants_onderwijs"} <= set(exc.value.message_dict)  # not held yet, nobody named
    services.advice_conversation_record(
        conversation=conversation,
        actor=w.advisor,
        participants={"participants_onderwijs": "ROC van Twente", "participants_ondernemers": "Stork"},
        topics=[topic],
        advice="Maak één aanspreekpunt per bedrijf.",
        follow_up="Terugkoppeling in de stuurgroep.",
        today=tomorrow,
    )
    conversation.refresh_from_db()
    assert conversation.status == "held" and list(conversation.topics.all()) == [topic]
    assert Notification.objects.filter(kind="advice_given", key__startswith="advice-recorded").count() == 1


def test_advice_tasks_on_mijn_taken(w):
    today = timezone.localdate()
    question = _ask(w)
    advisor = _fresh(w.advisor)
    assert [t.kind for t in todos_for(user=advisor, today=today) if t.kind.startswith("advice")] == ["advice_answer"]
    services.advice_answer(question=question, actor=advisor, answer="Zo.")
    conversation = services.advice_conversation_plan(region=w.region, advisor=advisor, date=today)
    assert [t.kind for t in todos_for(user=_fresh(advisor), today=today) if t.kind.startswith("advice")] == [
        "advice_record"
    ]
    assert conversation.pk


@pytest.mark.parametrize("who", ["leader", "advisor"])
def test_advice_page_queries_are_flat(client, w, who):
    client.force_login(getattr(w, who))
    url = reverse("audits:advice", args=[w.region])
    _ask(w)
    services.advice_conversation_plan(region=w.region, advisor=w.advisor, date=timezone.localdate())
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(3):
        _ask(w, f"Vraag {n}")
        services.advice_conversation_plan(region=w.region, advisor=w.advisor, date=timezone.localdate())
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(one)


def test_region_page_links_to_the_advice_page_for_its_readers(client, w):
    url = reverse("audits:advice", args=[w.region])
    client.force_login(w.leader)
    assert url in client.get(w.region.get_absolute_url()).content.decode()
    client.force_login(w.viewer)
    assert url not in client.get(w.region.get_absolute_url()).content.decode()


def test_closed_programme_refuses_advice(w):
    w.programme.closed_at = timezone.now()
    w.programme.save()
    with pytest.raises(ValidationError):
        _ask(w)
    assert not AdviceQuestion.objects.exists() and not AdviceConversation.objects.exists()


def test_a_planned_conversation_is_recorded_once_its_date_has_come(client, w):
    later = services.advice_conversation_plan(
        region=w.region, advisor=w.advisor, date=timezone.localdate() + datetime.timedelta(days=3)
    )
    today = services.advice_conversation_plan(region=w.region, advisor=w.advisor, date=timezone.localdate())
    client.force_login(w.advisor)
    assert client.get(reverse("audits:advice_record", args=[later.pk])).status_code == 404
    assert client.get(reverse("audits:advice_record", args=[today.pk])).status_code == 200
