"""Factories of the selection, with traits for the states of a call and an application."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from regions.models import PlacematTheme
from regions.tests.factories import ProgrammeFactory, UserFactory, landsdeel_of, route_of
from selection import models


def _today():
    return timezone.localdate()


class CallFactory(factory.django.DjangoModelFactory):
    """A published call open for applications today (traits: `concept`, `closed`)."""

    class Meta:
        model = models.Call

    programme = factory.SubFactory(ProgrammeFactory)
    title = factory.Sequence(lambda n: f"Oproep {n}")
    join_year = 2013
    opens_on = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=30))
    deadline = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=30))
    criteria = "Ambitieus, partners, haalbaar, duurzaam."
    budget = Decimal("3000000")
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        concept = factory.Trait(published_at=None)
        closed = factory.Trait(
            opens_on=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=90)),
            deadline=factory.LazyFunction(lambda: _today() - datetime.timedelta(days=1)),
        )


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft application (traits: `complete` fills everything a submission needs; `submitted`)."""

    class Meta:
        model = models.Application
        skip_postgeneration_save = True

    call = factory.SubFactory(CallFactory)
    applicant = factory.SubFactory(UserFactory)
    region_name = factory.Sequence(lambda n: f"Regio {n}")

    class Params:
        complete = factory.Trait(
            landsdeel=factory.LazyAttribute(lambda o: landsdeel_of(programme=o.call.programme, code="oost")),
            labour_market_analysis="Tekort aan technici in de maakindustrie.",
            ambitions="Twintig procent meer instroom in techniek.",
            approach_why="Omdat bedrijven geen mensen vinden.",
            approach_what="Doorlopende leerlijnen vmbo–mbo–hbo.",
            approach_who="Scholen, bedrijven en gemeenten.",
            approach_how="Met hybride docenten en stages.",
            requested_amount=Decimal("450000"),
            penvoerder_name="Bea Bestuurder",
            penvoerder_email=factory.Sequence(lambda n: f"bestuurder{n}@roc.example"),
        )
        submitted = factory.Trait(
            complete=True, status=models.Application.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def with_content(obj, create, extracted, **kwargs):
        """Partners of the three O's (an mbo penvoerder) and one proposed indicator, for complete ones."""
        if not create or not obj.labour_market_analysis:
            return
        for name, kind, subtype, pen in (
            ("ROC " + obj.region_name, "onderwijs", "mbo", True),
            ("Bedrijf " + obj.region_name, "ondernemer", "bedrijf", False),
            ("Gemeente " + obj.region_name, "overheid", "gemeente", False),
        ):
            models.ApplicationPartner.objects.create(
                application=obj, name=name, kind=kind, subtype=subtype, is_penvoerder=pen, cofinancing=Decimal("100000")
            )
        area = (
            PlacematTheme.objects.filter(programme=obj.call.programme, kind=PlacematTheme.Kind.PERFORMANCE)
            .order_by("number")
            .first()
        )
        models.ApplicationIndicator.objects.create(
            application=obj,
            code="IN1",
            name="Instroom techniek mbo",
            unit="leerlingen",
            performance_area=area,
            route=obj.call.programme.routes.order_by("position").first()
            or route_of(programme=obj.call.programme, code="vmbo-mbo"),
            baseline_value=Decimal("1200"),
            baseline_year=2012,
            target_value=Decimal("1400"),
        )


class CommitteeMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitteeMember

    call = factory.SubFactory(CallFactory)
    user = factory.SubFactory(UserFactory)


class CommitteeScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.CommitteeScore

    application = factory.SubFactory(ApplicationFactory, submitted=True)
    member = factory.SubFactory(UserFactory)
    ambitious_score = 3
    ambitious_rationale = "Helder."
    partners_score = 3
    partners_rationale = "Alle drie de O's."
    feasible_score = 3
    feasible_rationale = "Realistisch."
    sustainable_score = 2
    sustainable_rationale = "Nog weinig over na afloop."
    advice = "honour"
