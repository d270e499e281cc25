"""Factories for monitor reports, with traits for each workflow state."""

import datetime

import factory
from django.utils import timezone

from monitoring import models
from regions.models import ProgrammeYear
from regions.tests.factories import RegionFactory


class MonitorReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.MonitorReport

    region = factory.SubFactory(RegionFactory)
    programme_year = factory.LazyAttribute(
        lambda o: ProgrammeYear.objects.get_or_create(
            programme=o.region.programme, year=2013, defaults={"report_due_date": datetime.date(2014, 3, 1)}
        )[0]
    )

    class Params:
        awaiting = factory.Trait(status=models.MonitorReport.Status.AWAITING_ENDORSEMENT)
        submitted = factory.Trait(
            status=models.MonitorReport.Status.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            first_submitted_at=factory.LazyFunction(timezone.now),
        )
        returned = factory.Trait(status=models.MonitorReport.Status.RETURNED)
        accepted = factory.Trait(
            status=models.MonitorReport.Status.ACCEPTED,
            submitted_at=factory.LazyFunction(timezone.now),
            first_submitted_at=factory.LazyFunction(timezone.now),
            accepted_at=factory.LazyFunction(timezone.now),
        )


class RealisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Realisation

    report = factory.SubFactory(MonitorReportFactory)
    indicator = factory.SubFactory("regions.tests.factories.IndicatorFactory")
    value = 100


class ThemeAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ThemeAnswer

    report = factory.SubFactory(MonitorReportFactory)
    question = factory.SubFactory("regions.tests.factories.GuidingQuestionFactory")
    answer = "Antwoord"


class SelfAssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SelfAssessment

    report = factory.SubFactory(MonitorReportFactory)
    theme = factory.SubFactory("regions.tests.factories.PlacematThemeFactory")
    score = 3
    rationale = "Op koers"


class LearningThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.LearningTheme

    report = factory.SubFactory(MonitorReportFactory)
    theme = factory.SubFactory("regions.tests.factories.PlacematThemeFactory")
    description = "Bedrijven betrekken"


class ReportTransitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ReportTransition

    report = factory.SubFactory(MonitorReportFactory)
    from_status = "draft"
    to_status = "submitted"
