"""Factories for the audits app, with traits for states."""

import datetime

import factory
from django.utils import timezone

from audits import models
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, UserFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Assignment
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory, programme=factory.SelfAttribute("..region.programme"))
    user = factory.SubFactory(UserFactory)
    role = models.Assignment.Role.ASSESSOR

    class Params:
        advisor = factory.Trait(role=models.Assignment.Role.ADVISOR)

    @factory.post_generation
    def region_role(obj, create, extracted, **kwargs):
        """Like assignment_create: an assignment gives the critical-friend region role."""
        if create:
            from regions.models import RegionRole

            RegionRole.objects.get_or_create(user=obj.user, region=obj.region, role=RegionRole.Role.CRITICAL_FRIEND)


class PlacematFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Placemat
        django_get_or_create = ["region", "programme_year"]

    region = factory.SubFactory(RegionFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory, programme=factory.SelfAttribute("..region.programme"))

    class Params:
        published = factory.Trait(
            status=models.Placemat.Status.PUBLISHED, version=1, published_at=factory.LazyFunction(timezone.now)
        )


class ScoringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Scoring

    assignment = factory.SubFactory(AssignmentFactory)
    placemat = factory.SubFactory(
        PlacematFactory,
        region=factory.SelfAttribute("..assignment.region"),
        programme_year=factory.SelfAttribute("..assignment.programme_year"),
    )

    class Params:
        submitted = factory.Trait(
            status=models.Scoring.Status.SUBMITTED, submitted_at=factory.LazyFunction(timezone.now)
        )


class ThemeScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ThemeScore

    scoring = factory.SubFactory(ScoringFactory)
    theme = factory.LazyAttribute(lambda o: o.scoring.placemat.programme_year.programme.placemat_themes.first())
    score = 3
    rationale = "Op koers"


class ConditionRatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ConditionRating

    scoring = factory.SubFactory(ScoringFactory)
    condition = factory.LazyAttribute(lambda o: o.scoring.placemat.programme_year.programme.success_conditions.first())
    rating = 3


class ConsolidatedScoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ConsolidatedScore

    placemat = factory.SubFactory(PlacematFactory)
    theme = factory.LazyAttribute(lambda o: o.placemat.programme_year.programme.placemat_themes.first())
    score = 3
    key_remark = "Goed op weg"


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Reminder

    kind = models.Reminder.Kind.REPORT_DUE
    region = factory.SubFactory(RegionFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory, programme=factory.SelfAttribute("..region.programme"))
    object_key = factory.LazyAttribute(lambda o: f"report:{o.region.pk}:{o.programme_year.year}")
    recipient = factory.SubFactory(UserFactory)
    due_date = factory.LazyAttribute(lambda o: o.programme_year.report_due_date)
    offset = 7


class GrantRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GrantRule
        django_get_or_create = ["programme_year"]

    programme_year = factory.SubFactory(ProgrammeYearFactory)
    base_amount = 100000
    late_reduction_pct = 10
    not_accepted_reduction_pct = 20
    progress_weight_pct = 0  # agreements; the tests of the placemat component keep their figures
    placemat_weight_pct = 50


class StimulusGrantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.StimulusGrant

    region = factory.SubFactory(RegionFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory, programme=factory.SelfAttribute("..region.programme"))
    proposed_amount = 80000

    class Params:
        decided = factory.Trait(
            status=models.StimulusGrant.Status.DECIDED,
            decided_amount=factory.SelfAttribute("proposed_amount"),
            decided_at=factory.LazyFunction(timezone.now),
        )


class AuditVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.AuditVisit
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    programme_year = factory.SubFactory(ProgrammeYearFactory, programme=factory.SelfAttribute("..region.programme"))
    date = factory.LazyAttribute(lambda o: datetime.date(o.programme_year.year, 10, 1))
    place = "Hengelo"

    class Params:
        held = factory.Trait(status=models.AuditVisit.Status.HELD)
        reported = factory.Trait(
            status=models.AuditVisit.Status.REPORTED,
            judgement=models.AuditVisit.Judgement.ON_TRACK,
            advice="Keep going",
            reported_at=factory.LazyFunction(timezone.now),
        )

    @factory.post_generation
    def committee(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.committee.set(extracted)


class FollowUpActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.FollowUpAction

    visit = factory.SubFactory(AuditVisitFactory, reported=True)
    description = factory.Sequence(lambda n: f"Action {n}")
    owner = "Project leader"
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.visit.programme_year.year + 1, 3, 1))
