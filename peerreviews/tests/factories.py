"""Factories for the peerreviews app, with traits for states."""

import factory
from django.utils import timezone

from peerreviews import models
from regions.tests.factories import RegionFactory, UserFactory


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
