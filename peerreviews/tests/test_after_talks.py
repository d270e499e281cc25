"""The nagesprek after a peer review: planned once the regions have reported, mailed, recorded once held, on
Mijn taken while it waits, and linked from the region's next monitor report."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import AfterTalk, PeerReview
from peerreviews.selectors.todo import todos_for_user
from peerreviews.services.after_talks import aftertalk_plan, aftertalk_record
from peerreviews.tests.factories import PeerReviewFactory
from regions.tests.factories import UserFactory
from regions.tests.world import world_build
from toptechniek.common.models import Notification

pytestmark = pytest.mark.django_db
REVIEW_DAY = datetime.date(2015, 10, 1)


@pytest.fixture
def w():
    w = world_build(
        years=(2015, 2016),
        regions=({"slug": "twente"}, {"slug": "achterhoek"}),
        viewer=True,
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "leader_b": ("achterhoek", "project_leader", "pl-b@t.example"),
            "pv_b": ("achterhoek", "penvoerder", "pv-b@t.example"),
            "partner": ("twente", "partner", "partner@t.example"),
        },
    )
    w.a, w.b = w.regions["twente"], w.regions["achterhoek"]
    w.facilitator = UserFactory(email="pb@t.example", full_name="Paula Begeleider")
    w.review = PeerReviewFactory(
        programme_year=w.years[2015],
        host_region=w.a,
        peer_region=w.b,
        reported=True,
        date=REVIEW_DAY,
        facilitator=w.facilitator,
    )
    return w


def mails(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def test_after_talk_plan_mails_the_regions_and_the_facilitator_once(w):
    talk = aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), place="Enschede", actor=w.leader)
    assert (talk.status, talk.date, talk.place, talk.planned_by) == (
        "planned",
        datetime.date(2015, 12, 1),
        "Enschede",
        w.leader,
    )
    assert mails("after_talk_planned") == {"pl-b@t.example", "pv-b@t.example", "pb@t.example"}
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), place="Enschede", actor=w.leader)
    assert Notification.objects.filter(kind="after_talk_planned").count() == 3  # the same date: no second mail
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 8), place="Enschede", actor=w.leader)
    assert Notification.objects.filter(kind="after_talk_planned").count() == 6  # moved: mailed the new date
    assert AfterTalk.objects.count() == 1


def test_after_talk_plan_refused_before_the_regions_reported(w):
    PeerReview.objects.filter(pk=w.review.pk).update(status=PeerReview.Status.HELD)
    with pytest.raises(ValidationError, match="once the regions have reported"):
        aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), actor=w.office)
    assert not AfterTalk.objects.exists() and not Notification.objects.exists()


def test_after_talk_plan_refuses_a_date_before_the_review(w):
    with pytest.raises(ValidationError) as exc:
        aftertalk_plan(review=w.review, date=datetime.date(2015, 9, 1), actor=w.office)
    assert "comes after the review of 1 October 2015" in str(exc.value)
    assert not AfterTalk.objects.exists()


def test_after_talk_record_only_once_held_and_with_what_changed(w):
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), actor=w.office)
    kwargs = {
        "review": w.review,
        "participants": "Pia (Twente)",
        "next_steps": "Vervolg in 2016",
        "actor": w.facilitator,
    }
    with pytest.raises(ValidationError, match="record it once it has been held"):
        aftertalk_record(**kwargs, what_changed="Veel", today=datetime.date(2015, 11, 30))
    with pytest.raises(ValidationError, match="what has changed"):
        aftertalk_record(**kwargs, what_changed="  ", today=datetime.date(2015, 12, 1))
    assert AfterTalk.objects.get().status == "planned" and not mails("after_talk_recorded")
    talk = aftertalk_record(**kwargs, what_changed="Twente werkt nu met vaste duo's.", today=datetime.date(2015, 12, 2))
    assert (talk.status, talk.recorded_by, talk.what_changed) == (
        "recorded",
        w.facilitator,
        "Twente werkt nu met vaste duo's.",
    )
    assert mails("after_talk_recorded") == {"pl@t.example", "pl-b@t.example", "pv-b@t.example"}
    aftertalk_record(**kwargs, what_changed="Gecorrigeerd.", today=datetime.date(2015, 12, 3))
    assert Notification.objects.filter(kind="after_talk_recorded").count() == 3  # a correction: no second mail
    with pytest.raises(ValidationError, match="cannot be planned again"):
        aftertalk_plan(review=w.review, date=datetime.date(2016, 1, 5), actor=w.office)


def test_after_talk_record_refused_in_a_closed_programme(w):
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), actor=w.office)
    w.programme.closed_at = datetime.datetime(2016, 9, 30, tzinfo=datetime.UTC)
    w.programme.save()
    with pytest.raises(ValidationError, match="closed"):
        aftertalk_record(
            review=w.review,
            participants="",
            what_changed="x",
            next_steps="",
            actor=w.office,
            today=datetime.date(2016, 1, 1),
        )
    assert AfterTalk.objects.get().status == "planned"


def test_after_talk_waits_on_mijn_taken_of_the_facilitator_once_its_date_has_come(w):
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), actor=w.office)
    assert not [
        t
        for t in todos_for_user(user=w.facilitator, today=datetime.date(2015, 11, 30))
        if t.kind == "after_talk_record"
    ]
    (todo,) = [
        t for t in todos_for_user(user=w.facilitator, today=datetime.date(2015, 12, 2)) if t.kind == "after_talk_record"
    ]
    assert todo.url == reverse("peerreviews:after_talk_record", args=[w.review.pk])
    # With a procesbegeleider, the host's project leader is not asked.
    assert not [
        t for t in todos_for_user(user=w.leader, today=datetime.date(2015, 12, 2)) if t.kind == "after_talk_record"
    ]
    aftertalk_record(
        review=w.review,
        participants="",
        what_changed="x",
        next_steps="",
        actor=w.facilitator,
        today=datetime.date(2015, 12, 2),
    )
    assert not [
        t for t in todos_for_user(user=w.facilitator, today=datetime.date(2015, 12, 3)) if t.kind == "after_talk_record"
    ]


def test_after_talk_pages_plan_and_record_keep_input_on_error(client, w):
    client.force_login(w.leader)
    detail = client.get(w.review.get_absolute_url()).content.decode()
    assert reverse("peerreviews:after_talk_plan", args=[w.review.pk]) in detail
    url = reverse("peerreviews:after_talk_plan", args=[w.review.pk])
    response = client.post(url, {"date": "2015-09-01", "place": "Hengelo"})
    assert response.status_code == 200 and 'value="Hengelo"' in response.content.decode()
    assert "comes after the review" in response.content.decode()
    assert client.post(url, {"date": "2015-12-01", "place": "Hengelo"}).status_code == 302
    record = reverse("peerreviews:after_talk_record", args=[w.review.pk])
    response = client.post(record, {"participants": "Pia", "what_changed": "", "next_steps": "Samen verder"})
    assert response.status_code == 200 and "Samen verder" in response.content.decode()
    response = client.post(record, {"participants": "Pia", "what_changed": "Vaste duo's", "next_steps": "Samen verder"})
    assert response.status_code == 302
    detail = client.get(w.review.get_absolute_url()).content.decode()
    assert "Vaste duo&#x27;s" in detail and "Recorded by" in detail


def test_after_talk_pages_refuse_partners_and_the_viewer(client, w):
    for user in (w.partner, w.viewer):
        client.force_login(user)
        assert client.get(reverse("peerreviews:after_talk_plan", args=[w.review.pk])).status_code == 404


def test_next_monitor_report_links_the_recorded_after_talk(client, w):
    MonitorReportFactory(region=w.b, programme_year=w.years[2016])
    aftertalk_plan(review=w.review, date=datetime.date(2015, 12, 1), actor=w.office)
    client.force_login(w.leader_b)
    page = client.get(reverse("monitoring:report_detail", args=[w.b, 2016])).content.decode()
    assert "Nagesprek of 1 December 2015" not in page  # planned is not yet something to build on
    aftertalk_record(
        review=w.review,
        participants="",
        what_changed="De Achterhoek betrekt nu de vmbo-docenten.",
        next_steps="Vervolg-peer review in 2016.",
        actor=w.office,
        today=datetime.date(2015, 12, 2),
    )
    page = client.get(reverse("monitoring:report_detail", args=[w.b, 2016])).content.decode()
    assert "Nagesprek of 1 December 2015" in page and "De Achterhoek betrekt nu de vmbo-docenten." in page
    assert w.review.get_absolute_url() + "#after-talk" in page


def test_closed_programme_makes_the_review_content_read_only(client, w):
    """A closed programme is history: no outcome toggled, no question, report or attachment changed."""
    from peerreviews.models import LearningOutcome, LearningQuestion
    from peerreviews.services.content import outcome_toggle_done

    question = LearningQuestion.objects.create(
        review=w.review,
        region=w.a,
        question="Hoe houden we bedrijven aan tafel?",
        owner="Pia",
        theme=w.programme.placemat_themes.first(),
        report=MonitorReportFactory(region=w.a, programme_year=w.years[2015], accepted=True),
    )
    outcome = LearningOutcome.objects.create(
        question=question, insights="x", action="y", action_owner="Pia", action_due=datetime.date(2016, 1, 1)
    )
    assert w.leader.has_perm("peerreviews.toggle_outcome", question)
    w.programme.closed_at = datetime.datetime(2016, 9, 30, tzinfo=datetime.UTC)
    w.programme.save()
    from django.core.cache import cache

    cache.clear()
    for perm, obj in (
        ("peerreviews.toggle_outcome", question),
        ("peerreviews.edit_outcome", question),
        ("peerreviews.edit_own_report", w.review),
        ("peerreviews.add_review_attachment", w.review),
        ("peerreviews.change_after_talk", w.review),
    ):
        assert not w.office.has_perm(perm, obj), perm
    with pytest.raises(ValidationError, match="closed"):
        outcome_toggle_done(outcome=outcome, actor=w.office)
    outcome.refresh_from_db()
    assert outcome.done is False
