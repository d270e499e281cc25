"""Permission-matrix rows of the peer-review workflow (see regions/tests/matrix_base.py).

The world gets reviews A→B in every state that has a transition (proposed 2015, preparing 2014, held 2013,
reported 2012) and a review B→C that region A's people may not see. Every refused POST is also a refused
transition (readiness missing, no learning questions, no own report, no feedback reports, no reason), so a
permitted empty POST re-renders its form (200) and changes nothing.
"""

import datetime

from django.urls import reverse

from peerreviews.models import AfterTalk, PeerReview, PeerReviewTransition
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.factories import RegionFactory
from regions.tests.matrix_base import (
    CF,
    LOGGED_IN,
    OFFICE,
    OFFICE_FORM_GET,
    OFFICE_FORM_POST,
    PL,
    PL_OTHER,
    PV,
    READ_ONLY_POST,
    VIEWER,
    everyone,
    expect,
)


def build(world) -> None:
    a, b, years = world.region_a, world.region_b, world.years
    region_c = RegionFactory(programme=world.programme, slug="region-c", name="Region C")
    world.extra.update(
        {
            "review_proposed": PeerReviewFactory(programme_year=years[2015], host_region=a, peer_region=b),
            "review_preparing": PeerReviewFactory(
                programme_year=years[2014], host_region=a, peer_region=b, preparing=True
            ),
            "review_held": PeerReviewFactory(programme_year=years[2013], host_region=a, peer_region=b, held=True),
            "review_reported": PeerReviewFactory(
                programme_year=years[2012], host_region=a, peer_region=b, reported=True
            ),
            "review_other": PeerReviewFactory(programme_year=years[2015], host_region=b, peer_region=region_c),
        }
    )
    AfterTalk.objects.create(review=world.extra["review_reported"], date=datetime.date(2012, 12, 1))


def snapshot() -> tuple:
    return (
        tuple(
            PeerReview.objects.order_by("pk").values_list(
                "status",
                "host_ready_stable",
                "host_ready_learning",
                "host_ready_full_peer",
                "peer_ready_stable",
                "peer_ready_learning",
                "peer_ready_full_peer",
                "readiness_notes",
                "date",
                "place",
                "motivation",
                "cancel_reason",
            )
        ),
        PeerReviewTransition.objects.count(),
        tuple(AfterTalk.objects.order_by("pk").values_list("date", "place", "status", "what_changed")),
    )


def review_url(name, key, *extra):
    return lambda w: reverse(f"peerreviews:{name}", args=[w.extra[key].pk, *extra])


def transition_url(key, action):
    return review_url("review_transition", key, action)


HOST_OR_OFFICE = expect({PL, OFFICE}, 200)

# name -> (url builder, GET expectations, POST expectations)
ROWS = {
    "peerreviews:review_list": (lambda w: reverse("peerreviews:review_list"), everyone(200), READ_ONLY_POST),
    "peerreviews:review_detail": (
        review_url("review_detail", "review_proposed"),
        expect(LOGGED_IN, 200),  # office, viewer, everyone of region A, and B's project leader
        READ_ONLY_POST,
    ),
    "peerreviews:review_detail[other]": (
        review_url("review_detail", "review_other"),
        expect({OFFICE, VIEWER, PL_OTHER}, 200),  # region A's people do not see B's review with C
        READ_ONLY_POST,
    ),
    "peerreviews:review_facilitator": (
        review_url("review_facilitator", "review_preparing"),
        expect({OFFICE}, 200),
        expect({OFFICE}, 302),  # an empty choice removes the procesbegeleider (there is none): back to the review
    ),
    "peerreviews:review_propose": (
        lambda w: reverse("peerreviews:review_propose", args=[w.region_a]),
        expect({PL}, 200),
        expect({PL}, 200),  # the form with its errors
    ),
    "peerreviews:review_propose[b]": (
        lambda w: reverse("peerreviews:review_propose", args=[w.region_b]),
        expect({PL_OTHER}, 200),
        expect({PL_OTHER}, 200),
    ),
    "peerreviews:review_explore": (
        lambda w: reverse("peerreviews:review_explore", args=[w.region_a]),
        expect({PL, PV, OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "peerreviews:review_create_internal": (
        lambda w: reverse("peerreviews:review_create_internal"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "peerreviews:review_readiness": (
        review_url("review_readiness", "review_proposed"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "peerreviews:review_edit": (review_url("review_edit", "review_proposed"), HOST_OR_OFFICE, HOST_OR_OFFICE),
    "peerreviews:review_edit[other]": (
        review_url("review_edit", "review_other"),
        expect({OFFICE, PL_OTHER}, 200),  # the host's project leader is B's
        expect({OFFICE, PL_OTHER}, 200),
    ),
    "peerreviews:review_transition[confirm]": (
        transition_url("review_proposed", "confirm"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # refused: no readiness check yet
    ),
    "peerreviews:review_transition[cancel]": (
        transition_url("review_proposed", "cancel"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # a reason is required
    ),
    "peerreviews:review_transition[held]": (
        transition_url("review_preparing", "held"),
        HOST_OR_OFFICE,
        HOST_OR_OFFICE,  # refused: no learning question
    ),
    "peerreviews:review_transition[report]": (
        transition_url("review_held", "report"),
        HOST_OR_OFFICE,
        HOST_OR_OFFICE,  # refused: no own report
    ),
    # The nagesprek of the reported review (planned in the past, not recorded): its project leaders, its critical
    # friends (advisors) and the office; an empty POST re-renders the form.
    "peerreviews:after_talk_plan": (
        review_url("after_talk_plan", "review_reported"),
        expect({PL, PL_OTHER, CF, OFFICE}, 200),
        expect({PL, PL_OTHER, CF, OFFICE}, 200),
    ),
    "peerreviews:after_talk_record": (
        review_url("after_talk_record", "review_reported"),
        expect({PL, PL_OTHER, CF, OFFICE}, 200),
        expect({PL, PL_OTHER, CF, OFFICE}, 200),
    ),
    "peerreviews:review_transition[close]": (
        transition_url("review_reported", "close"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # refused: no feedback reports
    ),
}
