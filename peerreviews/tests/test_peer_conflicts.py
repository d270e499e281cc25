"""Peer partners do not score each other's placemats in the year of their peer review."""

import pytest
from django.core.exceptions import ValidationError

from audits.models import Assignment
from audits.services.scoring import assignment_create
from peerreviews.services.conflicts import peer_assessor_conflicts
from regions.models import RegionRole
from regions.tests.factories import ProgrammeYearFactory, RegionFactory, RegionRoleFactory, UserFactory

from .factories import PeerReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    class W:
        pass

    w = W()
    w.a = RegionFactory(name="Achterhoek")
    w.b = RegionFactory(name="Brainport", programme=w.a.programme)
    w.c = RegionFactory(name="Cleantech", programme=w.a.programme)
    w.y2014 = ProgrammeYearFactory(programme=w.a.programme, year=2014)
    w.y2015 = ProgrammeYearFactory(programme=w.a.programme, year=2015)
    w.friend = UserFactory(full_name="Carla Friedman")
    w.review = PeerReviewFactory(host_region=w.a, peer_region=w.b, programme_year=w.y2014)
    return w


def test_advisor_of_peer_region_may_not_assess_the_partner(pair):
    assignment_create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="advisor")
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    assert "peer-review partner of Achterhoek" in error.value.message_dict["role"][0]
    assert not Assignment.objects.filter(region=pair.a).exists()


def test_assessor_of_one_partner_may_not_work_for_the_other(pair):
    assignment_create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="advisor")
    assert "assesses Achterhoek" in error.value.message_dict["role"][0]


def test_member_of_peer_region_may_not_assess_the_partner(pair):
    RegionRoleFactory(user=pair.friend, region=pair.b, role=RegionRole.Role.PARTNER)
    with pytest.raises(ValidationError) as error:
        assignment_create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    assert "works in Brainport" in error.value.message_dict["role"][0]


def test_assessor_of_both_regions_is_no_partner_and_allowed(pair):
    assignment_create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="assessor")
    assignment_create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    assert Assignment.objects.filter(user=pair.friend, role="assessor").count() == 2


def test_peer_rule_holds_only_in_the_year_and_for_the_pair(pair):
    assignment_create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="advisor")
    # Another year, or a region that is not the partner: allowed.
    assignment_create(programme_year=pair.y2015, region=pair.a, user=pair.friend, role="assessor")
    assignment_create(programme_year=pair.y2014, region=pair.c, user=pair.friend, role="assessor")
    assert Assignment.objects.filter(user=pair.friend).count() == 3


def test_cancelled_review_no_longer_binds(pair):
    pair.review.status = "cancelled"
    pair.review.save()
    assignment_create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="advisor")
    assignment_create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    assert set(Assignment.objects.filter(user=pair.friend).values_list("region", "role")) == {
        (pair.b.pk, "advisor"),
        (pair.a.pk, "assessor"),
    }


def test_peer_assessor_conflicts_lists_existing_assignments(pair):
    pair.review.delete()
    Assignment.objects.create(programme_year=pair.y2014, region=pair.a, user=pair.friend, role="assessor")
    Assignment.objects.create(programme_year=pair.y2014, region=pair.b, user=pair.friend, role="advisor")
    review = PeerReviewFactory(host_region=pair.a, peer_region=pair.b, programme_year=pair.y2014)
    conflicts = peer_assessor_conflicts(review=review)
    assert len(conflicts) == 1
    assert (
        "Carla Friedman assesses Achterhoek in 2014 and is a partner in its peer review with Brainport" in conflicts[0]
    )


def test_internal_review_has_no_peer_conflicts(pair):
    review = PeerReviewFactory(host_region=pair.c, programme_year=pair.y2014, internal=True)
    Assignment.objects.create(programme_year=pair.y2014, region=pair.c, user=pair.friend, role="assessor")
    assert peer_assessor_conflicts(review=review) == []
