"""Demo governance meetings for seed_demo (idempotent): held meetings for 2013, 2014 and 2015 (each in June
of the next year) for the regions with a peer review or an audit visit, with notes and the grant decision
summary. The 2012–2015 programme is history: nothing is dated today or later."""

import datetime

from django.utils import timezone

from regions.models import ProgrammeYear, Region
from toptechniek.accounts.models import User

from .models import GovernanceMeeting
from .services import meeting_mark_held, meeting_plan, meeting_save_notes

NOTES = (
    "Besproken: de monitorrapportage, de gepubliceerde placemat en de opbrengsten van de peer review. De regio "
    "ligt op koers bij de instroom; de betrokkenheid van het mkb blijft achter. De critical friend onderstreept "
    "dat de leervragen logisch uit de monitor voortvloeien."
)
DECISION = (
    "De stimuleringsbijdrage is vastgesteld conform het voorstel; de regio rapporteert in de volgende monitor "
    "over de acties uit de peer review."
)


def seed_governance(*, programme) -> None:
    office = User.objects.filter(email="office@example.org").first()
    years = {py.year: py for py in ProgrammeYear.objects.filter(programme=programme)}
    slugs = {
        2013: ["friesland", "twente", "brainport", "rijnmond"],
        2014: ["friesland", "groningen", "twente", "zwolle", "brainport", "drenthe"],
        2015: ["zwolle"],
    }
    for year, region_slugs in slugs.items():
        programme_year = years.get(year)
        if programme_year is None:
            continue
        for n, region in enumerate(Region.objects.filter(programme=programme, slug__in=region_slugs).order_by("pk")):
            if GovernanceMeeting.objects.filter(region=region, programme_year=programme_year).exists():
                continue
            date = datetime.date(year + 1, 6, 2 + n)
            meeting = meeting_plan(
                region=region,
                programme_year=programme_year,
                date=date,
                place="Platform Bèta Techniek, Den Haag",
                participants=f"Bestuurder {region.name}; Projectleider {region.name}; programmabureau; critical friend",
                actor=office,
            )
            meeting_save_notes(meeting=meeting, notes=NOTES, decision_summary=DECISION, actor=office)
            meeting_mark_held(meeting=meeting, actor=office, today=date)
            held_at = timezone.make_aware(datetime.datetime.combine(date, datetime.time(15, 0)))
            GovernanceMeeting.objects.filter(pk=meeting.pk).update(held_at=held_at)
