"""Permission-matrix rows of the kennisprogramma (see regions/tests/matrix_base.py).

Every signed-in person of the world is a person of its programme (region B's project leader too): they all see
the published events and may register until the day; drafts, editing, publishing, cancelling, attendance and
material are the office's. Objects: a draft and a published event ahead, and an event held a week ago with the
project leader's registration, a link and a file."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from knowledge import services
from knowledge.models import Event, EventAttachment, EventLink, Invitation, Registration
from knowledge.tests.factories import EventFactory
from regions.tests.matrix_base import (
    LOGGED_IN,
    OFFICE,
    OFFICE_FORM_GET,
    OFFICE_FORM_POST,
    PL,
    PV,
    READ_ONLY_POST,
    everyone,
    expect,
)
from toptechniek.common import samples


def build(world) -> None:
    today = timezone.localdate()
    office = world.users[OFFICE]
    draft = EventFactory(programme=world.programme, title="Concept kennisconferentie")
    published = EventFactory(programme=world.programme, published=True, title="Bijeenkomst projectleiders")
    for role in (PL, PV):
        Invitation.objects.create(event=published, user=world.users[role])
    held = EventFactory(programme=world.programme, published=True, date=today - datetime.timedelta(days=7))
    Invitation.objects.create(event=held, user=world.users[PV])
    Registration.objects.create(event=held, user=world.users[PL], region=world.region_a)
    link = services.material_link_add(actor=office, event=held, title="Opname", url="https://example.org/opname")
    upload = SimpleUploadedFile("presentatie.pdf", samples.pdf_bytes("Presentatie"), "application/pdf")
    attachment = services.material_add(actor=office, event=held, upload=upload, description="")
    world.extra.update(event_draft=draft, event_published=published, event_held=held, event_link=link)
    world.extra["event_attachment"] = attachment


def snapshot():
    return (
        tuple(Event.objects.order_by("pk").values_list("status", "title", "attendance_recorded_at")),
        tuple(Registration.objects.order_by("pk").values_list("event_id", "user_id", "attended")),
        tuple(Invitation.objects.order_by("pk").values_list("declined_at", flat=True)),
        EventLink.objects.count(),
        EventAttachment.objects.count(),
    )


def _url(name, key, *more):
    return lambda w: reverse(f"knowledge:{name}", args=[w.extra[key].pk, *[w.extra[m].pk for m in more]])


OFFICE_DOES = expect({OFFICE}, 302)
POST_ONLY = everyone(405)

ROWS = {
    "knowledge:event_list": (lambda w: reverse("knowledge:event_list"), everyone(200), READ_ONLY_POST),
    "knowledge:event_create": (lambda w: reverse("knowledge:event_create"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "knowledge:event_detail": (_url("event_detail", "event_published"), everyone(200), READ_ONLY_POST),
    "knowledge:event_detail[draft]": (_url("event_detail", "event_draft"), expect({OFFICE}, 200), READ_ONLY_POST),
    "knowledge:event_update": (_url("event_update", "event_published"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "knowledge:event_publish": (_url("event_publish", "event_draft"), OFFICE_FORM_GET, OFFICE_DOES),
    "knowledge:event_cancel": (_url("event_cancel", "event_published"), OFFICE_FORM_GET, OFFICE_DOES),
    # Everyone of the programme registers for a published event ahead (one region each: no choice to make).
    "knowledge:event_register": (_url("event_register", "event_published"), everyone(200), expect(LOGGED_IN, 302)),
    "knowledge:event_register[held]": (_url("event_register", "event_held"), expect(set(), 200), expect(set(), 302)),
    "knowledge:event_unregister": (_url("event_unregister", "event_published"), POST_ONLY, expect(LOGGED_IN, 302)),
    "knowledge:event_decline": (_url("event_decline", "event_published"), POST_ONLY, expect(LOGGED_IN, 302)),
    # An empty attendance form: nobody came (the office may correct it later).
    "knowledge:attendance": (_url("attendance", "event_held"), OFFICE_FORM_GET, OFFICE_DOES),
    "knowledge:attendance[ahead]": (_url("attendance", "event_published"), expect(set(), 200), expect(set(), 302)),
    "knowledge:link_add": (_url("link_add", "event_held"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "knowledge:link_delete": (_url("link_delete", "event_held", "event_link"), POST_ONLY, OFFICE_DOES),
    "knowledge:attachment_add": (_url("attachment_add", "event_held"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "knowledge:attachment_download": (
        _url("attachment_download", "event_held", "event_attachment"),
        everyone(200),
        READ_ONLY_POST,
    ),
    "knowledge:attachment_delete": (
        _url("attachment_delete", "event_held", "event_attachment"),
        OFFICE_FORM_GET,
        OFFICE_DOES,
    ),
}
