"""Factories for every model of regions and accounts, with traits for states."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from regions import models
from toptechniek.accounts.models import Invitation, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password("secret-password")
    language = "en"

    class Params:
        office = factory.Trait(global_role=User.GlobalRole.PROGRAMME_OFFICE)
        viewer = factory.Trait(global_role=User.GlobalRole.VIEWER)
        invited = factory.Trait(password="!unusable")


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    user = factory.SubFactory(UserFactory, invited=True)
    invited_by = factory.SubFactory(UserFactory, office=True)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Programme
        django_get_or_create = ["slug"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Programme {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    start_year = 2012
    end_year = 2015

    @factory.post_generation
    def framework(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            from regions.services import framework_install

            framework_install(programme=obj)


class ProgrammeYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.ProgrammeYear

    programme = factory.SubFactory(ProgrammeFactory)
    year = 2013
    report_due_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 3, 1))
    scoring_due_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 4, 15))

    class Params:
        future = factory.Trait(
            report_due_date=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=60)),
            scoring_due_date=factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=100)),
        )


def _of_programme(model, defaults, *, programme, code: str):
    """The programme's landsdeel or route with this code; made (with its default name) if it lacks it."""
    names = dict(defaults)
    position = [c for c, _name in defaults].index(code) + 1 if code in names else len(defaults) + 1
    obj, _created = model.objects.get_or_create(
        programme=programme, code=code, defaults={"name": names.get(code, code.title()), "position": position}
    )
    return obj


def landsdeel_of(*, programme, code: str) -> models.Landsdeel:
    from regions.framework_data import LANDSDELEN

    return _of_programme(models.Landsdeel, LANDSDELEN, programme=programme, code=code)


def route_of(*, programme, code: str) -> models.Route:
    from regions.framework_data import ROUTES

    return _of_programme(models.Route, ROUTES, programme=programme, code=code)


class RegionFactory(factory.django.DjangoModelFactory):
    """A region; `landsdeel` may be given as a code ("oost"): its programme's landsdeel of that code."""

    class Meta:
        model = models.Region

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.Sequence(lambda n: f"region-{n}")
    landsdeel = "noord"
    join_year = 2012

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("landsdeel"), str):
            kwargs["landsdeel"] = landsdeel_of(programme=kwargs["programme"], code=kwargs["landsdeel"])
        return kwargs


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    kind = "onderwijs"
    subtype = "mbo"

    class Params:
        company = factory.Trait(kind="ondernemer", subtype="bedrijf")
        municipality = factory.Trait(kind="overheid", subtype="gemeente")


class RegionPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegionPartner

    region = factory.SubFactory(RegionFactory)
    organisation = factory.SubFactory(OrganisationFactory)

    class Params:
        penvoerder = factory.Trait(is_penvoerder=True)


class RegionRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegionRole

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)
    role = models.RegionRole.Role.PROJECT_LEADER


class PlacematThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.PlacematTheme
        django_get_or_create = ["programme", "kind", "number"]

    programme = factory.SubFactory(ProgrammeFactory, framework=False)
    kind = models.PlacematTheme.Kind.PERFORMANCE
    number = 1
    name = factory.Sequence(lambda n: f"Theme {n}")


class GuidingQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.GuidingQuestion

    theme = factory.SubFactory(PlacematThemeFactory)
    order = factory.Sequence(lambda n: n + 1)
    text = factory.Sequence(lambda n: f"Question {n}?")


class SuccessConditionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.SuccessCondition
        django_get_or_create = ["programme", "number"]

    programme = factory.SubFactory(ProgrammeFactory, framework=False)
    number = 1
    group = "strategisch"
    name = factory.Sequence(lambda n: f"Condition {n}")


class RegionVisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.RegionVision

    region = factory.SubFactory(RegionFactory)
    version = factory.Sequence(lambda n: n + 1)
    labour_market_analysis = "Demand for technicians grows."
    ambitions = "Fifteen percent more students in technology."
    approach_why = "Why"
    approach_what = "What"
    approach_who = "Who"
    approach_how = "How"

    class Params:
        approved = factory.Trait(
            status=models.RegionVision.Status.APPROVED,
            ambitious_score=3,
            ambitious_rationale="Clear",
            partners_score=3,
            partners_rationale="All three O's",
            feasible_score=3,
            feasible_rationale="Concrete",
            sustainable_score=2,
            sustainable_rationale="Funding after 2015 open",
            subsidy_decision_date=datetime.date(2012, 6, 1),
            subsidy_amount=Decimal("250000"),
            approved_at=factory.LazyFunction(timezone.now),
        )


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Indicator

    region = factory.SubFactory(RegionFactory)
    code = factory.Sequence(lambda n: f"I{n}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    performance_area = factory.LazyAttribute(
        lambda o: models.PlacematTheme.objects.get(programme=o.region.programme, kind="performance", number=1)
    )
    route = "vakmanschap"  # a code: its region's programme's route of that code
    unit = "students"
    baseline_value = Decimal("100")
    baseline_year = 2011
    status = models.Indicator.Status.AGREED

    class Params:
        proposed = factory.Trait(status=models.Indicator.Status.PROPOSED)

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("route"), str):
            kwargs["route"] = route_of(programme=kwargs["region"].programme, code=kwargs["route"])
        return kwargs


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2013
    value = Decimal("110")


class CofinancingFactory(factory.django.DjangoModelFactory):
    """A partner's co-financing of a year; by default 10,000 committed in money, nothing realised yet."""

    class Meta:
        model = models.Cofinancing

    partner = factory.SubFactory(RegionPartnerFactory)
    region = factory.SelfAttribute("partner.region")
    programme_year = factory.LazyAttribute(
        lambda o: models.ProgrammeYear.objects.get_or_create(
            programme=o.partner.region.programme,
            year=2013,
            defaults={"report_due_date": datetime.date(2014, 3, 1)},
        )[0]
    )
    committed_money = Decimal("10000")

    class Params:
        realised = factory.Trait(realised_money=factory.SelfAttribute("committed_money"))
        in_kind = factory.Trait(committed_money=Decimal(0), committed_in_kind=Decimal("5000"))
        shortfall = factory.Trait(realised_money=Decimal("6000"))


class SubProjectFactory(factory.django.DjangoModelFactory):
    """A sub-project (deelproject) of a region; `led` gives it a leader with the sub-project leader role."""

    class Meta:
        model = models.SubProject
        skip_postgeneration_save = True

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Deelproject {n}")
    budget = Decimal("50000")

    class Params:
        led = factory.Trait(leader=factory.SubFactory(UserFactory))
