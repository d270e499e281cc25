"""The office proposes one year's figures for many regions from one file: a preview per row, proposals that never
overwrite a region's own figures nor touch a submitted report, and the region taking them over or setting them
aside in its editor."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from monitoring.models import MonitorReport, ProposedRealisation
from regions.models import RegionRole
from regions.tests.factories import IndicatorFactory, RegionRoleFactory, TargetFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.models import AuditEvent

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = world_build(
        years=({"year": 2013, "future": True},),
        regions=({"slug": "twente"}, {"slug": "zwolle"}, {"slug": "drenthe"}),
        roles={"leader": ("twente", "project_leader", "pl@t.example")},
    )
    w.a, w.b, w.c = (w.regions[s] for s in ("twente", "zwolle", "drenthe"))
    w.ia = IndicatorFactory(region=w.a, code="L1", name="Leerlingen")
    w.ib = IndicatorFactory(region=w.b, code="L1", name="Leerlingen")
    TargetFactory(indicator=w.ia, year=2013, value=Decimal(100))
    w.report_a = MonitorReportFactory(region=w.a, programme_year=w.years[2013])
    RealisationFactory(report=w.report_a, indicator=w.ia, value=Decimal(77), explanation="Eigen telling")
    w.report_b = MonitorReportFactory(region=w.b, programme_year=w.years[2013], submitted=True)
    return w


def url(w, name):
    return reverse(f"monitoring:{name}", args=[w.programme.slug, 2013])


def csv_upload(client, w, text):
    return client.post(url(w, "office_import"), {"file": SimpleUploadedFile("duo.csv", text.encode("utf-8"))})


DUO = "Regio;Code;Waarde;Niets te melden;Toelichting\nTwente;L1;123,5;;DUO 1 oktober\nZwolle;L1;80;;\nAtlantis;L1;5;;\n"


def test_office_import_template_lists_every_region_and_agreed_indicator(client, w):
    client.force_login(w.office)
    response = client.get(url(w, "office_import_template"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][:2] == ("Region", "Code")
    assert [(r[0], r[1], r[6]) for r in rows[2:]] == [("Twente", "L1", 77), ("Zwolle", "L1", None)]


def test_office_import_preview_names_problems_and_proposes_only_to_open_reports(client, w):
    client.force_login(w.office)
    page = csv_upload(client, w, DUO).content.decode()
    assert "Zwolle has submitted its report: its figures are not changed." in page
    assert "Unknown region &#x27;Atlantis&#x27;" in page
    assert not ProposedRealisation.objects.exists()  # the preview saves nothing
    assert client.post(url(w, "office_import_confirm")).status_code == 302  # problems: refused without the choice
    assert not ProposedRealisation.objects.exists()
    client.post(url(w, "office_import_confirm"), {"valid_only": "1"})
    (proposal,) = ProposedRealisation.objects.all()
    assert (proposal.report, proposal.value, proposal.explanation, proposal.source) == (
        w.report_a,
        Decimal("123.5"),
        "DUO 1 oktober",
        "duo.csv",
    )
    assert w.report_a.realisations.get().value == Decimal(77)  # the region's own figure stays
    assert AuditEvent.objects.filter(action="monitoring.proposals_import").exists()


def test_region_takes_the_proposals_over_in_its_editor(client, w):
    client.force_login(w.office)
    csv_upload(client, w, "Regio;Code;Waarde\nTwente;L1;123,5\n")
    client.post(url(w, "office_import_confirm"))
    client.force_login(w.leader)
    edit = reverse("monitoring:report_edit", args=[region_key("twente"), 2013])
    page = client.get(edit).content.decode()
    assert "The programme office proposes 1 figure" in page and "123.5" in page
    response = client.post(
        reverse("monitoring:report_proposals_accept", args=[region_key("twente"), 2013]), {"version": "0"}
    )
    assert response.status_code == 302
    row = w.report_a.realisations.get()
    assert row.value == Decimal("123.5")
    assert not ProposedRealisation.objects.exists()
    w.report_a.refresh_from_db()
    assert w.report_a.quantitative_version == 1


def test_region_sets_the_proposals_aside_and_keeps_its_own(client, w):
    client.force_login(w.office)
    csv_upload(client, w, "Regio;Code;Waarde\nTwente;L1;123,5\n")
    client.post(url(w, "office_import_confirm"))
    client.force_login(w.leader)
    client.post(reverse("monitoring:report_proposals_discard", args=[region_key("twente"), 2013]))
    assert not ProposedRealisation.objects.exists()
    assert w.report_a.realisations.get().value == Decimal(77)


def test_stale_take_over_is_refused(client, w):
    ProposedRealisation.objects.create(report=w.report_a, indicator=w.ia, value=Decimal(5), source="duo.csv")
    MonitorReport.objects.filter(pk=w.report_a.pk).update(quantitative_version=3)
    client.force_login(w.leader)
    client.post(reverse("monitoring:report_proposals_accept", args=[region_key("twente"), 2013]), {"version": "0"})
    assert ProposedRealisation.objects.count() == 1 and w.report_a.realisations.get().value == Decimal(77)


def test_office_import_pages_are_the_offices(client, w):
    client.force_login(w.leader)
    assert client.get(url(w, "office_import")).status_code == 404
    assert client.get(url(w, "office_import_template")).status_code == 404
    other = RegionRoleFactory(region=w.a, role=RegionRole.Role.PARTNER).user
    client.force_login(other)
    assert (
        client.post(reverse("monitoring:report_proposals_discard", args=[region_key("twente"), 2013])).status_code
        == 404
    )


def test_proposals_wait_on_mijn_taken_of_the_project_leader_until_taken_over(client, w):
    import datetime

    from monitoring.selectors import todos_for_user

    def proposal_tasks():
        return [
            t for t in todos_for_user(user=w.leader, today=datetime.date(2013, 6, 1)) if t.kind == "report_proposals"
        ]

    assert proposal_tasks() == []
    ProposedRealisation.objects.create(report=w.report_a, indicator=w.ia, value=Decimal(5), source="duo.csv")
    (task,) = proposal_tasks()
    assert task.url.endswith("/edit/#proposals") and task.state == "1 figure proposed"
    client.force_login(w.leader)
    client.post(reverse("monitoring:report_proposals_discard", args=[region_key("twente"), 2013]))
    assert proposal_tasks() == []


def test_office_import_preview_notes_a_dot_read_as_thousands(client, w):
    client.force_login(w.office)
    page = csv_upload(client, w, "Regio;Code;Waarde\nTwente;L1;1.250\n").content.decode()
    assert "Read as 1250" in page and not ProposedRealisation.objects.exists()


def test_office_import_mails_each_regions_project_leader_once(client, w, django_capture_on_commit_callbacks):
    from django.core import mail

    client.force_login(w.office)
    csv_upload(client, w, "Regio;Code;Waarde\nTwente;L1;123,5\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(w, "office_import_confirm"))
    (message,) = mail.outbox
    assert message.to == ["pl@t.example"]
    assert "Proposed figures for the monitor report Twente 2013" in message.subject
    assert "proposes 1 figure for the monitor report 2013 of Twente, from “duo.csv”" in message.body
    assert "#proposals" in message.body
    mail.outbox.clear()
    csv_upload(client, w, "Regio;Code;Waarde\nTwente;L1;124\n")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url(w, "office_import_confirm"))
    assert [m.to for m in mail.outbox] == [["pl@t.example"]]  # a new import is a new mail
