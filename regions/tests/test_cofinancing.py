"""Co-financing (cofinanciering): the services with every refusal, the year's page (decimal commas, errors
that keep the input), the region page's section, the permission rule of a closed programme, and flat query
counts."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from regions import services
from regions.models import Cofinancing, RegionRole
from regions.rules import forget_closed_programmes
from regions.services import CofinancingInput, cofinancing_save
from toptechniek.common.models import AuditEvent
from toptechniek.common.testing import assert_flat_queries

from .factories import (
    CofinancingFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    programme = ProgrammeFactory(start_year=2012, end_year=2015)
    years = {y: ProgrammeYearFactory(programme=programme, year=y) for y in (2012, 2013, 2014)}
    region = RegionFactory(programme=programme, name="Twente", join_year=2013)
    school = RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="ROC van Twente"))
    company = RegionPartnerFactory(region=region, organisation=OrganisationFactory(name="Thales", company=True))
    leader = UserFactory(email="pl@example.org")
    RegionRoleFactory(user=leader, region=region, role=RegionRole.Role.PROJECT_LEADER)
    return programme, years, region, school, company, leader


def _audit_actions():
    return list(AuditEvent.objects.filter(action__startswith="regions.cofinancing").values_list("action", flat=True))


# --- Services ---------------------------------------------------------------------------------


def test_cofinancing_save_records_the_figures_with_who_and_an_audit_entry(setup):
    _programme, years, region, school, _company, leader = setup
    saved = services.cofinancing_save(
        region=region,
        partner=school,
        programme_year=years[2013],
        values=CofinancingInput(committed_in_kind=Decimal("20000"), realised_in_kind=Decimal("25000"), note="Docenten"),
        actor=leader,
    )
    row = Cofinancing.objects.get()
    assert row == saved
    assert (row.committed_money, row.committed_in_kind, row.realised_in_kind) == (0, Decimal("20000"), Decimal("25000"))
    assert (row.note, row.updated_by, row.region) == ("Docenten", leader, region)
    assert row.realised > row.committed  # more realised than committed is allowed
    assert _audit_actions() == ["regions.cofinancing_save"]


def test_cofinancing_save_changes_only_what_differs_and_logs_the_change(setup):
    _programme, years, region, school, _company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013], committed_money=Decimal("100"))
    services.cofinancing_save(
        region=region,
        partner=school,
        programme_year=years[2013],
        values=CofinancingInput(committed_money=Decimal("100"), realised_money=Decimal("80")),
        actor=leader,
    )
    row = Cofinancing.objects.get()
    assert (row.committed_money, row.realised_money) == (Decimal("100"), Decimal("80"))
    event = AuditEvent.objects.get(action="regions.cofinancing_save")
    assert "changed" in event.message


def test_cofinancing_save_of_an_empty_row_removes_the_year(setup):
    _programme, years, region, school, _company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013])
    services.cofinancing_save(
        region=region, partner=school, programme_year=years[2013], values=CofinancingInput(), actor=leader
    )
    assert not Cofinancing.objects.exists()
    assert _audit_actions() == ["regions.cofinancing_delete"]


def test_cofinancing_delete_removes_the_figures(setup):
    _programme, years, _region, school, _company, leader = setup
    row = CofinancingFactory(partner=school, programme_year=years[2013])
    services.cofinancing_delete(cofinancing=row, actor=leader)
    assert not Cofinancing.objects.exists()
    assert _audit_actions() == ["regions.cofinancing_delete"]


@pytest.mark.parametrize(
    "case, message",
    [
        ("negative", "cannot be negative"),
        ("other_region", "is not a partner of Twente"),
        ("other_programme", "is not a year of the programme"),
        ("before_join", "joined the programme in 2013"),
        ("three_decimals", "at most two decimals"),
    ],
)
def test_cofinancing_save_refused_changes_nothing(setup, case, message):
    _programme, years, region, school, _company, leader = setup
    existing = CofinancingFactory(partner=school, programme_year=years[2014], committed_money=Decimal("500"))
    partner, programme_year = school, years[2014]
    values = CofinancingInput(committed_money=Decimal("900"))
    if case == "negative":
        values = CofinancingInput(committed_money=Decimal("-1"))
    elif case == "other_region":
        partner = RegionPartnerFactory(region=RegionFactory(programme=region.programme))
    elif case == "other_programme":
        programme_year = ProgrammeYearFactory(programme=ProgrammeFactory(), year=2014)
    elif case == "before_join":
        programme_year = years[2012]
    elif case == "three_decimals":
        values = CofinancingInput(committed_money=Decimal("1.005"))
    with pytest.raises(ValidationError) as refused:
        services.cofinancing_save(
            region=region, partner=partner, programme_year=programme_year, values=values, actor=leader
        )
    assert message in " ".join(refused.value.messages)
    assert list(Cofinancing.objects.values_list("pk", "committed_money")) == [(existing.pk, Decimal("500"))]
    assert _audit_actions() == []


def test_cofinancing_save_year_with_one_bad_row_saves_nothing(setup):
    _programme, years, region, school, company, leader = setup
    with pytest.raises(ValidationError) as refused:
        services.cofinancing_save_year(
            region=region,
            programme_year=years[2013],
            rows={
                school.pk: CofinancingInput(committed_money=Decimal("10")),
                company.pk: CofinancingInput(realised_money=Decimal("-5")),
            },
            actor=leader,
        )
    assert f"{company.pk}-realised_money" in refused.value.message_dict
    assert not Cofinancing.objects.exists()
    assert _audit_actions() == []


def test_cofinancing_save_year_counts_the_partners_that_changed(setup):
    _programme, years, region, school, company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013], committed_money=Decimal("10"))
    changed = services.cofinancing_save_year(
        region=region,
        programme_year=years[2013],
        rows={
            school.pk: CofinancingInput(committed_money=Decimal("10")),  # as it was
            company.pk: CofinancingInput(committed_money=Decimal("30"), realised_in_kind=Decimal("5")),
        },
        actor=leader,
    )
    assert changed == 1
    assert Cofinancing.objects.count() == 2


def test_region_partner_remove_with_cofinancing_is_refused(setup):
    _programme, years, _region, school, _company, _leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013])
    with pytest.raises(ValidationError, match="co-financing"):
        services.region_partner_remove(partner=school)
    assert Cofinancing.objects.count() == 1
    school.refresh_from_db()


def test_region_delete_takes_its_cofinancing_along(setup):
    _programme, years, region, school, _company, _leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013])
    region.delete()
    assert not Cofinancing.objects.exists()


# --- Permissions ------------------------------------------------------------------------------


def test_change_cofinancing_in_a_closed_programme_is_nobodys(setup):
    programme, _years, region, _school, _company, leader = setup
    office = UserFactory(office=True)
    assert leader.has_perm("regions.change_cofinancing", region)
    programme.closed_at = timezone.now()
    programme.save()
    region.programme.refresh_from_db()
    forget_closed_programmes(leader)  # the closed programmes are read once per request, cached on the user
    assert not leader.has_perm("regions.change_cofinancing", region)
    assert not office.has_perm("regions.change_cofinancing", region)
    assert leader.has_perm("regions.view_cofinancing", region)


# --- The year's page --------------------------------------------------------------------------


def _url(region, year=2013):
    return reverse("regions:cofinancing_edit", args=[region, year])


def test_cofinancing_page_lists_the_partners_grouped_by_o(client, setup):
    _programme, years, region, school, company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013], committed_money=Decimal("12500.5"))
    client.force_login(leader)
    html = client.get(_url(region)).content.decode()
    assert html.index("ROC van Twente") < html.index("Thales")
    assert "education" in html.lower() and "business" in html.lower()
    assert f'name="p-{school.pk}-committed_money" value="12500.50"' in html
    assert f'for="id-p-{company.pk}-realised_in_kind"' in html  # every input has a label


def test_cofinancing_page_accepts_a_dutch_decimal_comma(client, setup):
    _programme, years, region, school, company, leader = setup
    client.force_login(leader)
    response = client.post(
        _url(region),
        {f"p-{school.pk}-committed_in_kind": "1.250,50", f"p-{company.pk}-committed_money": "3000,5"},
        follow=True,
    )
    assert "Co-financing 2013 saved." in response.content.decode()
    assert response.redirect_chain[-1][0].endswith("#cofinancing")
    figures = dict(Cofinancing.objects.values_list("partner_id", "committed_in_kind"))
    assert figures[school.pk] == Decimal("1250.50")
    assert Cofinancing.objects.get(partner=company).committed_money == Decimal("3000.50")


def test_cofinancing_page_with_errors_keeps_what_was_typed_and_saves_nothing(client, setup):
    _programme, years, region, school, company, leader = setup
    client.force_login(leader)
    response = client.post(
        _url(region),
        {
            f"p-{school.pk}-committed_money": "12.000",
            f"p-{school.pk}-note": "Gemeente betaalt mee",
            f"p-{company.pk}-realised_money": "veel",
            f"p-{company.pk}-committed_money": "-10",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was saved" in html
    assert 'value="12.000"' in html and 'value="Gemeente betaalt mee"' in html and 'value="veel"' in html
    assert "Enter an amount in euros" in html and "cannot be negative" in html
    assert not Cofinancing.objects.exists()


def test_cofinancing_page_of_a_year_before_joining_is_not_found(client, setup):
    _programme, _years, region, _school, _company, leader = setup
    client.force_login(leader)
    assert client.get(_url(region, 2012)).status_code == 404
    assert client.get(_url(region, 2019)).status_code == 404


def test_cofinancing_page_without_partners_says_so(client, setup):
    programme, _years, _region, _school, _company, _leader = setup
    lonely = RegionFactory(programme=programme, join_year=2012)
    client.force_login(UserFactory(office=True))
    assert "has no partners yet" in client.get(_url(lonely)).content.decode()


def test_cofinancing_page_queries_are_flat_for_1_and_3_partners(client, setup):
    programme, years, _region, _school, _company, _leader = setup
    region = RegionFactory(programme=programme, join_year=2012)
    partner = RegionPartnerFactory(region=region)
    CofinancingFactory(partner=partner, programme_year=years[2013])
    client.force_login(UserFactory(office=True))

    def grow():
        more = RegionPartnerFactory(region=region, organisation=OrganisationFactory(municipality=True))
        CofinancingFactory(partner=more, programme_year=years[2013], updated_by=UserFactory())

    assert_flat_queries(client, _url(region), grow=grow)


# --- The region page --------------------------------------------------------------------------


def test_region_page_shows_committed_realised_and_share_per_year(client, setup):
    _programme, years, region, school, company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013], in_kind=True, realised_in_kind=Decimal("5000"))
    CofinancingFactory(partner=company, programme_year=years[2013], committed_money=Decimal("15000"), shortfall=True)
    client.force_login(leader)
    html = client.get(region.get_absolute_url()).content.decode()
    assert 'id="cofinancing"' in html
    # 20,000 committed, 11,000 realised: 55%.
    assert "55% of the committed amount realised" in html
    assert 'data-share="55"' in html
    assert reverse("regions:cofinancing_edit", args=[region, 2014]) in html


def test_region_page_gives_no_realised_share_for_a_year_that_has_not_begun(client, setup):
    import datetime

    programme, _years, region, school, _company, leader = setup
    next_year = datetime.date.today().year + 1
    future = ProgrammeYearFactory(programme=programme, year=next_year)
    CofinancingFactory(partner=school, programme_year=future, committed_money=Decimal("1000"))
    client.force_login(leader)
    html = " ".join(client.get(region.get_absolute_url()).content.decode().split())
    heading = html.split(f'id="cofinancing-{next_year}-heading">', 1)[1].split("</h3>", 1)[0]
    assert "committed; the year has not begun" in heading and "realised" not in heading
    table = html.split(f'aria-labelledby="cofinancing-{next_year}-heading"', 1)[1].split("</table>", 1)[0]
    assert 'data-share=""' in table and "0%" not in table  # "–", not a share of 0% of what lies ahead


def test_region_page_without_cofinancing_says_none_recorded(client, setup):
    _programme, _years, region, _school, _company, _leader = setup
    client.force_login(UserFactory(viewer=True))
    html = client.get(region.get_absolute_url()).content.decode()
    assert "No co-financing recorded yet." in html
    assert reverse("regions:cofinancing_edit", args=[region, 2013]) not in html  # the viewer only reads


def test_region_page_queries_are_flat_for_1_and_3_partners_with_cofinancing(client, setup):
    programme, years, _region, _school, _company, _leader = setup
    region = RegionFactory(programme=programme, join_year=2012)
    CofinancingFactory(partner=RegionPartnerFactory(region=region), programme_year=years[2013])
    client.force_login(UserFactory(office=True))

    def grow():
        CofinancingFactory(
            partner=RegionPartnerFactory(region=region, organisation=OrganisationFactory(company=True)),
            programme_year=years[2014],
        )

    assert_flat_queries(client, region.get_absolute_url(), grow=grow)


def test_cofinancing_page_of_a_closed_programme_is_not_found(client, setup):
    programme, _years, region, _school, _company, leader = setup
    programme.closed_at = timezone.now()
    programme.save()
    client.force_login(leader)
    assert client.get(_url(region)).status_code == 404


def test_partner_delete_page_with_cofinancing_says_why_and_keeps_the_partner(client, setup):
    _programme, years, region, school, _company, _leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013])
    client.force_login(UserFactory(office=True))
    response = client.post(reverse("regions:partner_delete", args=[school.pk]), follow=True)
    assert "has co-financing figures in this region" in response.content.decode()
    assert region.partners.filter(pk=school.pk).exists()


def test_the_admin_reads_cofinancing_but_never_writes_it(client, setup):
    from toptechniek.accounts.models import User

    _programme, years, _region, school, _company, _leader = setup
    row = CofinancingFactory(partner=school, programme_year=years[2013], committed_money=Decimal("1234"))
    admin_user = User.objects.create_superuser(email="root@t.example", password="x", full_name="Root")
    client.force_login(admin_user)
    listing = client.get("/admin/regions/cofinancing/")
    assert listing.status_code == 200 and school.organisation.name in listing.content.decode()
    assert client.get("/admin/regions/cofinancing/add/").status_code == 403
    assert client.post(f"/admin/regions/cofinancing/{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Cofinancing.objects.filter(pk=row.pk).exists()


# --- Settled years: fixed for the region, hidden from those who do not read its drafts ---------------


def _report(region, programme_year, status):
    from monitoring.tests.factories import MonitorReportFactory

    traits = {"submitted": {"submitted": True}, "accepted": {"accepted": True}, "draft": {}, "returned": {}}[status]
    report = MonitorReportFactory(region=region, programme_year=programme_year, **traits)
    if status == "returned":
        type(report).objects.filter(pk=report.pk).update(status="returned")
    return report


def test_a_settled_years_cofinancing_is_fixed_for_the_region_not_for_the_office(setup):
    _programme, years, region, school, _company, leader = setup
    _report(region, years[2013], "submitted")
    values = CofinancingInput(committed_money=Decimal("1000"))
    with pytest.raises(ValidationError) as exc:
        cofinancing_save(region=region, partner=school, programme_year=years[2013], values=values, actor=leader)
    assert "fixed" in str(exc.value)
    assert not Cofinancing.objects.exists()
    office = UserFactory(office=True)
    assert cofinancing_save(region=region, partner=school, programme_year=years[2013], values=values, actor=office)


def test_a_returned_report_opens_its_years_cofinancing_again(setup):
    _programme, years, region, school, _company, leader = setup
    _report(region, years[2013], "returned")
    values = CofinancingInput(committed_money=Decimal("1000"))
    assert cofinancing_save(region=region, partner=school, programme_year=years[2013], values=values, actor=leader)


def test_region_page_shows_the_viewer_only_settled_years(client, setup):
    _programme, years, region, school, _company, leader = setup
    CofinancingFactory(partner=school, programme_year=years[2013], committed_money=Decimal("7000"))
    CofinancingFactory(partner=school, programme_year=years[2014], committed_money=Decimal("9000"))
    _report(region, years[2013], "accepted")
    client.force_login(UserFactory(viewer=True))
    html = client.get(region.get_absolute_url()).content.decode()
    assert 'id="cofinancing-2013-heading"' in html and "7,000" in html
    assert 'id="cofinancing-2014-heading"' not in html and "9,000" not in html
    assert "The figures of 2014 are shown once that year" in html
    client.force_login(leader)  # the region's own people see what they are entering
    html = client.get(region.get_absolute_url()).content.decode()
    assert "9,000" in html
    assert reverse("regions:cofinancing_edit", args=[region, 2013]) not in html  # fixed for the region
    assert reverse("regions:cofinancing_edit", args=[region, 2014]) in html
