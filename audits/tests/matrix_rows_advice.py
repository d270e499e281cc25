"""Permission-matrix rows of advice (see regions/tests/matrix_base.py).

The world's critical friend advises region A in 2012 (a question asked and a conversation planned that year)
and assesses it in 2015, the region's year now: they read and answer the 2012 advice, but cannot plan a
conversation now. The region's own people read the advice; the ministry and region B do not."""

import datetime

from django.urls import reverse

from audits.models import AdviceConversation, AdviceQuestion
from audits.tests.factories import AssignmentFactory
from regions.tests.matrix_base import CF, OFFICE, PARTNER, PL, PV, READ_ONLY_POST, expect


def build(world) -> None:
    year = world.years[2012]
    AssignmentFactory(programme_year=year, region=world.region_a, user=world.users[CF], advisor=True)
    world.extra["advice_question"] = AdviceQuestion.objects.create(
        region=world.region_a, programme_year=year, question="Hoe betrekken we het mkb?", asked_by=world.users[PL]
    )
    world.extra["advice_conversation"] = AdviceConversation.objects.create(
        region=world.region_a, programme_year=year, advisor=world.users[CF], date=datetime.date(2012, 11, 5)
    )


def snapshot():
    return (
        tuple(AdviceQuestion.objects.order_by("pk").values_list("status", "answer")),
        tuple(AdviceConversation.objects.order_by("pk").values_list("status", "advice")),
    )


ROWS = {
    "audits:advice": (
        lambda w: reverse("audits:advice", args=[w.region_a]),
        expect({OFFICE, PL, PV, PARTNER, CF}, 200),
        READ_ONLY_POST,
    ),
    "audits:advice_ask": (
        lambda w: reverse("audits:advice_ask", args=[w.region_a]),
        expect({PL, PV}, 200),
        expect({PL, PV}, 200),  # an empty question: the form with its error
    ),
    "audits:advice_plan": (
        lambda w: reverse("audits:advice_plan", args=[w.region_a]),
        expect(set(), 200),  # 404 for all: the critical friend assesses region A in 2015, its year now
        expect(set(), 200),
    ),
    "audits:advice_answer": (
        lambda w: reverse("audits:advice_answer", args=[w.extra["advice_question"].pk]),
        expect({CF}, 200),
        expect({CF}, 200),
    ),
    "audits:advice_record": (
        lambda w: reverse("audits:advice_record", args=[w.extra["advice_conversation"].pk]),
        expect({CF}, 200),
        expect({CF}, 200),
    ),
}
