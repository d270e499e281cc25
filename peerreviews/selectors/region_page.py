"""The region page's sections of peer reviews and good practices (one query each).

Registered in regions.selectors.REGION_PAGE_SECTIONS by PeerreviewsConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

from regions.models import Region
from regions.selectors import RegionSection

from .good_practices import good_practices_of_region
from .reviews import reviews_of_region


def region_peer_reviews(*, region: Region, user) -> dict:
    return {"reviews": reviews_of_region(region=region)}


def region_good_practices(*, region: Region, user) -> dict:
    return {"practices": good_practices_of_region(region=region)}


PEER_REVIEWS_SECTION = RegionSection(
    slot="bottom",
    order=10,
    anchor="peer-reviews",
    title=_("Peer reviews"),
    template="peerreviews/region/_peer_reviews.html",
    context=region_peer_reviews,
)
GOOD_PRACTICES_SECTION = RegionSection(
    slot="bottom",
    order=30,
    anchor="good-practices",
    title=_("Good practices"),
    template="peerreviews/region/_good_practices.html",
    context=region_good_practices,
)
