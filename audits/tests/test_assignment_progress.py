"""The office's assignment page shows each region's scoring progress: "1 of 2 submitted", "ready for
calibration", "published", and costs the same number of queries whatever the number of regions."""

import pytest
from django.urls import reverse

from regions.tests.factories import ProgrammeYearFactory, RegionFactory, UserFactory
from toptechniek.common.testing import assert_flat_queries

from .factories import AssignmentFactory, PlacematFactory, ScoringFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year():
    region = RegionFactory(name="Twente", slug="twente")
    return ProgrammeYearFactory(programme=region.programme, year=2013)


def url(year):
    return reverse("audits:assignments", args=[year.programme.slug, year.year])


def row_of(client, year, slug):
    body = client.get(url(year)).content.decode()
    start = body.index(f'id="region-{slug}"')
    return " ".join(body[start : body.index("</tr>", start)].split())


def test_progress_from_first_scoring_to_publication(client, year):
    region = year.programme.regions.get(slug="twente")
    client.force_login(UserFactory(office=True))
    assert "no assessors yet" in row_of(client, year, "twente")
    first = AssignmentFactory(region=region, programme_year=year)
    second = AssignmentFactory(region=region, programme_year=year)
    placemat = PlacematFactory(region=region, programme_year=year)
    ScoringFactory(assignment=first, placemat=placemat, submitted=True)
    ScoringFactory(assignment=second, placemat=placemat)  # a draft does not count
    assert "1 of 2 submitted" in row_of(client, year, "twente")
    second.scoring.status = "submitted"
    second.scoring.save()
    assert "ready for calibration" in row_of(client, year, "twente")
    placemat.status, placemat.version = "published", 1
    placemat.save()
    row = row_of(client, year, "twente")
    assert "published v1" in row and "ready for calibration" not in row


def test_assignment_page_query_count_is_flat(client, year):
    def grow():
        region = RegionFactory(programme=year.programme)
        placemat = PlacematFactory(region=region, programme_year=year)
        for submitted in (True, False):
            ScoringFactory(
                assignment=AssignmentFactory(region=region, programme_year=year), placemat=placemat, submitted=submitted
            )
        AssignmentFactory(region=region, programme_year=year, advisor=True)

    grow()
    client.force_login(UserFactory(office=True))
    assert assert_flat_queries(client, url(year), grow=grow) <= 20
