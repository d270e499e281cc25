"""The scoring page saves the draft as the assessor types (audits:scoring_autosave), like the report editor:
a version check against saves made elsewhere, refusal once submitted, and the plain buttons still work."""

import pytest
from django.test import Client
from django.urls import reverse

from audits.models import ScoreChange, Scoring, ThemeScore
from audits.services.scoring import StaleScoringError, scoring_open, scoring_save
from audits.tests.factories import AssignmentFactory, PlacematFactory
from monitoring.tests.factories import MonitorReportFactory
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, UserFactory
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def s():
    """An assessor (Anna) of Twente 2013 whose scoring is open: the region's report is submitted."""

    class S:
        pass

    s = S()
    s.region = RegionFactory(slug="twente", name="Twente")
    s.year = ProgrammeYearFactory(programme=s.region.programme, year=2013)
    MonitorReportFactory(region=s.region, programme_year=s.year, submitted=True)
    s.anna = UserFactory(email="anna@t.example", full_name="Anna Assessor")
    s.assignment = AssignmentFactory(region=s.region, programme_year=s.year, user=s.anna)
    s.themes = list(s.region.programme.placemat_themes.order_by("kind", "number"))
    s.conditions = list(s.region.programme.success_conditions.order_by("number"))
    s.scoring = scoring_open(assignment=s.assignment)
    s.client = Client()
    s.client.force_login(s.anna)
    return s


def autosave_url(s):
    return reverse("audits:scoring_autosave", args=[s.assignment.pk])


def version_of(s) -> str:
    return Scoring.objects.get(pk=s.scoring.pk).save_version


def test_autosave_stores_the_draft_and_returns_the_new_version(s):
    theme = s.themes[0]
    before = version_of(s)
    response = s.client.post(
        autosave_url(s),
        {"version": before, f"t-{theme.pk}-score": "3", f"t-{theme.pk}-rationale": "Goed op weg"},
        **FETCH,
    )
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "saved" and data["version"] == version_of(s) != before
    assert len(data["saved_at"]) == 5  # "14:02"
    row = ThemeScore.objects.get(scoring=s.scoring, theme=theme)
    assert (row.score, row.rationale) == (3, "Goed op weg")
    assert ScoreChange.objects.filter(scoring=s.scoring, theme=theme).count() == 1
    # The next save goes from the version the last one returned.
    again = s.client.post(
        autosave_url(s), {"version": data["version"], f"t-{theme.pk}-rationale": "Goed op weg, zie leerlijnen"}, **FETCH
    )
    assert again.status_code == 200
    assert ThemeScore.objects.get(scoring=s.scoring, theme=theme).rationale == "Goed op weg, zie leerlijnen"
    # A typing assessor does not flood the audit log: the same theme's remark saved twice is one event.
    assert AuditEvent.objects.filter(kind="change", action="audits.scoring_save", actor=s.anna).count() == 1


def test_autosave_from_a_page_older_than_the_last_save_is_a_conflict_and_saves_nothing(s):
    theme = s.themes[0]
    page_version = version_of(s)
    # Saved elsewhere (another window) after this page was loaded.
    scoring_save(scoring=s.scoring, themes={theme.pk: (2, "Uit het andere venster")}, conditions={}, actor=s.anna)
    response = s.client.post(
        autosave_url(s),
        {"version": page_version, f"t-{theme.pk}-score": "4", f"t-{theme.pk}-rationale": "Uit dit venster"},
        **FETCH,
    )
    assert response.status_code == 409
    data = response.json()
    assert data["status"] == "conflict"
    assert data["version"] == version_of(s)  # keeping one's own text saves on this one
    assert "saved elsewhere" in data["message"]
    row = ThemeScore.objects.get(scoring=s.scoring, theme=theme)
    assert (row.score, row.rationale) == (2, "Uit het andere venster")
    # Keep mine: the same text again on the version now seen.
    keep = s.client.post(
        autosave_url(s),
        {"version": data["version"], f"t-{theme.pk}-score": "4", f"t-{theme.pk}-rationale": "Uit dit venster"},
        **FETCH,
    )
    assert keep.status_code == 200
    assert ThemeScore.objects.get(scoring=s.scoring, theme=theme).rationale == "Uit dit venster"


def test_the_service_refuses_a_stale_version_and_accepts_none(s):
    theme = s.themes[0]
    old = version_of(s)
    scoring_save(scoring=s.scoring, themes={theme.pk: (2, "a")}, conditions={}, actor=s.anna, base_version=old)
    with pytest.raises(StaleScoringError):
        scoring_save(scoring=s.scoring, themes={theme.pk: (3, "b")}, conditions={}, actor=s.anna, base_version=old)
    # Without a version (a page from before versions) the save goes through, as it always did.
    scoring_save(scoring=s.scoring, themes={theme.pk: (3, "b")}, conditions={}, actor=s.anna)
    assert ThemeScore.objects.get(scoring=s.scoring, theme=theme).score == 3


def test_autosave_after_the_scoring_was_submitted_is_refused(s):
    Scoring.objects.filter(pk=s.scoring.pk).update(status=Scoring.Status.SUBMITTED)
    theme = s.themes[0]
    response = s.client.post(
        autosave_url(s), {"version": version_of(s), f"t-{theme.pk}-score": "1", f"t-{theme.pk}-rationale": "x"}, **FETCH
    )
    assert response.status_code == 409
    data = response.json()
    assert data["status"] == "refused"
    assert "has been submitted" in data["message"]
    assert not ThemeScore.objects.filter(scoring=s.scoring).exists()


def test_autosave_after_publication_is_refused(s):
    PlacematFactory(region=s.region, programme_year=s.year)  # the scoring's placemat (get or create)
    s.scoring.placemat.status = "published"
    s.scoring.placemat.save()
    theme = s.themes[0]
    response = s.client.post(autosave_url(s), {"version": version_of(s), f"t-{theme.pk}-score": "1"}, **FETCH)
    assert response.status_code == 409 and response.json()["status"] == "refused"
    assert not ThemeScore.objects.filter(scoring=s.scoring).exists()


def test_autosave_needs_the_page_version_and_valid_scores(s):
    theme = s.themes[0]
    response = s.client.post(autosave_url(s), {f"t-{theme.pk}-score": "3"}, **FETCH)
    assert response.status_code == 400 and response.json()["status"] == "invalid"
    response = s.client.post(autosave_url(s), {"version": version_of(s), f"t-{theme.pk}-score": "7"}, **FETCH)
    assert response.status_code == 400
    assert f"t-{theme.pk}-score" in response.json()["errors"]
    assert not ThemeScore.objects.filter(scoring=s.scoring).exists()


def test_autosave_of_another_assessors_scoring_is_404_and_get_is_refused(s):
    other = Client()
    other.force_login(UserFactory(email="bert@t.example"))
    response = other.post(autosave_url(s), {"version": version_of(s)}, **FETCH)
    assert response.status_code == 404
    assert s.client.get(autosave_url(s)).status_code == 405


def test_scoring_page_carries_the_version_and_the_autosave_address(s):
    page = s.client.get(reverse("audits:scoring", args=[s.assignment.pk])).content.decode()
    assert f'name="version" value="{version_of(s)}"' in page
    assert f'data-autosave-url="{autosave_url(s)}"' in page
    assert "data-autosave-native-submit" in page
    assert "js/autosave.js" in page


def test_read_only_scoring_page_does_not_autosave(s):
    Scoring.objects.filter(pk=s.scoring.pk).update(status=Scoring.Status.SUBMITTED)
    page = s.client.get(reverse("audits:scoring", args=[s.assignment.pk])).content.decode()
    assert "data-autosave-url" not in page and "data-autosave " not in page
    assert f'data-autosave-key="scoring:{s.scoring.pk}"' in page  # the script forgets a kept draft


def test_plain_save_draft_from_an_old_page_keeps_the_input_and_saves_on_the_second_try(s):
    """Without JavaScript: the page's own "Save draft" also checks the version; the refusal keeps what was typed
    and carries the version now seen, so pressing the button again keeps one's own."""
    theme = s.themes[0]
    page_version = version_of(s)
    scoring_save(scoring=s.scoring, themes={theme.pk: (2, "Uit het andere venster")}, conditions={}, actor=s.anna)
    data = {"action": "save", "version": page_version}
    data.update({f"t-{theme.pk}-score": "4", f"t-{theme.pk}-rationale": "Mijn tekst"})
    response = s.client.post(reverse("audits:scoring", args=[s.assignment.pk]), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "saved elsewhere" in page and "Mijn tekst" in page
    assert f'name="version" value="{version_of(s)}"' in page
    assert ThemeScore.objects.get(scoring=s.scoring, theme=theme).rationale == "Uit het andere venster"
    data["version"] = version_of(s)
    again = s.client.post(reverse("audits:scoring", args=[s.assignment.pk]), data)
    assert again.status_code == 302
    assert ThemeScore.objects.get(scoring=s.scoring, theme=theme).rationale == "Mijn tekst"


def test_plain_submit_with_the_current_version_still_submits(s):
    data = {"action": "submit", "version": version_of(s)}
    for theme in s.themes:
        data[f"t-{theme.pk}-score"] = "3"
        data[f"t-{theme.pk}-rationale"] = "Onderbouwd"
    for condition in s.conditions:
        data[f"c-{condition.pk}-rating"] = "3"
    response = s.client.post(reverse("audits:scoring", args=[s.assignment.pk]), data)
    assert response.status_code == 302
    assert Scoring.objects.get(pk=s.scoring.pk).status == Scoring.Status.SUBMITTED


def test_autosave_from_a_session_that_ended_gets_json_401(s):
    s.client.logout()
    theme = s.themes[0]
    response = s.client.post(autosave_url(s), {"version": "x", f"t-{theme.pk}-score": "3"}, **FETCH)
    assert response.status_code == 401
    assert response.json() == {"status": "logged_out", "login_url": reverse("accounts:login")}
    assert not ThemeScore.objects.filter(scoring=s.scoring).exists()
