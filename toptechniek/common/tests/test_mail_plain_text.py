"""Plain-text parts and subjects of mails carry names and texts verbatim; the HTML part escapes them."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from monitoring import services
from monitoring.tests.editing import report_fill_completely
from regions.models import RegionRole
from regions.tests.factories import (
    IndicatorFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

NAME = 'Noord "West" & <Oost>'
COMMENT = 'Zie "IN1" & <b>de reflectie</b>; it\'s te kort.'


@pytest.fixture
def report(settings):
    settings.SITE_URL = "https://tt.example"
    region = RegionFactory(name=NAME, slug="noord-west")
    ProgrammeYearFactory(programme=region.programme, year=2013, report_due_date=datetime.date(2030, 3, 1))
    RegionPartnerFactory(region=region, penvoerder=True)
    leader = UserFactory(email="pl@t.example", full_name='Pia "P" O\'Leider & Co', language="en")
    penvoerder = UserFactory(email="pv@t.example", full_name="Piet Voerder", language="en")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=penvoerder, region=region, role=RegionRole.Role.PENVOERDER)
    indicator = IndicatorFactory(region=region, code="IN1", name="Instroom")
    TargetFactory(indicator=indicator, year=2013, value=Decimal("110"))
    report = services.report_get_or_create(region=region, year=2013, user=leader)
    report = report_fill_completely(report=report, indicator=indicator, leader=leader)
    services.report_submit(report=report, actor=leader)
    services.report_endorse(report=report, actor=penvoerder)
    return report


def test_returned_mail_text_is_verbatim_and_html_escaped(report, django_capture_on_commit_callbacks):
    office = UserFactory(email="office@t.example", full_name="Olga Office", office=True, language="en")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.report_return(report=report, actor=office, comment=COMMENT)
    (message,) = mail.outbox
    assert NAME in message.subject
    assert NAME in message.body and COMMENT in message.body
    assert 'Dear Pia "P" O\'Leider & Co,' in message.body
    for entity in ("&quot;", "&amp;", "&lt;", "&gt;", "&#x27;", "&#39;"):
        assert entity not in message.subject and entity not in message.body
    html, _ = message.alternatives[0]
    assert NAME not in html and COMMENT not in html and "<b>de reflectie</b>" not in html
    assert "Noord &quot;West&quot; &amp; &lt;Oost&gt;" in html
    assert "&lt;b&gt;de reflectie&lt;/b&gt;" in html


def test_no_plain_text_template_turns_escaping_back_on():
    """The plain text and subjects are rendered without autoescaping in one place (mail._render_plain); a
    template must not escape or write HTML on its own."""
    import re
    from pathlib import Path

    from django.conf import settings

    html_producing = re.compile(r"\{%\s*autoescape\s+on|\|\s*(escape|force_escape|linebreaks|linebreaksbr|urlize)\b")
    texts = sorted((Path(settings.BASE_DIR) / "templates" / "mail").glob("*.txt"))
    assert len(texts) > 20
    offenders = [p.name for p in texts if html_producing.search(p.read_text())]
    assert offenders == []
