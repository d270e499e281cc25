# ruff: noqa: E501 - demo text reads better unwrapped
"""The demo's catalogue: who the regions of "Toptechniek in bedrijf" 2012–2015 are, what they measure
and how they write about it. Read by seed_demo and the demo modules (monitoring, peerreviews).

- PROFILES: per region its sectors, employers, branch organisation, labour-market analysis, its own
  ambitions (never the national "15 procent meer jongeren" the programme left behind) and the 6–7
  indicators it chose from INDICATORS.
- INDICATORS: the catalogue of indicators with unit, typical baseline, yearly target step and what a
  region writes when a figure falls short.
- ANSWERS: two or three answers per guiding question of the placemat (keyed by the question's text in
  framework_data), SELF_ASSESSMENT per theme and score, LEARNING per theme: every text belongs to the
  question it answers and is filled with the region's own sectors and partners.

Everything is deterministic: a region's dice are seeded with its slug.
"""

import random
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Profile:
    sectors: tuple[str, str]  # the two sectors the region's agenda is about
    employers: tuple[str, str]  # two (fictional) employers that carry the network
    branche: str  # the branch organisation at the table
    analysis: str  # the labour market in the region's own words
    ambitions: str  # what the region wants to reach by 2015
    what: str  # the approach: what the partners do
    indicators: tuple[str, ...]  # codes from INDICATORS, 6–7
    midterm: str = ""  # how the ambitions were sharpened after the 2014 midterm review (version 2)


PROFILES = {
    "friesland": Profile(
        ("maritieme techniek", "watertechnologie"),
        ("Jachtwerf Hindeloopen BV", "Watertechniek Leeuwarden BV"),
        "Koninklijke Metaalunie Noord",
        "De Friese werven, de watertechnologie rond Leeuwarden en het installatiebedrijf op het platteland zoeken vakmensen op mbo-2/3-niveau, terwijl de jongeren uit de kleine kernen voor een opleiding naar de stad trekken. Het aantal vmbo-leerlingen daalt tot 2020 met ruim tien procent.",
        "In 2015 werken vijf doorlopende leerlijnen vmbo–mbo in de maritieme techniek en de watertechnologie, is de uitval in het eerste mbo-jaar gedaald tot zes procent en werken twee op de drie gediplomeerden in een Fries technisch bedrijf.",
        "Een maritieme leerlijn van het vmbo in Harlingen tot mbo-4 scheepsbouw, praktijklokalen bij de werven en een techniekcoach die de kleine vmbo-scholen met bedrijven verbindt.",
        ("IN1", "IN2", "UV1", "DO2", "LL1", "BB3", "UI1"),
        "Na de midterm review ligt de nadruk op de watertechnologie en op BBL-banen bij het mkb op het platteland.",
    ),
    "groningen": Profile(
        ("energiesector", "chemie"),
        ("Energiecentrale Eemsmond BV", "Chemiepark Delfzijl Services"),
        "VNCI Noord",
        "De energiesector in de Eemshaven en het chemiecluster in Delfzijl hebben de komende jaren honderden procesoperators en monteurs nodig; tegelijk kennen de Ommelanden een hoge jeugdwerkloosheid en een krimpende bevolking.",
        "In 2015 stromen jaarlijks 250 mavo- en vmbo-tl-leerlingen in bij mbo-4 proces- en energietechniek, stroomt 60 procent van de vmbo-techniekleerlingen door naar een technische mbo-opleiding en zijn 150 bedrijven actief in het netwerk.",
        "Een energieacademie van ROC en bedrijven, een gezamenlijke BBL-pool voor procesoperators en gastlessen van operators in de vmbo-klassen van de Ommelanden.",
        ("IN3", "IN2", "UV1", "DO1", "DP1", "BB1", "BB3"),
        "Na de midterm review ligt de nadruk op de technologieroute naar het hbo (energietransitie) en op het vasthouden van studenten in de Ommelanden.",
    ),
    "drenthe": Profile(
        ("bouw en installatie", "zorgtechnologie"),
        ("Bouwbedrijf Drentsche Aa BV", "Installatietechniek Assen-Zuid"),
        "Bouwend Nederland Noord",
        "Bouw- en installatiebedrijven in Drenthe zijn overwegend kleine familiebedrijven; na de crisis trekt de vraag weer aan, maar veel leermeesters gaan de komende jaren met pensioen en de BBL-plaatsen liepen sinds 2009 terug.",
        "In 2015 zijn er weer 300 leerbanen BBL in de bouw en installatie, volgen jaarlijks 40 docenten een docentstage en kent de uitval in het eerste mbo-jaar een dalende lijn.",
        "Een leerbedrijvenpool voor kleine bouwbedrijven, docentstages in de installatietechniek en een techniekroute in de zorgtechnologie met het Wilhelmina Ziekenhuis Assen.",
        ("IN4", "UV1", "DO2", "LL1", "DP1", "BB3"),
    ),
    "twente": Profile(
        ("high-tech systemen", "kunststoffen"),
        ("Twentse Precisie Systemen BV", "Kunststofverwerking Hengelo BV"),
        "FME Oost",
        "De hightech-systeembouw rond Enschede en Hengelo en de kunststofverwerking in Noordoost-Twente groeien, maar vinden te weinig technici op mbo-4-niveau. Een deel van de gediplomeerden vertrekt naar de Randstad of Duitsland.",
        "In 2015 stromen 400 mavo- en vmbo-tl-leerlingen door naar mbo-4 techniek (de technologieroute), zijn 180 bedrijven actief betrokken bij het onderwijs en blijft 75 procent van de gediplomeerden in Twente aan het werk.",
        "De technologieroute van het vmbo-tl via mbo-4 naar de Saxion-opleidingen, een kunststoflab bij het ROC en een bedrijvennetwerk dat stages en projecten levert.",
        ("IN3", "UV1", "LL2", "DO1", "BB1", "BB2", "UI1"),
    ),
    "zwolle": Profile(
        ("installatietechniek", "metaal- en maakindustrie"),
        ("Installatiegroep IJsseldelta BV", "Metaalbewerking Hessenpoort BV"),
        "UNETO-VNI Oost",
        "De regio Zwolle heeft een sterk mkb in installatie en metaal; de vraag naar monteurs groeit door de verduurzaming van gebouwen. De instroom in de installatieopleidingen blijft achter bij die vraag.",
        "In 2015 werken zes doorlopende leerlijnen vmbo–mbo in de installatietechniek en het metaal, bieden de bedrijven 450 stage- en BPV-plaatsen en geven technici 120 gastlessen per jaar op de vmbo-scholen.",
        "Doorlopende leerlijnen installatietechniek en metaal, een leerwerkplaats duurzame installaties bij het ROC en gastlessen van monteurs op de vmbo-scholen.",
        ("IN1", "UV1", "DO1", "LL1", "LL2", "BB2", "BB4"),
        "Na de midterm review ligt de nadruk op verduurzaming van de installatietechniek en op de technologieroute naar het hbo.",
    ),
    "achterhoek": Profile(
        ("maakindustrie", "agrotechniek"),
        ("Machinefabriek Doetinchem BV", "Agrotechniek Winterswijk BV"),
        "Metaalunie Achterhoek",
        "De Achterhoekse maakindustrie en agrotechniek bieden werk, maar de regio vergrijst en krimpt: tot 2020 daalt het aantal jongeren met vijftien procent en veel bedrijven kennen het onderwijs nog nauwelijks.",
        "In 2015 zijn 120 maakbedrijven actief in het onderwijsnetwerk en bieden zij samen 350 stage- en BPV-plaatsen, zodat elke technische student een plek vindt in de eigen regio.",
        "Bedrijven adopteren een vmbo-klas, een Achterhoeks stagebureau voor de maakindustrie en een leerlijn agrotechniek met het groen onderwijs.",
        ("IN1", "UV1", "DO2", "LL1", "BB1", "BB2"),
    ),
    "arnhem-nijmegen": Profile(
        ("energie- en milieutechnologie", "infrastructuur"),
        ("Netbeheer Gelderland Service BV", "Infra Betuwe BV"),
        "Techniek Nederland Gelderland",
        "In het knooppunt Arnhem-Nijmegen groeien de energie- en milieutechnologie (EMT) en de infrasector; de bedrijven zoeken monteurs elektrotechniek en infratechniek en de instroom in die opleidingen is klein.",
        "In 2015 stromen jaarlijks 700 studenten in bij de opleidingen elektrotechniek en infra op niveau 2 en 3, zijn er vier doorlopende leerlijnen en werken 40 docenten met bedrijven aan actuele lesstof.",
        "Een EMT-leerlijn van vmbo tot hbo met de HAN, docentstages bij netbeheerders en een infracampus waar BBL'ers en bedrijven samen leren.",
        ("IN4", "UV1", "DO2", "LL1", "DP1", "BB3", "UI1"),
    ),
    "stedendriehoek": Profile(
        ("food-techniek", "metaal"),
        ("Voedingsmachines Apeldoorn BV", "Metaalbedrijf Deventer-Noord"),
        "FME Oost",
        "De Stedendriehoek heeft veel food- en metaalbedrijven die onderhoudsmonteurs en operators zoeken; jongeren kennen die bedrijven nauwelijks en kiezen vaker voor economie of zorg.",
        "In 2015 zitten 900 leerlingen in de bovenbouw vmbo-techniek, geven technici 100 gastlessen per jaar en werkt 70 procent van de gediplomeerden in de regio.",
        "Gastlessen en bedrijfsbezoeken in de onderbouw, een leerlijn onderhoudstechniek food en een regionaal stagepunt.",
        ("IN1", "UV1", "DO2", "LL1", "BB4", "UI1"),
        "Na de midterm review ligt de nadruk op de onderhoudstechniek in de food en op leerbanen bij het mkb.",
    ),
    "brainport": Profile(
        ("high-tech maakindustrie", "automotive"),
        ("Precisiemechanica Eindhoven BV", "Automotive Campus Helmond Services"),
        "Brainport Industries",
        "De high-tech maakindustrie en de automotive in Zuidoost-Brabant groeien snel en zoeken mechatronici en fijnmechanici; de toeleveranciers concurreren met de grote OEM's om dezelfde schaarse vakmensen.",
        "In 2015 volgen 200 leerlingen de technologieroute naar mbo-4 mechatronica, zijn 220 bedrijven betrokken bij het onderwijs en biedt de toelevering 600 stage- en BPV-plaatsen.",
        "Een technologieroute mechatronica met de hogeschool, een gezamenlijk praktijkcentrum met de toeleveranciers en docentstages bij de OEM's.",
        ("IN3", "UV1", "DO1", "LL2", "DP1", "BB1", "BB2"),
    ),
    "midden-brabant": Profile(
        ("logistiek", "procestechniek"),
        ("Distributiecentrum Tilburg-Noord", "Procestechniek Waalwijk BV"),
        "evofenedex Zuid",
        "Midden-Brabant is een logistieke hotspot; de distributiecentra automatiseren en zoeken technici die de systemen onderhouden. De procesindustrie rond Waalwijk zoekt operators.",
        "In 2015 zijn er 250 leerbanen BBL in de logistieke en procestechniek, stroomt 58 procent van de vmbo-techniekleerlingen door naar mbo-techniek en zijn 130 bedrijven actief in het netwerk.",
        "Een opleiding technicus logistieke automatisering met de distributiecentra, een BBL-pool procestechniek en gastlessen van monteurs.",
        ("IN4", "IN2", "UV1", "DO2", "LL1", "BB1", "BB3"),
        "Na de midterm review ligt de nadruk op de technici die de automatisering in de distributiecentra onderhouden.",
    ),
    "west-brabant": Profile(
        ("biobased economy", "onderhoudstechniek"),
        ("Biobased Procesbedrijf Moerdijk BV", "Onderhoudsbedrijf Roosendaal BV"),
        "Deltalinqs Moerdijk",
        "Het industriegebied Moerdijk en de biobased bedrijven rond Bergen op Zoom hebben veel onderhoudstechnici nodig; de gemiddelde leeftijd in het onderhoud ligt boven de vijftig.",
        "In 2015 stromen jaarlijks 450 studenten in bij onderhoudstechniek op niveau 2 en 3, biedt het industriegebied 400 BPV-plaatsen en werkt 80 procent van de gediplomeerden in de regio.",
        "Een onderhoudsacademie op het industrieterrein, een biobased leerlijn met de hogeschool en een gezamenlijke werving op de vmbo-scholen.",
        ("IN4", "UV1", "DO1", "LL2", "BB2", "UI1"),
    ),
    "zuid-limburg": Profile(
        ("chemie en materialen", "zorgtechniek"),
        ("Materialenbedrijf Geleen BV", "Medische Techniek Heerlen BV"),
        "VNCI Limburg",
        "De chemie en materialen op Chemelot en de zorgtechniek in Parkstad zoeken operators en technici; de regio krimpt sterker dan de rest van het land en de grens met Duitsland en België biedt een arbeidsmarkt die nog weinig wordt benut.",
        "In 2015 stromen jaarlijks 300 mavo- en vmbo-tl-leerlingen in bij mbo-4 procestechniek of zorgtechniek, volgen 150 leerlingen de technologieroute naar Chemelot en lopen 30 docenten per jaar stage in het bedrijfsleven.",
        "Een Chemelot-leerlijn van vmbo-tl tot hbo, docentstages in de procesindustrie en een grensoverschrijdend stageproject met Aken.",
        ("IN3", "UV1", "DO1", "LL2", "DP1", "BB2"),
    ),
    "noord-limburg": Profile(
        ("agrofood-techniek", "logistiek"),
        ("Kassenbouw Venlo BV", "Logistiek Centrum Venray BV"),
        "Metaalunie Limburg",
        "De tuinbouw en de agrofood rond Venlo automatiseren snel en zoeken technici in mechatronica en kassenbouw; de logistiek trekt veel laag opgeleide werknemers aan.",
        "In 2015 zijn vier doorlopende leerlijnen greenport-techniek in gebruik, zijn 100 bedrijven betrokken bij het onderwijs en bieden de kassenbouwers en de agrofood 250 leerbanen BBL.",
        "Een leerlijn greenport-techniek, leerbanen bij kassenbouwers en gastlessen in de onderbouw van het vmbo.",
        ("IN1", "UV1", "DO2", "LL1", "BB1", "BB3", "BB4"),
        "Na de midterm review ligt de nadruk op de mechatronica in de kassenbouw en de voedingsindustrie.",
    ),
    "zeeland": Profile(
        ("procesindustrie", "maritieme techniek"),
        ("Procesbedrijf Sloegebied BV", "Scheepswerf Vlissingen-Oost BV"),
        "Deltalinqs Zeeland",
        "De procesindustrie in het Sloegebied en rond Terneuzen en de scheepsbouw in Vlissingen vinden te weinig operators en monteurs; jongeren die voor een opleiding naar de Randstad of Vlaanderen vertrekken, komen zelden terug.",
        "In 2015 stroomt 62 procent van de vmbo-techniekleerlingen door naar een technische mbo-opleiding in Zeeland, biedt de procesindustrie 350 BPV-plaatsen en werkt 80 procent van de gediplomeerden in de regio.",
        "Een procesoperatorroute vmbo–mbo met de industrie in het Sloegebied, een maritiem opleidingsschip en een Zeeuws stagebureau dat bedrijven en studenten koppelt.",
        ("IN4", "IN2", "UV1", "DO1", "LL1", "BB2", "UI1"),
    ),
    "rijnmond": Profile(
        ("haven en logistiek", "maritieme techniek"),
        ("Terminal Maasvlakte Services BV", "Scheepsreparatie Waalhaven BV"),
        "Deltalinqs",
        "De haven van Rotterdam automatiseert: terminals, petrochemie en scheepsreparatie zoeken technici die met nieuwe systemen kunnen werken. Tegelijk is de jeugdwerkloosheid in Rotterdam-Zuid hoog.",
        "In 2015 stromen jaarlijks 900 studenten in bij de haventechnische opleidingen op niveau 2 en 3, zijn er 350 leerbanen BBL bij havenbedrijven en vindt 70 procent van de gediplomeerden een baan in de haven.",
        "Een havenacademie met de terminals, een leerroute van vmbo op Zuid naar mbo-4 maritieme techniek en een BBL-pool van havenbedrijven.",
        ("IN4", "IN2", "UV1", "DO1", "LL2", "BB3", "UI1"),
    ),
    "haaglanden": Profile(
        ("installatie en bouw", "glastuinbouwtechniek"),
        ("Installatiebedrijf Haagse Beemden BV", "Kassentechniek Westland BV"),
        "UNETO-VNI Zuid-Holland",
        "In Haaglanden zoeken de installateurs en de glastuinbouw in het Westland technici; de stedelijke jongeren kennen die beroepen nauwelijks en de opleidingen zijn versnipperd over veel locaties.",
        "In 2015 zijn de technische opleidingen op drie locaties geconcentreerd, werken vijf doorlopende leerlijnen installatietechniek en geven technici 150 gastlessen per jaar.",
        "Concentratie van het technisch mbo-aanbod, een leerlijn installatietechniek met de vmbo-scholen in de stad en gastlessen door monteurs uit het Westland.",
        ("IN1", "UV1", "DO2", "LL1", "BB2", "BB4"),
        "Na de midterm review ligt de nadruk op de glastuinbouwtechniek en op de concentratie van het aanbod.",
    ),
    "amsterdam": Profile(
        ("ICT en technologie", "bouw en infra"),
        ("Datacenter Westpoort BV", "Bouwcombinatie IJoevers BV"),
        "Bouwend Nederland Amsterdam",
        "Amsterdam groeit: de bouw, de infra en de datacenters zoeken technici, maar de technische opleidingen trekken weinig jongeren en de uitval in het eerste mbo-jaar is hoog.",
        "In 2015 is de uitval in het eerste jaar mbo-techniek gedaald tot zeven procent, volgen 150 leerlingen een technologieroute naar het hbo en zijn 160 bedrijven actief in het netwerk.",
        "Een technologieroute ICT en techniek, begeleiding in het eerste mbo-jaar door mentoren uit de bedrijven en leerbanen in de grote bouwprojecten.",
        ("IN3", "UV1", "DO1", "LL2", "BB1", "BB3"),
    ),
    "noord-holland-noord": Profile(
        ("energie en offshore", "agrotechniek"),
        ("Offshore Services Den Helder BV", "Zaadtechniek Enkhuizen BV"),
        "FME Noordwest",
        "De offshore rond Den Helder en de zaadveredeling en agrotechniek in West-Friesland zoeken technici; de regio is uitgestrekt en de reistijd naar de technische opleidingen is lang.",
        "In 2015 bieden de offshore en de agrotechniek 250 BPV-plaatsen, werken drie doorlopende leerlijnen energie en agrotechniek en zijn 90 bedrijven actief betrokken bij het onderwijs.",
        "Een leerlijn energie en offshore in Den Helder, praktijklessen bij de zaadbedrijven en een stagebus die leerlingen naar de bedrijven brengt.",
        ("IN1", "UV1", "DO2", "LL1", "BB1", "BB2"),
        "Na de midterm review ligt de nadruk op de offshore wind en op het vasthouden van de studenten in de kop van Noord-Holland.",
    ),
    "utrecht": Profile(
        ("installatie en energie", "infrastructuur"),
        ("Installatiebedrijf Leidsche Rijn BV", "Spoorinfra Utrecht BV"),
        "Techniek Nederland Midden",
        "De regio Utrecht bouwt en verbouwt; de installateurs en de spoor- en wegenbouw zoeken monteurs. Technische opleidingen moeten concurreren met een breed aanbod aan andere studies.",
        "In 2015 zijn 140 bedrijven betrokken bij het onderwijs, lopen 35 docenten per jaar stage in het bedrijfsleven en kiezen 350 studenten per jaar voor installatie- of infratechniek op niveau 2 en 3.",
        "Docentstages bij installateurs en spoorbedrijven, een infra-leerlijn met de hogeschool en gastlessen in de onderbouw.",
        ("IN4", "UV1", "DO1", "LL2", "DP1", "BB1"),
    ),
    "flevoland": Profile(
        ("luchtvaarttechniek", "agrotechniek"),
        ("Vliegtuigonderhoud Lelystad BV", "Agrotechniek Noordoostpolder BV"),
        "Metaalunie Flevoland",
        "Flevoland is jong en groeit; de luchtvaarttechniek rond Lelystad Airport en de agrotechniek in de Noordoostpolder zoeken technici, maar veel jongeren volgen hun opleiding buiten de provincie.",
        "In 2015 volgt de helft van de Flevolandse technische studenten zijn opleiding in de eigen provincie, zijn er 200 BPV-plaatsen bij Flevolandse bedrijven en werkt 65 procent van de gediplomeerden in Flevoland.",
        "Een opleiding vliegtuigonderhoud op het vliegveld, een leerlijn agrotechniek in Emmeloord en een Flevolands stagenetwerk.",
        ("IN1", "UV1", "DO1", "LL1", "BB2", "UI1"),
        "Na de midterm review ligt de nadruk op de luchtvaarttechniek en op studenten die in Flevoland blijven.",
    ),
}

# The 2015 figures a region's ambitions name: its targets run from its baseline to these.
GOALS = {
    "friesland": {"LL1": 5, "UV1": 6, "UI1": 67},
    "groningen": {"IN3": 250, "IN2": 60, "BB1": 150},
    "drenthe": {"BB3": 300, "DP1": 40},
    "twente": {"IN3": 400, "BB1": 180, "UI1": 75},
    "zwolle": {"LL1": 6, "BB2": 450, "BB4": 120},
    "achterhoek": {"BB1": 120, "BB2": 350},
    "arnhem-nijmegen": {"IN4": 700, "LL1": 4, "DP1": 40},
    "stedendriehoek": {"IN1": 900, "BB4": 100, "UI1": 70},
    "brainport": {"LL2": 200, "BB1": 220, "BB2": 600},
    "midden-brabant": {"BB3": 250, "IN2": 58, "BB1": 130},
    "west-brabant": {"IN4": 450, "BB2": 400, "UI1": 80},
    "zuid-limburg": {"IN3": 300, "LL2": 150, "DP1": 30},
    "noord-limburg": {"LL1": 4, "BB1": 100, "BB3": 250},
    "zeeland": {"IN2": 62, "BB2": 350, "UI1": 80},
    "rijnmond": {"IN4": 900, "BB3": 350, "UI1": 70},
    "haaglanden": {"LL1": 5, "BB4": 150},
    "amsterdam": {"UV1": 7, "LL2": 150, "BB1": 160},
    "noord-holland-noord": {"BB2": 250, "LL1": 3, "BB1": 90},
    "utrecht": {"BB1": 140, "DP1": 35, "IN4": 350},
    "flevoland": {"BB2": 200, "UI1": 65},
}

# code: (name, performance area, route, unit, typical baseline, kind, direction, yearly target step,
#        explanation when the figure falls short, explanation when nothing is reported)
INDICATORS = {
    "IN1": (
        "Leerlingen in de bovenbouw vmbo-techniek",
        1,
        "vakmanschap",
        "leerlingen",
        900,
        "prestatie",
        "higher",
        "0.03",
        "Het aantal vmbo-leerlingen daalt sneller dan voorzien; het aandeel techniek bleef gelijk. De open dagen en de techniekcoach zijn uitgebreid.",
        "De teldatum van DUO valt na de rapportage; het cijfer volgt in de volgende monitor.",
    ),
    "IN3": (
        "Instroom mbo-4 techniek vanuit mavo/vmbo-tl (technologieroute)",
        1,
        "technologie",
        "studenten",
        300,
        "prestatie",
        "higher",
        "0.05",
        "Mavo-leerlingen kozen vaker voor de havo; de technologieroute is op de mavo-scholen nog onbekend. Er zijn voorlichtingsavonden voor ouders gepland.",
        "De instroomcijfers per vooropleiding zijn bij DUO nog niet beschikbaar.",
    ),
    "IN4": (
        "Instroom mbo-2/3 techniek (vakmanschapsroute)",
        1,
        "vakmanschap",
        "studenten",
        600,
        "prestatie",
        "higher",
        "0.04",
        "De instroom bleef achter doordat bedrijven in de crisis minder leerbanen boden; studenten kozen daardoor minder vaak de BBL.",
        "De instroomcijfers van het ROC zijn nog niet gevalideerd.",
    ),
    "IN2": (
        "Doorstroom vmbo-techniek naar mbo-techniek",
        1,
        "vakmanschap",
        "%",
        55,
        "prestatie",
        "higher",
        "2",
        "Een deel van de leerlingen stroomt door naar een niet-technische opleiding; de LOB in het derde leerjaar wordt versterkt met snuffelstages.",
        "De doorstroomcijfers komen uit de koppeling van DUO-bestanden, die dit jaar vertraagd is.",
    ),
    "UV1": (
        "Voortijdige uitval eerstejaars mbo-techniek",
        1,
        "vakmanschap",
        "%",
        10,
        "prestatie",
        "lower",
        "-0.5",
        "De uitval steeg in de opleidingen op niveau 2; de intake en de begeleiding in de eerste tien weken worden aangescherpt.",
        "De uitvalcijfers van het schooljaar zijn nog niet definitief.",
    ),
    "UI1": (
        "Gediplomeerden mbo-techniek met werk in de regio",
        1,
        "beide",
        "%",
        70,
        "prestatie",
        "higher",
        "2",
        "Meer gediplomeerden vonden werk buiten de regio of studeerden door; het vasthouden van talent krijgt een plek in de bedrijvenkring.",
        "Het schoolverlatersonderzoek over dit jaar verschijnt pas na de rapportage.",
    ),
    "DO1": (
        "Technische opleidingen met goed arbeidsmarktperspectief",
        2,
        "beide",
        "opleidingen",
        24,
        "prestatie",
        "higher",
        "1",
        "De herziening van de kwalificatiestructuur vertraagde de vernieuwing van twee opleidingen.",
        "De regionale arbeidsmarktanalyse wordt dit jaar vernieuwd.",
    ),
    "DO2": (
        "Opleidingen met een door bedrijven gevalideerd programma",
        2,
        "technologie",
        "opleidingen",
        8,
        "proces",
        "higher",
        "1",
        "De validatie met de bedrijven kostte meer tijd dan gepland; twee opleidingen volgen in het voorjaar.",
        "De validatieronde met de bedrijven loopt nog.",
    ),
    "LL1": (
        "Doorlopende leerlijnen vmbo–mbo in gebruik",
        3,
        "vakmanschap",
        "leerlijnen",
        3,
        "proces",
        "higher",
        "1",
        "De roosters van vmbo en mbo sloten niet op elkaar aan, waardoor één leerlijn een jaar later start.",
        "De evaluatie van de leerlijnen loopt nog.",
    ),
    "LL2": (
        "Leerlingen in de technologieroute mavo–mbo 4–hbo",
        3,
        "technologie",
        "leerlingen",
        80,
        "prestatie",
        "higher",
        "0.08",
        "De route is nieuw en nog onbekend bij de decanen; de werving start voortaan in het tweede leerjaar.",
        "De route is pas dit schooljaar gestart; er zijn nog geen tellingen.",
    ),
    "DP1": (
        "Docenten met een docentstage in het bedrijfsleven",
        3,
        "beide",
        "docenten",
        18,
        "proces",
        "higher",
        "0.12",
        "Vervanging in de klas bleek een knelpunt; scholen plannen de stages voortaan in de toetsweken.",
        "De registratie van de docentstages is dit jaar niet centraal bijgehouden.",
    ),
    "BB1": (
        "Bedrijven actief in het regionale technieknetwerk",
        4,
        "beide",
        "bedrijven",
        120,
        "proces",
        "higher",
        "0.06",
        "Enkele bedrijven haakten af na een reorganisatie; de grote bedrijven blijven, het mkb is moeilijker vast te houden.",
        "De bedrijvenlijst wordt opgeschoond; het cijfer volgt.",
    ),
    "BB2": (
        "Stage- en BPV-plaatsen bij erkende leerbedrijven",
        4,
        "technologie",
        "plaatsen",
        400,
        "prestatie",
        "higher",
        "0.04",
        "Door de crisis boden bedrijven minder plaatsen; het stagebureau werft nu gericht bij het mkb.",
        "De erkenningen van SBB zijn nog niet verwerkt.",
    ),
    "BB3": (
        "Leerbanen BBL techniek",
        4,
        "vakmanschap",
        "leerbanen",
        280,
        "prestatie",
        "higher",
        "0.04",
        "Bedrijven namen in de crisis minder BBL'ers aan; met de branche is een leerbanenoffensief afgesproken.",
        "De telling van de BBL-contracten is nog niet afgerond.",
    ),
    "BB4": (
        "Gastlessen door technici uit het bedrijfsleven",
        4,
        "beide",
        "gastlessen",
        80,
        "proces",
        "higher",
        "0.10",
        "De gastlessen waren afhankelijk van enkele enthousiaste bedrijven; er is een rooster met vaste koppels opgesteld.",
        "De scholen hebben de gastlessen dit jaar niet centraal geregistreerd.",
    ),
}

INTAKE_CODES = ("IN1", "IN4", "IN3")  # the figures a region may ask to lower when the number of pupils falls


def context(profile: Profile, region_name: str) -> dict:
    """The words a text is filled with: the region's own sectors, employers and branch organisation."""
    return {
        "region": region_name,
        "sector": profile.sectors[0],
        "sector2": profile.sectors[1],
        "sectors": f"{profile.sectors[0]} en {profile.sectors[1]}",
        "employer": profile.employers[0],
        "employer2": profile.employers[1],
        "branche": profile.branche,
    }


def profile_for(slug: str) -> Profile:
    return PROFILES[slug]


# --- figures --------------------------------------------------------------------------------


def _percent(code: str) -> bool:
    return INDICATORS[code][3] == "%"


def _round(code: str, value: Decimal) -> Decimal:
    if _percent(code):
        return max(Decimal(0), min(Decimal(100), value)).quantize(Decimal("0.1"))
    return max(Decimal(0), value).quantize(Decimal(1))


def baseline(slug: str, code: str) -> Decimal:
    """The 0-meting: below the goal the ambitions name, or around the catalogue's typical value."""
    rng = random.Random(f"baseline:{slug}:{code}")
    goal = GOALS.get(slug, {}).get(code)
    typical, direction, step = INDICATORS[code][4], INDICATORS[code][6], Decimal(INDICATORS[code][7])
    if goal is None:
        spread = (0.85, 1.15) if _percent(code) else (0.6, 1.4)
        return _round(code, Decimal(str(typical * rng.uniform(*spread))))
    if direction == "lower":
        return _round(code, Decimal(str(goal + rng.uniform(2.5, 4.5))))
    if _percent(code):
        return _round(code, Decimal(str(goal - rng.uniform(4, 8))))
    if step >= 1:  # whole numbers a year: opleidingen, leerlijnen
        return Decimal(max(1, goal - rng.randint(2, 4)))
    return _round(code, Decimal(str(goal * rng.uniform(0.7, 0.85))))


def targets(slug: str, code: str, base: Decimal, baseline_year: int, end_year: int) -> dict[int, Decimal]:
    """The agreed target for every year after the baseline: straight to the goal, or the catalogue's step."""
    steps = end_year - baseline_year
    goal = GOALS.get(slug, {}).get(code)
    increment = Decimal(INDICATORS[code][7])
    result = {}
    for step in range(1, steps + 1):
        if goal is not None:
            value = base + (Decimal(goal) - base) * step / steps
        elif _percent(code) or increment >= 1 or increment < 0:
            value = base + increment * step
        else:
            value = base * (1 + increment) ** step
        result[baseline_year + step] = _round(code, value)
    return result


# How a region's figure moves towards its targets, as the share of the planned yearly change achieved
# in each year of the programme: steady, a slow start, a setback in the third year, ahead of plan.
COURSES = {
    "steady": (1.05, 1.05, 1.0, 1.05),
    "slow start": (0.3, 0.6, 0.85, 1.0),
    "setback": (1.0, 1.1, -0.4, 0.7),
    "ahead": (1.3, 1.25, 1.2, 1.15),
}


def realised(slug: str, code: str, base: Decimal, targets_by_year: dict[int, Decimal], year: int) -> Decimal:
    """The figure a region reports for `year`: the planned change times the region's course for this
    indicator, give or take a third of a year's change (deterministic per region and indicator, whatever
    the order in which the years are asked)."""
    rng = random.Random(f"course:{slug}:{code}")
    course = COURSES[rng.choice(["steady", "steady", "slow start", "setback", "ahead"])]
    noise = [rng.uniform(-0.3, 0.35) for _ in course]
    years = sorted(targets_by_year)
    step = min(years.index(year) + 1 if year in years else len(years), len(course))
    planned = (targets_by_year[years[-1]] - base) / len(years)  # one year's planned change
    done = sum(course[:step]) + noise[step - 1]
    return _round(code, base + planned * Decimal(str(round(done, 3))))


# --- the vision -----------------------------------------------------------------------------

WHY = [
    "Zonder voldoende vakmensen in de {sectors} verliest {region} bedrijvigheid en werkgelegenheid. Geen van de partners kan dat alleen oplossen: de scholen leiden op, de bedrijven bieden leerplekken en banen, de overheden verbinden.",
    "De bedrijven in de {sector} kunnen hun vacatures voor technici nu al niet vullen en de uitstroom door vergrijzing moet nog komen. Onderwijs, ondernemers en overheid in {region} willen dat samen keren.",
]
WHO = "Het ROC als penvoerder, de vmbo-scholen in de regio, {employer}, {employer2} en de andere bedrijven uit het netwerk van {branche}, de gemeenten en de provincie."
HOW = [
    "Een stuurgroep van bestuurders van de drie O's komt vier keer per jaar bijeen; de projectleider heeft mandaat over het budget en rapporteert jaarlijks over de prestatieafspraken.",
    "Per deelproject is een trekker uit onderwijs of bedrijfsleven aangewezen; de projectleider bewaakt de samenhang en bespreekt de monitor twee keer per jaar met de bestuurders.",
]
VISION_RATIONALES = {
    "ambitious": [
        "De ambities zijn meetbaar en gaan verder dan de trend; ze passen bij de vraag in de {sectors}.",
        "Ambitieus voor de {sector}; de ambitie voor de {sector2} is nog weinig concreet.",
    ],
    "partners": [
        "Onderwijs en overheid zijn aangesloten; met {branche} is het bedrijfsleven georganiseerd aan tafel, het mkb nog niet overal.",
        "Alle drie de O's zijn betrokken en {employer} trekt actief mee in de stuurgroep.",
    ],
    "feasible": [
        "De aanpak is concreet en de middelen zijn toereikend voor de eerste twee jaar.",
        "Haalbaar, mits de bedrijven de toegezegde leerplekken ook echt leveren.",
    ],
    "sustainable": [
        "Afspraken over de financiering na 2015 moeten nog worden gemaakt.",
        "De partners dragen een deel van de kosten zelf; voor de periode na 2015 is een eerste verkenning gedaan.",
    ],
}


def vision_texts(slug: str, region_name: str) -> dict:
    profile = PROFILES[slug]
    rng = random.Random(f"vision:{slug}")
    words = context(profile, region_name)
    return {
        "labour_market_analysis": profile.analysis,
        "ambitions": profile.ambitions,
        "approach_why": rng.choice(WHY).format(**words),
        "approach_what": profile.what,
        "approach_who": WHO.format(**words),
        "approach_how": rng.choice(HOW).format(**words),
    }


# The regioagenda (verduurzaming) of the programme's final year, in two wordings; filled with context().
REGIOAGENDA = [
    {
        "agenda_continues": "Na 2015 blijven de doorlopende leerlijnen vmbo–mbo in de {sectors} bestaan. De "
        "techniekdagen en gastlessen van {employer} en {employer2} worden een vast onderdeel van het lesprogramma, "
        "en het platform van onderwijs, ondernemers en overheid in {region} komt twee keer per jaar bijeen.",
        "agenda_funding": "De scholen betalen de leerlijnen uit hun eigen begroting; {branche} en de bedrijven "
        "dragen de gastlessen en stages bij in natura; de gemeenten in {region} betalen de coördinatie uit het "
        "regionale arbeidsmarktbudget (60.000 euro per jaar, toegezegd tot en met 2019).",
        "agenda_agreements": "De afspraken over instroom en doorstroom in de techniek blijven staan en worden elk "
        "jaar gevolgd in de monitor van het platform. De afspraken over leerbanen herijken de partners in 2016 "
        "samen met {branche}.",
    },
    {
        "agenda_continues": "Wat blijft: de leerwerkplaats in de {sector} bij het mbo, de gezamenlijke "
        "loopbaanoriëntatie in het vmbo en het docentenprogramma waarin leraren jaarlijks meelopen bij "
        "{employer}. Het projectbureau gaat op in het regionale techniekpact van {region}.",
        "agenda_funding": "{employer} en {employer2} betalen samen met {branche} de helft van de leerwerkplaats; "
        "de andere helft komt uit de begroting van het mbo. De provincie draagt de eerste twee jaar bij uit het "
        "techniekpact.",
        "agenda_agreements": "De afspraken over stages, leerbanen en bedrijfsbetrokkenheid blijven; de "
        "instroomafspraak wordt een gezamenlijke ambitie van het techniekpact. De partners rapporteren er elk "
        "voorjaar over aan het bestuurlijk overleg.",
    },
]


def vision_rationales(slug: str, region_name: str) -> dict:
    rng = random.Random(f"vision-assessment:{slug}")
    words = context(PROFILES[slug], region_name)
    return {f"{key}_rationale": rng.choice(texts).format(**words) for key, texts in VISION_RATIONALES.items()}


# --- the monitor report ---------------------------------------------------------------------

# Answers to the guiding questions of the process themes (framework_data.PROCESS_THEMES), by question text.
ANSWERS = {
    # Bestuur en organisatie
    "Hoe is het plan vertaald naar een duidelijke projectaanpak en concrete acties en verantwoordelijkheden van alle partners?": [
        "Het plan is uitgewerkt in een jaarplan {year} met vier deelprojecten, elk met een trekker, een budget en mijlpalen. Het ROC trekt de leerlijnen, {employer} de bedrijvenkring in de {sector}.",
        "Elke partner heeft in een samenwerkingsovereenkomst vastgelegd wat hij bijdraagt; de projectleider houdt een actielijst bij die de stuurgroep elk kwartaal bespreekt.",
    ],
    "Hoe zijn de economische (regionale) ambities vertaald in de regionale plannen en bestuurlijke afspraken?": [
        "De ambities voor de {sectors} staan in de economische agenda van de provincie; de gemeenten hebben de techniekagenda opgenomen in hun arbeidsmarktbeleid.",
        "De regionale economische board heeft de {sector} als speerpunt benoemd; onze prestatieafspraken zijn de onderwijsparagraaf van die agenda.",
    ],
    "Hoe zijn afspraken over doelmatig aanbod geborgd?": [
        "De mbo-instellingen in {region} hebben een convenant over het technisch aanbod: nieuwe opleidingen worden eerst in het regionale overleg besproken, met de arbeidsmarktcijfers erbij.",
        "Twee kleine opleidingen zijn samengevoegd op één locatie; de afspraak daarover is vastgelegd in het jaarplan en wordt jaarlijks met {branche} getoetst.",
    ],
    "Is het bestuurlijk, tactisch en operationeel niveau voldoende vertegenwoordigd en is er commitment om besluiten te nemen én ze uit te voeren?": [
        "In de stuurgroep zitten de bestuurders van het ROC en twee vmbo-besturen, de directeur van {employer} en de wethouder economie; teamleiders techniek vormen de werkgroep. Besluiten worden genomen, maar de uitvoering op de werkvloer loopt soms achter.",
        "Bestuurlijk is de vertegenwoordiging goed; op tactisch niveau ontbrak een jaar lang een vertegenwoordiger van het vmbo, sinds dit jaar schuift een teamleider aan.",
    ],
    "Wat is de rol van de projectleider en heeft hij/zij voldoende mandaat?": [
        "De projectleider is voor drie dagen per week vrijgemaakt door het ROC, beheert het projectbudget en mag deelprojecten bijsturen; grotere wijzigingen legt zij voor aan de stuurgroep.",
        "De projectleider heeft mandaat over de uitvoering en een directe lijn met de voorzitter van de stuurgroep; over de inzet van docenten beslissen de scholen zelf, wat het tempo soms remt.",
    ],
    "Welke koppeling is er met CIV's en Topsectoren?": [
        "Het ROC ontwikkelt met de bedrijven in de {sector} een centrum voor innovatief vakmanschap; de aanvraag sluit aan op de human capital agenda van de topsector waar die bedrijven onder vallen.",
        "Er is nog geen CIV in de regio; via {branche} zijn we aangesloten bij de human capital agenda van de topsector die bij de {sector} hoort.",
    ],
    # Communicatie
    "Waaruit blijkt dat er sprake is van een gedeeld beeld van inzet en resultaten?": [
        "De partners gebruiken dezelfde monitor en bespreken de cijfers samen; in de stuurgroep van maart werd de achterblijvende instroom door alle partners als gezamenlijk probleem benoemd.",
        "Op de jaarlijkse netwerkdag presenteren scholen en bedrijven samen de resultaten; de bedrijven herkennen zich in het beeld dat de scholen schetsen.",
    ],
    "Hoe worden voortgang en resultaten naar stakeholders gecommuniceerd?": [
        "Via een digitale nieuwsbrief die vier keer per jaar verschijnt, de jaarlijkse netwerkdag en een samenvatting van de monitor voor de gemeenteraden.",
        "De projectleider stuurt na elke stuurgroep een korte voortgangsnotitie rond; {branche} verspreidt die onder de leden.",
    ],
    "Hoe wordt er invulling gegeven aan gezamenlijke communicatie?": [
        "Er is één herkenbaar merk voor de techniekcampagne in {region}; scholen en bedrijven gebruiken dezelfde beelden en boodschap op open dagen en beurzen.",
        "Een communicatiewerkgroep met medewerkers van het ROC, de gemeente en {employer} maakt de jaarplanning van de gezamenlijke activiteiten.",
    ],
    "Op welke manier wordt dit versterkt door slim gebruik te maken van communicatiekanalen van partners?": [
        "De verhalen van jonge technici uit de {sector} verschijnen in de personeelsbladen van de bedrijven en in de ouderbrieven van de vmbo-scholen.",
        "{branche} zet de berichten door naar de leden; de gemeenten nemen ze op in hun ondernemersnieuwsbrief.",
    ],
    "Is er een communicatieplan aanwezig (doelgroepen, kanalen, e.d.)?": [
        "Ja, het communicatieplan {year} onderscheidt leerlingen, ouders, docenten en bedrijven, met per doelgroep de kanalen en de momenten in het schooljaar.",
        "Er is een communicatieplan uit het eerste jaar; het wordt dit jaar bijgesteld omdat ouders en mkb-bedrijven er te weinig in voorkwamen.",
    ],
    # Mobiliseren van stakeholders
    "Hoe zijn alle relevante stakeholders (3O's) betrokken?": [
        "Onderwijs (ROC en vmbo-scholen), ondernemers ({branche}, {employer}) en overheid (gemeenten en provincie) zitten in de stuurgroep en dragen bij aan de deelprojecten.",
        "De drie O's zijn betrokken; sinds dit jaar schuift ook het UWV aan, dat de arbeidsmarktcijfers voor de {sectors} levert.",
    ],
    "Is er sprake van een gedeeld urgentiebesef bij de 3O's?": [
        "Bij de bedrijven in de {sector} is de urgentie groot; bij een deel van de vmbo-scholen speelt de krimp van het leerlingenaantal sterker dan het tekort aan technici.",
        "Ja: de arbeidsmarktcijfers uit de 0-meting hebben de bestuurders overtuigd; de gemeenten hebben het tekort aan technici op hun agenda gezet.",
    ],
    "Zijn de ambitie en belangen van deze stakeholders bekend en gedeeld?": [
        "Bij de start heeft elke partner zijn belang benoemd; die zijn vastgelegd in de regiovisie en worden jaarlijks in de stuurgroep herijkt.",
        "De belangen van de grote bedrijven zijn bekend; die van de kleine bedrijven in de {sector2} kennen we minder goed, daar gaan we dit jaar gesprekken over voeren.",
    ],
    "Op welke manier zijn de individuele ondernemers/bedrijven (naast het georganiseerde) betrokken? Voelen zij zich mede eigenaar?": [
        "Naast {branche} zijn dertig bedrijven rechtstreeks betrokken via gastlessen en stages; bedrijven als {employer} voelen zich mede-eigenaar, veel kleine bedrijven nog niet.",
        "Individuele ondernemers zijn lastig te bereiken; een accountmanager van het ROC bezoekt sinds dit jaar de kleine bedrijven in de {sector2}.",
    ],
    "Hoe worden de regionale ambities doorvertaald naar eigen beleid van de stakeholders?": [
        "Het ROC heeft de ambities opgenomen in zijn meerjarenplan; {employer} heeft een eigen leerbanenplan opgesteld.",
        "De gemeenten hebben de techniekagenda opgenomen in hun economische programma; de vmbo-scholen nemen de leerlijnen op in hun schoolplan.",
    ],
    "Wordt actief gewerkt aan mobilisatie van partners en hun belangen?": [
        "Ja: de projectleider voert jaarlijks met elke partner een gesprek over inzet en belang; nieuwe bedrijven worden via de netwerkdag geworven.",
        "De stuurgroep heeft een ambassadeur uit het bedrijfsleven benoemd die andere ondernemers in de {sector} aanspreekt.",
    ],
    # Monitoring en kennisdeling
    "Zijn de prestatieafspraken helder en leven ze bij iedereen?": [
        "De afspraken zijn helder voor de stuurgroep en de projectleiding; op de scholen kennen vooral de teamleiders techniek ze, de docenten minder.",
        "De prestatieafspraken hangen als poster in de teamkamers techniek en worden twee keer per jaar besproken in het netwerk.",
    ],
    "Hoe is geïnventariseerd welke lopende projecten er in de regio zijn waarop wordt aangesloten?": [
        "Bij de start is een overzicht gemaakt van de lopende projecten (techniekpromotie, VSV-aanpak, de sectorplannen); de deelprojecten bouwen daarop voort.",
        "Met de provincie en {branche} is een projectenkaart gemaakt; dubbele projecten zijn samengevoegd.",
    ],
    "Zijn de regionale (arbeidsmarkt) cijfers bekend op basis waarvan men kan monitoren (O-meting)?": [
        "De 0-meting uit {baseline_year} bevat de instroom-, doorstroom- en uitstroomcijfers van DUO en de vacaturecijfers van het UWV voor de {sectors}; de cijfers worden jaarlijks bijgewerkt.",
        "Ja, de 0-meting is in {baseline_year} gemaakt met de onderwijsdata van DUO; voor de vraag van de bedrijven gebruiken we de arbeidsmarktprognoses van het UWV.",
    ],
    "Op welke manier is het ophalen en rapporteren van managementinformatie ingericht?": [
        "De scholen leveren hun cijfers twee keer per jaar aan bij het projectbureau; de bedrijfscijfers (stages, leerbanen) komen van SBB en {branche}.",
        "Het ROC heeft een dashboard ingericht met de cijfers per prestatieafspraak; de projectleider gebruikt het voor de voortgangsrapportage.",
    ],
    "Hoe deel je kennis en lessons learned? Op welke wijze wordt kennis van anderen benut?": [
        "Twee keer per jaar een leerbijeenkomst met de deelprojecten; we bezochten andere regio's en gebruiken de goede voorbeelden uit de kennisbank van het programma.",
        "Lessen worden gedeeld in de werkgroepen; de landsdelige bijeenkomsten van het programma en werkbezoeken gebruiken we om van andere regio's te leren.",
    ],
}

# A self-assessment's rationale per theme and score (2: een begin, 3: op koers, 4: uitstekend).
SELF_ASSESSMENT = {
    ("performance", 1): {
        2: "De instroom en doorstroom blijven achter bij de afspraken; {behind} vraagt extra inzet.",
        3: "De meeste in- en doorstroomcijfers liggen op koers; {behind} blijft een aandachtspunt.",
        4: "Instroom, doorstroom en uitstroom liggen op of boven de afspraken.",
    },
    ("performance", 2): {
        2: "De afstemming van het aanbod op de vraag in de {sector} staat nog in de kinderschoenen.",
        3: "Het aanbod is met de bedrijven in de {sectors} besproken en deels bijgesteld.",
        4: "Het aanbod is samen met de bedrijven herzien en sluit aan op de vraag in de {sectors}.",
    },
    ("performance", 3): {
        2: "De eerste leerlijn draait, maar de docenten van vmbo en mbo werken nog weinig samen.",
        3: "De leerlijnen lopen; de roostering van vmbo en mbo vraagt nog aandacht.",
        4: "De leerlijnen zijn ingebed en docenten van vmbo en mbo geven samen les.",
    },
    ("performance", 4): {
        2: "Grote bedrijven doen mee, het mkb in de {sector2} is nog nauwelijks betrokken.",
        3: "{employer} en andere bedrijven leveren stages en gastlessen; het mkb volgt langzaam.",
        4: "Bedrijven in de {sectors} zijn actief betrokken bij stages, lessen en examens.",
    },
    ("process", 1): {
        2: "De stuurgroep vergadert, maar besluiten worden op de scholen nog traag uitgevoerd.",
        3: "Heldere rolverdeling en een projectleider met mandaat; de uitvoering volgt de besluiten.",
        4: "Bestuurders sturen zichtbaar en de projectleiding heeft een sterk mandaat.",
    },
    ("process", 2): {
        2: "Er is nog geen gezamenlijk communicatieplan; elke partner communiceert voor zich.",
        3: "Er is een communicatieplan; het bereik onder ouders kan beter.",
        4: "De partners communiceren als één netwerk en benutten elkaars kanalen.",
    },
    ("process", 3): {
        2: "De urgentie wordt gedeeld door de grote partners; het mkb haakt nog niet aan.",
        3: "De drie O's zijn betrokken; het vasthouden van individuele bedrijven vraagt aandacht.",
        4: "Partners dragen de ambities uit en nemen ze op in hun eigen beleid.",
    },
    ("process", 4): {
        2: "De cijfers worden verzameld, maar nog weinig gebruikt om bij te sturen.",
        3: "De monitor is op orde en wordt in de stuurgroep besproken.",
        4: "De monitor wordt gebruikt om bij te sturen en we leren actief van andere regio's.",
    },
}

# What a region wants to learn, per theme of its learning theme.
LEARNING = {
    ("performance", 1): [
        "Hoe voorkomen we dat leerlingen bij de overstap van vmbo naar mbo afhaken in de {sector}?",
        "Wat werkt om meer mavo-leerlingen voor de technologieroute in de {sector} te laten kiezen?",
    ],
    ("performance", 2): [
        "Hoe stemmen we het opleidingsaanbod sneller af op de vraag van de {sector2}?",
    ],
    ("performance", 3): [
        "Hoe maken we docenten van vmbo en mbo samen eigenaar van de leerlijn {sector}?",
        "Hoe roosteren we gezamenlijke lessen van vmbo en mbo in de {sector2} zonder dat het van enkele docenten afhangt?",
    ],
    ("performance", 4): [
        "Hoe maken we van losse stageafspraken met bedrijven in de {sector} een regionaal convenant met {branche}?",
        "Hoe houden we mkb-bedrijven in de {sector2} betrokken na de eerste gastles?",
    ],
    ("process", 1): [
        "Hoe borgen we de regie van de stuurgroep in {region} zodat de deelprojecten in de {sector} niet afhangen van één trekker?",
    ],
    ("process", 2): [
        "Hoe bereiken we ouders met het verhaal van de banen in de {sector}?",
    ],
    ("process", 3): [
        "Hoe krijgen we individuele bedrijven in de {sector2} structureel aan tafel, naast {branche}?",
        "Hoe maken we de gemeenten mede-eigenaar van de techniekagenda in {region}?",
    ],
    ("process", 4): [
        "Welke cijfers hebben we nodig om te zien of de doorstroom naar de {sector} echt verbetert?",
        "Hoe halen we de stage- en leerbaancijfers betrouwbaar op bij de bedrijven in de {sector2}?",
    ],
}

REFLECTION_WORKS = [
    "{best} ontwikkelt zich goed: {best_value} {best_unit} tegen een afspraak van {best_target}. {practice}",
    "Wat werkt is de samenwerking rond {best_lower}: {best_value} {best_unit} in {year}. {practice}",
]
PRACTICES = [
    "De praktijklessen bij {employer} worden door leerlingen en docenten hoog gewaardeerd.",
    "De gastlessen van technici uit de {sector} maken het beroep zichtbaar voor vmbo-leerlingen.",
    "Docenten van vmbo en mbo bereiden de lessen in de {sector} nu samen voor.",
]
REFLECTION_PROGRESS = [
    "Van de {counted} afspraken met een streefwaarde voor {year} liggen er {on_track} op koers. {tone}",
    "In {year} haalden we {on_track} van de {counted} streefwaarden. {tone}",
]
TONE = {
    "good": "We liggen op schema en willen de aanpak in de {sector2} verbreden.",
    "mixed": "De richting klopt, maar het tempo ligt lager dan we in de regiovisie hadden voorzien.",
    "behind": "Dat is minder dan we wilden; de stuurgroep heeft de aanpak in het najaar herijkt.",
}
REFLECTION_NOT_YET = [
    "{behind} blijft achter ({behind_value} tegen {behind_target}). {cause}",
    "Nog niet op koers is {behind_lower}: {behind_value} {behind_unit} tegen een afspraak van {behind_target}. {cause}",
]
NOTHING_BEHIND = "Alle cijfers liggen op koers; het vasthouden van individuele bedrijven in de {sector2} vraagt wel blijvend aandacht."


def fill(template: str, words: dict) -> str:
    return template.format(**words)


# --- audit visits, peer reviews and governance meetings (the history of 2012–2015) ----------------
# Read by audits.demo, peerreviews.demo and governance.demo. The figures come from the region's own
# monitor report of that year (realisation against the agreed target); the words from its profile.

# Per performance area: what the committee writes when the area's figures are on course, or behind.
VISIT_AREA = {
    1: (
        "De in- en doorstroom ontwikkelt zich volgens plan; de open dagen en de techniekcoach in de {sector} dragen daar zichtbaar aan bij.",
        "De commissie ziet dat de werving voor de {sector} nog te veel op losse activiteiten leunt; een gezamenlijke wervingsaanpak van vmbo en ROC ontbreekt.",
    ),
    2: (
        "Het opleidingsaanbod is samen met {branche} tegen het licht gehouden; de opleidingen sluiten aan op de vraag van de {sector2}.",
        "Het gesprek over het opleidingsaanbod wordt vooral binnen het ROC gevoerd; {branche} en de bedrijven in de {sector2} zitten daar nog niet aan tafel.",
    ),
    3: (
        "De leerlijnen vmbo–mbo in de {sector} zijn in gebruik en worden door docenten van beide kanten gedragen.",
        "De leerlijnen bestaan op papier, maar in de lessen merken leerlingen nog weinig van de aansluiting tussen vmbo en mbo in de {sector}.",
    ),
    4: (
        "{employer} en {employer2} trekken het bedrijvennetwerk; nieuwe bedrijven sluiten aan via {branche}.",
        "De betrokkenheid van het bedrijfsleven hangt aan {employer} en een handvol andere bedrijven; het mkb in de {sector2} doet nog nauwelijks mee.",
    ),
}
VISIT_FIGURE_ON = "{name}: {value} {unit} in {year}, tegen een streefwaarde van {target}{percent}."
VISIT_FIGURE_BEHIND = (
    "Nog niet op koers in {year}: {name_lower} ({value} {unit} tegen een streefwaarde van {target}{percent})."
)
VISIT_FIGURE_NONE = "Over {name_lower} is over {year} geen cijfer gerapporteerd; de commissie vraagt het in de volgende monitor alsnog te leveren."

# Per process theme and judgement: two variants (by year), so a region reads a new text every year.
VISIT_PROCESS = {
    1: {
        "on_track": (
            "De stuurgroep van {region} komt op vaste momenten bijeen en stuurt op de prestatieafspraken; het ROC als penvoerder en {employer} zitten samen aan het hoofd van de tafel.",
            "Ook in {year} is de regie in {region} helder belegd: de stuurgroep besluit, de projectleider voert uit en de deelprojecten rapporteren op tijd.",
        ),
        "attention": (
            "De stuurgroep in {region} bespreekt vooral de activiteiten en minder de afspraken; besluiten over de {sector} worden doorgeschoven.",
            "De regie in {region} hangt in {year} nog sterk aan de projectleider; de bestuurders van het ROC en {employer} laten zich weinig zien.",
        ),
        "worrying": (
            "In {region} is onduidelijk wie besluit: de stuurgroep kwam in {year} twee keer bijeen en de deelprojecten werken langs elkaar heen.",
            "De wisselingen in de projectleiding hebben {region} in {year} stil gezet; de stuurgroep heeft de afspraken met {branche} niet opgevolgd.",
        ),
    },
    2: {
        "on_track": (
            "{region} vertelt een herkenbaar verhaal over de banen in de {sector}; ouders en leerlingen worden via de scholen en {employer} bereikt.",
            "De communicatie van {region} is in {year} volwassen geworden: een gezamenlijke huisstijl, portretten van jonge technici bij {employer2} en een nieuwsbrief voor de partners.",
        ),
        "attention": (
            "Buiten de kern van het netwerk is de aanpak van {region} weinig bekend; docenten in het vmbo-tl kennen de technologieroute in de {sector} nauwelijks.",
            "De partners in {region} communiceren elk voor zich; een gezamenlijk verhaal over de {sectors} ontbreekt nog in {year}.",
        ),
        "worrying": (
            "Ouders en leerlingen in {region} horen weinig van de kansen in de {sector}; de geplande voorlichting is in {year} niet van de grond gekomen.",
            "De interne communicatie in {region} schiet tekort: de partners wisten in {year} niet van elkaars activiteiten in de {sector2}.",
        ),
    },
    3: {
        "on_track": (
            "{branche}, de gemeenten en de scholen zijn in {region} actief betrokken; {employer2} heeft een tweede leerwerkplaats ingericht.",
            "In {year} sloten in {region} nieuwe bedrijven uit de {sector2} aan; de provincie draagt bij aan de praktijklokalen.",
        ),
        "attention": (
            "In {region} zijn de grote bedrijven zoals {employer} goed aangehaakt, het mkb in de {sector2} nog niet.",
            "De gemeenten in {region} zijn in {year} op afstand gebleven; de agenda wordt gedragen door het ROC en {branche}.",
        ),
        "worrying": (
            "In {region} haakten in {year} bedrijven af; de afspraken met {branche} over leerplekken in de {sector} zijn niet nagekomen.",
            "Buiten het ROC en {employer} voelt in {region} niemand zich eigenaar; de gemeenten en het vmbo zijn in {year} niet meer aangeschoven.",
        ),
    },
    4: {
        "on_track": (
            "{region} verzamelt de cijfers systematisch en bespreekt ze in de stuurgroep; de monitor geeft een betrouwbaar beeld van de {sector}.",
            "De monitor van {region} over {year} is op tijd en volledig; de regio deelt haar aanpak in de {sector} actief met andere regio's.",
        ),
        "attention": (
            "De cijfers van {region} zijn compleet, maar de reflectie erop is mager: wat werkt in de {sector} en waarom blijft impliciet.",
            "In {year} ontbraken in de monitor van {region} de cijfers van een deel van de bedrijven in de {sector2}; de regio werkt aan een betere registratie.",
        ),
        "worrying": (
            "{region} heeft weinig zicht op de eigen cijfers: de monitor over {year} kwam laat en een deel van de realisaties ontbreekt.",
            "De monitor van {region} over {year} beschrijft activiteiten, geen resultaten; de stuurgroep kan zo niet bijsturen.",
        ),
    },
}
VISIT_ADVICE = {
    "on_track": "{region} ligt in {year} op koers in de {sectors}. Borg de aanpak in de reguliere bedrijfsvoering van het ROC en de bedrijven, en deel de ervaring met {best_lower} met andere regio's.",
    "attention": "Richt de stuurgroep van {region} in {next_year} op wat achterblijft: {behind_lower}. Maak per deelproject een eigenaar verantwoordelijk en leg de afspraken met {employer} en {branche} vast.",
    "worrying": "De commissie maakt zich zorgen over de voortgang in {region}, vooral bij {behind_lower}. Herijk met de penvoerder de sturing en stel binnen drie maanden een verbeterplan op voor de {sector}.",
}
VISIT_SUCCESS_FACTORS = {  # succesfactoren the committee names in its report
    "on_track": "Een stuurgroep waarin {employer}, {branche} en het ROC samen besluiten; vaste duo's van docenten en praktijkopleiders in de {sector}; de cijfers van de monitor worden elk kwartaal besproken.",
    "attention": "De betrokkenheid van {employer} bij de {sector} is groot en de scholen kennen elkaar; de samenwerking rust wel nog op enkele trekkers.",
    "worrying": "De bereidheid van {branche} om mee te doen is er; dat is het vertrekpunt voor een herstart in de {sector}.",
}
VISIT_PRACTICES = {  # good practices to share nationally (none where the committee is worried)
    "on_track": "De aanpak van {region} bij {best_lower}: bedrijven uit de {sector} nemen zelf de gastlessen en stages voor hun rekening. Geschikt om landelijk te delen via de kennisbank.",
    "attention": "De gezamenlijke open dag van {employer} en de scholen in de {sector2} trekt veel ouders; een voorbeeld voor regio's met een kleine instroom.",
    "worrying": "",
}
VISIT_ACTIONS = (
    "Plan van aanpak voor {behind_lower} opstellen met {employer} en {branche}.",
    "De afspraken uit het auditgesprek over de {sector2} bespreken in de stuurgroep en vastleggen in het jaarplan {next_year}.",
)

# Peer reviews: why two regions chose each other, what they took home, what the critical friend wrote.
REVIEW_MOTIVATION = {
    "landsdeel": "{host} en {peer} liggen in hetzelfde landsdeel van het Techniekpact en werken aan vergelijkbare vragen; {peer} is verder met {peer_what_lower}",
    "complementary": "{host} ({host_sectors}) en {peer} ({peer_sectors}) vullen elkaar aan; {host} wil leren van {peer_what_lower}",
    "follow_up": "Vervolg op de peer review van {previous_date}: na het nagesprek met de critical friends willen {host} en {peer} samen nagaan wat de afgesproken acties hebben opgeleverd.",
    "internal": "Door de spreiding van de projecten over {region} en wisselingen in penvoerderschap en projectleiding kiest {region} voor een interne peer review tussen de deelprojecten {sector} en {sector2}.",
}
REVIEW_INSIGHT = "{peer} liet zien hoe het daar werkt: {peer_what_lower} Voor {region} betekent dat: {lesson}"
REVIEW_LESSON = {  # per theme, numbered like REVIEW_ACTION
    1: "de werving voor de {sector} niet per school maar gezamenlijk organiseren, met de bedrijven erbij.",
    2: "het opleidingsaanbod voor de {sector2} samen met {branche} jaarlijks tegen het licht houden.",
    3: "de leerlijn in de {sector} minder van losse docenten laten afhangen en aan vaste duo's van vmbo en mbo verbinden.",
    4: "de stageafspraken met bedrijven in de {sector} niet per school maar regionaal vastleggen.",
    5: "de regie bij de stuurgroep van {region} leggen en de deelprojecten vaker zelf laten rapporteren.",
    6: "één verhaal over de banen in de {sector} vertellen, met de gezichten van {employer2}.",
    7: "het mkb in de {sector2} persoonlijk benaderen in plaats van via nieuwsbrieven.",
    8: "de cijfers bij de bron afspreken met {branche}: wie levert wat, wanneer, voor de monitor.",
}
REVIEW_INSIGHT_FOLLOW_UP = (
    "Terugblik met {peer} op de actie van {previous_date}: {progress} Volgende stap voor {region}: {lesson}"
)
REVIEW_PROGRESS = {
    True: "die is uitgevoerd en heeft in de {sector} resultaat opgeleverd; de vraag is nu hoe het blijvend wordt.",
    False: "die is blijven liggen omdat een trekker ontbrak; de stuurgroep heeft er nu een eigenaar voor aangewezen.",
}
REVIEW_ACTION_FOLLOW_UP = (
    "{action} Nu als vast onderdeel van het jaarplan 2015, met een tussenstand in de stuurgroep van juni."
)
REVIEW_FEEDBACK_FOLLOW_UP = "Het vervolg op de peer review van {previous_date} laat zien dat {region} en {peer} van elkaar zijn blijven leren. {region} heeft {done} van de {count} acties uit oktober uitgevoerd; de overige staan nu in het jaarplan 2015. Advies: maak de peer review met {peer} een vast onderdeel van het jaar, ook na het programma."
REVIEW_ACTION = {
    1: "Met de vmbo-scholen en {employer} een gezamenlijke wervingsdag voor de {sector} organiseren.",
    2: "Met {branche} het opleidingsaanbod voor de {sector2} doorlichten en een voorstel aan de stuurgroep doen.",
    3: "Per leerlijn in de {sector} een vast duo van een vmbo- en een mbo-docent aanwijzen.",
    4: "Een regionale bijeenkomst met {branche} organiseren om de stageafspraken in de {sector} in een convenant vast te leggen.",
    5: "De stuurgroep van {region} maandelijks laten sturen op de prestatieafspraken, met een vaste rapportage van de deelprojecten.",
    6: "Een gezamenlijk verhaal over de banen in de {sector} maken, met portretten van jonge technici bij {employer2}.",
    7: "Vijf mkb-bedrijven uit de {sector2} persoonlijk benaderen voor een vaste plek in het netwerk.",
    8: "Met de bedrijven in de {sector2} afspreken hoe de stage- en leerbaancijfers voor de monitor worden aangeleverd.",
}
REVIEW_FEEDBACK_NEWCOMER = "{region} doet sinds {join_year} mee en had nog geen eigen monitorrapportage; de regio bracht haar regiovisie voor de {sectors} in en dacht mee over de leervragen van {peer}. Neem wat {peer} liet zien over {topic} mee in de eerste monitor, met een leervraag die daaruit voortvloeit."
REVIEW_OWN_REPORT_INTERNAL = "Interne peer review in {host} op {date} in {place}, tussen de deelprojecten {sector} en {sector2}. De projectleider opende met de voortgang van beide deelprojecten; daarna kwamen de leervragen aan bod, ingeleid door hun eigenaar: {topics}. Per sessie zijn de opbrengsten benoemd en vastgelegd als acties met een eigenaar."
REVIEW_OWN_REPORT = "Peer review {host} – {peer} op {date} in {place}. De projectleider van {host} opende met de voortgang op {host_sectors}; daarna kwamen in parallelle sessies de leervragen van beide regio's aan bod, ingeleid door hun eigenaar: {topics}. Per sessie zijn de opbrengsten benoemd en vastgelegd als acties met een eigenaar."
REVIEW_FEEDBACK = "{region} kwam met leervragen die logisch voortvloeien uit de monitor over {report_year} ({topic}). Het gesprek met {peer} leverde concrete acties op, zoals: {action} Let erop dat {owner} de acties ook in de stuurgroep agendeert; evalueer over een half jaar samen met {peer} wat ze hebben opgeleverd."

# Governance meetings: what the programme office and the region's board discussed and decided.
GOVERNANCE_NOTES = {
    "visit": "Besproken met {penvoerder}, {employer} en {branche}: de monitorrapportage over {year} en het auditgesprek van {event_date} (oordeel: {judgement}). {figure} De critical friend onderstreept dat de {sector} en de {sector2} meer in samenhang moeten worden aangepakt.",
    "review": "Besproken met {penvoerder}, {employer} en {branche}: de monitorrapportage en de peer review met {peer} van {event_date}, met het terugkoppelverslag van de critical friend. {figure} De regio neemt de acties uit de peer review op in het jaarplan voor de {sector}.",
    "final": "Slotgesprek over het programma met {penvoerder}, {employer} en {branche}: de resultaten in de {sectors} sinds {join_year}. {figure} De partners leggen de samenwerking vast in een nieuwe regioagenda na 2015.",
}
GOVERNANCE_DECISION = "{grant} {region} rapporteert in de volgende monitor over {behind_lower}; {employer} en het ROC zijn daarvoor samen eigenaar."
