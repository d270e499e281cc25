"""The demo's programme in progress: live work on today's dates, nothing late that should not be, nothing
dated in the future, and people and a region that continue from the first programme."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from audits.models import Assignment, Placemat, Scoring, StimulusGrant
from monitoring.models import MonitorReport, ReportTransition
from peerreviews.models import PeerReview
from portal import demo_current
from portal.selectors import task_page
from regions.models import Programme, Region, RegionRole
from regions.selectors import programme_current
from toptechniek.accounts.models import User

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=None)
        yield Programme.objects.get(slug=demo_current.SLUG)
        from django.core.management import call_command as flush

        flush("flush", "--noinput", verbosity=0)


def test_calendar_puts_this_years_reports_due_in_ten_days():
    current, start, years = demo_current.calendar(datetime.date(2026, 12, 4))
    assert (current, start) == (2026, 2025)
    assert years[2026]["report_due_date"] == datetime.date(2026, 12, 14)
    assert years[2025]["report_due_date"] == datetime.date(2025, 12, 14)
    assert sorted(years) == [2025, 2026, 2027, 2028]
    for dates in years.values():
        assert dates["peer_review_window_start"] < dates["report_due_date"] < dates["scoring_due_date"]
    # Loaded in the spring, the reports due then are last year's.
    current, start, _years = demo_current.calendar(datetime.date(2027, 3, 1))
    assert (current, start) == (2026, 2025)


def test_the_programme_in_progress_is_the_default(demo):
    assert programme_current() == demo
    history = Programme.objects.get(slug="toptechniek-in-bedrijf")
    assert history.closed_at is not None
    # A closed programme comes after the open ones, even in its own years.
    assert programme_current(today=datetime.date(2014, 5, 1)) == demo


def test_last_year_is_complete_and_this_year_is_in_progress(demo):
    today = timezone.localdate()
    years = list(demo.programme_years.order_by("year"))
    last, this = years[0], years[1]
    assert this.report_due_date == today + datetime.timedelta(days=demo_current.REPORT_DUE_IN_DAYS)
    regions = Region.objects.filter(programme=demo)
    assert regions.count() == len(demo_current.REGIONS)
    last_reports = MonitorReport.objects.filter(programme_year=last)
    assert last_reports.count() == regions.count()
    assert set(last_reports.values_list("status", flat=True)) == {"accepted"}
    assert not last_reports.filter(is_late=True).exists()
    assert Placemat.objects.filter(programme_year=last, status="published").count() == regions.count()
    assert StimulusGrant.objects.filter(programme_year=last, status="decided").count() == regions.count()
    statuses = sorted(MonitorReport.objects.filter(programme_year=this).values_list("status", flat=True))
    assert statuses == ["awaiting_endorsement", "draft", "draft", "returned", "submitted", "submitted"]
    # The office returned one report a day or so after it came in, with its reason, before today.
    returned = MonitorReport.objects.get(programme_year=this, status="returned")
    step = returned.transitions.get(to_status="returned")
    assert step.comment and returned.submitted_at < step.at < timezone.now()
    # The submitted reports are being scored: one assessor has started, nothing is published.
    assert Scoring.objects.filter(placemat__programme_year=this, status="draft").count() == 2
    assert not Placemat.objects.filter(programme_year=this, status="published").exists()
    review = PeerReview.objects.get(programme_year=this)
    assert review.status == "preparing"
    assert this.peer_review_window_start <= review.date <= this.peer_review_window_end
    assert review.date > today


def test_nothing_is_dated_after_today(demo):
    now = timezone.now()
    reports = MonitorReport.objects.filter(region__programme=demo)
    for field in ("created_at", "updated_at", "submitted_at", "accepted_at"):
        assert not reports.filter(**{f"{field}__gt": now}).exists(), field
    assert not ReportTransition.objects.filter(report__in=reports, at__gt=now).exists()
    assert not StimulusGrant.objects.filter(region__programme=demo, decided_at__gt=now).exists()
    assert not Placemat.objects.filter(region__programme=demo, published_at__gt=now).exists()
    assert not Scoring.objects.filter(placemat__region__programme=demo, submitted_at__gt=now).exists()


def test_nothing_is_late_and_everyone_has_live_work(demo):
    today = timezone.localdate()
    for email, kind in (
        ("pl.parkstad-limburg@example.org", "report"),
        ("pl.noordoost-brabant@example.org", "report"),
        ("pv.food-valley@example.org", "endorse"),
    ):
        page = task_page(user=User.objects.get(email=email), today=today)
        assert any(kind in todo.kind for todo in page.todos), (email, [t.kind for t in page.todos])
        assert page.overdue == 0, email
    scorings = Scoring.objects.filter(placemat__region__programme=demo, status="draft").select_related(
        "assignment__user"
    )
    assert scorings
    for scoring in scorings:  # the assessors who started see their scoring waiting
        page = task_page(user=scoring.assignment.user, today=today)
        assert any(todo.kind.startswith("scor") for todo in page.todos), [t.kind for t in page.todos]


def test_a_region_and_people_continue_from_the_first_programme(demo):
    twentes = Region.objects.filter(slug="twente")
    assert set(twentes.values_list("programme__slug", flat=True)) == {"toptechniek-in-bedrijf", demo.slug}
    leader = User.objects.get(email="pl.twente@example.org")
    assert RegionRole.objects.filter(user=leader, region__in=twentes, role="project_leader").count() == 2
    friend = User.objects.get(email="cf1@example.org")
    assert {a.programme_year.programme_id for a in Assignment.objects.filter(user=friend)} == {
        twentes[0].programme_id,
        twentes[1].programme_id,
    }
    # The organisations carry over: Twente's ROC is one organisation with a seat in both regions.
    assert twentes[0].partners.filter(organisation__name="ROC Twente").exists()
    assert twentes[1].partners.filter(organisation__name="ROC Twente").exists()


def test_the_office_has_an_amendment_to_decide(demo):
    from regions.models import TargetAmendment

    amendment = TargetAmendment.objects.get(indicator__region__programme=demo)
    assert amendment.status == "proposed" and amendment.proposed_at < timezone.now()
    office = User.objects.get(email="office@example.org")
    kinds = [t.kind for t in task_page(user=office, today=timezone.localdate()).todos]
    assert "amendment_decide" in kinds and kinds.count("report_review") == 2


def test_no_role_or_assignment_starts_in_the_future(demo):
    today = timezone.localdate()
    assert not RegionRole.objects.filter(region__programme=demo, start_date__gt=today).exists()
    assert not Assignment.objects.filter(programme_year__programme=demo, programme_year__year__gt=today.year).exists()


def test_the_programme_in_progress_has_good_practices_to_share(demo):
    from peerreviews.models import GoodPractice

    practices = GoodPractice.objects.filter(region__programme=demo, status="published")
    assert practices.count() == 2
    assert all(p.published_at < timezone.now() and p.themes.exists() for p in practices)


def test_every_demo_region_has_cofinancing_that_makes_sense(demo):
    from django.db.models import Sum

    from regions.models import Cofinancing
    from regions.selectors import cofinancing_share

    current = demo_current.current_year(demo, timezone.localdate())
    for programme in Programme.objects.all():
        regions = Region.objects.filter(programme=programme)
        assert set(Cofinancing.objects.filter(region__programme=programme).values_list("region", flat=True)) == set(
            regions.values_list("pk", flat=True)
        ), programme.slug
    history = Cofinancing.objects.filter(region__programme__slug="toptechniek-in-bedrijf")
    totals = history.aggregate(c=Sum("committed_money") + Sum("committed_in_kind"))
    realised = history.aggregate(r=Sum("realised_money") + Sum("realised_in_kind"))
    assert 85 <= cofinancing_share(committed=totals["c"], realised=realised["r"]) <= 105
    assert history.exclude(note="").exists()  # a few shortfalls, explained
    schools = history.filter(partner__organisation__kind="onderwijs").aggregate(
        money=Sum("committed_money"), kind=Sum("committed_in_kind")
    )
    assert schools["kind"] > schools["money"]  # education contributes mostly in kind
    assert not history.filter(partner__organisation__kind="overheid", committed_in_kind__gt=0).exists()
    mine = Cofinancing.objects.filter(region__programme=demo)
    now = mine.filter(programme_year__year=current).aggregate(
        c=Sum("committed_money") + Sum("committed_in_kind"), r=Sum("realised_money") + Sum("realised_in_kind")
    )
    assert 0 < now["r"] < now["c"]  # the year in progress is partly realised
    later = mine.filter(programme_year__year__gt=current)
    assert not later.filter(realised_money__gt=0).exists() and not later.filter(realised_in_kind__gt=0).exists()


def test_the_knowledge_programme_has_history_an_event_to_record_and_one_ahead(demo):
    from knowledge.models import Event
    from knowledge.selectors import todos_for_user
    from toptechniek.common.models import Notification

    today = timezone.localdate()
    history = Event.objects.filter(programme__slug="toptechniek-in-bedrijf")
    assert set(history.values_list("kind", flat=True)) == {"conference", "meeting", "visit"}
    for event in history:
        assert event.status == "published" and event.attendance_recorded_at is not None
        assert event.registrations.filter(attended=True).exists() and event.attachments.exists()
    assert history.get(kind="visit").host_region.slug == "twente"

    current = Event.objects.filter(programme=demo).order_by("date")
    held, ahead = current
    assert held.date < today and held.attendance_recorded_at is None and held.registrations.exists()
    assert ahead.date.year == today.year + 1 and ahead.date.month == 1
    assert (
        Notification.objects.filter(key__startswith=f"event-invited:{ahead.pk}:").count()
        == ahead.invitations.count()
        > 3
    )
    assert 0 < ahead.registrations.count() < ahead.invitations.count()
    office = User.objects.get(email="office@example.org")
    assert "event_attendance" in [t.kind for t in todos_for_user(user=office, today=today)]
    leader = User.objects.get(email="pl.parkstad-limburg@example.org")
    assert [t.kind for t in todos_for_user(user=leader, today=today)] == ["event_register"]
    # Idempotent: a second run adds no event, invitation, registration or mail.
    counts = (
        Event.objects.count(),
        ahead.invitations.count(),
        ahead.registrations.count(),
        Notification.objects.count(),
    )
    call_command("seed_demo", stdout=None)
    assert (
        Event.objects.count(),
        ahead.invitations.count(),
        ahead.registrations.count(),
        Notification.objects.count(),
    ) == counts
