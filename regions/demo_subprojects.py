"""The demo's sub-projects (deelprojecten): three per region, named and described in the region's own words,
each with a leader (the region's network partner, or a sub-project leader of its own), partners, a budget and
the agreements it contributes to. Idempotent: a sub-project is found again by its name."""

import datetime
from decimal import Decimal

from . import demo_catalogue as catalogue
from .models import Indicator, RegionPartner, RegionRole, SubProject

# name, description, the O's of the partners taking part, budget
TEMPLATES = [
    (
        "Praktijkleren in de {sector}",
        "Leerlingen van vmbo en mbo leren een dag per week in bedrijven uit de {sector}; {employer} regelt met de "
        "andere bedrijven de leerplekken en begeleiders.",
        ("onderwijs", "ondernemer"),
        Decimal("120000"),
    ),
    (
        "Hybride docenten {sector2}",
        "Vakmensen van {employer2} en andere bedrijven geven een deel van de week les op het mbo; het mbo leidt ze op "
        "tot hybride docent.",
        ("onderwijs", "ondernemer"),
        Decimal("90000"),
    ),
    (
        "Techniekoriëntatie in het basisonderwijs",
        "Groep 7 en 8 bezoeken met {branche} de technieklokalen van het vmbo en bedrijven in de regio, zodat kinderen "
        "en ouders techniek leren kennen vóór de schoolkeuze.",
        ("onderwijs", "overheid"),
        Decimal("60000"),
    ),
    (
        "Zij-instroom {sector}",
        "Volwassenen uit andere sectoren scholen zich om tot vakkracht in de {sector}, met een baangarantie van de "
        "werkgevers en een bijdrage van de gemeenten.",
        ("ondernemer", "overheid"),
        Decimal("80000"),
    ),
]


def seed_subprojects(*, region, user, profile=None) -> None:
    """`user(email, full_name)` is seed_demo's helper that finds or makes a demo user; `profile` the region's
    demo profile (its sectors and employers), the history catalogue's when not given."""
    profile = profile or catalogue.PROFILES.get(region.slug)
    if profile is None:
        return
    words = catalogue.context(profile, region.name)
    index = sum(map(ord, region.slug)) % len(TEMPLATES)
    partners = list(RegionPartner.objects.filter(region=region).select_related("organisation"))
    agreed = list(Indicator.objects.filter(region=region, status=Indicator.Status.AGREED).order_by("code"))
    own_leader = user(f"dpl.{region.slug}@example.org", f"Deelprojectleider {region.name}")
    partner_person = (
        RegionRole.objects.filter(region=region, role=RegionRole.Role.PARTNER).select_related("user").first()
    )
    for n in range(3):
        name, description, kinds, budget = TEMPLATES[(index + n) % len(TEMPLATES)]
        name = name.format(**words)
        if SubProject.objects.filter(region=region, name=name).exists():
            continue
        leader = partner_person.user if (n == 0 and partner_person) else own_leader
        subproject = SubProject.objects.create(
            region=region,
            name=name,
            description=description.format(**words),
            leader=leader,
            budget=budget,
        )
        subproject.partners.set([p for p in partners if p.organisation.kind in kinds][:4])
        subproject.indicators.set(agreed[n::3][:2])
        RegionRole.objects.get_or_create(
            region=region,
            user=leader,
            role=RegionRole.Role.SUBPROJECT_LEADER,
            defaults={"start_date": datetime.date(region.join_year, 3, 1)},
        )
