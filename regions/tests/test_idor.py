"""IDOR on a 2 × 2 world: own / other region × draft / submitted report.

Every way to reach a report — its page, its PDF, its attachments, the yearly list, the exports, the dashboard, the
region overview, the peer-review list — returns exactly the rows the user may see, and a guessed
URL of someone else's object answers 404, never the data.
"""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from monitoring.models import ReportAttachment
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import PeerReviewAttachment
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.world import region_key
from toptechniek.common.samples import store_sample_attachment

from .world import world_build

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    w = world_build(
        years=(2013, 2014),
        regions=("own", "other", "third"),
        roles={
            "leader": ("own", "project_leader", "pl@own.example"),
            "partner": ("own", "partner", "partner@own.example"),
        },
    )
    years = w.years
    own, other, third = (w.regions[slug] for slug in ("own", "other", "third"))
    reports = {}
    for region in (own, other):
        reports[(region.slug, "draft")] = MonitorReportFactory(region=region, programme_year=years[2014])
        reports[(region.slug, "submitted")] = MonitorReportFactory(
            region=region, programme_year=years[2013], submitted=True
        )
    users = {name: getattr(w, name) for name in ("leader", "partner", "office", "viewer")}
    reviews = {
        "own": PeerReviewFactory(host_region=own, peer_region=third, programme_year=years[2014]),
        "other": PeerReviewFactory(host_region=other, peer_region=third, programme_year=years[2014]),
    }
    for report in reports.values():
        store_sample_attachment(ReportAttachment, report=report, name=f"{report.region.slug}.pdf")
    for review in reviews.values():
        store_sample_attachment(PeerReviewAttachment, review=review, name=f"review-{review.host_region.slug}.pdf")
    return {"years": years, "own": own, "other": other, "reports": reports, "users": users, "reviews": reviews}


def _report_urls(report):
    args = [report.region, report.programme_year.year]
    attachment = report.attachments.get()
    return [
        reverse("monitoring:report_detail", args=args),
        reverse("monitoring:report_pdf", args=args),
        reverse("monitoring:report_attachment_download", args=[*args, attachment.pk]),
    ]


@pytest.mark.parametrize("who", ["leader", "partner"])
@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_region_member_reaches_own_reports_never_the_other_regions(client, world, who, state):
    client.force_login(world["users"][who])
    # Partners read their region's report once it has been submitted, not the draft.
    own = (200, 202) if (who, state) != ("partner", "draft") else (404,)
    for url in _report_urls(world["reports"][("own", state)]):
        assert client.get(url).status_code in own, url  # 202: the PDF is being rendered
    for url in _report_urls(world["reports"][("other", state)]):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Other" not in response.content


@pytest.mark.parametrize("state", ["draft", "submitted"])
def test_viewer_reads_accepted_reports_only(client, world, state):
    client.force_login(world["users"]["viewer"])
    for region in ("own", "other"):
        for url in _report_urls(world["reports"][(region, state)]):
            assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("who", ["leader", "partner", "viewer"])
def test_yearly_list_and_exports_are_the_offices(client, world, who):
    client.force_login(world["users"][who])
    urls = [
        reverse("monitoring:report_list", args=["ttib", 2014]),
        reverse("monitoring:realisations_csv", args=["ttib", 2014]),
        reverse("monitoring:realisations_xlsx", args=["ttib", 2014]),
    ]
    for url in urls:
        expected = 200 if who == "viewer" and "reports" in url and "realisations" not in url else 404
        assert client.get(url).status_code == expected, url


def test_peer_review_list_shows_exactly_the_own_regions_reviews(client, world):
    client.force_login(world["users"]["leader"])
    page = client.get(reverse("peerreviews:review_list"))
    assert page.status_code == 200
    shown = {review.pk for review in page.context["page"].object_list}
    assert shown == {world["reviews"]["own"].pk}
    assert client.get(world["reviews"]["other"].get_absolute_url()).status_code == 404


@pytest.mark.parametrize("who", ["leader", "partner"])
def test_dashboard_and_its_export_are_closed_to_region_members(client, world, who):
    client.force_login(world["users"][who])
    for name in ("dashboard:dashboard", "dashboard:export_csv", "dashboard:export_xlsx"):
        assert client.get(reverse(name)).status_code == 404
    assert client.get(reverse("dashboard:region_overview", args=[region_key("own")])).status_code == 200
    assert client.get(reverse("dashboard:region_overview", args=[region_key("other")])).status_code == 404


def test_dashboard_export_holds_every_region_and_nothing_else(client, world):
    call_command("rebuild_facts", stdout=io.StringIO())  # the world is made by factories, around the services
    client.force_login(world["users"]["viewer"])
    response = client.get(reverse("dashboard:export_csv"), {"year": 2014})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    names = {row[0] for row in csv.reader(io.StringIO(text), delimiter=";") if row}
    assert {"Own", "Other", "Third"} <= names


@pytest.mark.parametrize("who", ["leader", "partner"])
def test_peer_review_attachments_only_of_the_own_regions_reviews(client, world, who):
    client.force_login(world["users"][who])
    for key, expected in (("own", 200), ("other", 404)):
        review = world["reviews"][key]
        attachment = review.attachments.get()
        response = client.get(reverse("peerreviews:review_attachment_download", args=[review.pk, attachment.pk]))
        assert response.status_code == expected, key
    # Someone else's attachment behind one's own review's URL: not found either.
    theirs = world["reviews"]["other"].attachments.get()
    url = reverse("peerreviews:review_attachment_download", args=[world["reviews"]["own"].pk, theirs.pk])
    assert client.get(url).status_code == 404
