"""The grant follows the agreements: its progress component is the share of agreed indicators on target
for the year, from settled figures only and respecting each indicator's direction; the placemat is an
optional second component. Every step is shown in the reader's number format."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from audits.models import GrantRule, StimulusGrant
from audits.selectors.grants import agreements_on_target, grant_explanation
from audits.services.grants import grant_propose_year, grant_rule_save
from monitoring.models import Realisation
from monitoring.tests.factories import MonitorReportFactory
from regions.tests.factories import IndicatorFactory, TargetFactory
from regions.tests.world import world_build

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2014, 6, 1)


def _agreements(region, year, **report_traits):
    """Four agreed indicators with a 2013 target (two on target in the report), one agreed without a 2013
    target and one proposed: neither of the last two is counted."""
    report = MonitorReportFactory(region=region, programme_year=year, **report_traits)
    specs = [
        ("HI", "higher", D(100), None, D(110)),  # on target
        ("LO", "lower", D(5), None, D(4)),  # drop-out below the ceiling: on target
        ("RA", "range", D(10), D(20), D(25)),  # above the range: not on target
        ("NF", "higher", D(50), None, None),  # no figure: not on target
    ]
    for code, direction, target, target_max, value in specs:
        indicator = IndicatorFactory(region=region, code=code, direction=direction)
        TargetFactory(indicator=indicator, year=2013, value=target, value_max=target_max)
        if value is not None:
            Realisation.objects.create(report=report, indicator=indicator, value=value)
    later = IndicatorFactory(region=region, code="LA")
    TargetFactory(indicator=later, year=2014, value=D(1))
    Realisation.objects.create(report=report, indicator=later, value=D(5))
    proposed = IndicatorFactory(region=region, code="PR", proposed=True)
    TargetFactory(indicator=proposed, year=2013, value=D(1))
    Realisation.objects.create(report=report, indicator=proposed, value=D(5))


@pytest.fixture
def world():
    w = world_build(years=({"year": 2013, "scoring_due_date": None},), regions=("twente", "zwolle"), viewer=False)
    year, submitted, draft, office = w.years[2013], w.regions["twente"], w.regions["zwolle"], w.office
    _agreements(submitted, year, submitted=True)
    _agreements(draft, year)
    grant_rule_save(
        programme_year=year,
        base_amount=D("100000"),
        late_reduction_pct=D("10"),
        not_accepted_reduction_pct=D("20"),
        progress_weight_pct=D("40"),
        placemat_weight_pct=D("10"),
        actor=office,
    )
    return year, submitted, draft, office


def test_agreements_on_target_counts_settled_figures_in_each_direction(world):
    year, submitted, draft, office = world
    facts = agreements_on_target(programme_year=year)
    assert facts[submitted.pk] == (2, 4)
    assert facts[draft.pk] == (0, 4)  # a draft's figures do not count


def test_grant_proposal_follows_the_agreements_and_the_placemat(world):
    year, submitted, draft, office = world
    grant_propose_year(programme_year=year, actor=office, today=TODAY)
    # submitted, on time, not accepted (× 0,8); progress 1 − 0,4 − 0,1 + 0,4 × 2/4 + 0,1 × 0,5 = 0,75
    twente = StimulusGrant.objects.get(region=submitted)
    assert twente.proposed_amount == D("60000")
    assert (twente.proposal_inputs["agreements_on_target"], twente.proposal_inputs["agreements_counted"]) == (2, 4)
    # a draft: late (× 0,9), not accepted (× 0,8), no settled figure on target: progress 0,5 + 0 + 0,05 = 0,55
    assert StimulusGrant.objects.get(region=draft).proposed_amount == D("39600")


def test_grant_steps_in_the_readers_number_format(world):
    year, submitted, draft, office = world
    grant_propose_year(programme_year=year, actor=office, today=TODAY)
    inputs = StimulusGrant.objects.get(region=submitted).proposal_inputs
    inputs = inputs | {"mean_score": "3.12", "progress": "0.7067"}
    with translation.override("nl"):
        text = " ".join(step.text for step in grant_explanation(inputs))
        assert "2 van 4" in text and "(0,50)" in text and "3,12" in text and "0,71" in text
        assert "3.12" not in text and "0.50" not in text
    with translation.override("en"):
        text = " ".join(step.text for step in grant_explanation(inputs))
        assert "2 of 4" in text and "(0.50)" in text and "3.12" in text and "0.71" in text


def test_grant_rule_weights_over_100_are_refused_and_nothing_saved(world):
    year, submitted, draft, office = world
    with pytest.raises(ValidationError) as error:
        grant_rule_save(
            programme_year=year,
            base_amount=D("100000"),
            late_reduction_pct=D("10"),
            not_accepted_reduction_pct=D("20"),
            progress_weight_pct=D("80"),
            placemat_weight_pct=D("30"),
            actor=office,
        )
    assert "cannot exceed 100%" in " ".join(error.value.messages)
    assert GrantRule.objects.get(programme_year=year).progress_weight_pct == D("40")


def test_old_placemat_only_inputs_still_render():
    inputs = {
        "base_amount": "100000",
        "late": False,
        "late_reduction_pct": "10",
        "report_status": "accepted",
        "accepted": True,
        "not_accepted_reduction_pct": "20",
        "progress_weight_pct": "50",
        "mean_score": "3.12",
        "progress": "0.7067",
    }
    steps = grant_explanation(inputs)
    assert steps[-1].amount == D("85335")  # 100000 × (0,5 + 0,5 × 0,7067)
    with translation.override("nl"):
        assert "3,12" in " ".join(step.text for step in grant_explanation(inputs))
