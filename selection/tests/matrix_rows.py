"""Permission-matrix rows of the selection (see regions/tests/matrix_base.py).

In the world's programme: an open, published call whose committee the critical friend sits on, and a
concept call. Region B's project leader applies for a new region: a draft, a submitted application (not yet
scored) and an honoured one awaiting its subsidiebeschikking."""

from django.urls import reverse

from regions.tests.matrix_base import CF, OFFICE, PL_OTHER, READ_ONLY_POST, VIEWER, expect
from selection.models import Application, Call, CommitteeMember, CommitteeScore
from selection.tests.factories import ApplicationFactory, CallFactory, CommitteeMemberFactory

FOLLOWERS = {OFFICE, VIEWER, CF, PL_OTHER}  # the office, the ministry, the committee, the applicant


def build(world) -> None:
    call = CallFactory(programme=world.programme, title="Oproep 2013")
    CommitteeMemberFactory(call=call, user=world.users[CF])
    world.extra["call"] = call
    world.extra["call_concept"] = CallFactory(programme=world.programme, title="Oproep concept", concept=True)
    world.extra["member_removable"] = CommitteeMemberFactory(call=call)
    applicant = world.users[PL_OTHER]
    world.extra["app_draft"] = ApplicationFactory(call=call, applicant=applicant, region_name="Nieuwe regio")
    world.extra["app_submitted"] = ApplicationFactory(
        call=call, applicant=applicant, region_name="Ingediende regio", submitted=True
    )
    world.extra["app_honoured"] = ApplicationFactory(
        call=call,
        applicant=applicant,
        region_name="Gehonoreerde regio",
        submitted=True,
        status=Application.Status.HONOURED,
        decision_reason="Sterk",
    )


def snapshot():
    return (
        tuple(Call.objects.order_by("pk").values_list("title", "published_at", "deadline")),
        tuple(Application.objects.order_by("pk").values_list("status", "region_name", "ambitions", "region_id")),
        CommitteeMember.objects.count(),
        CommitteeScore.objects.count(),
    )


def _call(key="call", name="selection:call_detail"):
    return lambda w: reverse(name, args=[w.extra[key].pk])


def _app(key, name):
    return lambda w: reverse(name, args=[w.extra[key].pk])


ROWS = {
    "selection:call_list": (lambda w: reverse("selection:call_list"), expect(FOLLOWERS, 200), READ_ONLY_POST),
    "selection:call_create": (
        lambda w: reverse("selection:call_create"),
        expect({OFFICE}, 200),
        expect({OFFICE}, 200),  # an empty POST shows the form with its errors
    ),
    "selection:call_detail": (_call(), expect(FOLLOWERS, 200), READ_ONLY_POST),
    "selection:call_detail[concept]": (_call("call_concept"), expect({OFFICE}, 200), READ_ONLY_POST),
    "selection:call_update": (_call(name="selection:call_update"), expect({OFFICE}, 200), expect({OFFICE}, 200)),
    "selection:call_publish": (
        _call("call_concept", "selection:call_publish"),
        expect(set(), 405, others=405),
        expect({OFFICE}, 302),
    ),
    "selection:call_publish[published]": (
        _call(name="selection:call_publish"),
        expect(set(), 405, others=405),
        expect(set(), 302),  # 404: published already
    ),
    "selection:committee_add": (
        _call(name="selection:committee_add"),
        expect(set(), 405, others=405),
        expect({OFFICE}, 302),  # an empty choice: told so, nothing changes
    ),
    "selection:committee_remove": (
        lambda w: reverse("selection:committee_remove", args=[w.extra["call"].pk, w.extra["member_removable"].pk]),
        expect(set(), 405, others=405),
        expect({OFFICE}, 302),
    ),
    "selection:applicant_invite": (
        _call(name="selection:applicant_invite"),
        expect({OFFICE}, 200),
        expect({OFFICE}, 200),
    ),
    "selection:application_detail": (
        _app("app_draft", "selection:application_detail"),
        expect({OFFICE, PL_OTHER}, 200),  # a draft is the applicant's and the office's only
        READ_ONLY_POST,
    ),
    "selection:application_detail[submitted]": (
        _app("app_submitted", "selection:application_detail"),
        expect(FOLLOWERS, 200),
        READ_ONLY_POST,
    ),
    "selection:application_edit": (
        _app("app_draft", "selection:application_edit"),
        expect({PL_OTHER}, 200),
        expect({PL_OTHER}, 200),  # an empty POST: the form with its errors
    ),
    "selection:application_edit[submitted]": (
        _app("app_submitted", "selection:application_edit"),
        expect(set(), 200),
        expect(set(), 200),
    ),
    "selection:application_submit": (
        _app("app_draft", "selection:application_submit"),
        expect({PL_OTHER}, 200),
        expect({PL_OTHER}, 200),  # incomplete: refused with what is missing
    ),
    "selection:application_score": (
        _app("app_submitted", "selection:application_score"),
        expect({CF}, 200),
        expect({CF}, 200),
    ),
    "selection:application_score[draft]": (
        _app("app_draft", "selection:application_score"),
        expect(set(), 200),
        expect(set(), 200),
    ),
    "selection:application_decide": (
        _app("app_submitted", "selection:application_decide"),
        expect({OFFICE}, 200),
        expect({OFFICE}, 200),
    ),
    "selection:application_beschikking": (
        _app("app_honoured", "selection:application_beschikking"),
        expect({VIEWER}, 200),
        expect({VIEWER}, 200),
    ),
    "selection:application_beschikking[submitted]": (
        _app("app_submitted", "selection:application_beschikking"),
        expect(set(), 200),
        expect(set(), 200),
    ),
}
