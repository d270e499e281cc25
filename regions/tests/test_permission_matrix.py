"""Every URL x every role x GET/POST against one expected-status table.

The world: region A (with a project leader, penvoerder, partner and critical friend) and
region B (with its own project leader). Forbidden objects answer 404; anonymous users are sent
to the login page. `test_every_url_is_in_the_matrix` fails when a URL is added without a row.
"""

import importlib
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from audits.models import Assignment, Placemat, Scoring
from audits.tests.factories import (
    AssignmentFactory,
    AuditVisitFactory,
    FollowUpActionFactory,
    PlacematFactory,
    ScoringFactory,
    StimulusGrantFactory,
)
from monitoring.models import MonitorReport
from monitoring.tests.factories import MonitorReportFactory
from peerreviews.models import GoodPractice
from peerreviews.tests.factories import GoodPracticeFactory
from regions.models import (
    Indicator,
    RegionPartner,
    RegionRole,
    RegionVision,
    Target,
    TargetAmendment,
    TargetAmendmentLine,
)

from .factories import (
    IndicatorFactory,
    OrganisationFactory,
    ProgrammeFactory,
    ProgrammeYearFactory,
    RegionFactory,
    RegionPartnerFactory,
    RegionRoleFactory,
    RegionVisionFactory,
    TargetFactory,
    UserFactory,
)
from .matrix_base import (
    ANON,
    CF,
    OFFICE,
    OFFICE_FORM_GET,
    OFFICE_FORM_POST,
    PARTNER,
    PL,
    PL_OTHER,
    PV,
    READ_ONLY_POST,
    REGION_A_READERS,
    ROLES,
    VIEWER,
    everyone,
    expect,
)

# Apps that add rows of their own (see matrix_base); a missing module is simply not there yet.
EXTENSIONS = []
for _name in (
    "peerreviews.tests.matrix_rows",
    "peerreviews.tests.matrix_rows_content",
    "peerreviews.tests.matrix_rows_attachments",
    "governance.tests.matrix_rows",
    "monitoring.tests.matrix_rows",
    "monitoring.tests.matrix_rows_contributions",
    "dashboard.tests.matrix_rows",
    "regions.tests.matrix_rows_cofinancing",
    "regions.tests.matrix_rows_subprojects",
    "selection.tests.matrix_rows",
    "knowledge.tests.matrix_rows",
    "audits.tests.matrix_rows_advice",
    "analysis.tests.matrix_rows",
    "toptechniek.accounts.tests.matrix_rows",
    "api.tests.matrix_rows",
):
    try:
        EXTENSIONS.append(importlib.import_module(_name))
    except ModuleNotFoundError as exc:
        if not _name.startswith(exc.name or "?"):
            raise


@dataclass
class World:
    programme: object
    region_a: object
    region_b: object
    users: dict
    partner: object
    role: object
    organisation: object
    vision_approved: object
    vision_draft: object
    indicator: object
    theme: object
    condition: object
    reports: dict
    audits: dict
    years: dict = None
    extra: dict = None


def _build_world() -> World:
    programme = ProgrammeFactory(slug="ttib")
    years = {y: ProgrammeYearFactory(programme=programme, year=y) for y in (2012, 2013, 2014, 2015)}
    region_a = RegionFactory(programme=programme, slug="region-a", name="Region A")
    region_b = RegionFactory(programme=programme, slug="region-b", name="Region B")
    organisation = OrganisationFactory(name="ROC A")
    partner = RegionPartnerFactory(region=region_a, organisation=organisation, penvoerder=True)
    users = {
        OFFICE: UserFactory(email="office@t.example", office=True),
        VIEWER: UserFactory(email="viewer@t.example", viewer=True),
        PL: UserFactory(email="pl@t.example"),
        PL_OTHER: UserFactory(email="pl-b@t.example"),
        PV: UserFactory(email="pv@t.example"),
        PARTNER: UserFactory(email="partner@t.example"),
        CF: UserFactory(email="cf@t.example"),
    }
    role = RegionRoleFactory(user=users[PL], region=region_a, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=users[PL_OTHER], region=region_b, role=RegionRole.Role.PROJECT_LEADER)
    RegionRoleFactory(user=users[PV], region=region_a, role=RegionRole.Role.PENVOERDER)
    RegionRoleFactory(user=users[PARTNER], region=region_a, role=RegionRole.Role.PARTNER)
    RegionRoleFactory(user=users[CF], region=region_a, role=RegionRole.Role.CRITICAL_FRIEND)
    vision_approved = RegionVisionFactory(region=region_a, version=1, approved=True)
    vision_draft = RegionVisionFactory(region=region_a, version=2)
    indicator = IndicatorFactory(region=region_a, code="IN1", proposed=True)
    TargetFactory(indicator=indicator, year=2013)
    # An agreed indicator of region A with an amendment its project leader proposed (2014: not frozen).
    agreed = IndicatorFactory(region=region_a, code="AG1")
    for year in (2013, 2014):
        TargetFactory(indicator=agreed, year=year)
    amendment = TargetAmendment.objects.create(indicator=agreed, reason="Krimp", proposed_by=users[PL])
    TargetAmendmentLine.objects.create(
        amendment=amendment, year=2014, old_value=Decimal("110"), new_value=Decimal("100")
    )
    # One monitor report per state, each in its own year of region A.
    reports = {
        "accepted": MonitorReportFactory(region=region_a, programme_year=years[2012], accepted=True),
        "draft": MonitorReportFactory(region=region_a, programme_year=years[2013]),
        "awaiting": MonitorReportFactory(
            region=region_a, programme_year=years[2014], awaiting=True, submitted_by=users[PL]
        ),
        "submitted": MonitorReportFactory(region=region_a, programme_year=years[2015], submitted=True),
    }
    # The critical friend assesses region A in 2015 (report submitted); another assessor has submitted.
    other_assessor = UserFactory(email="assessor-2@t.example")
    placemat_open = PlacematFactory(region=region_a, programme_year=years[2015])
    good_practices = {
        "published": GoodPracticeFactory(region=region_a, published=True),
        "draft": GoodPracticeFactory(region=region_a, created_by=users[CF]),
    }
    audits = {
        "good_practice": good_practices["published"],
        "good_practice_draft": good_practices["draft"],
        "grant": StimulusGrantFactory(region=region_a, programme_year=years[2013]),
        "assignment": AssignmentFactory(programme_year=years[2015], region=region_a, user=users[CF], role="assessor"),
        "placemat_published": PlacematFactory(region=region_a, programme_year=years[2012], published=True),
        "placemat_open": placemat_open,
        "scoring_submitted": ScoringFactory(
            assignment=AssignmentFactory(programme_year=years[2015], region=region_a, user=other_assessor),
            placemat=placemat_open,
            submitted=True,
        ),
    }
    audits["visit_reported"] = AuditVisitFactory(region=region_a, programme_year=years[2013], reported=True)
    audits["visit_planned"] = AuditVisitFactory(region=region_a, programme_year=years[2014])
    audits["visit_held"] = AuditVisitFactory(
        region=region_a, programme_year=years[2015], held=True, committee=[users[CF]]
    )
    audits["visit_action"] = FollowUpActionFactory(visit=audits["visit_reported"])
    world = World(
        years=years,
        extra={"indicator_agreed": agreed, "amendment": amendment},
        audits=audits,
        reports=reports,
        programme=programme,
        region_a=region_a,
        region_b=region_b,
        users=users,
        partner=partner,
        role=role,
        organisation=organisation,
        vision_approved=vision_approved,
        vision_draft=vision_draft,
        indicator=indicator,
        theme=programme.placemat_themes.get(kind="process", number=1),
        condition=programme.success_conditions.get(number=1),
    )
    for module in EXTENSIONS:
        if hasattr(module, "build"):
            module.build(world)
    return world


@pytest.fixture(scope="module")
def _matrix_media(tmp_path_factory):
    return str(tmp_path_factory.mktemp("matrix-media"))


@pytest.fixture(scope="module")
def _matrix_world(django_db_setup, django_db_blocker, _matrix_media):
    """The world, built once per module and worker inside a transaction that is rolled back at the end.

    Every test runs in a savepoint inside it (pytest-django's `db` fixture), so whatever a successful POST
    changes is gone before the next test; the snapshot check below still proves that nothing else changes.
    """
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=_matrix_media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def world(db, settings, _matrix_world, _matrix_media):
    settings.MEDIA_ROOT = _matrix_media  # where the world's attachments were stored
    return _matrix_world


REPORT_READERS = {PL, PV, PARTNER, CF, OFFICE}  # the viewer reads accepted reports only


def report_url(name, state, *extra):
    return lambda w: reverse(f"monitoring:{name}", args=[w.region_a, w.reports[state].programme_year.year, *extra])


def placemat_url(name, key):
    return lambda w: reverse(f"audits:{name}", args=[w.region_a, w.audits[key].programme_year.year])


def programme_year_url(name, year=2015):
    return lambda w: reverse(name, args=[w.programme.slug, year])


# name -> (url builder, GET expectations, POST expectations)
MATRIX = {
    "audits:assignments": (programme_year_url("audits:assignments"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "audits:assignment_delete": (
        lambda w: reverse("audits:assignment_delete", args=[w.audits["assignment"].pk]),
        OFFICE_FORM_GET,  # confirmation page
        expect({OFFICE}, 302),
    ),
    "audits:my_regions": (lambda w: reverse("audits:my_regions"), expect({CF}, 200), READ_ONLY_POST),
    "audits:scoring": (
        lambda w: reverse("audits:scoring", args=[w.audits["assignment"].pk]),
        expect({CF}, 200),
        expect({CF}, 400),  # a POST without an action changes nothing
    ),
    "audits:scoring_autosave": (
        lambda w: reverse("audits:scoring_autosave", args=[w.audits["assignment"].pk]),
        everyone(405),
        expect({CF}, 400),  # JSON; a save without the page's version changes nothing
    ),
    "audits:calibration": (
        placemat_url("calibration", "placemat_open"),
        OFFICE_FORM_GET,
        expect({OFFICE}, 400),
    ),
    "audits:placemat_unpublish": (
        placemat_url("placemat_unpublish", "placemat_published"),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "audits:scoring_reopen": (
        lambda w: reverse("audits:scoring_reopen", args=[w.audits["scoring_submitted"].pk]),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "audits:placemat_detail": (
        placemat_url("placemat_detail", "placemat_published"),
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "audits:placemat_pdf": (
        placemat_url("placemat_pdf", "placemat_published"),
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "audits:placemat_pdf[open]": (
        placemat_url("placemat_pdf", "placemat_open"),
        expect(set(), 200),  # nothing to print before publication: 404 for everyone
        READ_ONLY_POST,
    ),
    "audits:placemats_render_year": (
        programme_year_url("audits:placemats_render_year", 2012),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "audits:placemats_progress": (
        programme_year_url("audits:placemats_progress", 2012),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "audits:placemats_zip": (
        programme_year_url("audits:placemats_zip", 2012),
        expect({OFFICE}, 409),  # nothing rendered yet
        READ_ONLY_POST,
    ),
    "peerreviews:good_practice_list": (
        lambda w: reverse("peerreviews:good_practice_list"),
        everyone(200),
        READ_ONLY_POST,
    ),
    "peerreviews:good_practice_detail": (
        lambda w: w.audits["good_practice"].get_absolute_url(),
        everyone(200),
        READ_ONLY_POST,
    ),
    "peerreviews:good_practice_detail[draft]": (
        lambda w: w.audits["good_practice_draft"].get_absolute_url(),
        expect({CF, OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "peerreviews:good_practice_create": (
        lambda w: reverse("peerreviews:good_practice_create"),
        expect({CF, OFFICE}, 200),
        expect({CF, OFFICE}, 200),  # the form with its errors
    ),
    "peerreviews:good_practice_update": (
        lambda w: reverse("peerreviews:good_practice_update", args=[w.audits["good_practice_draft"].pk]),
        expect({CF, OFFICE}, 200),
        expect({CF, OFFICE}, 200),
    ),
    "peerreviews:good_practice_publish": (
        lambda w: reverse("peerreviews:good_practice_publish", args=[w.audits["good_practice_draft"].pk]),
        everyone(405),
        expect({CF, OFFICE}, 302),
    ),
    "peerreviews:good_practice_unpublish": (
        lambda w: reverse("peerreviews:good_practice_unpublish", args=[w.audits["good_practice"].pk]),
        everyone(405),
        expect({CF, OFFICE}, 302),
    ),
    "audits:visits": (programme_year_url("audits:visits", 2015), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "audits:visit_detail": (
        placemat_url("visit_detail", "visit_reported"),
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "audits:visit_detail[planned]": (
        placemat_url("visit_detail", "visit_planned"),
        expect({PL, PV, PARTNER, CF, OFFICE}, 200),  # the plan; the viewer reads reported visits only
        READ_ONLY_POST,
    ),
    "audits:visit_edit": (placemat_url("visit_edit", "visit_planned"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "audits:visit_report_edit": (
        placemat_url("visit_report_edit", "visit_held"),
        expect({CF, OFFICE}, 200),  # the office and the committee (CF is on it)
        expect({CF, OFFICE}, 302),  # an empty POST saves an empty draft
    ),
    "audits:visit_transition": (
        placemat_url("visit_transition", "visit_planned"),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "audits:action_toggle": (
        lambda w: reverse("audits:action_toggle", args=[w.audits["visit_action"].pk]),
        everyone(405),
        expect({PL, PV, OFFICE}, 302),
    ),
    "audits:grants": (programme_year_url("audits:grants", 2013), expect({OFFICE, VIEWER}, 200), OFFICE_FORM_POST),
    "audits:grant_decide": (
        lambda w: reverse("audits:grant_decide", args=[w.audits["grant"].pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "audits:region_grants": (
        lambda w: reverse("audits:region_grants", args=[w.region_a]),
        expect({PL, PV, OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "audits:placemat_detail[open]": (
        placemat_url("placemat_detail", "placemat_open"),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    # Partners read a report once it has been submitted, not while it is a draft.
    "monitoring:report_detail": (
        report_url("report_detail", "draft"),
        expect(REPORT_READERS - {PARTNER}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_detail[submitted]": (
        report_url("report_detail", "submitted"),
        expect(REPORT_READERS, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_detail[accepted]": (
        report_url("report_detail", "accepted"),
        expect(
            REPORT_READERS | {VIEWER, PL_OTHER}, 200
        ),  # region B held a peer review with A in 2013: its peer reads A's 2012 report
        READ_ONLY_POST,
    ),
    "monitoring:report_pdf": (
        report_url("report_pdf", "draft"),
        expect(REPORT_READERS - {PARTNER}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_pdf[accepted]": (
        report_url("report_pdf", "accepted"),
        expect(
            REPORT_READERS | {VIEWER, PL_OTHER}, 200
        ),  # region B held a peer review with A in 2013: its peer reads A's 2012 report
        READ_ONLY_POST,
    ),
    "monitoring:realisations_csv": (
        lambda w: reverse("monitoring:realisations_csv", args=[w.programme.slug, 2013]),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:realisations_xlsx": (
        lambda w: reverse("monitoring:realisations_xlsx", args=[w.programme.slug, 2013]),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_list": (
        lambda w: reverse("monitoring:report_list", args=[w.programme.slug, 2013]),
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "audits:reminders": (
        lambda w: reverse("audits:reminders", args=[w.programme.slug, 2013]),
        expect({OFFICE}, 200),
        READ_ONLY_POST,
    ),
    "monitoring:report_open": (report_url("report_open", "draft"), everyone(405), expect({PL}, 302)),
    # The penvoerder writes a contribution to the draft (monitoring/tests/matrix_rows_contributions.py): they
    # open its editor to write their part.
    "monitoring:report_edit": (report_url("report_edit", "draft"), expect({PL, PV}, 200), READ_ONLY_POST),
    "monitoring:report_edit[submitted]": (report_url("report_edit", "submitted"), expect(set(), 200), READ_ONLY_POST),
    "monitoring:report_save": (
        report_url("report_save", "draft", "reflection"),
        everyone(405),
        expect({PL}, 409),  # a save without the version it started from is treated as stale
    ),
    "monitoring:report_submit": (
        report_url("report_submit", "draft"),
        everyone(405),
        expect({PL}, 400),  # refused: the report is incomplete
    ),
    "monitoring:report_transition[endorse]": (
        report_url("report_transition", "awaiting", "endorse"),
        expect({PV}, 200),
        expect({PV}, 302),
    ),
    "monitoring:report_transition[decline]": (
        report_url("report_transition", "awaiting", "decline"),
        expect({PV}, 200),
        expect({PV}, 200),  # a comment is required
    ),
    "monitoring:report_transition[return]": (
        report_url("report_transition", "submitted", "return"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # a comment is required
    ),
    "monitoring:report_transition[accept]": (
        report_url("report_transition", "submitted", "accept"),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "monitoring:report_transition[reopen]": (
        report_url("report_transition", "accepted", "reopen"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # a reason is required
    ),
    "home": (
        lambda w: reverse("home"),
        everyone(200),  # Mijn taken: every signed-in person lands on what waits for them
        READ_ONLY_POST,
    ),
    "task_count": (
        lambda w: reverse("task_count"),
        everyone(200),  # the count next to "Mijn taken" in the navigation: one's own tasks only
        READ_ONLY_POST,
    ),
    "accounts:login": (
        lambda w: reverse("accounts:login"),
        everyone(302, anon=200),  # logged-in users are sent home
        everyone(302, anon=200),
    ),
    "accounts:logout": (lambda w: reverse("accounts:logout"), everyone(405), everyone(302)),
    "accounts:set_password": (
        lambda w: reverse("accounts:set_password", kwargs={"uidb64": "MQ", "token": "bad-token"}),
        everyone(200, anon=200),  # shows "link no longer valid"
        everyone(200, anon=200),
    ),
    "accounts:user_list": (lambda w: reverse("accounts:user_list"), OFFICE_FORM_GET, READ_ONLY_POST),
    "accounts:user_invite": (lambda w: reverse("accounts:user_invite"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "set_language": (lambda w: reverse("set_language"), everyone(302, anon=302), everyone(302, anon=302)),
    "favicon": (lambda w: reverse("favicon"), everyone(200, anon=200), everyone(405, anon=405)),  # no login
    "regions:programme_list": (
        lambda w: reverse("regions:programme_list"),
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "regions:programme_create": (lambda w: reverse("regions:programme_create"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "regions:programme_detail": (
        lambda w: w.programme.get_absolute_url(),
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "regions:programme_update": (
        lambda w: reverse("regions:programme_update", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:programme_close": (
        lambda w: reverse("regions:programme_close", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),  # closes it (rolled back after the test)
    ),
    # The world's programme is open: nobody may reopen it (regions/tests/test_programme_close.py reopens one).
    "regions:programme_reopen": (
        lambda w: reverse("regions:programme_reopen", args=[w.programme.slug]),
        expect(set(), 200),
        expect(set(), 302),
    ),
    "regions:programme_year_create": (
        lambda w: reverse("regions:programme_year_create", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:programme_year_update": (
        lambda w: reverse("regions:programme_year_update", args=[w.programme.slug, 2013]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:framework": (
        lambda w: reverse("regions:framework", args=[w.programme.slug]),
        expect({OFFICE, VIEWER}, 200),
        READ_ONLY_POST,
    ),
    "regions:theme_update": (
        lambda w: reverse("regions:theme_update", args=[w.theme.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:condition_update": (
        lambda w: reverse("regions:condition_update", args=[w.condition.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    # The world's programme has reported years: a removal is refused, its confirmation page explains why
    # and a POST goes back with the reason (302), changing nothing.
    "regions:theme_create": (
        lambda w: reverse("regions:theme_create", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:theme_delete": (
        lambda w: reverse("regions:theme_delete", args=[w.theme.pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "regions:question_create": (
        lambda w: reverse("regions:question_create", args=[w.theme.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:question_update": (
        lambda w: reverse("regions:question_update", args=[w.theme.questions.first().pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:question_delete": (
        lambda w: reverse("regions:question_delete", args=[w.theme.questions.first().pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "regions:condition_create": (
        lambda w: reverse("regions:condition_create", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:condition_delete": (
        lambda w: reverse("regions:condition_delete", args=[w.condition.pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    # Landsdelen and routes: the world's regions are in "noord" and its indicators follow "vakmanschap", so
    # their removal is refused (the confirmation page explains; a POST goes back, 302, changing nothing).
    "regions:landsdeel_create": (
        lambda w: reverse("regions:landsdeel_create", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:landsdeel_update": (
        lambda w: reverse("regions:landsdeel_update", args=[w.programme.landsdelen.get(code="noord").pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:landsdeel_delete": (
        lambda w: reverse("regions:landsdeel_delete", args=[w.programme.landsdelen.get(code="noord").pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "regions:route_create": (
        lambda w: reverse("regions:route_create", args=[w.programme.slug]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:route_update": (
        lambda w: reverse("regions:route_update", args=[w.programme.routes.get(code="vakmanschap").pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:route_delete": (
        lambda w: reverse("regions:route_delete", args=[w.programme.routes.get(code="vakmanschap").pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "regions:region_list": (lambda w: reverse("regions:region_list"), everyone(200), READ_ONLY_POST),
    "regions:region_create": (lambda w: reverse("regions:region_create"), OFFICE_FORM_GET, OFFICE_FORM_POST),
    "regions:region_detail": (
        lambda w: w.region_a.get_absolute_url(),
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "regions:region_legacy": (
        lambda w: f"/regions/{w.region_a.slug}/reports/2013/",
        expect(REGION_A_READERS, 302),
        READ_ONLY_POST,
    ),
    "regions:region_update": (
        lambda w: reverse("regions:region_update", args=[w.region_a]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:partner_create": (
        lambda w: reverse("regions:partner_create", args=[w.region_a]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:role_create": (
        lambda w: reverse("regions:role_create", args=[w.region_a]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:vision_create": (
        lambda w: reverse("regions:vision_create", args=[w.region_a]),
        expect({PL}, 302),  # region A has a draft: the project leader is sent to it
        expect({PL}, 302),
    ),
    "regions:indicator_create": (
        lambda w: reverse("regions:indicator_create", args=[w.region_a]),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),
    ),
    "regions:partner_update": (
        lambda w: reverse("regions:partner_update", args=[w.partner.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:partner_delete": (
        lambda w: reverse("regions:partner_delete", args=[w.partner.pk]),
        OFFICE_FORM_GET,  # confirmation page
        expect({OFFICE}, 302),
    ),
    "regions:role_delete": (
        lambda w: reverse("regions:role_delete", args=[w.role.pk]),
        OFFICE_FORM_GET,
        expect({OFFICE}, 302),
    ),
    "regions:organisation_list": (lambda w: reverse("regions:organisation_list"), OFFICE_FORM_GET, READ_ONLY_POST),
    "regions:organisation_create": (
        lambda w: reverse("regions:organisation_create"),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:organisation_update": (
        lambda w: reverse("regions:organisation_update", args=[w.organisation.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:vision_detail": (
        lambda w: w.vision_approved.get_absolute_url(),
        expect(REGION_A_READERS, 200),
        READ_ONLY_POST,
    ),
    "regions:vision_detail[draft]": (
        lambda w: w.vision_draft.get_absolute_url(),
        expect({PL, PV, CF, OFFICE}, 200),  # drafts: not for partners, the viewer or other regions
        READ_ONLY_POST,
    ),
    "regions:vision_update": (
        lambda w: reverse("regions:vision_update", args=[w.vision_draft.pk]),
        expect({PL}, 200),
        expect({PL}, 200),
    ),
    "regions:vision_update[approved]": (
        lambda w: reverse("regions:vision_update", args=[w.vision_approved.pk]),
        expect(set(), 200),  # approved versions are read-only for everyone
        expect(set(), 200),
    ),
    "regions:vision_approve": (
        lambda w: reverse("regions:vision_approve", args=[w.vision_draft.pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,
    ),
    "regions:indicator_update": (
        lambda w: reverse("regions:indicator_update", args=[w.indicator.pk]),
        expect({PL, OFFICE}, 200),
        expect({PL, OFFICE}, 200),
    ),
    "regions:indicator_approve": (
        lambda w: reverse("regions:indicator_approve", args=[w.indicator.pk]),
        everyone(405),
        expect({OFFICE}, 302),
    ),
    "regions:amendment_propose": (
        lambda w: reverse("regions:amendment_propose", args=[w.extra["indicator_agreed"].pk]),
        expect({PL, OFFICE}, 200),  # the region's project leader or the office, on an agreed indicator
        expect({PL, OFFICE}, 200),  # an empty POST: the form with its errors
    ),
    "regions:amendment_propose[proposed]": (
        lambda w: reverse("regions:amendment_propose", args=[w.indicator.pk]),
        expect(set(), 200),  # a proposed indicator is changed directly, not amended
        expect(set(), 200),
    ),
    "regions:amendment_decide": (
        lambda w: reverse("regions:amendment_decide", args=[w.extra["amendment"].pk]),
        OFFICE_FORM_GET,
        OFFICE_FORM_POST,  # approve or refuse must be chosen
    ),
    "regions:amendment_withdraw": (
        lambda w: reverse("regions:amendment_withdraw", args=[w.extra["amendment"].pk]),
        expect({PL, OFFICE}, 200),  # the proposer (still project leader) or the office; confirmation page
        expect({PL, OFFICE}, 302),
    ),
}

for _module in EXTENSIONS:
    MATRIX.update(_module.ROWS)

# Opening one's own scoring page (or its autosave) creates the (empty) draft scoring and placemat: idempotent,
# and only for its own assessor.
GET_CREATES_DRAFT = {"audits:scoring", "audits:scoring_autosave"}

CASES = [(name, role, method) for name in MATRIX for role in ROLES for method in ("GET", "POST")]


def _snapshot():
    return tuple(module.snapshot() for module in EXTENSIONS if hasattr(module, "snapshot")) + (
        RegionVision.objects.filter(status="draft").count(),
        Indicator.objects.filter(status="proposed").count(),
        RegionPartner.objects.count(),
        RegionRole.objects.count(),
        tuple(MonitorReport.objects.order_by("pk").values_list("status", "quantitative_version", "reflection_version")),
        Assignment.objects.count(),
        tuple(Placemat.objects.order_by("pk").values_list("status", "version")),
        tuple(Scoring.objects.order_by("pk").values_list("status", flat=True)),
        tuple(GoodPractice.objects.order_by("pk").values_list("status", "title")),
        tuple(TargetAmendment.objects.order_by("pk").values_list("status", "decision_note")),
        tuple(Target.objects.order_by("pk").values_list("indicator_id", "year", "value", "value_max")),
    )


@pytest.mark.parametrize(("name", "role", "method"), CASES, ids=[f"{n}-{r}-{m}" for n, r, m in CASES])
def test_url_answers_role_as_in_matrix(client, world, name, role, method):
    build, get_expect, post_expect = MATRIX[name]
    if role != ANON:
        client.force_login(world.users[role])
    url = build(world)
    before = _snapshot()
    response = client.get(url) if method == "GET" else client.post(url, {})
    expected = (get_expect if method == "GET" else post_expect)[role]
    assert response.status_code == expected, f"{method} {url} as {role}"
    if response.status_code == 302 and role == ANON and not name.startswith(("accounts:", "set_language")):
        assert response["Location"].startswith(reverse("accounts:login"))
    if (expected != 302 or method == "GET") and not (name in GET_CREATES_DRAFT and role == CF):
        # Nothing but a successful POST may change data.
        assert _snapshot() == before


def _all_url_names(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            if entry.app_name == "admin":
                continue
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _all_url_names(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def test_every_url_is_in_the_matrix():
    covered = {name.split("[")[0] for name in MATRIX}
    missing = sorted(set(_all_url_names()) - covered)
    assert not missing, f"URLs without a row in the permission matrix: {missing}"
