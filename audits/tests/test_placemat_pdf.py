"""The placemat PDF: one A4 landscape sheet, rendered once per version, served to readers; never a mail.

Covers what the sheet shows (HTML and the PDF's own text), that it stays on one landscape page whatever the
text lengths, the render task's idempotence (one file per stamp, no mail: publishing tells the region, a
render never does), re-rendering after a new publication, a real worker on Redis, the render_placemats
command, the office's year pages and ZIP, and who may see what.
"""

import datetime
import io
import re
import subprocess
import time
import zipfile
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audits.models import ConsolidatedCondition, Placemat, PlacematPdf
from audits.services.placemat_pdf import placemat_pdf_make, placemat_pdf_render, placemats_render_year
from audits.services.scoring import placemat_publish
from audits.tasks import task_render_placemat
from monitoring.models import MonitorReport, SelfAssessment
from monitoring.tests.factories import MonitorReportFactory, RealisationFactory, SelfAssessmentFactory
from regions.models import PlacematTheme
from regions.tests.factories import IndicatorFactory, RegionFactory, TargetFactory
from regions.tests.world import region_key, world_build
from toptechniek.common.models import Notification
from toptechniek.common.testing import World

from .factories import AssignmentFactory, ConsolidatedScoreFactory, PlacematFactory, ScoringFactory

PERFORMANCE_NAMES = [
    "In-, door- en uitstroom",
    "Doelmatigheid opleidingsaanbod",
    "Doorlopende leerlijnen",
    "Betrokkenheid bedrijfsleven",
]
PROCESS_NAMES = [
    "Bestuur en organisatie",
    "Communicatie",
    "Mobiliseren van stakeholders",
    "Monitoring en kennisdeling",
]
SCORE_LABELS = ["1 – insufficient", "2 – developing", "3 – on track", "4 – exemplary"]

ANON, PL, PL_OTHER, PV, PARTNER, PARTNER_OTHER, CF, OFFICE, VIEWER = (
    "anonymous",
    "project_leader",
    "project_leader_other_region",
    "penvoerder",
    "partner",
    "partner_other_region",
    "critical_friend",
    "office",
    "viewer",
)
ROLES = [ANON, PL, PL_OTHER, PV, PARTNER, PARTNER_OTHER, CF, OFFICE, VIEWER]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def publish_placemat(region, programme_year, *, remarks=None, scores=(3, 2, 4, 1, 3, 3, 2, 4)) -> Placemat:
    """A published placemat (version 1) with a consolidated score and key remark per theme and rated conditions."""
    placemat = PlacematFactory(region=region, programme_year=programme_year, published=True)
    themes = list(PlacematTheme.objects.filter(programme=region.programme).order_by("kind", "number"))
    for i, theme in enumerate(themes):
        remark = (remarks or {}).get(i, f"Kernpunt {theme.name.lower()}: de regio werkt hier planmatig aan.")
        ConsolidatedScoreFactory(placemat=placemat, theme=theme, score=scores[i % len(scores)], key_remark=remark)
    for condition in region.programme.success_conditions.all():
        ConsolidatedCondition.objects.create(placemat=placemat, condition=condition, rating=1 + condition.number % 4)
    placemat.refresh_from_db()
    return placemat


def make_world() -> World:
    w = world_build(
        regions=({"slug": "friesland", "landsdeel": "noord", "join_year": 2012}, {"slug": "twente", "join_year": 2012}),
        roles={
            PL: ("friesland", "project_leader", {"email": "pl@t.example", "full_name": "Pia Leider", "language": "nl"}),
            PL_OTHER: ("twente", "project_leader", "pl-b@t.example"),
            PV: ("friesland", "penvoerder", {"email": "pv@t.example", "full_name": "Piet Voerder"}),
            PARTNER: ("friesland", "partner", "partner@t.example"),
            PARTNER_OTHER: ("twente", "partner", "partner-b@t.example"),
            CF: ("friesland", "critical_friend", "cf@t.example"),
        },
    )
    w.region, w.other_region = w.regions["friesland"], w.regions["twente"]
    w.year = w.years[2013]
    w.users = {key: role.user for key, role in w.roles.items()} | {OFFICE: w.office, VIEWER: w.viewer}
    w.report = MonitorReportFactory(region=w.region, programme_year=w.year, submitted=True)
    area = PlacematTheme.objects.get(programme=w.programme, kind="performance", number=1)
    on_track = IndicatorFactory(region=w.region, code="IN1", name="Instroom vmbo techniek", performance_area=area)
    behind = IndicatorFactory(region=w.region, code="IN2", name="Stageplaatsen bij bedrijven", performance_area=area)
    TargetFactory(indicator=on_track, year=2013, value=Decimal("110"))
    TargetFactory(indicator=behind, year=2013, value=Decimal("50"))
    RealisationFactory(report=w.report, indicator=on_track, value=Decimal("120"))
    RealisationFactory(report=w.report, indicator=behind, value=Decimal("31.5"))
    communication = PlacematTheme.objects.get(programme=w.programme, kind="process", number=2)
    SelfAssessmentFactory(report=w.report, theme=communication, score=4, rationale="Wij communiceren veel.")
    w.placemat = publish_placemat(w.region, w.year, remarks={5: "Communicatie <b>kan</b> beter & vaker."})
    return w


@pytest.fixture
def world(db):
    return make_world()


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "placemat.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, timeout=30)
    return " ".join(out.stdout.decode("utf-8").split())


def pdf_info(data: bytes, tmp_path) -> dict[str, str]:
    path = tmp_path / "placemat-info.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdfinfo", "-box", str(path)], capture_output=True, check=True, timeout=30, text=True)
    return dict(line.split(":", 1) for line in out.stdout.splitlines() if ":" in line)


def media_files(media) -> list[str]:
    folder = media / "placemats"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


# --- What the sheet shows ----------------------------------------------------------------------


def test_sheet_html_shows_region_year_themes_scores_self_assessment_indicators_and_conditions(world):
    rendered = placemat_pdf_make(placemat=world.placemat)
    html = rendered.html

    assert rendered.pdf.startswith(b"%PDF")
    assert rendered.refused == ()
    assert "<h1>Friesland</h1>" in html and "Placemat 2013" in html
    for name in PERFORMANCE_NAMES + PROCESS_NAMES:
        assert name in html
    for label in ("insufficient", "developing", "on track", "exemplary"):
        assert label in html  # the words, not only the colour
    assert html.count('class="card score-3"') == 3 and html.count('class="card score-1"') == 1
    assert '<span class="num">4</span> <span class="label">exemplary</span>' in html
    assert "Communicatie &lt;b&gt;kan&lt;/b&gt; beter &amp; vaker." in html  # user text escaped
    assert "4 – exemplary" in html  # the region's own score for Communicatie
    assert "Published on" in html and "Version 1" in html
    assert "IN1</span> Instroom vmbo techniek" in html and "IN2</span> Stageplaatsen bij bedrijven" in html
    assert '<span class="mark mark-on_track">on track</span>' in html
    assert '<span class="mark mark-behind">behind target</span>' in html
    assert "1 of 2 on track" in html  # on the performance-area card
    assert "<svg" in html and "109%" in html and "63%" in html  # 120/110 and 31.5/50
    assert "Betrokkenheid van relevante partijen" in html  # success conditions
    assert "size: A4 landscape" in html


def test_sheet_pdf_text_has_region_year_and_all_eight_themes_on_one_landscape_page(world, tmp_path):
    data = placemat_pdf_make(placemat=world.placemat).pdf

    text = pdf_text(data, tmp_path)
    assert "Friesland" in text and "2013" in text
    for name in PERFORMANCE_NAMES + PROCESS_NAMES:
        assert name in text
    for label in ("insufficient", "developing", "on track", "exemplary"):
        assert label in text
    info = pdf_info(data, tmp_path)
    assert info["Pages"].strip() == "1"
    x0, y0, width, height = (float(v) for v in info["MediaBox"].split())  # the PDF bytes use object streams
    assert width > height and round(width) == 842 and round(height) == 595  # A4 landscape in points


def test_sheet_stays_on_one_page_with_long_texts_and_many_indicators(world, tmp_path):
    long = ("Een zeer uitgebreide toelichting van de commissie met veel details over de voortgang. " * 30).strip()
    for score in world.placemat.consolidated.all():
        score.key_remark = long + "\n\n" + long
        score.save()
    world.placemat.region.name = ("Regio " + "Noordoost-Brabant en omstreken " * 8)[:200]
    world.placemat.region.save()
    area = PlacematTheme.objects.get(programme=world.programme, kind="performance", number=2)
    for i in range(25):
        indicator = IndicatorFactory(
            region=world.region, code=f"X{i:02}", name="Zeer lange indicatornaam " * 6, performance_area=area
        )
        TargetFactory(indicator=indicator, year=2013, value=Decimal("1000000"))
        RealisationFactory(report=world.report, indicator=indicator, value=Decimal("987654.32"))

    rendered = placemat_pdf_make(placemat=world.placemat)

    assert pdf_info(rendered.pdf, tmp_path)["Pages"].strip() == "1"
    assert "…" in rendered.html and "Shortened texts are in full on the placemat online." in rendered.html
    shown = rendered.html.count('<div class="name">')  # as many as fit: 27 indicators, at most 9 shown
    assert 5 <= shown <= 9
    assert f"And {27 - shown} more indicators in the monitor report." in rendered.html
    text = pdf_text(rendered.pdf, tmp_path)
    for name in PERFORMANCE_NAMES + PROCESS_NAMES:
        assert name in text


def test_sheet_stays_on_one_page_with_more_themes_and_conditions_than_the_default(world, tmp_path):
    from regions.models import SuccessCondition

    for number in (5, 6):
        theme = PlacematTheme.objects.create(
            programme=world.programme, kind="process", number=number, name="Extra " * 12
        )
        ConsolidatedScoreFactory(placemat=world.placemat, theme=theme, score=2, key_remark="Lang verhaal. " * 40)
    for number in range(10, 21):
        condition = SuccessCondition.objects.create(
            programme=world.programme, number=number, group="uitvoering", name="Een lange randvoorwaarde " * 5
        )
        ConsolidatedCondition.objects.create(placemat=world.placemat, condition=condition, rating=3)

    rendered = placemat_pdf_make(placemat=world.placemat)

    assert pdf_info(rendered.pdf, tmp_path)["Pages"].strip() == "1"
    assert rendered.html.count('class="card ') == 10
    shown = rendered.html.count('<th scope="row" class="name">')  # as many as fit: 20 conditions, at most 10
    assert 5 <= shown <= 10
    assert f"And {20 - shown} more conditions online." in rendered.html


def clipped_texts(html: str, *, font: str | None = None) -> tuple[int, list[str]]:
    """(pages, texts cut off): lay the sheet out as WeasyPrint does and list every piece of text that reaches
    outside a box that hides its overflow. pdftotext cannot tell: it reads the hidden part of a clipped word
    too ("achter op streefwaarde" where the paper shows "achter op streefwaard"). `font` forces one font on
    everything, e.g. DejaVu Sans, the fallback (and widest) of the sheet's fonts (README's fonts-dejavu-core)."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    if font:
        html = html.replace("</head>", f"<style>* {{ font-family: {font} !important; }}</style></head>", 1)
    document = HTML(string=html).render()
    cut, tolerance = [], 0.3  # points

    def walk(box, clips):
        if isinstance(box, boxes.TextBox):
            right, bottom = box.position_x + box.width, box.position_y + box.height
            for x0, y0, x1, y1 in clips:
                outside_x = box.position_x < x0 - tolerance or right > x1 + tolerance
                if outside_x or box.position_y < y0 - tolerance or bottom > y1 + tolerance:
                    cut.append(box.text)
                    break
            return
        if isinstance(box, boxes.BlockContainerBox) and box.style["overflow"] != "visible":
            x, y = box.padding_box_x(), box.padding_box_y()
            clips = [*clips, (x, y, x + box.padding_width(), y + box.padding_height())]
        for child in getattr(box, "children", []):
            walk(child, clips)

    walk(document.pages[0]._page_box, [])
    return len(document.pages), cut


@pytest.mark.parametrize("language", ["nl", "en"])
def test_sheet_with_the_longest_texts_the_forms_allow_cuts_no_word_and_stays_one_page(world, tmp_path, language):
    """Every text at its form's maximum (region, programme, theme and condition names of 200 characters, indicator
    codes of 20, names of 300, units of 50, remarks of pages), four- and more-digit percentages, the largest
    numbers and every indicator status: a text is shortened at a word with "…" or wraps, never cut through;
    status words are whole; one page; in the sheet's own fonts and in DejaVu Sans."""
    from django.utils import translation

    from audits.services.placemat_pdf import placemat_sheet
    from regions.models import SuccessCondition

    programme, region = world.programme, world.region
    programme.name = ("Toptechniek in bedrijf: techniekpactregioprogramma " * 5)[:200]
    programme.save()
    region.name = ("Regio Noordoost-Brabant en Samenwerkingsverbanden Technieksectorconvenanten " * 3)[:200]
    region.save()
    for theme in PlacematTheme.objects.filter(programme=programme):
        theme.name = (theme.name + " en arbeidsmarktregionale samenwerkingsverbanden" * 5)[:200]
        theme.save()
    for condition in SuccessCondition.objects.filter(programme=programme):
        condition.name = (condition.name + " met bestuurlijke verankering en samenwerkingsafspraken" * 4)[:200]
        condition.save()
    remark = "De regio vernieuwde samenwerkingsovereenkomsten; beroepspraktijkvormingsplaatsen vragen aandacht. " * 40
    world.placemat.consolidated.update(key_remark=remark)
    for theme in PlacematTheme.objects.filter(programme=programme):  # "2 – in ontwikkeling", the longest
        SelfAssessment.objects.update_or_create(report=world.report, theme=theme, defaults={"score": 2})
    area = PlacematTheme.objects.get(programme=programme, kind="performance", number=2)
    region.indicators.all().delete()  # room on the sheet for one row of each case below
    cases = [  # (target, realisation): every status and the widest numbers and percentages
        (Decimal("12.50"), Decimal("1234.56")),  # on track, 9876 %
        (Decimal("0.01"), Decimal("9999999999.99")),  # on track, above 9999 %
        (Decimal("9999999999.99"), Decimal("9876543210.98")),  # behind
        (Decimal("987654.32"), None),  # nothing to report
        (None, Decimal("5")),  # no target this year
        (Decimal("10"), "missing"),  # not filled in
    ]
    for i, (target, value) in enumerate(cases):
        indicator = IndicatorFactory(
            region=region,
            code=f"{i}" + "X" * 19,
            name=("Aantal leerlingen in de technologieroute en vakmanschapsroute met stageplaatsen " * 4)[:300],
            unit=("beroepspraktijkvormingsplaatsen vmbo-basis en kaderberoepsgericht " * 2)[:50],
            performance_area=area,
        )
        if target is not None:
            TargetFactory(indicator=indicator, year=2013, value=target)
        if value is None:
            RealisationFactory(
                report=world.report, indicator=indicator, value=None, not_applicable=True, explanation="Geen."
            )
        elif value != "missing":
            RealisationFactory(report=world.report, indicator=indicator, value=value)

    rendered = placemat_pdf_make(placemat=world.placemat, language=language)
    with translation.override(language):
        sheet = placemat_sheet(placemat=world.placemat)
        words = {
            "on_track": translation.gettext("on track"),
            "behind": translation.gettext("behind target"),
            "not_applicable": translation.gettext("nothing to report"),
            "no_target": translation.gettext("no target this year"),
            "missing": translation.gettext("not filled in"),
        }

    assert pdf_info(rendered.pdf, tmp_path)["Pages"].strip() == "1"
    text = pdf_text(rendered.pdf, tmp_path)
    assert {row.mark for row in sheet.indicators} >= {"on_track", "behind", "not_applicable", "no_target", "missing"}
    for mark, word in words.items():
        assert text.count(word) >= sum(1 for row in sheet.indicators if row.mark == mark), word
    assert "9876%" in text and "> 9999%" in text
    assert "Shortened texts are in full on the placemat online." in rendered.html or language == "nl"
    for font in (None, '"DejaVu Sans"'):
        pages, cut = clipped_texts(rendered.html, font=font)
        assert pages == 1
        assert not cut, f"cut off in {font or 'the sheet fonts'}: {cut}"


def test_sheet_keeps_words_whole_with_more_themes_in_a_row_than_the_default(world):
    """Six process themes in a row: the cards are narrow, so their band gives the number and words without the
    dots and the foot the numbers only, and still nothing is cut."""
    for number in (5, 6):
        theme = PlacematTheme.objects.create(
            programme=world.programme, kind="process", number=number, name="Extra procesthema " * 10
        )
        ConsolidatedScoreFactory(placemat=world.placemat, theme=theme, score=2, key_remark="Lang verhaal. " * 40)

    html = placemat_pdf_make(placemat=world.placemat, language="nl").html

    assert html.count('class="card score-2 compact"') >= 2
    for font in (None, '"DejaVu Sans"'):
        pages, cut = clipped_texts(html, font=font)
        assert pages == 1 and not cut, (font, cut)


def test_sheet_without_a_submitted_report_says_so(world):
    MonitorReport.objects.filter(pk=world.report.pk).update(status=MonitorReport.Status.DRAFT)

    html = placemat_pdf_make(placemat=world.placemat).html

    assert "No submitted monitor report for 2013." in html
    assert "Instroom vmbo techniek" not in html  # a draft's figures never reach a published sheet


def test_sheet_is_dutch_when_the_site_is(world):
    html = placemat_pdf_make(placemat=world.placemat, language="nl").html

    assert '<html lang="nl">' in html
    assert "op koers" in html and "voorbeeldig" in html  # the scale's Dutch labels


# --- Rendering, storing and mailing -------------------------------------------------------------


def test_render_task_twice_stores_one_file_and_mails_nobody(world, media):
    first = task_render_placemat.delay(world.placemat.pk).get()
    pdf = PlacematPdf.objects.get(placemat=world.placemat)
    rendered_at = pdf.rendered_at
    second = task_render_placemat.delay(world.placemat.pk).get()

    assert first == second == pdf.file.name
    assert re.fullmatch(r"placemats/friesland-2013-v1-[0-9a-f]{12}\.pdf", pdf.file.name)
    assert media_files(media) == [pdf.file.name.split("/")[1]]
    pdf.refresh_from_db()
    assert pdf.rendered_at == rendered_at  # not rendered again
    with default_storage.open(pdf.file.name, "rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF")
    import hashlib

    assert pdf.checksum == hashlib.sha256(content).hexdigest()
    assert pdf.source_stamp == f"v1|{world.placemat.updated_at.isoformat()}"
    # A render tells nobody anything: the placemat was published long ago (the 28-mails bug).
    assert mail.outbox == [] and not Notification.objects.exists()


def test_render_after_a_new_publication_makes_a_new_file_deletes_the_old_and_the_publication_mails_once(
    world, media, django_capture_on_commit_callbacks
):
    first = placemat_pdf_render(placemat_id=world.placemat.pk)
    assert mail.outbox == []
    ScoringFactory(
        placemat=world.placemat,
        assignment=AssignmentFactory(region=world.region, programme_year=world.year),
        submitted=True,
    )

    with django_capture_on_commit_callbacks(execute=True):
        placemat_publish(placemat=world.placemat, actor=world.users[OFFICE])

    pdf = PlacematPdf.objects.get(placemat=world.placemat)
    assert pdf.file.name != first and "-v2-" in pdf.file.name
    assert media_files(media) == [pdf.file.name.split("/")[1]]  # the old file is gone
    assert not default_storage.exists(first)
    assert sorted(m.to[0] for m in mail.outbox) == ["pl@t.example", "pv@t.example"]  # by the publication
    assert placemat_pdf_render(placemat_id=world.placemat.pk) == pdf.file.name
    assert len(mail.outbox) == 2


def test_render_after_the_file_went_missing_renders_again_without_mailing(world, media):
    name = placemat_pdf_render(placemat_id=world.placemat.pk)
    default_storage.delete(name)

    again = placemat_pdf_render(placemat_id=world.placemat.pk)

    assert again == name and default_storage.exists(name)
    assert mail.outbox == []


def test_render_of_an_unpublished_or_missing_placemat_does_nothing(world, media):
    Placemat.objects.filter(pk=world.placemat.pk).update(status=Placemat.Status.OPEN)

    assert placemat_pdf_render(placemat_id=world.placemat.pk) is None
    assert placemat_pdf_render(placemat_id=999_999) is None
    assert media_files(media) == [] and mail.outbox == []


def test_placemats_render_year_in_process_renders_every_published_placemat(world, media):
    publish_placemat(world.other_region, world.year)
    PlacematFactory(region=RegionFactory(programme=world.programme), programme_year=world.year)  # open: skipped

    rows = placemats_render_year(programme_year=world.year, sync=True)

    assert [row.placemat.region.slug for row in rows] == ["friesland", "twente"]
    assert all(row.ready for row in rows)
    assert len(media_files(media)) == 2


# --- The command ---------------------------------------------------------------------------------


def test_command_renders_the_year_in_process_and_prints_each_path(world, media):
    publish_placemat(world.other_region, world.year)
    out, err = io.StringIO(), io.StringIO()

    call_command("render_placemats", "--year", "2013", "--programme", world.programme.slug, stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    names = sorted(PlacematPdf.objects.values_list("file", flat=True))
    assert len(lines) == 2 and len(names) == 2
    assert sorted(lines) == [str(media / name) for name in names]
    assert "2 of 2 PDFs ready" in err.getvalue()

    out2 = io.StringIO()
    call_command("render_placemats", "--year", "2013", stdout=out2, stderr=io.StringIO())
    assert out2.getvalue().splitlines() == lines  # fresh files are not rendered again


def test_command_refuses_an_unknown_year(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="No programme year 1999"):
        call_command("render_placemats", "--year", "1999", stdout=io.StringIO(), stderr=io.StringIO())


# --- A real worker on Redis ----------------------------------------------------------------------


@pytest.mark.redis
@pytest.mark.xdist_group("celery")
@pytest.mark.django_db(transaction=True)
def test_publish_renders_through_a_real_worker_and_the_command_waits_for_it(media, redis_worker, tmp_path):
    w = make_world()
    ScoringFactory(
        placemat=w.placemat, assignment=AssignmentFactory(region=w.region, programme_year=w.year), submitted=True
    )

    placemat_publish(placemat=w.placemat, actor=w.users[OFFICE])  # v2; the worker renders on commit

    deadline = time.monotonic() + 60
    pdf = None
    while time.monotonic() < deadline:
        pdf = PlacematPdf.objects.filter(placemat=w.placemat, source_stamp__startswith="v2|").first()
        if pdf is not None:
            break
        time.sleep(0.2)
    assert pdf is not None, "the worker did not render the placemat"
    with default_storage.open(pdf.file.name, "rb") as handle:
        text = pdf_text(handle.read(), tmp_path)
    assert "Friesland" in text and "2013" in text and "Version 2" in text
    for name in PERFORMANCE_NAMES + PROCESS_NAMES:
        assert name in text
    while time.monotonic() < deadline and Notification.objects.filter(sent_at__isnull=True).exists():
        time.sleep(0.1)
    assert sorted(m.to[0] for m in mail.outbox) == ["pl@t.example", "pv@t.example"]  # the publication's mails

    publish_placemat(w.other_region, w.year)  # not rendered yet: the command asks the worker and waits
    out = io.StringIO()
    call_command("render_placemats", "--year", "2013", "--timeout", "60", stdout=out, stderr=io.StringIO())
    lines = out.getvalue().splitlines()
    assert len(lines) == 2 and all(line.endswith(".pdf") for line in lines)
    assert any("/placemats/twente-2013-v1-" in line for line in lines)
    assert all(default_storage.exists(name) for name in PlacematPdf.objects.values_list("file", flat=True))


# --- The browser ------------------------------------------------------------------------------------


def pdf_url(w) -> str:
    return reverse("audits:placemat_pdf", kwargs={"slug": region_key("friesland"), "year": 2013})


def year_url(w, name: str) -> str:
    return reverse(f"audits:{name}", kwargs={"slug": w.programme.slug, "year": 2013})


def test_download_serves_the_stored_file_as_an_attachment(world, media, client):
    name = placemat_pdf_render(placemat_id=world.placemat.pk)
    client.force_login(world.users[VIEWER])

    response = client.get(pdf_url(world))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="placemat-friesland-2013-v1.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    with default_storage.open(name, "rb") as handle:
        assert b"".join(response.streaming_content) == handle.read()


def test_download_while_not_rendered_requests_one_render_and_shows_a_page_that_checks_again(
    world, media, client, django_capture_on_commit_callbacks
):
    client.force_login(world.users[PARTNER])

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.get(pdf_url(world))
    with django_capture_on_commit_callbacks(execute=False) as again:
        client.get(pdf_url(world))  # the render is on its way: no second one

    assert response.status_code == 200
    assert "The PDF is being prepared." in response.text
    assert 'src="/static/js/retry-soon.js" defer data-retry-after="3000"' in response.text
    assert "no-store" in response["Cache-Control"]
    assert len(callbacks) == 1 and len(again) == 0


def test_office_renders_a_year_follows_progress_and_downloads_a_zip(
    world, media, client, django_capture_on_commit_callbacks
):
    publish_placemat(world.other_region, world.year)
    client.force_login(world.users[OFFICE])

    empty = client.get(year_url(world, "placemats_zip"))
    assert empty.status_code == 409 and "nothing to put in a ZIP file" in empty.text

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(year_url(world, "placemats_render_year"))
    assert response.status_code == 302 and response["Location"] == year_url(world, "placemats_progress")
    assert len(callbacks) == 2

    waiting = client.get(year_url(world, "placemats_progress"))
    assert "0 of 2 ready" in waiting.text and "being made" in waiting.text
    assert 'aria-valuenow="0"' in waiting.text and 'aria-valuemax="2"' in waiting.text
    assert "js/retry-soon.js" in waiting.text  # reloads itself while PDFs are on their way

    callbacks[0]()  # the worker renders one
    half = client.get(year_url(world, "placemats_progress"))
    assert "1 of 2 ready" in half.text and "js/retry-soon.js" in half.text
    assert "Download all as ZIP (1 file)" in half.text

    callbacks[1]()
    done = client.get(year_url(world, "placemats_progress"))
    assert "2 of 2 ready" in done.text and 'aria-valuenow="2"' in done.text
    assert "js/retry-soon.js" not in done.text

    archive = client.get(year_url(world, "placemats_zip"))
    assert archive.status_code == 200
    assert archive["Content-Type"] == "application/zip"
    assert archive["Content-Disposition"] == f'attachment; filename="placemats-{world.programme.slug}-2013.zip"'
    assert archive["X-Content-Type-Options"] == "nosniff"
    with zipfile.ZipFile(io.BytesIO(b"".join(archive.streaming_content))) as zipped:
        assert sorted(zipped.namelist()) == ["placemat-friesland-2013-v1.pdf", "placemat-twente-2013-v1.pdf"]
        for pdf in PlacematPdf.objects.select_related("placemat__region"):
            with default_storage.open(pdf.file.name, "rb") as handle:
                assert zipped.read(f"placemat-{pdf.placemat.region.slug}-2013-v1.pdf") == handle.read()


def test_progress_page_costs_a_fixed_number_of_queries(world, media, client, django_assert_max_num_queries):
    for i in range(6):
        publish_placemat(RegionFactory(programme=world.programme, name=f"Regio {i}"), world.year)
    placemats_render_year(programme_year=world.year, sync=True)
    client.force_login(world.users[OFFICE])

    with django_assert_max_num_queries(8):
        response = client.get(year_url(world, "placemats_progress"))

    assert "7 of 7 ready" in response.text


# --- Who may do what ----------------------------------------------------------------------------------


def statuses(client, w, url: str, method: str) -> dict[str, int]:
    result = {}
    for role in ROLES:
        client.logout()
        if role != ANON:
            client.force_login(w.users[role])
        result[role] = getattr(client, method)(url).status_code
    return result


def expected(ok: set, status: int, *, others: int = 404, anon: int = 302) -> dict[str, int]:
    return {role: anon if role == ANON else (status if role in ok else others) for role in ROLES}


READERS_OF_A_PUBLISHED_PLACEMAT = {PL, PV, PARTNER, CF, OFFICE, VIEWER}
EVERYONE_405 = expected(set(ROLES), 405)  # the wrong method is refused before any permission check


def test_permissions_of_the_download(world, media, client):
    placemat_pdf_render(placemat_id=world.placemat.pk)
    url = pdf_url(world)

    assert statuses(client, world, url, "get") == expected(READERS_OF_A_PUBLISHED_PLACEMAT, 200)
    assert statuses(client, world, url, "post") == EVERYONE_405


def test_an_open_placemat_has_no_pdf_for_anyone(world, media, client):
    Placemat.objects.filter(pk=world.placemat.pk).update(status=Placemat.Status.OPEN)

    assert statuses(client, world, pdf_url(world), "get") == expected(set(), 200)  # 404 for all, 302 anonymous


def test_permissions_of_the_office_year_pages(world, media, client):
    placemat_pdf_render(placemat_id=world.placemat.pk)

    render_url = year_url(world, "placemats_render_year")
    assert statuses(client, world, render_url, "post") == expected({OFFICE}, 302)
    assert statuses(client, world, render_url, "get") == EVERYONE_405
    progress_url = year_url(world, "placemats_progress")
    assert statuses(client, world, progress_url, "get") == expected({OFFICE}, 200)
    assert statuses(client, world, progress_url, "post") == EVERYONE_405
    zip_url = year_url(world, "placemats_zip")
    assert statuses(client, world, zip_url, "get") == expected({OFFICE}, 200)
    assert statuses(client, world, zip_url, "post") == EVERYONE_405


def test_office_pages_of_an_unknown_programme_or_year_are_404(world, client):
    client.force_login(world.users[OFFICE])

    assert client.get(reverse("audits:placemats_progress", kwargs={"slug": "nope", "year": 2013})).status_code == 404
    assert client.get(year_url(world, "placemats_progress").replace("2013", "2099")).status_code == 404


def test_sheet_prints_the_publication_date(world):
    Placemat.objects.filter(pk=world.placemat.pk).update(
        published_at=timezone.make_aware(datetime.datetime(2014, 6, 15, 12))
    )
    world.placemat.refresh_from_db()

    html = placemat_pdf_make(placemat=world.placemat).html

    assert "Published on 15 June 2014" in html
