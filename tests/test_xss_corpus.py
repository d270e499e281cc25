"""A corpus of XSS payloads in the free-text fields ends up as harmless text on every page that shows
them and in the report PDF's HTML; the PDF renderer fetches nothing but static files. In mails, the payloads
in names and texts are escaped in the HTML part and written as they are in the plain text and the subject.

Each payload goes into one field (round robin over the fields); every page is read as the programme
office (who sees everything) and, for the region's pages, as its project leader. A payload must never
appear raw, and each one must appear escaped somewhere (so the test cannot pass by showing nothing).
"""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from audits.tests.factories import AuditVisitFactory, FollowUpActionFactory, StimulusGrantFactory
from governance.models import GovernanceMeeting
from monitoring.models import MonitorReport, ReportAttachment
from monitoring.services import report_pdf_make
from monitoring.tests.factories import LearningThemeFactory, MonitorReportFactory, SelfAssessmentFactory
from peerreviews.models import (
    FeedbackReport,
    LearningOutcome,
    LearningQuestion,
    Participant,
    PeerReviewAttachment,
    PreparationMeeting,
)
from peerreviews.tests.factories import GoodPracticeFactory, PeerReviewFactory
from regions.tests.factories import RegionVisionFactory
from regions.tests.world import world_build
from toptechniek.common.samples import store_sample_attachment
from toptechniek.common.uploads import TYPES, clean_filename

TAGS = ["script", "img", "svg", "iframe", "body", "a", "style", "math", "details", "video"]
HANDLERS = ["onerror", "onload", "onmouseover", "onfocus", "ontoggle"]
CORPUS = [
    "<script>alert(1)</script>",
    '"><script>alert(document.cookie)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    '<a href="javascript:alert(1)">klik</a>',
    '<img src="http://evil.example/x.png">',
    "<link rel=stylesheet href=http://evil.example/x.css>",
    '<img src="file:///etc/passwd">',
    "<style>@import 'http://evil.example/a.css';</style>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<object data=javascript:alert(1)>",
    '<meta http-equiv="refresh" content="0;url=http://evil.example">',
    "<base href=http://evil.example/>",
    "<form action=http://evil.example><button>x</button></form>",
    "<!--<script>alert(1)</script>-->",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<div style="background:url(http://evil.example/x)">x</div>',
] + [f"<{tag} {handler}=alert({n})>" for n, (tag, handler) in enumerate(itertools.product(TAGS, HANDLERS))][:30]


@pytest.fixture
def world(db):
    assert len(CORPUS) >= 50
    payloads = itertools.cycle(CORPUS)
    nxt = lambda: f"{next(payloads)} · {next(payloads)}"  # noqa: E731 - two payloads per field
    w = world_build(  # the arguments are evaluated in order: the payloads go where they always went
        years=(2013, 2014),
        regions=({"slug": "twente", "description": nxt()}, {"slug": "zwolle", "description": nxt()}),
        viewer=False,
        roles={"leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": nxt()})},
    )
    programme, years, office, leader = w.programme, w.years, w.office, w.leader
    region, peer = w.regions["twente"], w.regions["zwolle"]
    RegionVisionFactory(region=region, approved=True, ambitions=nxt(), labour_market_analysis=nxt(), approach_how=nxt())
    report = MonitorReportFactory(
        region=region,
        programme_year=years[2014],
        accepted=True,
        reflection_works=nxt(),
        reflection_not_yet=nxt(),
        reflection_progress=nxt(),
    )
    themes = list(programme.placemat_themes.order_by("kind", "number"))
    for theme in themes[:3]:
        SelfAssessmentFactory(report=report, theme=theme, rationale=nxt()[:500])
        LearningThemeFactory(report=report, theme=theme, description=nxt())
    GoodPracticeFactory(region=region, published=True, title=nxt()[:200], summary=nxt()[:500], description=nxt())
    review = PeerReviewFactory(
        host_region=region, peer_region=peer, programme_year=years[2014], reported=True, motivation=nxt()
    )
    review.own_report = nxt()
    review.place = nxt()[:200]
    review.save()
    question = LearningQuestion.objects.create(
        review=review, region=region, question=nxt(), owner=nxt()[:200], theme=themes[0], report=report
    )
    LearningOutcome.objects.create(
        question=question, insights=nxt(), action=nxt(), action_owner=nxt()[:200], action_due=datetime.date(2015, 3, 1)
    )
    PreparationMeeting.objects.create(review=review, date=datetime.date(2014, 10, 1), notes=nxt())
    Participant.objects.create(review=review, region=region, name=nxt()[:200], organisation_name=nxt()[:200])
    FeedbackReport.objects.create(
        review=review,
        region=region,
        author=office,
        text=nxt(),
        status="ready",
        ready_at=datetime.datetime.now(datetime.UTC),
    )
    visit = AuditVisitFactory(region=region, programme_year=years[2013], reported=True, advice=nxt(), place=nxt()[:200])
    FollowUpActionFactory(visit=visit, description=nxt(), owner=nxt()[:200])
    StimulusGrantFactory(region=region, programme_year=years[2014])
    GovernanceMeeting.objects.create(
        region=region,
        programme_year=years[2014],
        date=datetime.date(2015, 6, 1),
        place=nxt()[:200],
        participants=nxt(),
        notes=nxt(),
        decision_summary=nxt(),
        status="held",
        held_at=datetime.datetime.now(datetime.UTC),
    )
    # Attachments: the description is free text; the file name is made safe (clean_filename) before it is kept.
    for model, owner in ((ReportAttachment, {"report": report}), (PeerReviewAttachment, {"review": review})):
        attachment = store_sample_attachment(model, name="plan.pdf", **owner)
        attachment.description = nxt()[:200]
        attachment.name = clean_filename(next(payloads) + ".pdf", TYPES["pdf"])
        attachment.save()
    return {"region": region, "report": report, "review": review, "visit": visit, "leader": leader, "office": office}


def _pages(world):
    region, review = world["region"], world["review"]
    return (
        [
            reverse("regions:region_detail", args=[region]),
            reverse("regions:region_list"),
            reverse("monitoring:report_detail", args=[region, 2014]),
            reverse("peerreviews:review_detail", args=[review.pk]),
            reverse("peerreviews:review_list"),
            reverse("peerreviews:good_practice_list"),
            reverse("audits:visit_detail", args=[region, 2013]),
            reverse("governance:meeting_detail", args=[region, 2014]),
            reverse("dashboard:dashboard") + "?year=2014",
            reverse("dashboard:region_overview", args=[region]),
            reverse("accounts:user_list"),
            reverse("monitoring:report_list", args=["ttib", 2014]),
        ]
        + [p.get_absolute_url() for p in region.good_practices.all()]
        + [v.get_absolute_url() for v in region.visions.all()]
    )


def test_every_payload_is_harmless_text_on_every_page(client, world):
    seen = ""
    for who in ("office", "leader"):
        client.force_login(world[who])
        for url in _pages(world):
            response = client.get(url)
            if response.status_code == 404:
                continue  # not this user's page
            assert response.status_code == 200, url
            html = response.content.decode()
            for payload in CORPUS:
                assert payload not in html, f"raw payload on {url} as {who}: {payload}"
            seen += html
    missing = [p for p in CORPUS if escape(p) not in seen and escape(p)[:60] not in seen]
    assert not missing, f"payloads never shown, so not tested: {missing}"


def test_the_report_pdf_shows_payloads_as_text_and_fetches_nothing_outside_static(world):
    report = MonitorReport.objects.get(pk=world["report"].pk)
    rendered = report_pdf_make(report=report)
    for payload in CORPUS:
        assert payload not in rendered.html
    assert all(url.startswith("/static/") or "/static/" in url for url in rendered.fetched), rendered.fetched
    assert not [url for url in rendered.refused if "evil" in url or url.startswith("file:")], rendered.refused
    assert rendered.pdf.startswith(b"%PDF")


# --- Mails -------------------------------------------------------------------------------------------------


def test_payloads_in_mails_are_escaped_in_html_and_verbatim_in_plain_text(
    db, settings, django_capture_on_commit_callbacks
):
    """Names and texts that reach a mail, through the services that send it: the report's hand-overs (region
    name, people, the office's comment), a peer-review proposal (two regions, the motivation; one recipient
    takes it in the daily digest) and a planned audit visit (the place, the committee)."""
    from audits.services.visits import visit_plan
    from audits.tests.factories import AssignmentFactory
    from monitoring import services as monitoring_services
    from monitoring.tests.editing import report_fill_completely
    from peerreviews.services.reviews import peerreview_propose
    from regions.tests.factories import IndicatorFactory, RegionPartnerFactory, TargetFactory
    from toptechniek.common import notifications

    settings.SITE_URL = "https://tt.example"
    payloads = iter(CORPUS)
    used = []

    def nxt(limit=200):
        payload = next(payloads)[:limit]
        used.append(payload)
        return payload

    w = world_build(
        years=(2013,),
        regions=({"slug": "twente", "name": nxt()}, {"slug": "zwolle", "name": nxt()}),
        office={"email": "office@t.example", "full_name": nxt()},
        viewer=False,
        roles={
            "leader": ("twente", "project_leader", {"email": "pl@t.example", "full_name": nxt()}),
            "penvoerder": ("twente", "penvoerder", {"email": "pv@t.example", "full_name": nxt()}),
            "peer_leader": ("zwolle", "project_leader", {"email": "pl-b@t.example", "full_name": nxt()}),
        },
    )
    region, peer, year = w.regions["twente"], w.regions["zwolle"], w.years[2013]
    RegionPartnerFactory(region=region, penvoerder=True)
    indicator = IndicatorFactory(region=region, code="IN1", name="Instroom")
    TargetFactory(indicator=indicator, year=2013, value=Decimal("110"))
    report = monitoring_services.report_get_or_create(region=region, year=2013, user=w.leader)
    report = report_fill_completely(report=report, indicator=indicator, leader=w.leader)
    notifications.preference_set(user=w.peer_leader, choices={"review_proposed": "digest"})
    with django_capture_on_commit_callbacks(execute=True):
        monitoring_services.report_submit(report=report, actor=w.leader)
        monitoring_services.report_endorse(report=report, actor=w.penvoerder, comment=nxt())
        monitoring_services.report_return(report=report, actor=w.office, comment=f"{nxt()}\n{nxt()}")
        peerreview_propose(
            host_region=region, peer_region=peer, programme_year=year, proposed_by=w.leader, motivation=nxt()
        )
        assessor = AssignmentFactory(
            region=region, programme_year=year, user__email="cf@t.example", user__full_name=nxt()
        ).user
        visit_plan(
            region=region, programme_year=year, date=datetime.date(2015, 10, 1), place=nxt(), committee=[assessor]
        )
    with django_capture_on_commit_callbacks(execute=True):
        assert notifications.digest_build() == 1
    kinds = {m.to[0] for m in mail.outbox}
    assert {"pl@t.example", "pv@t.example", "office@t.example", "pl-b@t.example", "cf@t.example"} <= kinds
    texts, htmls = "", ""
    for message in mail.outbox:
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        for payload in CORPUS:
            assert payload not in html, f"raw payload in the HTML part of {message.subject!r}: {payload}"
        for entity in ("&lt;", "&gt;", "&quot;", "&#x27;", "&amp;"):
            assert entity not in message.subject and entity not in message.body, (entity, message.subject)
        texts += message.subject + "\n" + message.body
        htmls += html
    assert [p for p in used if p not in texts] == [], "payloads that never reached a plain-text part"
    assert [p for p in used if escape(p) not in htmls] == [], "payloads that never reached an HTML part, escaped"


@pytest.mark.django_db
def test_the_access_mails_show_a_name_as_text():
    """The password-reset, sign-in and invitation mails greet the person by name: escaped in the HTML part."""
    from django.core import mail

    from regions.tests.factories import InvitationFactory, UserFactory
    from toptechniek.accounts.email_signin import sign_in_link_send
    from toptechniek.accounts.password_reset import password_reset_send
    from toptechniek.accounts.services import invitation_send

    payloads = iter(CORPUS)
    names = {}
    for email in ("reset@example.org", "signin@example.org"):
        names[email] = next(payloads)[:200]
        UserFactory(email=email, full_name=names[email])
    invitation = InvitationFactory(user__full_name=next(payloads)[:200], invited_by__full_name=next(payloads)[:200])
    names[invitation.user.email] = invitation.user.full_name
    assert password_reset_send(email="reset@example.org", request_id="xss")
    assert sign_in_link_send(email="signin@example.org", browser_hash="x" * 64, ip="203.0.113.1")
    assert invitation_send(invitation_id=invitation.pk)
    assert len(mail.outbox) == 3
    for message in mail.outbox:
        html = message.alternatives[0][0]
        name = names[message.to[0]]
        assert name not in html and escape(name) in html, message.subject
    assert invitation.invited_by.full_name not in mail.outbox[2].alternatives[0][0]
