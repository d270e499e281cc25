"""Attachments in Chromium: a project leader attaches files in the report editor, a refused file says why and
keeps the description, the penvoerder downloads one (a download, never a page; a partner waits until the report
is submitted), the leader removes one; the
same block on a peer review. axe-core on every page of the way."""

import re

import pytest
from e2e_helpers import CURRENT, axe_problems, nl, region_url
from playwright.sync_api import expect

from toptechniek.common import samples
from toptechniek.common.uploads import allowed_types_text

pytestmark = [pytest.mark.e2e]


def _draft_report():
    from monitoring.models import MonitorReport

    report = (
        MonitorReport.objects.filter(
            status="draft", region__programme__slug=CURRENT, region__partners__is_penvoerder=True
        )
        .select_related("region", "programme_year")
        .order_by("pk")
        .first()
    )
    assert report is not None, "the demo has no draft report"
    return report


def test_project_leader_attaches_and_removes_files_penvoerder_downloads(demo, login_as, tmp_path):
    from monitoring.models import ReportAttachment

    report = _draft_report()
    slug, year = report.region.slug, report.programme_year.year
    before = ReportAttachment.objects.filter(report=report).count()
    problems: list[str] = []
    plan = tmp_path / "Begroting 2015.xlsx"
    plan.write_bytes(samples.xlsx_bytes())
    fake = tmp_path / "verslag.pdf"
    fake.write_bytes(samples.html_bytes())

    leader = login_as(f"pl.{slug}@example.org")
    leader.goto(f"{region_url(slug, CURRENT)}reports/{year}/edit/#attachments")
    block = leader.locator("#attachments")
    expect(block.get_by_role("heading", name=nl("Attachments"), exact=True)).to_be_visible()
    problems += axe_problems(leader, "editor with attachments")

    # A file that is HTML inside, whatever its name: refused, with the reason; the description stays.
    block.get_by_label(nl("File")).set_input_files(str(fake))
    block.get_by_label(nl("Description")).fill("Ons verslag")
    block.get_by_role("button", name=nl("Upload")).click()
    expect(leader.locator("main")).to_contain_text(
        nl("This type of file is not accepted. Accepted: %(types)s.", types=allowed_types_text())
    )
    expect(leader.get_by_label(nl("Description"))).to_have_value("Ons verslag")
    problems += axe_problems(leader, "upload refused")
    assert ReportAttachment.objects.filter(report=report).count() == before

    # The right file from the same page: back in the editor, listed.
    leader.get_by_label(nl("File")).set_input_files(str(plan))
    leader.get_by_role("button", name=nl("Upload")).click()
    expect(leader).to_have_url(re.compile(rf"{region_url(slug, CURRENT)}reports/{year}/edit/#attachments$"))
    expect(leader.locator(".alert-success")).to_contain_text("Begroting 2015.xlsx")
    expect(leader.locator("#attachments").get_by_role("link", name="Begroting 2015.xlsx", exact=True)).to_be_visible()
    assert ReportAttachment.objects.filter(report=report).count() == before + 1

    # A partner does not read the draft yet (404); the penvoerder, who will endorse it, downloads it from the
    # report page: a download with the name and the bytes, not a page.
    from monitoring.models import ReportContribution

    # (The demo's partner writes parts of this draft: withdrawn here, they are a partner like any other.)
    ReportContribution.objects.filter(report=report, assignee__email=f"partner.{slug}@example.org").update(
        status="withdrawn"
    )
    outsider = login_as(f"partner.{slug}@example.org")
    assert outsider.goto(f"{region_url(slug, CURRENT)}reports/{year}/").status == 404
    penvoerder = login_as(f"pv.{slug}@example.org")
    penvoerder.goto(f"{region_url(slug, CURRENT)}reports/{year}/")
    problems += axe_problems(penvoerder, "report page with attachments")
    with penvoerder.expect_download() as info:
        penvoerder.locator("#attachments").get_by_role("link", name="Begroting 2015.xlsx", exact=True).click()
    download = info.value
    assert download.suggested_filename == "Begroting 2015.xlsx"
    assert download.path().read_bytes() == plan.read_bytes()
    # not theirs to remove
    assert penvoerder.locator("#attachments").get_by_role("link", name=nl("Remove")).count() == 0

    # The leader removes it after a confirmation.
    leader.locator("#attachments tr", has_text="Begroting 2015.xlsx").get_by_role("link", name=nl("Remove")).click()
    expect(leader.locator("h1")).to_have_text(nl("Remove attachment"))
    problems += axe_problems(leader, "remove attachment")
    leader.get_by_role("button", name=nl("Yes, remove")).click()
    expect(leader).to_have_url(re.compile(r"/edit/#attachments$"))
    expect(leader.locator("#attachments").get_by_role("link", name="Begroting 2015.xlsx", exact=True)).to_have_count(0)
    assert ReportAttachment.objects.filter(report=report).count() == before
    assert not problems, "\n".join(problems)


def test_peer_review_attachment_by_keyboard(demo, login_as, tmp_path):
    from peerreviews.models import PeerReview, PeerReviewAttachment

    review = PeerReview.objects.filter(status="preparing", kind="external").select_related("host_region").first()
    assert review is not None
    photo = tmp_path / "rondleiding.jpg"
    photo.write_bytes(samples.image_bytes("JPEG", (200, 120)))
    leader = login_as(f"pl.{review.host_region.slug}@example.org")
    leader.goto(f"/peer-reviews/{review.pk}/")
    block = leader.locator("#attachments")
    problems = axe_problems(leader, "peer review with attachments")
    block.get_by_label(nl("File")).set_input_files(str(photo))
    block.get_by_label(nl("Description")).focus()
    leader.keyboard.type("Foto van de rondleiding")
    leader.keyboard.press("Tab")  # to the upload button
    leader.keyboard.press("Enter")
    expect(leader).to_have_url(re.compile(rf"/peer-reviews/{review.pk}/#attachments$"))
    expect(leader.locator("#attachments")).to_contain_text("Foto van de rondleiding")
    attachment = PeerReviewAttachment.objects.filter(review=review).latest("pk")
    assert (attachment.name, attachment.file_type) == ("rondleiding.jpg", "jpeg")
    assert not problems, "\n".join(problems)
