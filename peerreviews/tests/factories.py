"""Factories for the peerreviews app, with traits for states."""

import factory
from django.utils import timezone

from peerreviews import models
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, UserFactory


class GoodPracticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GoodPractice
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    title = factory.Sequence(lambda n: f"Practice {n}")
    summary = "Students visit companies every month."
    description = "Schools and companies plan the visits together."
    result = "Twenty percent more students chose technology."
    created_by = factory.SubFactory(UserFactory, office=True)

    class Params:
        published = factory.Trait(
            status=models.GoodPractice.Status.PUBLISHED, published_at=factory.LazyFunction(timezone.now)
        )

    @factory.post_generation
    def themes(obj, create, extracted, **kwargs):
        """Pass themes=[...]; by default the first performance area of the region's programme."""
        if not create:
            return
        if extracted is None:
            extracted = obj.region.programme.placemat_themes.filter(kind="performance", number=1)
        obj.themes.set(extracted)

    @factory.post_generation
    def success_conditions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.success_conditions.set(extracted)


class PeerReviewFactory(factory.django.DjangoModelFactory):
    """An external peer review in 'proposed'; traits for every later state and for an internal one."""

    class Meta:
        model = models.PeerReview

    host_region = factory.SubFactory(RegionFactory)
    peer_region = factory.SubFactory(
        RegionFactory,
        programme=factory.SelfAttribute("..host_region.programme"),
        landsdeel=factory.SelfAttribute("..host_region.landsdeel"),
    )
    programme_year = factory.SubFactory(
        ProgrammeYearFactory, programme=factory.SelfAttribute("..host_region.programme")
    )
    motivation = "We want to learn how they involve companies in schools."

    class Params:
        ready = factory.Trait(
            host_ready_stable=True,
            host_ready_learning=True,
            host_ready_full_peer=True,
            peer_ready_stable=True,
            peer_ready_learning=True,
            peer_ready_full_peer=True,
            readiness_checked_at=factory.LazyFunction(timezone.now),
        )
        preparing = factory.Trait(
            ready=True, status=models.PeerReview.Status.PREPARING, confirmed_at=factory.LazyFunction(timezone.now)
        )
        held = factory.Trait(
            preparing=True, status=models.PeerReview.Status.HELD, held_at=factory.LazyFunction(timezone.now)
        )
        reported = factory.Trait(
            held=True,
            status=models.PeerReview.Status.REPORTED,
            own_report="We discussed both learning questions.",
            reported_at=factory.LazyFunction(timezone.now),
        )
        closed = factory.Trait(
            reported=True, status=models.PeerReview.Status.CLOSED, closed_at=factory.LazyFunction(timezone.now)
        )
        internal = factory.Trait(
            kind=models.PeerReview.Kind.INTERNAL,
            peer_region=None,
            host_subproject="Techniek in de klas",
            peer_subproject="Doorstroom vmbo-mbo",
        )
