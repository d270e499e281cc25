"""Assignments, scoring, consolidation and publication: every rule and every refusal."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audits.models import Assignment, ConsolidatedCondition, Placemat, ScoreChange, Scoring
from audits.selectors.scoring import median_score
from audits.services.scoring import (
    assignment_create,
    placemat_consolidate,
    placemat_publish,
    scoring_open,
    scoring_reopen,
    scoring_save,
    scoring_submit,
)
from monitoring.tests.factories import MonitorReportFactory
from regions.models import RegionRole
from regions.tests.factories import UserFactory
from regions.tests.world import world_build

from .factories import AssignmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = world_build(years=(2013, 2014), regions=("brainport",), viewer=False)
    w.region, w.y2013, w.y2014 = w.regions["brainport"], w.years[2013], w.years[2014]
    w.friend = UserFactory(full_name="Carla Friedman")
    return w


# --- The conflict rule, at every layer ------------------------------------------------------


def test_assignment_same_person_both_roles_same_year_is_refused(world):
    assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="assessor")
    assert "never both advisor and assessor" in error.value.message_dict["role"][0]
    assert Assignment.objects.count() == 1


def test_assignment_advisor_in_y_may_not_assess_in_y_plus_1(world):
    assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=world.y2014, region=world.region, user=world.friend, role="assessor")
    assert error.value.message_dict["role"] == [
        "Carla Friedman was advisor of Brainport in 2013 and may not assess it in 2014: advice and assessment "
        "are not mixed."
    ]


def test_assignment_assessor_in_y_plus_1_blocks_advising_in_y(world):
    assignment_create(programme_year=world.y2014, region=world.region, user=world.friend, role="assessor")
    with pytest.raises(ValidationError):
        assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")


def test_assignment_assessor_then_advisor_next_year_is_allowed(world):
    assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="assessor")
    assignment_create(programme_year=world.y2014, region=world.region, user=world.friend, role="advisor")
    assert Assignment.objects.count() == 2


def test_assignment_gives_the_critical_friend_read_access(world):
    assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")
    assert RegionRole.objects.filter(user=world.friend, region=world.region, role="critical_friend").exists()
    assert world.friend.has_perm("regions.view_region", world.region)


def test_assignment_database_constraint_refuses_both_roles(world):
    AssignmentFactory(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")
    with pytest.raises(IntegrityError), transaction.atomic():
        Assignment.objects.create(programme_year=world.y2013, region=world.region, user=world.friend, role="assessor")


# --- Scoring -----------------------------------------------------------------------------------


def _assessor(world, year=None, user=None):
    return assignment_create(
        programme_year=year or world.y2013, region=world.region, user=user or UserFactory(), role="assessor"
    )


def _full(world):
    themes = {t.pk: (3, "Op koers") for t in world.programme.placemat_themes.all()}
    conditions = {c.pk: (3, "") for c in world.programme.success_conditions.all()}
    return themes, conditions


def test_scoring_refused_before_the_report_is_submitted(world):
    assignment = _assessor(world)
    MonitorReportFactory(region=world.region, programme_year=world.y2013)  # a draft
    with pytest.raises(ValidationError) as error:
        scoring_open(assignment=assignment)
    assert "has not been submitted yet" in error.value.messages[0]
    assert not Scoring.objects.exists()


def test_advisor_cannot_score(world):
    advisor = assignment_create(programme_year=world.y2013, region=world.region, user=world.friend, role="advisor")
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    with pytest.raises(ValidationError) as error:
        scoring_open(assignment=advisor)
    assert error.value.messages == ["An advisor does not score."]


def test_scoring_draft_kept_then_submit_when_complete(world):
    assignment = _assessor(world, user=world.friend)
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    scoring = scoring_open(assignment=assignment)
    theme = world.programme.placemat_themes.first()
    scoring_save(scoring=scoring, themes={theme.pk: (2, "Begin gemaakt")}, conditions={}, actor=world.friend)
    with pytest.raises(ValidationError) as error:
        scoring_submit(scoring=scoring, actor=world.friend)
    assert "Score for Doelmatigheid opleidingsaanbod." in error.value.messages
    assert "Rating for success condition 1. Betrokkenheid van relevante partijen." in error.value.messages
    themes, conditions = _full(world)
    scoring_save(scoring=scoring, themes=themes, conditions=conditions, actor=world.friend)
    scoring_submit(scoring=scoring, actor=world.friend)
    scoring.refresh_from_db()
    assert scoring.status == "submitted"
    with pytest.raises(ValidationError):
        scoring_save(scoring=scoring, themes={theme.pk: (1, "x")}, conditions={}, actor=world.friend)
    assert scoring.theme_scores.get(theme=theme).score == 3


def test_scoring_rationale_required_for_each_theme(world):
    assignment = _assessor(world, user=world.friend)
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    scoring = scoring_open(assignment=assignment)
    themes, conditions = _full(world)
    first = next(iter(themes))
    themes[first] = (3, "  ")
    scoring_save(scoring=scoring, themes=themes, conditions=conditions, actor=world.friend)
    with pytest.raises(ValidationError) as error:
        scoring_submit(scoring=scoring, actor=world.friend)
    assert len(error.value.messages) == 1 and error.value.messages[0].startswith("Rationale for")


def test_office_reopens_a_submitted_scoring(world):
    assignment = _assessor(world, user=world.friend)
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    scoring = scoring_open(assignment=assignment)
    themes, conditions = _full(world)
    scoring_save(scoring=scoring, themes=themes, conditions=conditions, actor=world.friend)
    scoring_submit(scoring=scoring, actor=world.friend)
    with pytest.raises(ValidationError):
        scoring_reopen(scoring=scoring, actor=world.friend)
    scoring_reopen(scoring=scoring, actor=world.office)
    scoring.refresh_from_db()
    assert scoring.status == "draft"


def test_every_score_change_is_kept_in_history(world):
    assignment = _assessor(world, user=world.friend)
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    scoring = scoring_open(assignment=assignment)
    theme = world.programme.placemat_themes.first()
    scoring_save(scoring=scoring, themes={theme.pk: (2, "a")}, conditions={}, actor=world.friend)
    scoring_save(scoring=scoring, themes={theme.pk: (3, "b")}, conditions={}, actor=world.friend)
    scoring_save(scoring=scoring, themes={theme.pk: (3, "b")}, conditions={}, actor=world.friend)  # no change
    history = list(ScoreChange.objects.filter(kind="assessor_theme").values_list("old_value", "new_value", "new_text"))
    assert history == [("", "2", "a"), ("2", "3", "b")]


# --- Consolidation and publication -------------------------------------------------------------


def test_median_rounds_half_up():
    assert median_score([2, 3]) == 3
    assert median_score([1, 2, 4]) == 2
    assert median_score([]) is None


def _scored_placemat(world, scores=(3, 3)):
    MonitorReportFactory(region=world.region, programme_year=world.y2013, submitted=True)
    for score in scores:
        user = UserFactory()
        scoring = scoring_open(assignment=_assessor(world, user=user))
        themes = {t.pk: (score, "ok") for t in world.programme.placemat_themes.all()}
        conditions = {c.pk: (score, "") for c in world.programme.success_conditions.all()}
        scoring_save(scoring=scoring, themes=themes, conditions=conditions, actor=user)
        scoring_submit(scoring=scoring, actor=user)
    return Placemat.objects.get(region=world.region, programme_year=world.y2013)


def test_publish_refuses_with_list_until_every_theme_is_consolidated(world):
    placemat = _scored_placemat(world)
    with pytest.raises(ValidationError) as error:
        placemat_publish(placemat=placemat, actor=world.office)
    assert len(error.value.messages) == 8
    placemat.refresh_from_db()
    assert placemat.status == "open"


def test_publish_sets_version_conditions_and_enqueues_render(world, django_capture_on_commit_callbacks):
    placemat = _scored_placemat(world, scores=(2, 4))
    results = {t.pk: (3, "Kernpunt") for t in world.programme.placemat_themes.all()}
    placemat_consolidate(placemat=placemat, results=results, actor=world.office)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        placemat_publish(placemat=placemat, actor=world.office)
    assert len(callbacks) == 1  # the PDF render, after commit
    placemat.refresh_from_db()
    assert (placemat.status, placemat.version) == ("published", 1)
    assert set(ConsolidatedCondition.objects.filter(placemat=placemat).values_list("rating", flat=True)) == {3}
    assert ScoreChange.objects.filter(placemat=placemat, kind="consolidated").count() == 8


def test_only_the_office_consolidates_and_publishes(world):
    placemat = _scored_placemat(world)
    with pytest.raises(ValidationError):
        placemat_consolidate(placemat=placemat, results={}, actor=world.friend)
    with pytest.raises(ValidationError):
        placemat_publish(placemat=placemat, actor=world.friend)
