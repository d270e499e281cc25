"""Rows of the permission matrix for the governance app (see regions/tests/matrix_base.py)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from audits.models import StimulusGrant
from governance.models import GovernanceMeeting
from regions.tests.matrix_base import (
    OFFICE,
    OFFICE_FORM_GET,
    OFFICE_FORM_POST,
    PL,
    PV,
    READ_ONLY_POST,
    VIEWER,
    everyone,
    expect,
)


def build(world) -> None:
    region = world.region_a
    world.extra["gov_held"] = GovernanceMeeting.objects.create(
        region=region,
        programme_year=world.years[2013],
        date=datetime.date(2013, 11, 1),
        place="Hengelo",
        status=GovernanceMeeting.Status.HELD,
        held_at=timezone.now(),
        notes="Discussed the report.",
    )
    world.extra["gov_planned"] = GovernanceMeeting.objects.create(
        region=region, programme_year=world.years[2014], date=datetime.date(2014, 11, 1), place="Enschede"
    )


def snapshot():
    return (
        tuple(
            GovernanceMeeting.objects.order_by("pk").values_list(
                "status", "date", "place", "participants", "notes", "decision_summary"
            )
        ),
        tuple(StimulusGrant.objects.order_by("pk").values_list("status", "decided_amount", "decision_reason")),
    )


def _meeting_url(name, key):
    def build_url(w):
        meeting = w.extra[key]
        return reverse(name, args=[meeting.region, meeting.programme_year.year])

    return build_url


ROWS = {
    "governance:meetings": (
        lambda w: reverse("governance:meetings", args=[w.programme.slug, 2013]),
        expect({OFFICE, VIEWER}, 200),
        OFFICE_FORM_POST,  # an empty plan form is shown again with its errors
    ),
    "governance:meeting_detail": (
        _meeting_url("governance:meeting_detail", "gov_held"),
        expect({PL, PV, OFFICE, VIEWER}, 200),  # held: the region's project leader and penvoerder read it
        READ_ONLY_POST,
    ),
    "governance:meeting_detail[planned]": (
        _meeting_url("governance:meeting_detail", "gov_planned"),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "governance:meeting_edit": (
        _meeting_url("governance:meeting_edit", "gov_planned"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "governance:meeting_notes": (
        _meeting_url("governance:meeting_notes", "gov_held"),
        everyone(405),
        expect({OFFICE}, 200),  # notes are required: the page is shown again with the error
    ),
    "governance:meeting_held": (
        _meeting_url("governance:meeting_held", "gov_planned"),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "governance:meeting_grant": (
        _meeting_url("governance:meeting_grant", "gov_held"),
        everyone(405),
        expect({OFFICE}, 200),  # the amount is required: the page is shown again with the error
    ),
}
