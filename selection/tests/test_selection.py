"""The selection cycle: call, application, blind committee scoring, the office's decision and the ministry's
subsidiebeschikking that makes the region — services, rules, pages and mails."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regions.models import Indicator, Region, RegionRole, RegionVision
from regions.tests.factories import ProgrammeFactory, UserFactory, landsdeel_of
from selection import services
from selection.models import Application, CommitteeScore
from toptechniek.common.models import Notification

from .factories import ApplicationFactory, CallFactory, CommitteeMemberFactory, CommitteeScoreFactory

pytestmark = pytest.mark.django_db

SCORES = {"ambitious": 4, "partners": 3, "feasible": 3, "sustainable": 2}
RATIONALES = {c: f"Onderbouwing {c}." for c in SCORES}


@pytest.fixture
def office():
    return UserFactory(email="office@t.example", office=True)


@pytest.fixture
def viewer():
    return UserFactory(email="viewer@t.example", viewer=True)


@pytest.fixture
def call():
    return CallFactory(programme=ProgrammeFactory(slug="ttib"))


def _kinds(key_part: str) -> list[str]:
    return list(Notification.objects.filter(key__contains=key_part).values_list("kind", flat=True))


def _score(application, member, advice="honour", **kw):
    return services.application_score(
        application=application, member=member, scores={**SCORES, **kw}, rationales=RATIONALES, advice=advice
    )


# --- Calls and the committee ------------------------------------------------------------------


def test_call_join_year_outside_the_programme_is_refused(office):
    programme = ProgrammeFactory(slug="ttib")
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.call_save(
            actor=office,
            programme=programme,
            title="Oproep",
            join_year=2020,
            opens_on=today,
            deadline=today - datetime.timedelta(days=1),
            criteria="x",
            budget=None,
        )
    assert set(exc.value.message_dict) == {"join_year", "deadline"}


def test_call_publish_once(office):
    call = CallFactory(concept=True)
    services.call_publish(call=call, actor=office)
    call.refresh_from_db()
    assert call.published_at is not None
    with pytest.raises(ValidationError):
        services.call_publish(call=call, actor=office)


def test_committee_member_cannot_be_an_applicant_of_the_call(call, office):
    application = ApplicationFactory(call=call)
    with pytest.raises(ValidationError) as exc:
        services.committee_member_add(call=call, user=application.applicant, actor=office)
    assert "applies in this call" in str(exc.value)


def test_committee_member_who_scored_stays(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    member = CommitteeMemberFactory(call=call)
    _score(application, member.user)
    with pytest.raises(ValidationError):
        services.committee_member_remove(member=member, actor=office)


# --- Applications ------------------------------------------------------------------------------


def test_application_start_invites_a_new_person_with_an_account(
    call, office, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_start(
            call=call, actor=office, email="Nieuw@Regio.example", full_name="Nieuwe Trekker", region_name="Achterhoek"
        )
    assert application.status == Application.Status.DRAFT
    assert application.applicant.email == "nieuw@regio.example"
    assert not application.applicant.has_usable_password()
    assert application.applicant.invitations.count() == 1


def test_application_start_for_someone_with_an_account_mails_the_link(call, office):
    person = UserFactory()
    services.application_start(call=call, actor=office, email=person.email, full_name="x", region_name="Achterhoek")
    assert _kinds("application-invited") == ["application_invited"]


def test_application_start_refuses_the_same_region_twice_and_a_closed_call(call, office):
    services.application_start(call=call, actor=office, email="a@x.example", full_name="A", region_name="Achterhoek")
    with pytest.raises(ValidationError) as exc:
        services.application_start(
            call=call, actor=office, email="b@x.example", full_name="B", region_name="achterhoek"
        )
    assert "region_name" in exc.value.message_dict
    closed = CallFactory(programme=call.programme, closed=True)
    with pytest.raises(ValidationError):
        services.application_start(call=closed, actor=office, email="c@x.example", full_name="C", region_name="Z")


def test_application_submit_lists_what_is_missing_and_changes_nothing(call):
    application = ApplicationFactory(call=call)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, actor=application.applicant)
    text = " ".join(exc.value.messages)
    assert "penvoerder" in text and "landsdeel" in text and "indicator" in text and "board member" in text
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


def test_application_submit_needs_all_three_os(call):
    application = ApplicationFactory(call=call, complete=True)
    application.partners.filter(kind="overheid").delete()
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, actor=application.applicant)
    assert exc.value.messages == ["Add at least one partner of the O of government."]


def test_application_submit_after_the_deadline_is_refused(call):
    application = ApplicationFactory(call=CallFactory(programme=call.programme, closed=True), complete=True)
    with pytest.raises(ValidationError) as exc:
        services.application_submit(application=application, actor=application.applicant)
    assert "deadline" in str(exc.value)


def test_application_submit_mails_the_committee_once(call):
    members = [CommitteeMemberFactory(call=call).user for _ in range(2)]
    application = ApplicationFactory(call=call, complete=True)
    services.application_submit(application=application, actor=application.applicant)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    rows = Notification.objects.filter(kind="application_submitted")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(m.pk for m in members)


def test_application_save_replaces_partners_and_checks_them(call):
    application = ApplicationFactory(call=call, complete=True)
    partner = {
        "name": "ROC",
        "kind": "onderwijs",
        "subtype": "bedrijf",
        "is_penvoerder": True,
        "commitment": "",
        "cofinancing": Decimal(0),
    }
    with pytest.raises(ValidationError) as exc:
        services.application_save(
            application=application,
            actor=application.applicant,
            fields={"region_name": application.region_name},
            partners=[partner, {**partner, "name": "roc"}],
            indicators=[],
        )
    assert len(exc.value.message_dict["partners"]) == 4  # two wrong types, listed twice, two penvoerders
    assert application.partners.count() == 3  # nothing changed


def test_submitted_application_cannot_change(call):
    application = ApplicationFactory(call=call, submitted=True)
    with pytest.raises(ValidationError):
        services.application_save(
            application=application,
            actor=application.applicant,
            fields={"region_name": "X"},
            partners=[],
            indicators=[],
        )


# --- Scoring and deciding ----------------------------------------------------------------------


def test_score_only_by_members_and_needs_every_rationale(call):
    application = ApplicationFactory(call=call, submitted=True)
    outsider = UserFactory()
    with pytest.raises(ValidationError):
        _score(application, outsider)
    member = CommitteeMemberFactory(call=call).user
    with pytest.raises(ValidationError) as exc:
        services.application_score(
            application=application,
            member=member,
            scores=SCORES,
            rationales={**RATIONALES, "feasible": " "},
            advice="honour",
        )
    assert list(exc.value.message_dict) == ["feasible_rationale"]


def test_scores_are_blind_until_ones_own_is_given(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    first, second = CommitteeMemberFactory(call=call).user, CommitteeMemberFactory(call=call).user
    _score(application, first)
    application = Application.objects.get(pk=application.pk)
    assert first.has_perm("selection.view_scores", application)
    assert not second.has_perm("selection.view_scores", application)
    assert office.has_perm("selection.view_scores", application)  # the office is no member here
    _score(application, second, advice="reject")
    second = type(second).objects.get(pk=second.pk)
    assert second.has_perm("selection.view_scores", Application.objects.get(pk=application.pk))


def test_decide_waits_for_every_member(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    first = CommitteeMemberFactory(call=call, user=UserFactory(full_name="Anna Eerst")).user
    CommitteeMemberFactory(call=call, user=UserFactory(full_name="Bert Later"))
    _score(application, first)
    with pytest.raises(ValidationError) as exc:
        services.application_decide(application=application, actor=office, honour=False, reason="Te vaag.")
    assert "Bert Later" in str(exc.value)


def test_reject_mails_the_applicant_with_the_reason(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    _score(application, CommitteeMemberFactory(call=call).user, advice="reject")
    services.application_decide(application=application, actor=office, honour=False, reason="Geen bedrijven aan boord.")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
    mail = Notification.objects.get(kind="application_decided")
    assert mail.recipient_id == application.applicant_id
    assert mail.context["reason"] == "Geen bedrijven aan boord." and mail.context["honoured"] is False
    assert not Region.objects.filter(name=application.region_name).exists()


def test_honour_needs_the_assessment_and_an_amount(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    _score(application, CommitteeMemberFactory(call=call).user)
    with pytest.raises(ValidationError) as exc:
        services.application_decide(
            application=application, actor=office, honour=True, reason="Sterk.", scores={}, rationales={}
        )
    assert {"ambitious_score", "awarded_amount"} <= set(exc.value.message_dict)
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED


def test_honoured_application_with_beschikking_becomes_the_region(call, office, viewer):
    application = ApplicationFactory(call=call, submitted=True)
    application.landsdeel = landsdeel_of(programme=call.programme, code="oost")
    application.save()
    _score(application, CommitteeMemberFactory(call=call).user)
    services.application_decide(
        application=application,
        actor=office,
        honour=True,
        reason="Sterk plan.",
        scores=SCORES,
        rationales=RATIONALES,
        awarded_amount=Decimal("400000"),
    )
    mails = Notification.objects.filter(kind="application_decided")
    assert set(mails.values_list("recipient_id", flat=True)) == {application.applicant_id, viewer.pk}
    assert not Region.objects.filter(name=application.region_name).exists()  # not before the beschikking

    services.application_record_beschikking(
        application=application,
        actor=viewer,
        date=timezone.localdate(),
        amount=Decimal("400000"),
        reference="OCW/2013/17",
    )
    application.refresh_from_db()
    region = application.region
    assert region.name == application.region_name and region.join_year == call.join_year
    assert region.landsdeel.code == "oost"
    assert sorted(region.partners.values_list("organisation__kind", flat=True)) == [
        "ondernemer",
        "onderwijs",
        "overheid",
    ]
    assert region.partners.get(is_penvoerder=True).organisation.name.startswith("ROC")
    assert RegionRole.objects.filter(region=region, user=application.applicant, role="project_leader").exists()
    board = RegionRole.objects.get(region=region, role="penvoerder")
    assert board.user.email == application.penvoerder_email and board.user.invitations.count() == 1
    assert board.organisation == region.partners.get(is_penvoerder=True).organisation
    vision = region.visions.get()
    assert vision.status == RegionVision.Status.APPROVED and vision.version == 1
    assert vision.ambitions == application.ambitions
    assert (vision.ambitious_score, vision.sustainable_score) == (4, 2)
    assert vision.subsidy_amount == Decimal("400000")
    indicator = region.indicators.get()
    assert indicator.status == Indicator.Status.AGREED
    assert list(indicator.targets.values_list("year", "value")) == [(call.programme.end_year, Decimal("1400.00"))]
    assert _kinds("application-established") == ["application_established", "application_established"]


def test_beschikking_only_for_honoured_and_never_twice(call, office, viewer):
    application = ApplicationFactory(call=call, submitted=True)
    with pytest.raises(ValidationError):
        services.application_record_beschikking(
            application=application, actor=viewer, date=timezone.localdate(), amount=Decimal(1), reference="R"
        )
    with pytest.raises(ValidationError) as exc:
        services.application_record_beschikking(
            application=application,
            actor=viewer,
            date=timezone.localdate() + datetime.timedelta(days=1),
            amount=Decimal(-1),
            reference="",
        )
    assert set(exc.value.message_dict) == {"date", "amount", "reference"}


def test_closed_programme_refuses_every_change(call, office):
    application = ApplicationFactory(call=call, submitted=True)
    member = CommitteeMemberFactory(call=call).user
    call.programme.closed_at = timezone.now()
    call.programme.save()
    with pytest.raises(ValidationError):
        _score(Application.objects.select_related("call__programme").get(pk=application.pk), member)
    assert not CommitteeScore.objects.exists()
    assert not member.has_perm("selection.score_application", Application.objects.get(pk=application.pk))


# --- Pages -------------------------------------------------------------------------------------


def _post_application(client, application, **extra):
    data = {
        "region_name": application.region_name,
        "landsdeel": "",
        "requested_amount": "450.000,50",
        "labour_market_analysis": "Analyse",
        "ambitions": "Ambitie",
        "approach_why": "Waarom",
        "approach_what": "Wat",
        "approach_who": "Wie",
        "approach_how": "Hoe",
        "partners-TOTAL_FORMS": "1",
        "partners-INITIAL_FORMS": "0",
        "partners-0-name": "ROC Test",
        "partners-0-kind": "onderwijs",
        "partners-0-subtype": "bedrijf",  # wrong type for education
        "partners-0-cofinancing": "1.000",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
        **extra,
    }
    return client.post(reverse("selection:application_edit", args=[application.pk]), data)


def test_application_form_error_keeps_what_was_typed(client, call):
    application = ApplicationFactory(call=call)
    client.force_login(application.applicant)
    response = _post_application(client, application)
    assert response.status_code == 200
    html = response.content.decode()
    assert "ROC Test" in html and "Ambitie" in html
    application.refresh_from_db()
    assert application.ambitions == ""


def test_application_form_saves_with_dutch_amounts(client, call):
    application = ApplicationFactory(call=call)
    client.force_login(application.applicant)
    response = _post_application(client, application, **{"partners-0-subtype": "mbo"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.requested_amount == Decimal("450000.50")
    assert application.partners.get().cofinancing == Decimal("1000")


def test_call_page_hides_other_applications_from_an_applicant(client, call):
    own = ApplicationFactory(call=call, submitted=True, region_name="Eigen regio")
    ApplicationFactory(call=call, submitted=True, region_name="Andere regio")
    client.force_login(own.applicant)
    html = client.get(call.get_absolute_url()).content.decode()
    assert "Eigen regio" in html and "Andere regio" not in html


def test_call_page_query_count_is_flat(client, call, office, django_assert_max_num_queries):
    client.force_login(office)
    for n in range(3):
        application = ApplicationFactory(call=call, submitted=True)
        CommitteeScoreFactory(
            application=application,
            member=CommitteeMemberFactory(call=call).user if n == 0 else application.call.committee.first().user,
        )
    with django_assert_max_num_queries(18):
        response = client.get(call.get_absolute_url())
    assert response.status_code == 200


def test_todos_follow_the_cycle(call, office, viewer):
    from toptechniek.common.todo import todos_for

    today = timezone.localdate()
    application = ApplicationFactory(call=call, complete=True)
    assert [t.kind for t in todos_for(user=application.applicant, today=today)] == ["application_submit"]
    member = CommitteeMemberFactory(call=call).user
    services.application_submit(application=application, actor=application.applicant)
    member = type(member).objects.get(pk=member.pk)
    assert [t.kind for t in todos_for(user=member, today=today)] == ["application_score"]
    assert "application_decide" not in [t.kind for t in todos_for(user=office, today=today)]
    _score(application, member)
    assert "application_decide" in [t.kind for t in todos_for(user=office, today=today)]
    services.application_decide(
        application=application,
        actor=office,
        honour=True,
        reason="Goed.",
        scores=SCORES,
        rationales=RATIONALES,
        awarded_amount=Decimal(1),
    )
    assert [t.kind for t in todos_for(user=viewer, today=today)] == ["application_beschikking"]


def test_untouched_extra_partner_rows_are_left_out(client, call):
    application = ApplicationFactory(call=call, complete=True)
    client.force_login(application.applicant)
    page = client.get(reverse("selection:application_edit", args=[application.pk])).content.decode()
    total = int(re.search(r'name="partners-TOTAL_FORMS" value="(\d+)"', page).group(1))
    assert total == 5  # three partners and two empty rows
    data = {
        "region_name": application.region_name,
        "requested_amount": "450.000,00",
        **{f: "x" for f in Application.TEXT_FIELDS},
        "partners-TOTAL_FORMS": "5",
        "partners-INITIAL_FORMS": "0",
        "indicators-TOTAL_FORMS": "0",
        "indicators-INITIAL_FORMS": "0",
    }
    for n, partner in enumerate(application.partners.all()):
        data |= {
            f"partners-{n}-name": partner.name,
            f"partners-{n}-kind": partner.kind,
            f"partners-{n}-subtype": partner.subtype,
        }
    for n in (3, 4):  # what the browser posts for an untouched row
        data |= {
            f"partners-{n}-name": "",
            f"partners-{n}-kind": "",
            f"partners-{n}-subtype": "",
            f"partners-{n}-cofinancing": "",
        }
    response = client.post(reverse("selection:application_edit", args=[application.pk]), data)
    assert response.status_code == 302
    assert application.partners.count() == 3
