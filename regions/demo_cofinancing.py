"""The demo's co-financing (cofinanciering): every region's partners commit and realise contributions per
programme year, as the source describes them: schools mostly in kind (teachers' hours, workshops), companies
money and in kind (internships, machines), government money.

Past years are realised close to what was committed, with a few shortfalls and a few partners that gave
more; the year in progress is partly realised; later years hold commitments only. Amounts are derived from
the names (a checksum), so every load gives the same figures. Loaded by `seed_demo` for both programmes with
one bulk insert per programme (the demo builds its facts once at the end); a programme that already has
co-financing is left as it is, so a second run adds nothing.
"""

import zlib
from decimal import Decimal

from .models import Cofinancing, Programme, ProgrammeYear, RegionPartner

# (committed money, committed in kind) per year, in euros, by organisation subtype: the base before variation.
BASE = {
    "mbo": (5000, 40000),
    "vmbo": (0, 12000),
    "hbo": (10000, 25000),
    "wo": (10000, 20000),
    "branche": (15000, 10000),
    "bedrijf": (20000, 15000),
    "gemeente": (40000, 0),
    "provincie": (75000, 0),
    "rijk": (50000, 0),
    "kennisinstelling": (0, 10000),
    "overig": (5000, 5000),
}


def _spread(key: str, low: int, high: int) -> int:
    """A number in [low, high] fixed by `key`."""
    return low + zlib.crc32(key.encode()) % (high - low + 1)


def _round(amount: float) -> Decimal:
    return Decimal(int(round(amount / 500.0)) * 500)


def _realised_share(key: str, *, year: int, current: int, progress: float) -> float:
    """The share of the commitment realised: past years about all of it (one partner-year in nine falls short,
    one in twelve gives more), the year in progress `progress` of it, later years nothing yet."""
    if year > current:
        return 0.0
    if year == current:
        return progress * _spread(key + ":now", 80, 110) / 100
    roll = _spread(key + ":past", 0, 107)
    if roll < 12:
        return _spread(key + ":short", 45, 80) / 100  # a shortfall: a company in trouble, a cut budget
    if roll < 21:
        return _spread(key + ":more", 105, 125) / 100
    return _spread(key + ":usual", 93, 100) / 100


def seed_cofinancing(*, programme: Programme, current: int, progress: float = 1.0) -> int:
    """Co-financing for every region of the programme, every year from its join year up to the programme's
    end: realised up to `current` (the year in progress, realised for `progress`). Returns the rows added
    (none when the programme has co-financing already)."""
    if Cofinancing.objects.filter(region__programme=programme).exists():
        return 0
    years = {py.year: py for py in ProgrammeYear.objects.filter(programme=programme)}
    rows = []
    partners = RegionPartner.objects.filter(region__programme=programme).select_related("region", "organisation")
    for partner in partners.order_by("region__name", "organisation__name"):
        region, organisation = partner.region, partner.organisation
        money, in_kind = BASE.get(organisation.subtype, (0, 0))
        for year, programme_year in sorted(years.items()):
            if year < region.join_year or year < (partner.since_year or 0):
                continue
            key = f"{programme.slug}:{region.slug}:{organisation.name}:{year}"
            scale = _spread(key, 70, 130) / 100
            committed_money, committed_in_kind = _round(money * scale), _round(in_kind * scale)
            if not (committed_money or committed_in_kind):
                continue
            share = _realised_share(key, year=year, current=current, progress=progress)
            note = ""
            if year < current and share < 0.85:
                note = "Minder gerealiseerd dan toegezegd: bijdrage deels naar volgend jaar."
            rows.append(
                Cofinancing(
                    region=region,
                    partner=partner,
                    programme_year=programme_year,
                    committed_money=committed_money,
                    committed_in_kind=committed_in_kind,
                    realised_money=_round(float(committed_money) * share),
                    realised_in_kind=_round(float(committed_in_kind) * share),
                    note=note,
                )
            )
    Cofinancing.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
