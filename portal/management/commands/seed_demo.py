# ruff: noqa: E501 - demo text reads better unwrapped
"""Demo data: the programme "Toptechniek in bedrijf" 2012–2015 with 20 regions, closed as history, and
the programme in progress on today's dates beside it (`portal.demo_current`).

Idempotent: every object is found by its natural key and created only when missing, so running
it again keeps whatever users changed. Passwords are set only for users it creates.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from dashboard.services import facts_rebuild
from portal import demo_current
from portal.demo_current import indicator_agreed, seed_current_programme
from regions import demo_catalogue as catalogue
from regions.demo_cofinancing import seed_cofinancing
from regions.demo_subprojects import seed_subprojects
from regions.models import (
    Indicator,
    Landsdeel,
    Organisation,
    PlacematTheme,
    Programme,
    ProgrammeYear,
    Region,
    RegionPartner,
    RegionRole,
    RegionVision,
)
from regions.services import framework_install
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_suppressed

PROGRAMME_SLUG = "toptechniek-in-bedrijf"

# name, slug, landsdeel, join year, main city
REGIONS = [
    ("Friesland", "friesland", "noord", 2012, "Leeuwarden"),
    ("Groningen", "groningen", "noord", 2012, "Groningen"),
    ("Drenthe", "drenthe", "noord", 2012, "Assen"),
    ("Twente", "twente", "oost", 2012, "Enschede"),
    ("Zwolle", "zwolle", "oost", 2012, "Zwolle"),
    ("Achterhoek", "achterhoek", "oost", 2012, "Doetinchem"),
    ("Arnhem-Nijmegen", "arnhem-nijmegen", "oost", 2012, "Arnhem"),
    ("Stedendriehoek", "stedendriehoek", "oost", 2012, "Apeldoorn"),
    ("Brainport", "brainport", "zuid", 2012, "Eindhoven"),
    ("Midden-Brabant", "midden-brabant", "zuid", 2012, "Tilburg"),
    ("West-Brabant", "west-brabant", "zuid", 2012, "Breda"),
    ("Zuid-Limburg", "zuid-limburg", "zuid", 2012, "Heerlen"),
    ("Noord-Limburg", "noord-limburg", "zuid", 2012, "Venlo"),
    ("Zeeland", "zeeland", "zuid", 2012, "Middelburg"),
    ("Rijnmond", "rijnmond", "west", 2012, "Rotterdam"),
    ("Haaglanden", "haaglanden", "west", 2012, "Den Haag"),
    ("Amsterdam", "amsterdam", "west", 2012, "Amsterdam"),
    ("Noord-Holland Noord", "noord-holland-noord", "west", 2014, "Alkmaar"),
    ("Utrecht", "utrecht", "west", 2014, "Utrecht"),
    ("Flevoland", "flevoland", "oost", 2014, "Almere"),
]

PROVINCE = {
    "friesland": "Fryslân",
    "groningen": "Groningen",
    "drenthe": "Drenthe",
    "twente": "Overijssel",
    "zwolle": "Overijssel",
    "achterhoek": "Gelderland",
    "arnhem-nijmegen": "Gelderland",
    "stedendriehoek": "Gelderland",
    "brainport": "Noord-Brabant",
    "midden-brabant": "Noord-Brabant",
    "west-brabant": "Noord-Brabant",
    "zuid-limburg": "Limburg",
    "noord-limburg": "Limburg",
    "zeeland": "Zeeland",
    "rijnmond": "Zuid-Holland",
    "haaglanden": "Zuid-Holland",
    "amsterdam": "Noord-Holland",
    "noord-holland-noord": "Noord-Holland",
    "utrecht": "Utrecht",
    "flevoland": "Flevoland",
}


class Command(BaseCommand):
    help = "Load the demo programme, regions, agreements and users (idempotent)."

    def handle(self, *args, **options):
        # The demo's years of history are not changes a person made today: nothing goes into the audit log.
        with transaction.atomic(), audit_suppressed():
            created = self.seed()
            # The demo is loaded around the services (factories of real data): its facts are built once.
            facts_rebuild()
        self.stdout.write(self.style.SUCCESS(f"Demo data ready ({created} users created)."))
        self.stdout.write(
            f"Demo logins (password: {'$DEMO_PASSWORD' if settings.DEMO_PASSWORD != 'demo' else 'demo'}):\n"
            "  office@example.org        programme office\n"
            "  viewer@example.org        viewer (OCW)\n"
            "  cf1@example.org … cf9@example.org   critical friends (cf1, cf2, cf7-cf9 in the programme in progress)\n"
            "  Regionale Techniekagenda (in progress, this year's reports due soon):\n"
            "    pl.parkstad-limburg@example.org  project leader, report being written\n"
            "    pv.food-valley@example.org       penvoerder, report awaiting endorsement\n"
            "    pl.<slug> / pv.<slug> for twente, food-valley, parkstad-limburg, noordoost-brabant,\n"
            "    drechtsteden, kop-van-noord-holland, eemsdelta\n"
            "  Toptechniek in bedrijf 2012-2015 (closed, history):\n"
            "    pl.friesland@example.org  project leader (also pl.<slug> for every region)\n"
            "    pv.friesland@example.org  penvoerder, partner.friesland@example.org  partner\n"
            "Read API: /api/ explains it; make a token under your name, 'API-sleutels'."
        )

    # --- helpers ---------------------------------------------------------------------------

    def user(self, email: str, full_name: str, global_role: str = "", **extra) -> User:
        user, created = User.objects.get_or_create(
            email=email, defaults={"full_name": full_name, "global_role": global_role, **extra}
        )
        if created:
            user.password = self.password_hash  # hashed once: PBKDF2 per user would take seconds
            user.save(update_fields=["password"])
            self.users_created += 1
        return user

    def organisation(self, name: str, kind: str, subtype: str, city: str) -> Organisation:
        return Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "subtype": subtype, "city": city})[
            0
        ]

    def seed(self) -> int:
        self.users_created = 0
        self.password_hash = make_password(settings.DEMO_PASSWORD)
        programme, _ = Programme.objects.get_or_create(
            slug=PROGRAMME_SLUG,
            defaults={
                "name": "Toptechniek in bedrijf",
                "start_year": 2012,
                "end_year": 2015,
                "description": (
                    "Regio's van onderwijs, ondernemers en overheid werken samen aan meer en beter opgeleide "
                    "jongeren in de techniek, op basis van een regiovisie en prestatieafspraken."
                ),
            },
        )
        framework_install(programme=programme)
        for year in programme.years:
            ProgrammeYear.objects.get_or_create(
                programme=programme,
                year=year,
                defaults={
                    "report_due_date": datetime.date(year + 1, 3, 1),
                    "scoring_due_date": datetime.date(year + 1, 4, 15),
                    "audit_window_start": datetime.date(year + 1, 4, 15),
                    "audit_window_end": datetime.date(year + 1, 6, 30),
                    "peer_review_window_start": datetime.date(year, 10, 1) if year >= 2014 else None,
                    "peer_review_window_end": datetime.date(year + 1, 2, 15) if year >= 2014 else None,
                },
            )
        office = self.user("office@example.org", "Petra de Vries", User.GlobalRole.PROGRAMME_OFFICE, is_staff=True)
        self.user("viewer@example.org", "Victor Jansen (OCW)", User.GlobalRole.VIEWER)
        cf_names = ["Carla Friedman", "Hans Koster", "Inge Bakker", "Joost Meijer", "Karin Smit", "Lucas de Boer"]
        for i, name in enumerate(cf_names, start=1):
            self.user(f"cf{i}@example.org", name)
        areas = {t.number: t for t in PlacematTheme.objects.filter(programme=programme, kind="performance")}

        for index, (name, slug, landsdeel, join_year, city) in enumerate(REGIONS):
            region, _ = Region.objects.get_or_create(
                programme=programme,
                slug=slug,
                defaults={
                    "name": name,
                    "landsdeel": Landsdeel.objects.get(programme=programme, code=landsdeel),
                    "join_year": join_year,
                },
            )
            self.seed_partners(region, city, index)
            penvoerder = (
                RegionPartner.objects.filter(region=region, is_penvoerder=True).select_related("organisation").first()
            )
            mbo = penvoerder.organisation if penvoerder else None
            people = [
                (f"pl.{slug}@example.org", f"Projectleider {name}", RegionRole.Role.PROJECT_LEADER),
                (f"pv.{slug}@example.org", f"Bestuurder {name}", RegionRole.Role.PENVOERDER),
                (f"partner.{slug}@example.org", f"Partner {name}", RegionRole.Role.PARTNER),
            ]
            for email, full_name, role in people:
                person = self.user(email, full_name)
                RegionRole.objects.get_or_create(
                    user=person,
                    region=region,
                    role=role,
                    defaults={
                        "organisation": mbo if role != RegionRole.Role.PARTNER else None,
                        "start_date": datetime.date(join_year, 1, 1),  # since the region joined, not today
                    },
                )
            # Critical friends get their role in a region from their assignments (audits.demo.seed_audits).
            self.seed_visions(region, office, index)
            self.seed_indicators(region, areas, index)
            seed_subprojects(region=region, user=self.user)
        self.seed_reports(programme, office)

        if programme.closed_at is None:  # history: the office closed it when the last grants were paid
            Programme.objects.filter(pk=programme.pk).update(
                closed_at=timezone.make_aware(datetime.datetime(2016, 9, 30, 16, 0))
            )
        current = seed_current_programme(command=self, office=office, today=timezone.localdate())
        # Co-financing: the history programme realised (with a few shortfalls); the programme in progress
        # realised up to last year and partly this year, committed for the years to come.
        seed_cofinancing(programme=programme, current=programme.end_year)
        seed_cofinancing(
            programme=current, current=demo_current.current_year(current, timezone.localdate()), progress=0.6
        )
        # The selection rounds the regions came from, and a call open today (after the co-financing: an
        # honoured application shows what its partners committed).
        from audits.demo import seed_advice
        from selection.demo import seed_selection

        seed_advice(programme=current, today=timezone.localdate())

        seed_selection(command=self, history=programme, current=current, office=office, today=timezone.localdate())
        # The kennisprogramma: conferences, meetings and a working visit, held in the history, and this year's.
        from knowledge.demo import seed_knowledge

        seed_knowledge(history=programme, current=current, office=office, today=timezone.localdate())
        return self.users_created

    def seed_partners(self, region: Region, city: str, index: int) -> None:
        name = region.name
        profile = catalogue.profile_for(region.slug)
        orgs = [
            (f"ROC {name}", "onderwijs", "mbo", True),
            (f"Vmbo Techniekcollege {name}", "onderwijs", "vmbo", False),
            (f"Scholengroep {city}", "onderwijs", "vmbo", False),
            (profile.branche, "ondernemer", "branche", False),
            (profile.employers[0], "ondernemer", "bedrijf", False),
            (profile.employers[1], "ondernemer", "bedrijf", False),
            (f"Gemeente {city}", "overheid", "gemeente", False),
            (f"Provincie {PROVINCE[region.slug]}", "overheid", "provincie", False),
        ]
        if index % 3 == 0:
            orgs.append((f"Hogeschool {name}", "onderwijs", "hbo", False))
        for org_name, kind, subtype, penvoerder in orgs:
            organisation = self.organisation(org_name, kind, subtype, city)
            partner, created = RegionPartner.objects.get_or_create(
                region=region, organisation=organisation, defaults={"since_year": region.join_year}
            )
            if created and penvoerder and not RegionPartner.objects.filter(region=region, is_penvoerder=True).exists():
                partner.is_penvoerder = True
                partner.save(update_fields=["is_penvoerder"])

    def seed_visions(self, region: Region, office: User, index: int) -> None:
        """Version 1 when the region joined; a second version after the 2014 midterm review for the regions
        whose profile sharpened its ambitions then."""
        author = User.objects.get(email=f"pl.{region.slug}@example.org")
        profile = catalogue.profile_for(region.slug)
        texts = catalogue.vision_texts(region.slug, region.name)
        rationales = catalogue.vision_rationales(region.slug, region.name)
        versions = [(1, region.join_year, texts)]
        if profile.midterm:
            second = dict(texts)
            second["ambitions"] += " " + profile.midterm
            second["approach_how"] += " Vanaf 2014 werken de partners met peer reviews en gezamenlijke leervragen."
            versions.append((2, 2014, second))
        for version, year, body in versions:
            approved_at = timezone.make_aware(datetime.datetime(year, 6 if version == 1 else 9, 1, 12, 0))
            vision, created = RegionVision.objects.get_or_create(
                region=region,
                version=version,
                defaults={
                    **body,
                    **rationales,
                    "status": RegionVision.Status.APPROVED,
                    "created_by": author,
                    "ambitious_score": 3 if index % 4 else 4,
                    "partners_score": 3 if index % 2 else 4,
                    "feasible_score": 3,
                    "sustainable_score": 2 if version == 1 else 3,
                    "subsidy_decision_date": approved_at.date(),
                    "subsidy_amount": Decimal("250000.00") if version == 1 else Decimal("120000.00"),
                    "approved_by": office,
                    "approved_at": approved_at,
                },
            )
            if created:  # written a few weeks before approval, not today
                RegionVision.objects.filter(pk=vision.pk).update(
                    created_at=approved_at - datetime.timedelta(days=30),
                    updated_at=approved_at - datetime.timedelta(days=2),
                )
        self.seed_regioagenda(region=region, office=office, index=index, author=author, body=versions[-1][2])

    def seed_regioagenda(self, *, region: Region, office: User, index: int, author: User, body: dict) -> None:
        """The final year's regioagenda (verduurzaming) as the next version: most regions had it approved
        before the programme closed, a few left a draft, one in seven wrote none."""
        plan = index % 7
        if plan == 6 or RegionVision.objects.filter(region=region).exclude(agenda_continues="").exists():
            return
        words = catalogue.context(catalogue.profile_for(region.slug), region.name)
        agenda = {key: text.format(**words) for key, text in catalogue.REGIOAGENDA[index % 2].items()}
        version = (RegionVision.objects.filter(region=region).aggregate(m=Max("version"))["m"] or 0) + 1
        written = timezone.make_aware(datetime.datetime(2015, 11, 2 + index, 12, 0))
        fields = {**body, **agenda, "created_by": author}
        if plan != 5:
            approved_at = timezone.make_aware(datetime.datetime(2016, 3, 1 + index, 14, 0))
            fields.update(
                {
                    **catalogue.vision_rationales(region.slug, region.name),
                    "sustainable_rationale": "De regioagenda legt vast wat na 2015 doorgaat, wie het betaalt en "
                    "welke afspraken blijven: de aanpak is duurzaam geborgd.",
                    "status": RegionVision.Status.APPROVED,
                    "ambitious_score": 3,
                    "partners_score": 3 if index % 2 else 4,
                    "feasible_score": 3,
                    "sustainable_score": 4 if index % 3 else 3,
                    "subsidy_decision_date": approved_at.date(),
                    "subsidy_amount": Decimal("0.00"),  # no new subsidy: the programme ends
                    "approved_by": office,
                    "approved_at": approved_at,
                }
            )
        vision = RegionVision.objects.create(region=region, version=version, **fields)
        RegionVision.objects.filter(pk=vision.pk).update(
            created_at=written, updated_at=written + datetime.timedelta(days=20)
        )

    def seed_indicators(self, region: Region, areas: dict, index: int) -> None:
        """The region's own 6–7 indicators from the catalogue, with its baseline (the 0-meting of the year
        before it joined) and a target for every year of the programme."""
        proposer = User.objects.get(email=f"pl.{region.slug}@example.org")
        office = User.objects.filter(global_role=User.GlobalRole.PROGRAMME_OFFICE).order_by("pk").first()
        codes = catalogue.profile_for(region.slug).indicators
        intake = next(code for code in codes if code in catalogue.INTAKE_CODES)
        for code in codes:
            indicator, created = indicator_agreed(
                region=region,
                code=code,
                key=region.slug,
                areas=areas,
                proposer=proposer,
                agreed_at=timezone.make_aware(datetime.datetime(region.join_year, 6, 1, 12, 0)),
            )
            if created and code == intake and office is not None:
                self.seed_amendment(indicator=indicator, index=index, leader=proposer, office=office)

    def seed_amendment(self, *, indicator: Indicator, index: int, leader: User, office: User) -> None:
        """Some regions lowered, or asked to lower, their 2015 target for an intake indicator (the
        demographic decline): approved at once, refused, or approved after the region added figures (the
        programme is closed: nothing is left open)."""
        from regions.services import target_amendment_decide, target_amendment_propose

        plan = index % 6
        if plan not in (1, 3, 4):
            return
        current = indicator.targets.get(year=indicator.region.programme.end_year)
        new_value = (current.value * Decimal("0.92")).quantize(Decimal(1))
        amendment = target_amendment_propose(
            indicator=indicator,
            proposed_by=leader,
            reason=(
                "De leerlingenaantallen in het vmbo dalen sneller dan in 2012 voorzien (DUO-prognose 2014: -6% in "
                "de regio). We houden het aandeel techniek vast, maar het absolute aantal van 2015 is niet haalbaar."
                if indicator.code == "IN1"
                else "Door de krimp in het vmbo en de crisis bij de leerbedrijven stromen minder jongeren in dan in "
                "2012 voorzien (DUO-prognose 2014: -6% in de regio). Het aantal van 2015 is niet haalbaar."
            ),
            targets={current.year: new_value},
            now=timezone.make_aware(datetime.datetime(2014, 9, 15, 10, 0)),
        )
        if plan == 1:
            target_amendment_decide(
                amendment=amendment,
                decided_by=office,
                approve=True,
                note="Akkoord: de krimp is onderbouwd met de DUO-prognose; het aandeel techniek blijft de ambitie.",
                now=timezone.make_aware(datetime.datetime(2014, 10, 6, 14, 0)),
            )
        elif plan == 4:
            target_amendment_decide(
                amendment=amendment,
                decided_by=office,
                approve=True,
                note=(
                    "Akkoord na de aanvulling van 20 oktober: de regio heeft de daling per school onderbouwd en "
                    "houdt het aandeel techniek als ambitie vast."
                ),
                now=timezone.make_aware(datetime.datetime(2014, 11, 3, 11, 0)),
            )
        elif plan == 3:
            target_amendment_decide(
                amendment=amendment,
                decided_by=office,
                approve=False,
                note=(
                    "Niet akkoord: de krimp in deze regio is kleiner dan in de prognose; "
                    "zet eerst de extra LOB-activiteiten in."
                ),
                now=timezone.make_aware(datetime.datetime(2014, 10, 6, 14, 0)),
            )

    # --- monitor reports ------------------------------------------------------------------

    def seed_reports(self, programme: Programme, office: User) -> None:
        """Every region's reports of 2012–2015, accepted (some late), with their placemats, visits and
        grants: the programme is history."""
        from monitoring.demo import seed_region_reports

        for index, region in enumerate(Region.objects.filter(programme=programme).order_by("pk")):
            seed_region_reports(region=region, index=index, office=office)
        from audits.demo import seed_audits

        seed_audits(programme=programme)
        from audits.demo import seed_visits

        seed_visits(programme=programme)
        from audits.demo import seed_grants

        seed_grants(programme=programme)
        from peerreviews.demo import seed_good_practices

        seed_good_practices(programme=programme)
        from peerreviews.demo import seed_peer_reviews

        seed_peer_reviews(programme=programme)
        from peerreviews.demo import seed_after_talk

        seed_after_talk(programme=programme)
        from monitoring.demo import seed_open_data

        seed_open_data(programme=programme)
        from governance.demo import seed_governance

        seed_governance(programme=programme)
        from analysis.demo import seed_analyses

        seed_analyses(programme=programme)
        from api.demo import seed_api_tokens

        seed_api_tokens()
