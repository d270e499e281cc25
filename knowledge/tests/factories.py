"""Factories of the kennisprogramma: an event (traits `published`, `held`), registrations."""

import datetime

import factory
from django.utils import timezone

from knowledge import models
from regions.tests.factories import ProgrammeFactory


def _today():
    return timezone.localdate()


class EventFactory(factory.django.DjangoModelFactory):
    """A draft kennisconferentie a month from today (traits: `published`; `held`: published, a week ago)."""

    class Meta:
        model = models.Event

    programme = factory.SubFactory(ProgrammeFactory)
    kind = models.Event.Kind.CONFERENCE
    title = factory.Sequence(lambda n: f"Kennisconferentie {n}")
    date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
    start_time = datetime.time(10, 0)
    end_time = datetime.time(16, 0)
    place = "Utrecht, Jaarbeurs"
    agenda = "10.00 Ontvangst\n10.30 Plenair\n13.00 Workshops"
    audience = factory.LazyFunction(lambda: ["project_leader", "penvoerder"])
    status = models.Event.Status.DRAFT

    class Params:
        published = factory.Trait(status=models.Event.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now))
        held = factory.Trait(
            status=models.Event.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            date=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=7)),
        )


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Registration

    event = factory.SubFactory(EventFactory, published=True)
    user = factory.SubFactory("regions.tests.factories.UserFactory")
    region = None
