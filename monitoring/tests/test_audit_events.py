"""The audit log of monitor reports: opening, every section save with the fields it changed (an autosave of the
same fields within the window logged once), every transition, attachments; nothing for a refused, forbidden,
invalid or stale request, nor for a save that changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.text import Truncator

from monitoring import services
from monitoring.models import MonitorReport
from monitoring.services import RealisationInput
from monitoring.tests.editing import report_fill_completely
from regions.models import GuidingQuestion, PlacematTheme
from regions.tests.factories import IndicatorFactory, RegionPartnerFactory, TargetFactory
from regions.tests.world import region_key, world_build
from toptechniek.common import samples
from toptechniek.common.audit import audit_fields, audit_text
from toptechniek.common.models import AuditEvent

pytestmark = pytest.mark.django_db
S = MonitorReport.Status
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def w(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = world_build(
        years=({"year": 2013, "future": True},),
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", "pl@t.example"),
            "penvoerder": ("twente", "penvoerder", "pv@t.example"),
        },
    )
    w.region = w.regions["twente"]
    RegionPartnerFactory(region=w.region, penvoerder=True)
    w.indicator = IndicatorFactory(region=w.region, code="IN1", name="Instroom")
    TargetFactory(indicator=w.indicator, year=2013, value=Decimal("110"))
    w.report = services.report_get_or_create(region=w.region, year=2013, user=w.leader)
    return w


def changes(prefix="monitoring."):
    return list(AuditEvent.objects.filter(kind=AuditEvent.Kind.CHANGE, action__startswith=prefix).order_by("pk"))


def english(event) -> str:
    with translation.override("en"):
        return audit_text(event)


def english_fields(event) -> list[str]:
    with translation.override("en"):
        return audit_fields(event)


def save_url(section):
    return reverse("monitoring:report_save", args=[region_key("twente"), 2013, section])


def transition_url(action):
    return reverse("monitoring:report_transition", args=[region_key("twente"), 2013, action])


def reflection(version, works="", not_yet="", progress=""):
    return {
        "version": str(version),
        "reflection_works": works,
        "reflection_not_yet": not_yet,
        "reflection_progress": progress,
    }


# --- Opening and section saves ----------------------------------------------------------------------------


def test_opening_a_report_is_logged_once(w):
    [event] = changes()
    assert (event.kind, event.action, event.actor_id, event.object_label) == (
        "change",
        "monitoring.report_get_or_create",
        w.leader.pk,
        "Twente 2013",
    )
    assert english(event) == "Twente: report 2013 started"
    services.report_get_or_create(region=w.region, year=2013, user=w.leader)  # already there: no change
    assert len(changes()) == 1


def test_autosaves_of_the_same_field_are_logged_once_another_field_again(w, client):
    client.force_login(w.leader)
    assert client.post(save_url("reflection"), reflection(0, works="Leer"), **FETCH).status_code == 200
    assert client.post(save_url("reflection"), reflection(1, works="Leerlijnen"), **FETCH).status_code == 200
    assert client.post(save_url("reflection"), reflection(2, works="Leerlijnen lopen."), **FETCH).status_code == 200
    saves = changes("monitoring.report_save")
    assert len(saves) == 1
    event = saves[0]
    assert (event.action, event.actor_id, event.object_label) == (
        "monitoring.report_save_reflection",
        w.leader.pk,
        "Twente 2013",
    )
    assert event.message == "%(region)s: reflection of report %(year)s saved"
    assert event.params == {"region": "Twente", "year": 2013, "fields": ["what works"]}
    assert english(event) == "Twente: reflection of report 2013 saved"
    assert english_fields(event) == ["what works"]
    body = reflection(3, works="Leerlijnen lopen.", not_yet="Bedrijven")
    assert client.post(save_url("reflection"), body, **FETCH).status_code == 200
    saves = changes("monitoring.report_save")
    assert [e.params["fields"] for e in saves] == [["what works"], ["what does not work yet"]]


def test_the_save_button_logs_the_changed_indicator_an_unchanged_save_nothing(w, client):
    client.force_login(w.leader)
    body = {"version": "0", f"r-{w.indicator.pk}-value": "120", f"r-{w.indicator.pk}-explanation": ""}
    assert client.post(save_url("quantitative"), body).status_code == 302
    [event] = changes("monitoring.report_save")
    assert (event.action, event.actor_id) == ("monitoring.report_save_quantitative", w.leader.pk)
    assert event.params == {"region": "Twente", "year": 2013, "fields": ["IN1 Instroom"]}
    assert english(event) == "Twente: figures of report 2013 saved"
    assert client.post(save_url("quantitative"), {**body, "version": "1"}).status_code == 302  # the same again
    assert len(changes("monitoring.report_save")) == 1


def test_an_invalid_stale_refused_or_forbidden_save_logs_nothing(w, client):
    client.force_login(w.leader)
    value = f"r-{w.indicator.pk}-value"
    assert client.post(save_url("quantitative"), {"version": "0", value: "veel"}).status_code == 400
    assert client.post(save_url("quantitative"), {"version": "7", value: "120"}).status_code == 409  # stale
    client.force_login(w.penvoerder)  # reads the report, does not edit it
    assert client.post(save_url("reflection"), reflection(0, works="x"), **FETCH).status_code == 404
    MonitorReport.objects.filter(pk=w.report.pk).update(status=S.SUBMITTED)
    client.force_login(w.leader)
    assert client.post(save_url("reflection"), reflection(0, works="x"), **FETCH).status_code in (404, 409)
    assert changes("monitoring.report_save") == []


def test_process_answers_self_assessment_and_learning_themes_name_what_changed(w):
    question = GuidingQuestion.objects.filter(theme__programme=w.programme, theme__kind="process").first()
    theme = PlacematTheme.objects.filter(programme=w.programme).first()
    services.report_save_qualitative(report=w.report, base_version=0, answers={question.pk: "Ja."}, user=w.leader)
    services.report_save_self_assessment(
        report=w.report, base_version=0, scores={theme.pk: (3, "Op koers")}, user=w.leader
    )
    services.report_save_reflection(
        report=w.report,
        base_version=0,
        works="",
        not_yet="",
        progress="",
        learning_themes=[(theme.pk, "Bedrijven vasthouden")],
        user=w.leader,
    )
    qualitative, self_assessment, reflection_event = changes("monitoring.report_save")
    assert qualitative.params["fields"] == [Truncator(question.text).chars(100)]
    assert english(qualitative) == "Twente: process answers of report 2013 saved"
    assert self_assessment.params["fields"] == [f"{theme.number}. {theme.name}"]
    assert english(self_assessment) == "Twente: self-assessment of report 2013 saved"
    assert reflection_event.params["fields"] == ["learning themes"]


# --- Transitions ---------------------------------------------------------------------------------------------


def test_every_transition_is_logged_with_its_actor_in_words(w):
    report = report_fill_completely(report=w.report, indicator=w.indicator, leader=w.leader)
    services.report_submit(report=report, actor=w.leader)
    services.report_decline_endorsement(report=report, actor=w.penvoerder, comment="Cijfers nalopen.")
    services.report_submit(report=report, actor=w.leader)
    services.report_endorse(report=report, actor=w.penvoerder)
    services.report_return(report=report, actor=w.office, comment="Toelichting graag.")
    services.report_submit(report=report, actor=w.leader)
    services.report_endorse(report=report, actor=w.penvoerder)
    services.report_accept(report=report, actor=w.office)
    services.report_reopen(report=report, actor=w.office, reason="Fout in de cijfers.")
    events = [e for e in changes() if not e.action.startswith(("monitoring.report_save", "monitoring.report_get"))]
    assert [(e.action, e.actor_id) for e in events] == [
        ("monitoring.report_submit", w.leader.pk),
        ("monitoring.report_decline_endorsement", w.penvoerder.pk),
        ("monitoring.report_submit", w.leader.pk),
        ("monitoring.report_endorse", w.penvoerder.pk),
        ("monitoring.report_return", w.office.pk),
        ("monitoring.report_submit", w.leader.pk),
        ("monitoring.report_endorse", w.penvoerder.pk),
        ("monitoring.report_accept", w.office.pk),
        ("monitoring.report_reopen", w.office.pk),
    ]
    assert [english(e) for e in events[:5]] == [
        "Twente: report 2013 submitted for endorsement",
        "Twente: endorsement of report 2013 declined",
        "Twente: report 2013 submitted for endorsement",
        "Twente: report 2013 endorsed",
        "Twente: report 2013 returned",
    ]
    assert [english(e) for e in events[-2:]] == ["Twente: report 2013 accepted", "Twente: report 2013 reopened"]
    assert events[4].message == "%(region)s: report %(year)s returned"
    assert all(e.params == {"region": "Twente", "year": 2013} and e.object_label == "Twente 2013" for e in events)


def test_a_submit_straight_to_the_office_says_so(w):
    w.region.partners.update(is_penvoerder=False)
    report = report_fill_completely(report=w.report, indicator=w.indicator, leader=w.leader)
    services.report_submit(report=report, actor=w.leader)
    event = changes("monitoring.report_submit")[-1]
    assert english(event) == "Twente: report 2013 submitted"


def test_the_office_returns_through_the_page_logged_with_the_request(w, client):
    report = report_fill_completely(report=w.report, indicator=w.indicator, leader=w.leader)
    services.report_submit(report=report, actor=w.leader)
    services.report_endorse(report=report, actor=w.penvoerder)
    client.force_login(w.office)
    url = transition_url("return")
    assert client.post(url, {"comment": ""}).status_code == 200  # a comment is required: shown again
    assert changes("monitoring.report_return") == []
    assert client.post(url, {"comment": "Toelichting graag."}, REMOTE_ADDR="198.51.100.4").status_code == 302
    [event] = changes("monitoring.report_return")
    assert (event.actor_id, event.actor_label, event.path, event.ip) == (
        w.office.pk,
        "office@t.example",
        url,
        "198.51.100.4",
    )


def test_refused_and_forbidden_transitions_log_nothing(w, client):
    with pytest.raises(ValidationError):  # incomplete
        services.report_submit(report=w.report, actor=w.leader)
    with pytest.raises(ValidationError):  # a draft cannot be accepted
        services.report_accept(report=w.report, actor=w.office)
    client.force_login(w.leader)
    assert client.post(transition_url("accept")).status_code == 404  # not the leader's to accept
    client.post(reverse("accounts:logout"))
    assert client.post(transition_url("accept")).status_code == 302  # anonymous: to the login page
    client.force_login(w.office)
    assert client.post(transition_url("accept"), {"comment": ""}).status_code == 404  # a draft: not acceptable
    assert [e.action for e in changes()] == ["monitoring.report_get_or_create"]


# --- Attachments ---------------------------------------------------------------------------------------------


def test_attachments_added_and_removed_are_logged_with_their_name_a_refusal_is_not(w):
    upload = SimpleUploadedFile("Jaarplan.pdf", samples.pdf_bytes("Jaarplan"), "application/pdf")
    attachment = services.report_attachment_add(report=w.report, upload=upload, description="", actor=w.leader)
    services.report_attachment_delete(attachment=attachment, actor=w.leader)
    added, removed = changes("monitoring.report_attachment")
    assert (added.action, added.actor_id, added.params) == (
        "monitoring.report_attachment_add",
        w.leader.pk,
        {"region": "Twente", "year": 2013, "name": "Jaarplan.pdf"},
    )
    assert english(added) == "Twente: attachment “Jaarplan.pdf” added to report 2013"
    assert removed.action == "monitoring.report_attachment_delete"
    assert english(removed) == "Twente: attachment “Jaarplan.pdf” removed from report 2013"
    MonitorReport.objects.filter(pk=w.report.pk).update(status=S.SUBMITTED)
    w.report.refresh_from_db()
    upload = SimpleUploadedFile("Later.pdf", samples.pdf_bytes("Later"), "application/pdf")
    with pytest.raises(ValidationError):
        services.report_attachment_add(report=w.report, upload=upload, description="", actor=w.leader)
    assert len(changes("monitoring.report_attachment")) == 2


def test_the_log_reads_in_dutch(w):
    report = report_fill_completely(report=w.report, indicator=w.indicator, leader=w.leader)
    services.report_submit(report=report, actor=w.leader)
    services.report_endorse(report=report, actor=w.penvoerder)
    services.report_return(report=report, actor=w.office, comment="Toelichting graag.")
    services.report_save_quantitative(
        report=report,
        base_version=report.quantitative_version,
        values={w.indicator.pk: RealisationInput(value=Decimal("121"), not_applicable=False, explanation="")},
        user=w.leader,
    )
    returned = changes("monitoring.report_return")[-1]
    saved = changes("monitoring.report_save_quantitative")[-1]
    reflection_event = changes("monitoring.report_save_reflection")[-1]
    with translation.override("nl"):
        # nl
        assert audit_text(returned) == "Twente: rapportage 2013 teruggestuurd"
        assert audit_text(saved) == "Twente: cijfers van rapportage 2013 opgeslagen"
        assert audit_fields(reflection_event) == [  # stored in the order of their English source
            "hoe de regio de eigen voortgang ziet",
            "leerthema's",
            "wat nog niet werkt",
            "wat werkt",
        ]
