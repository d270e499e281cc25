"""Demo governance meetings for seed_demo (idempotent): one held meeting per region and year, in the autumn
after an audit visit (2012, 2013), in June after the peer review (2014) and the closing meeting of the
programme in June 2016 (2015). Notes and decisions name the region's own partners, sectors and figures
(regions.demo_catalogue). The 2012–2015 programme is history: nothing is dated today or later."""

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from regions import demo_catalogue as catalogue
from regions.models import ProgrammeYear, Region
from toptechniek.accounts.models import User

from .models import GovernanceMeeting
from .services import meeting_mark_held, meeting_plan, meeting_save_notes

JUDGEMENT_WORDS = {"on_track": "op koers", "attention": "aandacht nodig", "worrying": "zorgelijk"}


def _weekday(date: datetime.date) -> datetime.date:
    while date.weekday() >= 5:
        date += datetime.timedelta(days=1)
    return date


def _euro(amount: Decimal) -> str:
    return f"€ {int(amount):,}".replace(",", ".")


@transaction.atomic  # one commit, not one per service call (the seed stays fast)
def seed_governance(*, programme) -> None:
    from audits.demo import best_and_behind, figure_sentence, region_figures
    from audits.models import Assignment, AuditVisit, StimulusGrant
    from peerreviews.models import PeerReview

    office = User.objects.filter(email="office@example.org").first()
    regions = list(Region.objects.filter(programme=programme).order_by("pk"))
    for programme_year in ProgrammeYear.objects.filter(programme=programme).order_by("year"):
        year = programme_year.year
        done = set(GovernanceMeeting.objects.filter(programme_year=programme_year).values_list("region_id", flat=True))
        visits = {
            v.region_id: v
            for v in AuditVisit.objects.filter(programme_year=programme_year, status=AuditVisit.Status.REPORTED)
        }
        reviews = {}
        for review in (
            PeerReview.objects.filter(programme_year=programme_year, status__in=("held", "reported", "closed"))
            .select_related("host_region", "peer_region")
            .order_by("date")
        ):
            for region_id in review.region_ids:
                reviews.setdefault(region_id, review)
        n = 0
        for region in regions:
            if region.pk in done or region.join_year > year:
                continue
            visit, review = visits.get(region.pk), reviews.get(region.pk)
            if year < 2015 and visit is None and review is None:
                continue  # no audit and no peer review that year: nothing to discuss (Flevoland in 2014)
            if year <= 2013:
                date = _weekday(datetime.date(year + 1, 9, 8) + datetime.timedelta(days=n // 2))
            else:
                date = _weekday(datetime.date(year + 1, 6, 2) + datetime.timedelta(days=n // 2))
            n += 1
            words = catalogue.context(catalogue.profile_for(region.slug), region.name)
            penvoerder = region.partners.filter(is_penvoerder=True).select_related("organisation").first()
            words["penvoerder"] = penvoerder.organisation.name if penvoerder else f"ROC {region.name}"
            figures, figure_year = region_figures(region, year), year
            if not any(f["on_course"] is not None for f in figures):  # the 2015 report not yet in: last year's
                figures, figure_year = region_figures(region, year - 1), year - 1
            best, behind = best_and_behind(figures)
            shown = behind or best
            figure = figure_sentence(shown, figure_year) if shown else ""
            if year == 2015:
                kind, event_date, peer = "final", "", ""
            elif visit is not None:
                kind, event_date, peer = "visit", f"{visit.date:%d-%m-%Y}", ""
            else:
                other = review.peer_region if review.host_region_id == region.pk else review.host_region
                kind, event_date = "review", f"{review.date:%d-%m-%Y}"
                peer = other.name if other else "het eigen deelproject"
            notes = catalogue.GOVERNANCE_NOTES[kind].format(
                **words,
                year=year,
                event_date=event_date,
                judgement=JUDGEMENT_WORDS.get(visit.judgement, "") if visit else "",
                peer=peer,
                figure=figure,
                join_year=region.join_year,
            )
            grant = StimulusGrant.objects.filter(region=region, programme_year=programme_year).first()
            if grant is not None and grant.decided_amount is not None:
                grant_text = f"De stimuleringsbijdrage {year} is vastgesteld op {_euro(grant.decided_amount)}."
            else:
                grant_text = (
                    f"Over {year} is geen stimuleringsbijdrage meer voorzien; de partners dragen de kosten zelf."
                )
            decision = catalogue.GOVERNANCE_DECISION.format(
                **words,
                grant=grant_text,
                behind_lower=behind["name_lower"]
                if behind
                else f"het vasthouden van bedrijven in de {words['sector2']}",
            )
            advisor = (
                Assignment.objects.filter(region=region, programme_year=programme_year, role=Assignment.Role.ADVISOR)
                .select_related("user")
                .first()
            )
            meeting = meeting_plan(
                region=region,
                programme_year=programme_year,
                date=date,
                place="Platform Bèta Techniek, Den Haag",
                participants=(
                    f"Bestuurder {region.name} ({words['penvoerder']}); Projectleider {region.name}; "
                    f"directie {words['employer']}; programmabureau"
                    + (f"; critical friend {advisor.user.full_name}" if advisor else "")
                ),
                actor=office,
            )
            meeting_save_notes(meeting=meeting, notes=notes, decision_summary=decision, actor=office)
            meeting_mark_held(meeting=meeting, actor=office, today=date)
            held_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(15, 0)))
            GovernanceMeeting.objects.filter(pk=meeting.pk).update(
                held_at=held_at, created_at=held_at - datetime.timedelta(days=30), updated_at=held_at
            )
