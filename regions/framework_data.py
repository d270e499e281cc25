# ruff: noqa: E501 - verbatim source text reads better unwrapped
"""The default placemat framework and success conditions, installed for every new programme.

The process themes ('het hoe') and their guiding questions are taken verbatim from Bijlage 2
("Placemat") of *Help, de regio aan zet!* (shared/domain/help-de-regio-aan-zet.txt); the only
change is "30's" -> "3O's", an OCR slip in the source for "de drie O's". The performance areas
('het wat') are named in the source but their questions are not printed there; those questions
are written in the same spirit. The nine success conditions (randvoorwaarden) and their three
groups come from chapter 2 of the source. The office can edit all of it per programme.
"""

PERFORMANCE_AREAS = [
    (
        1,
        "In-, door- en uitstroom",
        "Meer jongeren kiezen voor techniek, stromen door naar een technische vervolgopleiding en vinden werk in de regio.",
        [
            "Hoe ontwikkelen de instroom in technische opleidingen, de doorstroom vmbo–mbo–hbo en de uitstroom naar de regionale arbeidsmarkt zich ten opzichte van de 0-meting?",
            "Welke verklaring heeft de regio voor de verschillen tussen de realisatie en de prestatieafspraken?",
            "Hoe wordt loopbaanoriëntatie en -begeleiding (LOB) ingezet om meer jongeren voor techniek te laten kiezen?",
            "Wat doet de regio om uitval tijdens de overstap van vmbo naar mbo te voorkomen?",
        ],
    ),
    (
        2,
        "Doelmatigheid opleidingsaanbod",
        "Het technische opleidingsaanbod sluit aan op de (toekomstige) vraag van de regionale arbeidsmarkt.",
        [
            "Hoe is het technische opleidingsaanbod in de regio afgestemd op de vraag van de regionale arbeidsmarkt?",
            "Welke afspraken hebben de onderwijsinstellingen gemaakt over spreiding en concentratie van opleidingen?",
            "Hoe worden bedrijven en overheden betrokken bij keuzes over het opleidingsaanbod?",
            "Op welke manier wordt het aanbod bijgesteld wanneer de vraag naar techneuten verandert?",
        ],
    ),
    (
        3,
        "Doorlopende leerlijnen",
        "Aantrekkelijke doorlopende routes: de vakmanschapsroute (vmbo–mbo 2/3) en de technologieroute (mavo/vmbo-tl–mbo 4–hbo).",
        [
            "Welke doorlopende leerlijnen vmbo–mbo(–hbo) zijn ontwikkeld en hoeveel leerlingen volgen ze?",
            "Hoe zijn docenten van vmbo en mbo mede-eigenaar van de leerlijnen en is daarvoor structureel tijd ingeroosterd?",
            "Hoe krijgen de vakmanschapsroute en de technologieroute vorm in de regio?",
            "Hoe wordt de kwaliteit van de leerlijnen gevolgd en verbeterd?",
        ],
    ),
    (
        4,
        "Betrokkenheid bedrijfsleven",
        "Bedrijven zijn betrokken bij de inrichting en uitvoering van het technisch onderwijs.",
        [
            "Op welke manier zijn bedrijven betrokken bij het ontwerp en de uitvoering van het onderwijs (stages, gastlessen, opdrachten)?",
            "Zijn er voldoende en goede stage- en leerwerkplaatsen voor leerlingen en studenten?",
            "Hoe dragen bedrijven bij aan de financiering en continuïteit van de aanpak?",
            "Hoe worden individuele bedrijven, naast de brancheorganisaties, bereikt en betrokken?",
        ],
    ),
]

PROCESS_THEMES = [
    (
        1,
        "Bestuur en organisatie",
        "",
        [
            "Hoe is het plan vertaald naar een duidelijke projectaanpak en concrete acties en verantwoordelijkheden van alle partners?",
            "Hoe zijn de economische (regionale) ambities vertaald in de regionale plannen en bestuurlijke afspraken?",
            "Hoe zijn afspraken over doelmatig aanbod geborgd?",
            "Is het bestuurlijk, tactisch en operationeel niveau voldoende vertegenwoordigd en is er commitment om besluiten te nemen én ze uit te voeren?",
            "Wat is de rol van de projectleider en heeft hij/zij voldoende mandaat?",
            "Welke koppeling is er met CIV's en Topsectoren?",
        ],
    ),
    (
        2,
        "Communicatie",
        "",
        [
            "Waaruit blijkt dat er sprake is van een gedeeld beeld van inzet en resultaten?",
            "Hoe worden voortgang en resultaten naar stakeholders gecommuniceerd?",
            "Hoe wordt er invulling gegeven aan gezamenlijke communicatie?",
            "Op welke manier wordt dit versterkt door slim gebruik te maken van communicatiekanalen van partners?",
            "Is er een communicatieplan aanwezig (doelgroepen, kanalen, e.d.)?",
        ],
    ),
    (
        3,
        "Mobiliseren van stakeholders",
        "",
        [
            "Hoe zijn alle relevante stakeholders (3O's) betrokken?",
            "Is er sprake van een gedeeld urgentiebesef bij de 3O's?",
            "Zijn de ambitie en belangen van deze stakeholders bekend en gedeeld?",
            "Op welke manier zijn de individuele ondernemers/bedrijven (naast het georganiseerde) betrokken? Voelen zij zich mede eigenaar?",
            "Hoe worden de regionale ambities doorvertaald naar eigen beleid van de stakeholders?",
            "Wordt actief gewerkt aan mobilisatie van partners en hun belangen?",
        ],
    ),
    (
        4,
        "Monitoring en kennisdeling",
        "",
        [
            "Zijn de prestatieafspraken helder en leven ze bij iedereen?",
            "Hoe is geïnventariseerd welke lopende projecten er in de regio zijn waarop wordt aangesloten?",
            "Zijn de regionale (arbeidsmarkt) cijfers bekend op basis waarvan men kan monitoren (O-meting)?",
            "Op welke manier is het ophalen en rapporteren van managementinformatie ingericht?",
            "Hoe deel je kennis en lessons learned? Op welke wijze wordt kennis van anderen benut?",
        ],
    ),
]

SUCCESS_CONDITIONS = [
    (
        1,
        "strategisch",
        "Betrokkenheid van relevante partijen",
        "Alle partijen die relevant zijn voor het doel van de samenwerking zijn betrokken.",
    ),
    (
        2,
        "strategisch",
        "Eigenaarschap",
        "De partijen in het netwerk delen een visie op het probleem en de aanpak. Organisaties zijn betrokken en nemen verantwoordelijkheid.",
    ),
    (
        3,
        "strategisch",
        "Gecommitteerd leiderschap",
        "Leiders in de regio verbinden zich aan de te bereiken doelen en dragen die uit.",
    ),
    (
        4,
        "agendazettend",
        "Gedeelde urgentie en recht doen aan ieders belang",
        "Samenwerking creëert meerwaarde voor de betrokken organisaties.",
    ),
    (
        5,
        "agendazettend",
        "Goed zicht op de situatie en onderliggende cijfers",
        "Succesvolle netwerken hebben een helder beeld van de bestaande en verwachte situatie en de behoefte aan technisch opgeleiden.",
    ),
    (
        6,
        "agendazettend",
        "Visie die richting geeft en ambities en belangen verbindt",
        "Goed werkende netwerken hebben een gedeelde visie op het probleem en de aanpak.",
    ),
    (
        7,
        "uitvoering",
        "Professionele projectleiding verbonden met bestuurlijk verantwoordelijken",
        "Er is een professionele projectleider met een sterk mandaat en een korte lijn met de verantwoordelijke bestuurders.",
    ),
    (
        8,
        "uitvoering",
        "Oog voor (financiële) continuïteit",
        "De partijen zoeken met het oog op continuïteit gezamenlijk nieuwe mogelijkheden voor financiering.",
    ),
    (
        9,
        "uitvoering",
        "Lerend vermogen",
        "Leidt de samenwerking tot de gewenste resultaten, wat werkt, wat (nog) niet en hoe gaan we dit beter doen?",
    ),
]

# The parts of the country and the routes a new programme starts with (code, name), in order; the office
# can rename, add and remove them per programme. The codes are the dashboard's filter values.
LANDSDELEN = [
    ("noord", "Noord"),
    ("oost", "Oost"),
    ("zuid", "Zuid"),
    ("west", "West"),
]

ROUTES = [
    ("vakmanschap", "Vakmanschapsroute"),
    ("technologie", "Technologieroute"),
    ("beide", "Beide routes"),
]
