"""Open data: a closed year's settled figures on a public page, as CSV with a data dictionary and a licence; only
accepted reports, no explanations or names; published and withdrawn by the office."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import OpenDataRelease
from monitoring.services import opendata_publish, opendata_withdraw
from regions.models import TargetAmendment
from regions.tests.factories import IndicatorFactory, TargetFactory
from regions.tests.world import world_build

from .factories import MonitorReportFactory, RealisationFactory

pytestmark = pytest.mark.django_db
AFTER = datetime.date(2014, 6, 1)


@pytest.fixture
def w():
    w = world_build(
        years=({"year": 2013, "report_due_date": datetime.date(2014, 3, 1)},),
        regions=({"slug": "twente", "join_year": 2012}, {"slug": "zwolle", "join_year": 2012}),
        roles={"leader": ("twente", "project_leader", "pl@t.example")},
    )
    w.a, w.b = w.regions["twente"], w.regions["zwolle"]
    w.ia = IndicatorFactory(region=w.a, code="L1", name="Leerlingen", status="agreed")
    w.ib = IndicatorFactory(region=w.b, code="L1", name="Leerlingen", status="agreed")
    TargetFactory(indicator=w.ia, year=2013, value=Decimal(100))
    TargetAmendment.objects.create(
        indicator=w.ia,
        status="approved",
        reason="Krimp",
        proposed_by=w.office,
        decided_by=w.office,
        decided_at=datetime.datetime(2013, 5, 1, tzinfo=datetime.UTC),
    )
    w.ra = MonitorReportFactory(region=w.a, programme_year=w.years[2013], accepted=True)
    RealisationFactory(report=w.ra, indicator=w.ia, value=Decimal(120), explanation="Dankzij Piet Jansen")
    w.rb = MonitorReportFactory(region=w.b, programme_year=w.years[2013], submitted=True)
    RealisationFactory(report=w.rb, indicator=w.ib, value=Decimal(5))
    return w


def test_opendata_refused_until_every_report_is_accepted(w):
    with pytest.raises(ValidationError, match="Zwolle"):
        opendata_publish(programme_year=w.years[2013], actor=w.office, today=AFTER)
    with pytest.raises(ValidationError, match="not yet due"):
        opendata_publish(programme_year=w.years[2013], actor=w.office, today=datetime.date(2014, 2, 1))
    assert not OpenDataRelease.objects.exists()


def test_opendata_file_has_settled_figures_without_names_and_a_dictionary(client, w):
    w.rb.status = "accepted"
    w.rb.save()
    opendata_publish(programme_year=w.years[2013], actor=w.office, today=AFTER)
    client.logout()  # public
    page = client.get(reverse("monitoring:opendata_list")).content.decode()
    assert "CC BY 4.0" in page and "agreement_version" in page
    response = client.get(reverse("monitoring:opendata_download", args=[w.programme.slug, 2013]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_region = {r["region"]: r for r in rows}
    assert by_region["Twente"]["realisation"] == "120.00" and by_region["Twente"]["target"] == "100.00"
    assert by_region["Twente"]["agreement_version"] == "2"  # one approved amendment
    assert "Piet" not in response.content.decode()  # no explanations, no names
    dictionary = client.get(reverse("monitoring:opendata_dictionary")).content.decode()
    assert dictionary.startswith("column,type,description") and "nothing_to_report" in dictionary
    assert dictionary.startswith("column,type,description,beschrijving")
    assert "De naam van de regio." in dictionary and "The region's name." in dictionary


def test_opendata_of_an_unpublished_year_is_not_found_and_withdrawing_removes_it(client, w):
    url = reverse("monitoring:opendata_download", args=[w.programme.slug, 2013])
    assert client.get(url).status_code == 404
    w.rb.status = "accepted"
    w.rb.save()
    opendata_publish(programme_year=w.years[2013], actor=w.office, today=AFTER)
    assert client.get(url).status_code == 200
    opendata_withdraw(programme_year=w.years[2013], actor=w.office)
    assert client.get(url).status_code == 404


def test_opendata_publish_page_is_the_offices(client, w):
    url = reverse("monitoring:opendata_publish", args=[w.programme.slug, 2013])
    client.force_login(w.leader)
    assert client.get(url).status_code == 404
    client.force_login(w.office)
    page = client.get(url).content.decode()
    assert "Zwolle" in page and "Publish as open data" not in page  # the refusal, no button
