"""Contributions in the browser's terms: the editor as the project leader and as a contributor, assigning,
withdrawing, delivering, saving a sub-project paragraph, and the editor's query count."""

import pytest
from django.core import mail
from django.urls import reverse

from monitoring import services
from monitoring.models import ReportContribution
from regions.models import GuidingQuestion, PlacematTheme, RegionRole, SubProject
from regions.tests.factories import RegionRoleFactory, UserFactory
from regions.tests.world import region_key, world_build

pytestmark = pytest.mark.django_db
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def w():
    w = world_build(
        years=({"year": 2013, "future": True},),
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider"}),
            "partner": ("twente", "partner", {"email": "partner@t.example", "full_name": "Paul Partner"}),
            "sub_leader": ("twente", "subproject_leader", {"email": "sub@t.example", "full_name": "Sanne Sub"}),
        },
    )
    w.region = w.regions["twente"]
    w.report = services.report_get_or_create(region=w.region, year=2013, user=w.leader)
    w.themes = list(PlacematTheme.objects.filter(programme=w.programme, kind=PlacematTheme.Kind.PROCESS))
    w.subproject = SubProject.objects.create(region=w.region, name="Techniek in de klas")
    w.key = region_key("twente")
    return w


def url(w, name, *args):
    return reverse(f"monitoring:{name}", args=[w.key, 2013, *args])


def test_leader_assigns_from_the_editor_and_sees_the_badge(client, w, django_capture_on_commit_callbacks):
    client.force_login(w.leader)
    page = client.get(url(w, "report_edit")).text
    assert "Assign to…" in page and "Paul Partner — network partner" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url(w, "contribution_assign"),
            {"section": f"theme-{w.themes[0].pk}", "assignee": w.partner.pk, "note": "Graag voor vrijdag"},
        )
    assert response.status_code == 302
    c = ReportContribution.objects.get()
    assert (c.theme, c.assignee, c.note) == (w.themes[0], w.partner, "Graag voor vrijdag")
    assert [m.to for m in mail.outbox] == [["partner@t.example"]]
    page = client.get(url(w, "report_edit")).text
    assert "Assigned to Paul Partner" in page
    # Assigned: no longer offered, and a second assignment of it is refused with its reason.
    assert f'value="theme-{w.themes[0].pk}"' not in page
    response = client.post(
        url(w, "contribution_assign"), {"section": f"theme-{w.themes[0].pk}", "assignee": w.sub_leader.pk}
    )
    assert response.status_code == 302 and ReportContribution.objects.count() == 1


def test_assigning_someone_outside_the_region_is_refused(client, w):
    outsider = UserFactory()
    client.force_login(w.leader)
    client.post(url(w, "contribution_assign"), {"section": f"theme-{w.themes[0].pk}", "assignee": outsider.pk})
    assert not ReportContribution.objects.exists()


def test_contributor_editor_writes_only_their_theme(client, w):
    c = services.contribution_assign(report=w.report, theme=w.themes[0], assignee=w.partner, actor=w.leader)
    client.force_login(w.partner)
    page = client.get(url(w, "report_edit"))
    assert page.status_code == 200
    text = page.text
    assert "Done, deliver" in text
    assert "Submit the report" not in text and 'name="r-' not in text  # no figures, no submit
    assert text.count("Read only: this part is not assigned to you.") == len(w.themes) - 1
    mine = GuidingQuestion.objects.filter(theme=w.themes[0]).first()
    other = GuidingQuestion.objects.filter(theme=w.themes[1]).first()
    ok = client.post(url(w, "report_save", "qualitative"), {"version": 0, f"q-{mine.pk}": "Onze tekst"}, **FETCH)
    assert ok.json()["status"] == "saved"
    refused = client.post(url(w, "report_save", "qualitative"), {"version": 1, f"q-{other.pk}": "x"}, **FETCH)
    assert refused.status_code == 409 and "assigned to you" in refused.json()["message"]
    assert client.post(url(w, "report_save", "reflection"), {"version": 0}, **FETCH).status_code == 404
    assert client.post(url(w, "report_submit")).status_code == 404  # the project leader alone submits
    response = client.post(url(w, "contribution_action", c.pk, "deliver"))
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == ReportContribution.Status.DELIVERED
    assert client.get(url(w, "report_edit")).status_code == 404  # nothing left to write
    assert client.get(url(w, "report_detail")).status_code == 200  # still reads the report they wrote for


def test_leader_withdraws_and_reopens(client, w):
    c = services.contribution_assign(report=w.report, theme=w.themes[0], assignee=w.partner, actor=w.leader)
    services.contribution_deliver(contribution=c, actor=w.partner)
    client.force_login(w.leader)
    assert "Delivered by Paul Partner" in client.get(url(w, "report_edit")).text
    client.post(url(w, "contribution_action", c.pk, "reopen"))
    c.refresh_from_db()
    assert c.status == ReportContribution.Status.ASSIGNED
    client.post(url(w, "contribution_action", c.pk, "withdraw"))
    c.refresh_from_db()
    assert c.status == ReportContribution.Status.WITHDRAWN
    client.force_login(w.partner)
    assert client.get(url(w, "report_edit")).status_code == 404
    assert client.get(url(w, "report_detail")).status_code == 404  # a partner reads drafts only while writing


def test_subproject_paragraph_autosave_and_conflict(client, w):
    c = services.contribution_assign(report=w.report, subproject=w.subproject, assignee=w.sub_leader, actor=w.leader)
    client.force_login(w.sub_leader)
    page = client.get(url(w, "report_edit")).text
    assert "Techniek in de klas" in page and f'name="c-{c.pk}-text"' in page
    saved = client.post(url(w, "contribution_save", c.pk), {"version": 0, f"c-{c.pk}-text": "Ons deelproject"}, **FETCH)
    assert saved.json()["status"] == "saved" and saved.json()["version"] == 1
    stale = client.post(url(w, "contribution_save", c.pk), {"version": 0, f"c-{c.pk}-text": "Oud"}, **FETCH)
    assert stale.status_code == 409 and stale.json()["status"] == "conflict"
    c.refresh_from_db()
    assert c.text == "Ons deelproject"
    # The report page shows the paragraph under "Sub-projects".
    client.force_login(w.leader)
    detail = client.get(url(w, "report_detail")).text
    assert "Sub-projects" in detail and "Ons deelproject" in detail


@pytest.mark.parametrize("n", [1, 3])
def test_editor_query_count_does_not_grow_with_contributions(client, w, n, django_assert_max_num_queries):
    people = [w.partner, w.sub_leader] + [
        RegionRoleFactory(user=UserFactory(), region=w.region, role=RegionRole.Role.PARTNER).user for _ in range(2)
    ]
    for i in range(n):
        services.contribution_assign(report=w.report, theme=w.themes[i], assignee=people[i], actor=w.leader)
    client.force_login(w.leader)
    client.get(url(w, "report_edit"))  # warm the session
    # The editor took 19 queries before contributions; they add 3, however many there are: the contributions,
    # and for the project leader's picker the sub-projects and the writers it offers.
    # The contributor's page is one lower (no picker, two permission checks of their own).
    with django_assert_max_num_queries(EDITOR_QUERIES):
        assert client.get(url(w, "report_edit")).status_code == 200
    client.force_login(w.partner)
    client.get(url(w, "report_edit"))
    with django_assert_max_num_queries(EDITOR_QUERIES):
        assert client.get(url(w, "report_edit")).status_code == 200


EDITOR_QUERIES = 24  # incl. last year's nagesprek (report context) and the office's proposed figures
