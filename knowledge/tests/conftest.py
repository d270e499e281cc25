import pytest

from regions.models import RegionRole
from regions.tests.factories import RegionRoleFactory
from regions.tests.world import world_build


@pytest.fixture
def w(db):
    """A programme with two regions: Twente (project leader, penvoerder, partner, critical friend) and Friesland
    (project leader); `w.both` leads in both; `w.stranger` leads a region of another programme."""
    w = world_build(
        regions=("twente", "friesland"),
        roles={
            "leader": ("twente", RegionRole.Role.PROJECT_LEADER),
            "pv": ("twente", RegionRole.Role.PENVOERDER),
            "partner": ("twente", RegionRole.Role.PARTNER),
            "cf": ("twente", RegionRole.Role.CRITICAL_FRIEND),
            "leader_fr": ("friesland", RegionRole.Role.PROJECT_LEADER),
            "both": ("twente", RegionRole.Role.PROJECT_LEADER),
        },
    )
    RegionRoleFactory(user=w.both, region=w.regions["friesland"], role=RegionRole.Role.PROJECT_LEADER)
    other = world_build(
        programme="other",
        regions=("drenthe",),
        office=False,
        viewer=False,
        roles={"stranger": ("drenthe", RegionRole.Role.PROJECT_LEADER, "stranger@t.example")},
    )
    w.other = other.programme
    w.stranger = other.stranger
    return w
