# ruff: noqa: E501 - demo text reads better unwrapped
"""Demo analyses for seed_demo (idempotent): the published analyses of 2013 and 2014 of the history programme.

The texts are written from the year's own evidence (analysis.selectors.analysis_evidence): the placemat
averages, the indicators on track, the regions named in the audit visits' success factors and the peer
reviews. Saved through the service; published as history (dated the September after the year, by the office)
without the publish mail: nobody is to be mailed today about an analysis of 2014.
"""

import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from regions.models import ProgrammeYear
from toptechniek.accounts.models import User

from .models import ProgrammeAnalysis
from .selectors import Evidence, ThemeEvidence, analysis_evidence
from .services import SectionTexts, analysis_save

YEARS = (2013, 2014)

# Per performance area (number): success factors, bottlenecks, opportunities for improvement.
PERFORMANCE = {
    1: (
        "Waar de instroom groeit, organiseren scholen en bedrijven de voorlichting samen: open dagen, techniekweken en gastlessen in het primair onderwijs.",
        "De doorstroom van vmbo naar mbo blijft kwetsbaar: uitval bij de overstap wordt nog te laat gezien en de cijfers komen per school verschillend binnen.",
        "Volg jongeren bij de overstap met één warme overdracht per leerling, en spreek met de ROC's af welke cijfers wanneer worden aangeleverd.",
    ),
    2: (
        "Regio's die het opleidingsaanbod samen met de branche jaarlijks tegen het licht houden, stemmen het beter af op de vraag van de arbeidsmarkt.",
        "Afspraken over spreiding en concentratie van opleidingen komen moeizaam tot stand; kleine opleidingen blijven bestaan zonder duidelijke vraag.",
        "Maak de arbeidsmarktcijfers van de branche vast onderdeel van de jaarlijkse planning van de scholen en leg afspraken over het aanbod bestuurlijk vast.",
    ),
    3: (
        "Vaste duo's van vmbo- en mbo-docenten die samen lessen ontwerpen maken de doorlopende leerlijnen sterk; de vakmanschapsroute krijgt zo vorm.",
        "Leerlijnen hangen vaak aan enkele docenten; bij wisselingen in het team valt de samenwerking terug en de technologieroute komt trager op gang.",
        "Roosters de tijd voor de docentenduo's structureel in en volg het aantal leerlingen per route, zodat de leerlijnen niet van personen afhangen.",
    ),
    4: (
        "Bedrijven die zelf gastlessen, stages en opdrachten verzorgen maken het verschil; in de sterkste regio's zitten zij mee aan tafel in de stuurgroep.",
        "Het mkb is lastig te bereiken; de betrokkenheid rust op grote bedrijven en de brancheorganisaties.",
        "Benader het mkb persoonlijk in plaats van via nieuwsbrieven, en leg stageafspraken regionaal vast in plaats van per school.",
    ),
}
PROCESS = {
    1: (
        "Een stuurgroep waarin onderwijs, ondernemers en overheid samen besluiten, met een penvoerder die de regie neemt.",
        "Wisselingen in penvoerderschap en projectleiding vertragen de uitvoering; besluiten worden soms per deelproject genomen.",
        "Leg de regie bij de stuurgroep en laat de deelprojecten er vaker zelf over rapporteren.",
    ),
    2: (
        "Regio's met één herkenbaar verhaal over werken in de techniek bereiken jongeren en ouders beter.",
        "De communicatie richt zich vooral op de partners zelf; jongeren en ouders worden minder bereikt.",
        "Vertel één verhaal over de banen in de regio, met de gezichten van de bedrijven, en meet wat het oplevert.",
    ),
    3: (
        "De drie O's vinden elkaar waar de gemeente en de provincie actief aansluiten en meefinancieren.",
        "Overheden en kleinere bedrijven haken af zodra de eerste resultaten er zijn; de cofinanciering staat dan onder druk.",
        "Betrek gemeenten en provincie bij de regioagenda en maak zichtbaar wat hun bijdrage oplevert.",
    ),
    4: (
        "Regio's die de cijfers elk kwartaal in de stuurgroep bespreken, sturen tijdig bij en delen hun aanpak met andere regio's.",
        "De reflectie op de cijfers is vaak mager: wat werkt en waarom blijft impliciet; een deel van de realisaties komt laat.",
        "Spreek de cijfers bij de bron af met de branche en de scholen, en gebruik de peer reviews om van elkaars aanpak te leren.",
    ),
}
# Per success condition (number): success factors, bottlenecks, opportunities for improvement.
CONDITIONS = {
    1: (
        "Onderwijs, ondernemers en overheid zitten in de sterkste regio's alle drie aan tafel, ook bij de besluiten.",
        "In een deel van de regio's ontbreekt de overheid of is het mkb alleen via de branche vertegenwoordigd.",
        "Breng per regio in kaart welke partijen nog ontbreken en nodig ze gericht uit voor de stuurgroep.",
    ),
    2: (
        "Waar partners de aanpak als de hunne zien, investeren zij eigen tijd en geld en nemen zij deelprojecten over.",
        "Het eigenaarschap ligt vaak bij het ROC als penvoerder; andere partners volgen.",
        "Maak per partner expliciet welke afspraken van hem zijn en bespreek dat jaarlijks in de stuurgroep.",
    ),
    3: (
        "Bestuurders die zich zichtbaar aan de aanpak verbinden, geven de projectleiders ruimte en mandaat.",
        "Bij bestuurswisselingen verslapt de aandacht; het commitment hangt dan aan personen.",
        "Leg het commitment vast in de jaarplannen van de partners en betrek nieuwe bestuurders direct.",
    ),
    4: (
        "Waar elke partner ziet wat de samenwerking hem oplevert, instroom voor de school en vakmensen voor het bedrijf, blijft de urgentie gedeeld.",
        "Neemt de krapte op de arbeidsmarkt af, dan zakt de urgentie bij bedrijven; concurrentie tussen scholen om leerlingen staat de samenwerking soms in de weg.",
        "Maak per partner zichtbaar welke meerwaarde de samenwerking heeft en bespreek uiteenlopende belangen open in de stuurgroep.",
    ),
    5: (
        "Regio's met een gedeeld beeld van de arbeidsmarkt en van de cijfers van de scholen sturen gericht bij.",
        "De cijfers over de vraag naar technisch opgeleiden zijn per regio wisselend beschikbaar; realisaties komen soms laat binnen.",
        "Spreek met de branche en de scholen af wie welke cijfers wanneer aanlevert, en bespreek ze elk kwartaal.",
    ),
    6: (
        "Een gedeelde visie op de regionale arbeidsmarkt geeft richting aan de keuzes van scholen en bedrijven.",
        "De visie staat in een deel van de regio's vooral op papier en wordt weinig gebruikt bij besluiten.",
        "Gebruik de regiovisie als toets bij nieuwe plannen en actualiseer haar met de cijfers uit de monitor.",
    ),
    7: (
        "Een projectleider met mandaat en vaste contactpersonen bij de partners houden de uitvoering gaande.",
        "De uitvoering hangt aan enkele personen; bij wisselingen gaat kennis verloren.",
        "Borg de werkwijze in de reguliere organisatie van de partners en leg afspraken vast.",
    ),
    8: (
        "Cofinanciering door bedrijven en overheden maakt de aanpak minder afhankelijk van de programmagelden.",
        "De middelen na afloop van het programma zijn in veel regio's nog niet geregeld.",
        "Leg in de regioagenda vast wie wat na het programma betaalt.",
    ),
    9: (
        "Regio's die hun resultaten bespreken en leren van peer reviews passen hun aanpak tijdig aan.",
        "Lessen uit audits en peer reviews worden nog niet overal omgezet in acties.",
        "Koppel elke les aan een actie met een eigenaar en een datum, en volg die in de stuurgroep.",
    ),
}
JUDGEMENT_WORDS = {"on_track": "op koers", "attention": "aandacht nodig", "worrying": "zorgelijk"}


def _average(summary) -> str:
    return f"{summary.average}".replace(".", ",") if summary and summary.average is not None else "–"


def _theme_texts(item: ThemeEvidence, evidence: Evidence) -> SectionTexts:
    theme = item.theme
    success, bottleneck, improve = (PERFORMANCE if item.is_performance else PROCESS).get(theme.number, PROCESS[1])
    year = evidence.programme_year.year
    figures = f"De gepubliceerde placemats van {year} geven dit thema gemiddeld {_average(item.scores)} op een schaal van 1 tot 4."
    if item.is_performance and item.indicators_total:
        figures += f" Van de {item.indicators_total} afgesproken indicatoren van de regio's lagen er {item.indicators_on_track} op koers."
    if item.peer_outcomes:
        regions = sorted({o.region for o in item.peer_outcomes})
        success += f" In de peer reviews deelden onder meer {', '.join(regions[:3])} hun ervaring op dit thema."
    if item.gaps_higher:
        bottleneck += f" {item.gaps_higher} regio's schatten zich op dit thema hoger in dan de commissie: de zelfevaluatie verdient een scherpere blik."
    return SectionTexts(success_factors=f"{figures} {success}", bottlenecks=bottleneck, improvements=improve)


def _condition_texts(item, year: int) -> SectionTexts:
    success, bottleneck, improve = CONDITIONS.get(item.condition.number, CONDITIONS[7])
    if item.placemat.total:
        success = (
            f"De placemats van {year} waarderen deze randvoorwaarde gemiddeld met {_average(item.placemat)}"
            + (f", de auditgesprekken met {_average(item.visits)}" if item.visits.total else "")
            + f". {success}"
        )
    return SectionTexts(success_factors=success, bottlenecks=bottleneck, improvements=improve)


def _introduction(evidence: Evidence) -> str:
    year = evidence.programme_year.year
    judged = ", ".join(f"{n} {JUDGEMENT_WORDS.get(code, code)}" for code, _label, n in evidence.judgements if n)
    examples = sorted({t.region for t in evidence.practices})[:3]
    text = (
        f"In {year} leverden {evidence.settled_reports} van de {evidence.regions} regio's hun monitorrapportage in; "
        f"de commissie publiceerde {evidence.published_placemats} placemats."
    )
    if evidence.reported_visits:
        text += f" Er waren {evidence.reported_visits} auditgesprekken ({judged})."
    if year == 2014:
        text += " Dit jaar was de peer review voor de meeste regio's de vorm van audit: de regio's leerden van elkaar aan de hand van hun eigen leervragen."
    text += (
        "\n\nDeze analyse brengt per thema van de placemat en per randvoorwaarde de succesfactoren, knelpunten en "
        "verbetermogelijkheden samen. Zij is bedoeld voor het gesprek in de regio's en met het ministerie."
    )
    if examples:
        text += f" Goede voorbeelden om landelijk te delen kwamen onder meer uit {', '.join(examples)}."
    return text


@transaction.atomic
def seed_analyses(*, programme) -> None:
    office = User.objects.filter(email="office@example.org").first()
    if office is None:
        return
    for programme_year in ProgrammeYear.objects.filter(programme=programme, year__in=YEARS).select_related("programme"):
        if ProgrammeAnalysis.objects.filter(programme_year=programme_year).exists():
            continue
        evidence = analysis_evidence(programme_year=programme_year)
        analysis = analysis_save(
            programme_year=programme_year,
            actor=office,
            introduction=_introduction(evidence),
            themes={item.theme.pk: _theme_texts(item, evidence) for item in evidence.themes},
            conditions={
                item.condition.pk: _condition_texts(item, evidence.programme_year.year) for item in evidence.conditions
            },
        )
        published_at = timezone.make_aware(datetime.datetime(programme_year.year + 1, 9, 15, 11, 0))
        ProgrammeAnalysis.objects.filter(pk=analysis.pk).update(
            status=ProgrammeAnalysis.Status.PUBLISHED,
            published_at=published_at,
            published_by=office,
            version=F("version") + 1,
        )
