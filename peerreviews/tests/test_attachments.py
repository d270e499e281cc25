"""Attachments of a peer review: added by the office, both project leaders and the regions' advisors until the
review is closed or cancelled; removed by the office or by whoever added them; downloaded by every reader."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from peerreviews.models import PeerReviewAttachment
from peerreviews.services.attachments import review_attachment_add, review_attachment_delete
from peerreviews.tests.factories import PeerReviewFactory
from peerreviews.tests.test_content import make_world, set_status
from toptechniek.common import samples

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(db):
    return make_world()


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT) / "attachments"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def upload(name="programma.pdf", data=None):
    return SimpleUploadedFile(name, data if data is not None else samples.pdf_bytes("Programma"), "application/pdf")


def add(w, actor=None, review=None, **kwargs):
    return review_attachment_add(
        review=review or w.review, upload=upload(**kwargs), description="Programma van de dag", actor=actor or w.pl_a
    )


def detail(review):
    return reverse("peerreviews:review_detail", args=[review.pk])


def download_url(attachment):
    return reverse("peerreviews:review_attachment_download", args=[attachment.review_id, attachment.pk])


def delete_url(attachment):
    return reverse("peerreviews:review_attachment_delete", args=[attachment.review_id, attachment.pk])


@pytest.mark.parametrize("who", ["office", "pl_a", "pl_b", "advisor_a", "advisor_b"])
def test_review_attachment_added_by_office_leaders_and_advisors(client, w, who):
    client.force_login(getattr(w, who))
    response = client.post(
        reverse("peerreviews:review_attachment_add", args=[w.review.pk]),
        {"file": upload("Presentatie.pptx", samples.pptx_bytes()), "description": "Onze presentatie"},
    )
    assert response["Location"] == detail(w.review) + "#attachments"
    attachment = PeerReviewAttachment.objects.get()
    assert (attachment.name, attachment.file_type, attachment.uploaded_by) == (
        "Presentatie.pptx",
        "pptx",
        getattr(w, who),
    )
    page = client.get(detail(w.review)).content.decode()
    assert "Presentatie.pptx" in page and "Onze presentatie" in page


@pytest.mark.parametrize("who", ["pv_a", "partner_a", "viewer", "assessor_a", "pl_c"])
def test_review_attachment_not_added_by_others(client, w, who):
    client.force_login(getattr(w, who))
    response = client.post(reverse("peerreviews:review_attachment_add", args=[w.review.pk]), {"file": upload()})
    assert response.status_code == 404
    assert not PeerReviewAttachment.objects.exists() and stored_files() == []


def test_review_attachment_read_by_both_regions_not_by_a_third(client, w):
    attachment = add(w)
    for user in (w.pl_b, w.partner_a, w.viewer, w.office):
        client.force_login(user)
        response = client.get(download_url(attachment))
        assert response.status_code == 200, user
        assert response["Content-Disposition"] == 'attachment; filename="programma.pdf"'
        assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(w.pl_c)
    assert client.get(download_url(attachment)).status_code == 404


def test_review_attachment_of_another_review_not_found_through_this_one(client, w):
    other = PeerReviewFactory(host_region=w.b, peer_region=w.c, programme_year=w.years[2014])
    theirs = add(w, actor=w.pl_c, review=other)
    client.force_login(w.pl_a)
    url = reverse("peerreviews:review_attachment_download", args=[w.review.pk, theirs.pk])
    assert client.get(url).status_code == 404


def test_review_attachment_removed_by_whoever_added_it_or_the_office(client, w, django_capture_on_commit_callbacks):
    mine = add(w, actor=w.pl_b)
    client.force_login(w.pl_a)  # may add, but did not add this one
    assert client.get(delete_url(mine)).status_code == 404
    assert client.post(delete_url(mine)).status_code == 404
    client.force_login(w.pl_b)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url(mine))
    assert response["Location"] == detail(w.review) + "#attachments"
    assert not PeerReviewAttachment.objects.exists() and stored_files() == []
    theirs = add(w, actor=w.pl_b)
    client.force_login(w.office)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(delete_url(theirs))
    assert not PeerReviewAttachment.objects.exists()


@pytest.mark.parametrize("status", ["closed", "cancelled"])
def test_review_attachment_frozen_once_closed_or_cancelled(client, w, status):
    attachment = add(w)
    set_status(w.review, status)
    with pytest.raises(ValidationError):
        add(w)
    with pytest.raises(ValidationError):
        review_attachment_delete(attachment=attachment, actor=w.pl_a)
    assert PeerReviewAttachment.objects.count() == 1 and len(stored_files()) == 1
    client.force_login(w.office)
    assert client.post(delete_url(attachment)).status_code == 404
    page = client.get(detail(w.review)).content.decode()
    assert "programma.pdf" in page and "Add an attachment" not in page


def test_review_attachment_refused_type_keeps_the_description(client, w):
    client.force_login(w.pl_a)
    response = client.post(
        reverse("peerreviews:review_attachment_add", args=[w.review.pk]),
        {"file": upload("foto.png", samples.svg_bytes()), "description": "Foto van de rondleiding"},
    )
    assert response.status_code == 200
    assert "This type of file is not accepted" in response.content.decode()
    assert 'value="Foto van de rondleiding"' in response.content.decode()
    assert stored_files() == []


@pytest.mark.parametrize("n", [1, 3])
def test_review_page_query_count_does_not_grow_with_attachments(client, w, n, django_assert_max_num_queries):
    for _ in range(n):
        add(w)
    client.force_login(w.pl_a)
    with django_assert_max_num_queries(16):  # +1: the closed programmes (rules.programme_is_open)
        response = client.get(detail(w.review))
    assert response.content.decode().count(">programma.pdf</a>") == n
