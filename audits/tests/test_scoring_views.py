"""The critical-friend pages: assignments, my regions, scoring, calibration and publication, the placemat."""

import pytest
from django.urls import reverse

from audits.models import Assignment, Placemat, ScoreChange, Scoring, ThemeScore
from audits.tests.factories import (
    AssignmentFactory,
    ConditionRatingFactory,
    ConsolidatedScoreFactory,
    PlacematFactory,
    ScoringFactory,
    ThemeScoreFactory,
)
from monitoring.tests.factories import MonitorReportFactory, SelfAssessmentFactory
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.testing import queries_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        office={"email": "office@t.example", "full_name": "Olga Office"},
        roles={"leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"})},
    )
    w.region = w.regions["twente"]
    w.year = w.years[2013]
    w.themes = list(w.programme.placemat_themes.order_by("kind", "number"))
    w.conditions = list(w.programme.success_conditions.order_by("number"))
    w.anna = UserFactory(email="anna@t.example", full_name="Anna Assessor")
    w.bert = UserFactory(email="bert@t.example", full_name="Bert Beoordelaar")
    w.assignment = AssignmentFactory(region=w.region, programme_year=w.year, user=w.anna)
    w.report = MonitorReportFactory(
        region=w.region, programme_year=w.year, submitted=True, reflection_works="Leerlijnen lopen goed."
    )
    return w


def fill(scoring, *, score=3, rationale="Op koers", themes=None, rating=3):
    """Give a scoring a score and rationale on every theme and a rating on every condition."""
    programme = scoring.placemat.programme_year.programme
    for theme in themes or programme.placemat_themes.all():
        ThemeScoreFactory(scoring=scoring, theme=theme, score=score, rationale=rationale)
    for condition in programme.success_conditions.all():
        ConditionRatingFactory(scoring=scoring, condition=condition, rating=rating)
    return scoring


def scoring_post(w, action, *, score="3", rationale="Goed onderbouwd", rating="3", skip_theme=None):
    data = {"action": action}
    for theme in w.themes:
        data[f"t-{theme.pk}-score"] = "" if theme == skip_theme else score
        data[f"t-{theme.pk}-rationale"] = "" if theme == skip_theme else rationale
    for condition in w.conditions:
        data[f"c-{condition.pk}-rating"] = rating
        data[f"c-{condition.pk}-note"] = ""
    return data


def scoring_url(assignment):
    return reverse("audits:scoring", args=[assignment.pk])


def calibration_url(w):
    return reverse("audits:calibration", args=[w.region, 2013])


# --- Assignments -------------------------------------------------------------------------------


def test_assignments_page_lists_people_per_region_for_office(client, w):
    AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert, advisor=True)
    client.force_login(w.office)
    response = client.get(reverse("audits:assignments", args=[w.programme.slug, 2013]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Twente" in content and "Anna Assessor" in content and "Bert Beoordelaar" in content
    assert reverse("audits:calibration", args=[region_key("twente"), 2013]) in content


@pytest.mark.parametrize("who", ["leader", "anna", "viewer"])
def test_assignments_page_is_404_for_everyone_but_office(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(reverse("audits:assignments", args=[w.programme.slug, 2013])).status_code == 404


def test_assignment_add_creates_it_and_gives_the_region_role(client, w):
    client.force_login(w.office)
    response = client.post(
        reverse("audits:assignments", args=[w.programme.slug, 2013]),
        {"region": w.region.pk, "user": w.bert.pk, "role": "advisor"},
    )
    assert response.status_code == 302
    assert Assignment.objects.filter(user=w.bert, region=w.region, role="advisor").exists()
    assert RegionRole.objects.filter(user=w.bert, region=w.region, role="critical_friend").exists()


def test_assignment_add_conflict_shows_message_and_keeps_input(client, w):
    AssignmentFactory(
        region=w.region,
        programme_year=ProgrammeYearFactory(programme=w.programme, year=2012),
        user=w.bert,
        advisor=True,
    )
    client.force_login(w.office)
    response = client.post(
        reverse("audits:assignments", args=[w.programme.slug, 2013]),
        {"region": w.region.pk, "user": w.bert.pk, "role": "assessor"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "was advisor of Twente in 2012 and may not assess it in 2013" in content
    assert f'<option value="{w.bert.pk}" selected>' in content
    assert '<option value="assessor" selected>' in content
    assert not Assignment.objects.filter(user=w.bert, programme_year=w.year).exists()


def test_assignment_add_same_year_other_role_is_refused(client, w):
    client.force_login(w.office)
    response = client.post(
        reverse("audits:assignments", args=[w.programme.slug, 2013]),
        {"region": w.region.pk, "user": w.anna.pk, "role": "advisor"},
    )
    assert response.status_code == 200
    assert "never both advisor and assessor" in response.content.decode()
    assert Assignment.objects.filter(user=w.anna).count() == 1


def test_assignment_add_lists_no_office_or_viewer_as_critical_friend(client, w):
    client.force_login(w.office)
    content = client.get(reverse("audits:assignments", args=[w.programme.slug, 2013])).content.decode()
    assert "anna@t.example" in content
    assert "office@t.example" not in content and "viewer@t.example" not in content


def test_assignment_delete_asks_then_removes(client, w):
    client.force_login(w.office)
    url = reverse("audits:assignment_delete", args=[w.assignment.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Remove Anna Assessor as assessor of Twente in 2013?" in response.content.decode()
    assert Assignment.objects.filter(pk=w.assignment.pk).exists()
    assert client.post(url).status_code == 302
    assert not Assignment.objects.filter(pk=w.assignment.pk).exists()


def test_assignment_delete_with_submitted_scoring_is_refused_and_changes_nothing(client, w):
    ScoringFactory(assignment=w.assignment, submitted=True)
    client.force_login(w.office)
    response = client.post(reverse("audits:assignment_delete", args=[w.assignment.pk]))
    assert response.status_code == 409
    assert "can no longer be removed" in response.content.decode()
    assert Assignment.objects.filter(pk=w.assignment.pk).exists()


# --- My regions ----------------------------------------------------------------------------------


def test_my_regions_shows_role_report_status_and_score_link(client, w):
    other = RegionFactory(programme=w.programme, name="Zwolle", slug="zwolle")
    AssignmentFactory(region=other, programme_year=w.year, user=w.anna, advisor=True)
    client.force_login(w.anna)
    response = client.get(reverse("audits:my_regions"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Twente" in content and "Zwolle" in content
    assert 'class="badge status-submitted"' in content
    assert scoring_url(w.assignment) in content and ">Score<" in content
    assert "Advisors do not score." in content


def test_my_regions_says_scoring_waits_for_the_report(client, w):
    w.report.status = "draft"
    w.report.save()
    client.force_login(w.anna)
    content = client.get(reverse("audits:my_regions")).content.decode()
    assert "Opens once the report has been submitted." in content
    assert scoring_url(w.assignment) not in content


def test_my_regions_shows_submitted_scoring(client, w):
    ScoringFactory(assignment=w.assignment, submitted=True)
    client.force_login(w.anna)
    content = client.get(reverse("audits:my_regions")).content.decode()
    assert "submitted" in content and ">Score<" not in content


def test_my_regions_shows_one_programme_at_a_time_the_one_in_progress_first(client, w):
    """A critical friend who continued into a new programme: its regions first, the old one a pick away."""
    import datetime

    from regions.tests.factories import ProgrammeFactory

    this_year = datetime.date.today().year
    new = ProgrammeFactory(
        name="Regionale Techniekagenda", slug="agenda", start_year=this_year - 1, end_year=this_year + 2
    )
    w.programme.closed_at = datetime.datetime(2016, 9, 30, tzinfo=datetime.UTC)
    w.programme.save()
    region = RegionFactory(programme=new, name="Food Valley", join_year=this_year - 1)
    AssignmentFactory(region=region, programme_year=ProgrammeYearFactory(programme=new, year=this_year), user=w.anna)
    client.force_login(w.anna)
    content = client.get(reverse("audits:my_regions")).content.decode()
    assert "Food Valley" in content and "Twente" not in content
    assert 'name="programme"' in content and '<option value="agenda" selected>' in content
    old = client.get(reverse("audits:my_regions") + f"?programme={w.programme.slug}").content.decode()
    assert "Twente" in old and "Food Valley" not in old
    assert client.get(reverse("audits:my_regions") + "?programme=unknown").status_code == 404


def test_my_regions_offers_no_picker_with_one_programme(client, w):
    client.force_login(w.anna)
    assert 'name="programme"' not in client.get(reverse("audits:my_regions")).content.decode()


@pytest.mark.parametrize("who", ["leader", "office", "viewer"])
def test_my_regions_is_404_without_assignments(client, w, who):
    client.force_login(getattr(w, who))
    assert client.get(reverse("audits:my_regions")).status_code == 404


def _my_regions_queries(client, user):
    client.force_login(user)
    return queries_of(client, reverse("audits:my_regions"))


def test_my_regions_query_count_is_the_same_for_1_and_3_regions(client, w):
    one = _my_regions_queries(client, w.anna)
    for _ in range(2):
        region = RegionFactory(programme=w.programme)
        RegionRoleFactory(user=w.anna, region=region, role=RegionRole.Role.CRITICAL_FRIEND)
        MonitorReportFactory(region=region, programme_year=w.year, submitted=True)
        ScoringFactory(assignment=AssignmentFactory(region=region, programme_year=w.year, user=w.anna))
    assert _my_regions_queries(client, w.anna) == one


# --- Scoring ---------------------------------------------------------------------------------------


def test_scoring_page_shows_the_report_beside_the_form(client, w):
    SelfAssessmentFactory(report=w.report, theme=w.themes[0], score=2, rationale="Nog niet alle scholen")
    client.force_login(w.anna)
    response = client.get(scoring_url(w.assignment))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Leerlijnen lopen goed." in content  # the report's reflection
    assert "Nog niet alle scholen" in content  # the region's self-assessment
    for theme in w.themes:
        assert f'name="t-{theme.pk}-score"' in content and f'name="t-{theme.pk}-rationale"' in content
    for condition in w.conditions:
        assert f'name="c-{condition.pk}-rating"' in content
    assert "4 – exemplary" in content
    assert 'value="save"' in content and 'value="submit"' in content
    assert Scoring.objects.filter(assignment=w.assignment, status="draft").exists()


def test_scoring_by_an_advisor_is_refused(client, w):
    advice = AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert, advisor=True)
    client.force_login(w.bert)
    assert client.get(scoring_url(advice)).status_code == 404
    assert client.post(scoring_url(advice), scoring_post(w, "save")).status_code == 404
    assert not Scoring.objects.exists()


def test_scoring_of_another_assessors_assignment_is_404(client, w):
    client.force_login(w.bert)
    assert client.get(scoring_url(w.assignment)).status_code == 404


@pytest.mark.parametrize("status", ["draft", "awaiting_endorsement", "returned"])
def test_scoring_before_the_report_is_submitted_is_refused(client, w, status):
    w.report.status = status
    w.report.save()
    client.force_login(w.anna)
    response = client.get(scoring_url(w.assignment))
    assert response.status_code == 409
    assert "has not been submitted yet" in response.content.decode()
    assert not Scoring.objects.exists()


def test_scoring_opens_for_an_accepted_report(client, w):
    w.report.status = "accepted"
    w.report.save()
    client.force_login(w.anna)
    assert client.get(scoring_url(w.assignment)).status_code == 200


def test_scoring_save_draft_stores_what_was_typed(client, w):
    client.force_login(w.anna)
    response = client.post(scoring_url(w.assignment), scoring_post(w, "save", skip_theme=w.themes[1]))
    assert response.status_code == 302
    scoring = Scoring.objects.get(assignment=w.assignment)
    assert scoring.status == "draft"
    saved = ThemeScore.objects.get(scoring=scoring, theme=w.themes[0])
    assert (saved.score, saved.rationale) == (3, "Goed onderbouwd")
    assert not ThemeScore.objects.filter(scoring=scoring, theme=w.themes[1]).exists()
    assert "Goed onderbouwd" in client.get(scoring_url(w.assignment)).content.decode()


def test_scoring_with_an_invalid_score_saves_nothing(client, w):
    client.force_login(w.anna)
    data = scoring_post(w, "save")
    data[f"t-{w.themes[0].pk}-score"] = "7"
    response = client.post(scoring_url(w.assignment), data)
    assert response.status_code == 400
    assert not ThemeScore.objects.exists()


def test_scoring_submit_incomplete_lists_what_is_missing_and_keeps_input(client, w):
    client.force_login(w.anna)
    data = scoring_post(w, "submit", skip_theme=w.themes[2])
    data[f"t-{w.themes[0].pk}-rationale"] = "Mijn eigen woorden"
    response = client.post(scoring_url(w.assignment), data)
    assert response.status_code == 400
    content = response.content.decode()
    assert f"Score for {w.themes[2].name}." in content
    assert "Mijn eigen woorden" in content
    assert "Needed to submit." in content
    assert Scoring.objects.get(assignment=w.assignment).status == "draft"


def test_scoring_submit_complete_submits(client, w):
    client.force_login(w.anna)
    response = client.post(scoring_url(w.assignment), scoring_post(w, "submit"))
    assert response.status_code == 302
    scoring = Scoring.objects.get(assignment=w.assignment)
    assert scoring.status == "submitted" and scoring.submitted_at is not None


def test_scoring_assessor_sees_other_scores_only_after_submitting(client, w):
    bert = AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert)
    fill(ScoringFactory(assignment=bert, submitted=True), score=1, rationale="Bert vindt het zwak")
    client.force_login(w.anna)
    before = client.get(scoring_url(w.assignment)).content.decode()
    assert "Bert vindt het zwak" not in before
    assert "Bert Beoordelaar" not in before
    assert "Median" not in before and "differ by 2" not in before

    client.post(scoring_url(w.assignment), scoring_post(w, "submit"))
    after = client.get(scoring_url(w.assignment)).content.decode()
    assert "Bert vindt het zwak" in after
    assert "Bert Beoordelaar" in after
    assert "Goed onderbouwd" in after  # their own, read-only


def test_scoring_assessor_does_not_see_other_drafts_after_submitting(client, w):
    bert = AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert)
    fill(ScoringFactory(assignment=bert), rationale="Bert twijfelt nog")
    fill(ScoringFactory(assignment=w.assignment, submitted=True))
    client.force_login(w.anna)
    assert "Bert twijfelt nog" not in client.get(scoring_url(w.assignment)).content.decode()


def test_scoring_submitted_is_read_only(client, w):
    scoring = fill(ScoringFactory(assignment=w.assignment, submitted=True), rationale="Vastgelegd")
    changes = ScoreChange.objects.count()
    client.force_login(w.anna)
    page = client.get(scoring_url(w.assignment)).content.decode()
    assert 'value="submit"' not in page and 'value="save"' not in page
    response = client.post(scoring_url(w.assignment), scoring_post(w, "save", score="1", rationale="Toch anders"))
    assert response.status_code == 409
    assert "This scoring has been submitted" in response.content.decode()
    assert set(ThemeScore.objects.filter(scoring=scoring).values_list("score", "rationale")) == {(3, "Vastgelegd")}
    assert ScoreChange.objects.count() == changes
    scoring.refresh_from_db()
    assert scoring.status == "submitted"


def test_scoring_post_without_some_fields_keeps_their_saved_values(client, w):
    scoring = fill(ScoringFactory(assignment=w.assignment), rationale="Eerder bewaard")
    client.force_login(w.anna)
    response = client.post(scoring_url(w.assignment), {"action": "submit"})  # no fields at all
    assert response.status_code == 302  # nothing to change, everything was already complete
    assert set(ThemeScore.objects.filter(scoring=scoring).values_list("score", "rationale")) == {(3, "Eerder bewaard")}


def test_scoring_submit_refusal_marks_the_missing_fields(client, w):
    client.force_login(w.anna)
    content = client.post(scoring_url(w.assignment), scoring_post(w, "submit", skip_theme=w.themes[0])).content.decode()
    select = content.split(f'name="t-{w.themes[0].pk}-score"')[1].split(">")[0]
    assert "is-invalid" in select and 'aria-invalid="true"' in select


def test_scoring_without_an_action_changes_nothing(client, w):
    client.force_login(w.anna)
    data = scoring_post(w, "save")
    del data["action"]
    assert client.post(scoring_url(w.assignment), data).status_code == 400
    assert not ThemeScore.objects.exists()


# --- Calibration -------------------------------------------------------------------------------------


def two_submitted(w, *, first_scores=(1,), second_scores=(3,)):
    """Anna and Bert both submitted; theme 0 gets the given scores, the other themes 3."""
    bert = AssignmentFactory(region=w.region, programme_year=w.year, user=w.bert)
    anna_s = fill(ScoringFactory(assignment=w.assignment, submitted=True), themes=w.themes[1:], rationale="Anna: ok")
    bert_s = fill(ScoringFactory(assignment=bert, submitted=True), themes=w.themes[1:], rationale="Bert: ok")
    ThemeScoreFactory(scoring=anna_s, theme=w.themes[0], score=first_scores[0], rationale="Anna: zwak")
    ThemeScoreFactory(scoring=bert_s, theme=w.themes[0], score=second_scores[0], rationale="Bert: op koers")
    return anna_s.placemat


def test_calibration_shows_scores_side_by_side_prefills_median_and_flags_spread(client, w):
    SelfAssessmentFactory(report=w.report, theme=w.themes[0], score=4, rationale="Wij zijn trots")
    two_submitted(w)
    client.force_login(w.office)
    response = client.get(calibration_url(w))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Anna: zwak" in content and "Bert: op koers" in content and "Wij zijn trots" in content
    # Median of 1 and 3 is 2, pre-filled; the spread of 2 is flagged in words, once (only theme 0).
    select = content.split(f'name="r-{w.themes[0].pk}-score"')[1].split("</select>")[0]
    assert '<option value="2" selected>' in select
    assert content.count("Assessors differ by 2 or more") == 1
    assert "pre-filled, not saved yet" in content


def test_calibration_prefill_keeps_a_saved_consolidated_score(client, w):
    placemat = two_submitted(w)
    ConsolidatedScoreFactory(placemat=placemat, theme=w.themes[0], score=4, key_remark="Besloten")
    client.force_login(w.office)
    content = client.get(calibration_url(w)).content.decode()
    select = content.split(f'name="r-{w.themes[0].pk}-score"')[1].split("</select>")[0]
    assert '<option value="4" selected>' in select and "Besloten" in content


@pytest.mark.parametrize("who", ["leader", "anna", "viewer"])
def test_calibration_is_404_for_everyone_but_office(client, w, who):
    two_submitted(w)
    client.force_login(getattr(w, who))
    assert client.get(calibration_url(w)).status_code == 404
    assert client.post(calibration_url(w), {"action": "publish"}).status_code == 404
    assert Placemat.objects.get().status == "open"


def calibration_post(w, action, *, remark="Helder", skip=None):
    data = {"action": action}
    for theme in w.themes:
        data[f"r-{theme.pk}-score"] = "" if theme == skip else "3"
        data[f"r-{theme.pk}-remark"] = "" if theme == skip else remark
    return data


def test_calibration_save_stores_results_and_history(client, w):
    two_submitted(w)
    client.force_login(w.office)
    assert client.post(calibration_url(w), calibration_post(w, "save")).status_code == 302
    placemat = Placemat.objects.get()
    assert placemat.status == "open"
    assert set(placemat.consolidated.values_list("score", "key_remark")) == {(3, "Helder")}
    content = client.get(calibration_url(w)).content.decode()
    assert "History of score changes" in content and "consolidated score" in content and "Olga Office" in content


def test_calibration_history_shows_statuses_and_scores_in_words(client, w):
    """The history stores codes ("draft", "published v1", "3"); the page shows the words, in the reader's
    language (no "draft → submitted")."""
    from django.utils import translation

    from audits.services.scoring import placemat_unpublish, scoring_reopen, scoring_submit

    two_submitted(w)
    scoring = Scoring.objects.get(assignment=w.assignment)
    scoring_reopen(scoring=scoring, actor=w.office)
    scoring_submit(scoring=scoring, actor=w.anna)
    client.force_login(w.office)
    client.post(calibration_url(w), calibration_post(w, "publish"))
    placemat_unpublish(placemat=Placemat.objects.get(), actor=w.office)

    content = client.get(calibration_url(w)).content.decode()
    history = content.split("History of score changes")[1]
    assert "submitted → <strong>draft</strong>" in history and "draft → <strong>submitted</strong>" in history
    assert "open → <strong>published (version 1)</strong>" in history
    assert "published → <strong>open</strong>" in history
    assert "– → <strong>3 – on track</strong>" in history  # the consolidated scores
    assert "published v1" not in history and "Status" in history
    with translation.override("nl"):
        dutch = client.get(calibration_url(w), HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    dutch_history = dutch.split('id="h-history"')[1]
    assert "ingediend → <strong>concept</strong>" in dutch_history
    assert "– → <strong>3 – op koers</strong>" in dutch_history


def test_calibration_publish_refusal_lists_what_is_missing(client, w):
    two_submitted(w)
    client.force_login(w.office)
    response = client.post(calibration_url(w), calibration_post(w, "publish", skip=w.themes[4]))
    assert response.status_code == 400
    content = response.content.decode()
    assert f"Consolidated score for {w.themes[4].name}." in content
    assert "cannot be published yet" in content
    assert Placemat.objects.get().status == "open"


def test_calibration_publish_without_a_submitted_scoring_is_refused(client, w):
    fill(ScoringFactory(assignment=w.assignment))  # a draft only
    client.force_login(w.office)
    response = client.post(calibration_url(w), calibration_post(w, "publish"))
    assert response.status_code == 400
    assert "At least one assessor must have submitted a scoring." in response.content.decode()
    assert Placemat.objects.get().status == "open"


def test_calibration_publish_succeeds(client, w):
    two_submitted(w)
    client.force_login(w.office)
    response = client.post(calibration_url(w), calibration_post(w, "publish"))
    assert response.status_code == 302
    placemat = Placemat.objects.get()
    assert (placemat.status, placemat.version, placemat.published_by) == ("published", 1, w.office)
    assert placemat.conditions.count() == len(w.conditions)


def test_calibration_of_a_published_placemat_is_read_only(client, w):
    placemat = two_submitted(w)
    client.force_login(w.office)
    client.post(calibration_url(w), calibration_post(w, "publish"))
    changes = ScoreChange.objects.filter(placemat=placemat).count()
    page = client.get(calibration_url(w)).content.decode()
    assert 'value="publish"' not in page and "Unpublish to change" in page
    response = client.post(calibration_url(w), calibration_post(w, "save", remark="Anders"))
    assert response.status_code == 409
    assert "Unpublish it first" in response.content.decode()
    assert set(placemat.consolidated.values_list("key_remark", flat=True)) == {"Helder"}
    assert ScoreChange.objects.filter(placemat=placemat).count() == changes


def test_placemat_unpublish_reopens_it(client, w):
    placemat = two_submitted(w)
    Placemat.objects.filter(pk=placemat.pk).update(status="published", version=1)
    client.force_login(w.office)
    url = reverse("audits:placemat_unpublish", args=[region_key("twente"), 2013])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    placemat.refresh_from_db()
    assert placemat.status == "open" and placemat.version == 1


def test_placemat_unpublish_is_404_for_others(client, w):
    placemat = two_submitted(w)
    Placemat.objects.filter(pk=placemat.pk).update(status="published", version=1)
    client.force_login(w.leader)
    assert client.post(reverse("audits:placemat_unpublish", args=[region_key("twente"), 2013])).status_code == 404
    placemat.refresh_from_db()
    assert placemat.status == "published"


def test_scoring_reopen_by_office_makes_it_a_draft_again(client, w):
    scoring = fill(ScoringFactory(assignment=w.assignment, submitted=True))
    client.force_login(w.office)
    response = client.post(reverse("audits:scoring_reopen", args=[scoring.pk]))
    assert response.status_code == 302
    scoring.refresh_from_db()
    assert scoring.status == "draft"


def test_scoring_reopen_is_404_for_the_assessor(client, w):
    scoring = fill(ScoringFactory(assignment=w.assignment, submitted=True))
    client.force_login(w.anna)
    assert client.post(reverse("audits:scoring_reopen", args=[scoring.pk])).status_code == 404
    scoring.refresh_from_db()
    assert scoring.status == "submitted"


def test_calibration_page_offers_reopen_per_submitted_scoring(client, w):
    placemat = two_submitted(w)
    client.force_login(w.office)
    content = client.get(calibration_url(w)).content.decode()
    for scoring in placemat.scorings.all():
        assert reverse("audits:scoring_reopen", args=[scoring.pk]) in content


def _calibration_queries(client, w):
    client.force_login(w.office)
    return queries_of(client, calibration_url(w))


def test_calibration_query_count_is_the_same_for_1_and_3_assessors(client, w):
    fill(ScoringFactory(assignment=w.assignment, submitted=True))
    client.force_login(w.office)
    client.get(calibration_url(w))  # warm: placemat exists
    one = _calibration_queries(client, w)
    for n in range(2):
        user = UserFactory(full_name=f"Extra {n}")
        fill(ScoringFactory(assignment=AssignmentFactory(region=w.region, programme_year=w.year, user=user)))
    assert _calibration_queries(client, w) == one


# --- The placemat on screen ---------------------------------------------------------------------------


def published_placemat(w):
    placemat = PlacematFactory(region=w.region, programme_year=w.year, published=True)
    for n, theme in enumerate(w.themes):
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=n % 4 + 1, key_remark=f"Kernpunt {n}")
    return placemat


@pytest.mark.parametrize("who", ["leader", "viewer", "office"])
def test_placemat_detail_shows_the_published_placemat(client, w, who):
    published_placemat(w)
    SelfAssessmentFactory(report=w.report, theme=w.themes[0], score=2)
    client.force_login(getattr(w, who))
    response = client.get(reverse("audits:placemat_detail", args=[region_key("twente"), 2013]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "What: performance areas" in content and "How: process themes" in content
    assert "Kernpunt 0" in content and "Kernpunt 7" in content
    assert "1 – insufficient" in content and "4 – exemplary" in content
    assert "Self-assessment:" in content


def test_placemat_detail_hides_assessors_scores(client, w):
    placemat = published_placemat(w)
    fill(ScoringFactory(assignment=w.assignment, placemat=placemat, submitted=True), rationale="Anna's eigen oordeel")
    client.force_login(w.leader)
    content = client.get(reverse("audits:placemat_detail", args=[region_key("twente"), 2013])).content.decode()
    assert "Anna's eigen oordeel" not in content and "Anna Assessor" not in content


def test_placemat_detail_when_open_is_for_the_office_only(client, w):
    PlacematFactory(region=w.region, programme_year=w.year)
    url = reverse("audits:placemat_detail", args=[region_key("twente"), 2013])
    for user in (w.leader, w.viewer, w.anna):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(w.office)
    response = client.get(url)
    assert response.status_code == 200
    assert "Not published yet" in response.content.decode()
    assert calibration_url(w) in response.content.decode()


def test_placemat_detail_of_another_region_is_404(client, w):
    published_placemat(w)
    other_leader = UserFactory()
    RegionRoleFactory(user=other_leader, region=RegionFactory(programme=w.programme))
    client.force_login(other_leader)
    assert client.get(reverse("audits:placemat_detail", args=[region_key("twente"), 2013])).status_code == 404
