"""Suggested peer regions for a region's peer review, ranked, each with the reasons shown to the reader.

Ranking: same landsdeel first; then complementarity (the other region is strong on the placemat themes where
this region is weak, on each region's latest published placemat up to the year); then the overlap of learning
themes (each region's latest monitor report up to the year); ties by region name. Never last year's pair, never
a region it already has a review with this year, never itself, a stopped region or one of another programme.
The reasons also say who should host, so hosting stays balanced over the years.

A fixed number of queries whatever the number of regions: everything is loaded in bulk for the programme.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, OuterRef, Q, Subquery
from django.utils.translation import gettext as _

from audits.models import ConsolidatedScore, Placemat
from monitoring.models import LearningTheme, MonitorReport
from regions.models import PlacematTheme, ProgrammeYear, Region

from ..models import PeerReview

WEAK = 2  # a consolidated score of 1 or 2 is weak
STRONG = 3  # 3 or 4 is strong


@dataclass
class Suggestion:
    region: Region
    same_landsdeel: bool
    complementarity: int  # sum over this region's weak themes of how much stronger the other region is there
    strong_themes: list[PlacematTheme] = field(default_factory=list)
    shared_learning_themes: list[PlacematTheme] = field(default_factory=list)
    has_placemat: bool = True  # the other region has a published placemat
    we_host: bool = True  # who should host, for hosting balance: this region (True) or the other
    hosted_here: int = 0
    hosted_there: int = 0
    reasons: list[str] = field(default_factory=list)


class SuggestionList(list):
    """The ranked suggestions, and whether the region itself has a published placemat to compare with."""

    def __init__(self, items=(), *, has_placemat: bool = True):
        super().__init__(items)
        self.has_placemat = has_placemat


def _latest_scores(*, programme_id: int, year: int) -> dict[int, dict[int, int]]:
    """region id → {theme id: score} from each region's latest published placemat up to `year` (one query)."""
    rows = (
        ConsolidatedScore.objects.filter(
            placemat__region__programme_id=programme_id,
            placemat__status=Placemat.Status.PUBLISHED,
            placemat__programme_year__year__lte=year,
        )
        .order_by("placemat__region_id", "-placemat__programme_year__year")
        .values_list("placemat__region_id", "placemat__programme_year__year", "theme_id", "score")
    )
    latest_year: dict[int, int] = {}
    scores: dict[int, dict[int, int]] = {}
    for region_id, placemat_year, theme_id, score in rows:
        latest_year.setdefault(region_id, placemat_year)
        if placemat_year != latest_year[region_id]:
            continue
        scores.setdefault(region_id, {})
        if score is not None:
            scores[region_id][theme_id] = score
    return scores


def _published_placemat_regions(*, programme_id: int, year: int) -> set[int]:
    return set(
        Placemat.objects.filter(
            region__programme_id=programme_id, status=Placemat.Status.PUBLISHED, programme_year__year__lte=year
        ).values_list("region_id", flat=True)
    )


def _latest_learning_themes(*, programme_id: int, year: int) -> dict[int, set[int]]:
    """region id → theme ids of the learning themes in its latest monitor report up to `year` (one query)."""
    # Portable (no DISTINCT ON, so `make run` on SQLite works too): a report is its region's latest when
    # its year is the highest of that region's years up to `year`.
    latest_year = (
        MonitorReport.objects.filter(region_id=OuterRef("region_id"), programme_year__year__lte=year)
        .order_by("-programme_year__year")
        .values("programme_year__year")[:1]
    )
    latest_reports = MonitorReport.objects.filter(
        region__programme_id=programme_id, programme_year__year=Subquery(latest_year)
    ).values("pk")
    themes: dict[int, set[int]] = {}
    for region_id, theme_id in LearningTheme.objects.filter(report_id__in=latest_reports).values_list(
        "report__region_id", "theme_id"
    ):
        themes.setdefault(region_id, set()).add(theme_id)
    return themes


def _theme_list(themes: list[PlacematTheme]) -> str:
    return ", ".join(str(t) for t in themes)


def peer_suggestions(*, region: Region, programme_year: ProgrammeYear) -> SuggestionList:
    """Candidate peer regions for `region` in `programme_year`, best first, each with its reasons."""
    year = programme_year.year
    programme_id = region.programme_id
    if programme_year.programme_id != programme_id:
        return SuggestionList(has_placemat=False)

    # Regions it already reviews with this year, or did last year: never suggested.
    taken: set[int] = set()
    for host_id, peer_id in (
        PeerReview.objects.filter(kind=PeerReview.Kind.EXTERNAL, programme_year__year__in=(year, year - 1))
        .exclude(status=PeerReview.Status.CANCELLED)
        .filter(Q(host_region=region) | Q(peer_region=region))
        .values_list("host_region_id", "peer_region_id")
    ):
        taken.update({host_id, peer_id})
    candidates = list(
        Region.objects.filter(programme_id=programme_id)
        .exclude(pk=region.pk)
        .exclude(pk__in=taken)
        .exclude(status=Region.Status.STOPPED)
        .select_related("landsdeel")
        .order_by("name")
    )
    themes = {t.pk: t for t in PlacematTheme.objects.filter(programme_id=programme_id)}
    scores = _latest_scores(programme_id=programme_id, year=year)
    with_placemat = _published_placemat_regions(programme_id=programme_id, year=year)
    learning = _latest_learning_themes(programme_id=programme_id, year=year)
    hosted = Counter(
        dict(
            PeerReview.objects.filter(host_region__programme_id=programme_id, kind=PeerReview.Kind.EXTERNAL)
            .exclude(status=PeerReview.Status.CANCELLED)
            .values_list("host_region_id")
            .annotate(n=Count("pk"))
            .order_by()
        )
    )

    def theme_key(theme_id: int):
        theme = themes[theme_id]
        return (theme.kind, theme.number)

    own_scores = scores.get(region.pk, {})
    has_placemat = region.pk in with_placemat
    weak = {theme_id: score for theme_id, score in own_scores.items() if score <= WEAK}
    own_learning = learning.get(region.pk, set())

    suggestions = []
    for other in candidates:
        other_scores = scores.get(other.pk, {})
        strong = sorted(
            (t for t, own in weak.items() if other_scores.get(t, 0) >= STRONG and other_scores[t] > own), key=theme_key
        )
        complementarity = sum(other_scores[t] - weak[t] for t in strong)
        shared = sorted(own_learning & learning.get(other.pk, set()), key=theme_key)
        same = other.landsdeel_id == region.landsdeel_id
        suggestion = Suggestion(
            region=other,
            same_landsdeel=same,
            complementarity=complementarity,
            strong_themes=[themes[t] for t in strong],
            shared_learning_themes=[themes[t] for t in shared],
            has_placemat=other.pk in with_placemat,
            hosted_here=hosted[region.pk],
            hosted_there=hosted[other.pk],
            we_host=hosted[region.pk] <= hosted[other.pk],
        )
        suggestion.reasons = _reasons(region=region, suggestion=suggestion, own_has_placemat=has_placemat)
        suggestions.append(suggestion)
    suggestions.sort(
        key=lambda s: (not s.same_landsdeel, -s.complementarity, -len(s.shared_learning_themes), s.region.name)
    )
    return SuggestionList(suggestions, has_placemat=has_placemat)


def _reasons(*, region: Region, suggestion: Suggestion, own_has_placemat: bool) -> list[str]:
    other = suggestion.region
    reasons = []
    if suggestion.same_landsdeel:
        reasons.append(_("Same landsdeel (%(landsdeel)s).") % {"landsdeel": other.landsdeel.name})
    else:
        reasons.append(_("Another landsdeel (%(landsdeel)s).") % {"landsdeel": other.landsdeel.name})
    if suggestion.strong_themes:
        reasons.append(
            _("%(other)s is strong where %(region)s is weak on the latest placemats: %(themes)s.")
            % {"other": other.name, "region": region.name, "themes": _theme_list(suggestion.strong_themes)}
        )
    elif own_has_placemat and not suggestion.has_placemat:
        reasons.append(_("%(other)s has no published placemat to compare with yet.") % {"other": other.name})
    if suggestion.shared_learning_themes:
        reasons.append(
            _("Shared learning themes: %(themes)s.") % {"themes": _theme_list(suggestion.shared_learning_themes)}
        )
    host, guest = (region, other) if suggestion.we_host else (other, region)
    host_count, guest_count = (
        (suggestion.hosted_here, suggestion.hosted_there)
        if suggestion.we_host
        else (suggestion.hosted_there, suggestion.hosted_here)
    )
    if host_count == guest_count:
        reasons.append(
            _("Both regions have hosted the same number of peer reviews so far (%(n)s); %(host)s can host.")
            % {"n": host_count, "host": host.name}
        )
    else:
        reasons.append(
            _("%(host)s should host. Peer reviews hosted so far: %(host)s %(host_n)s, %(guest)s %(guest_n)s.")
            % {"host": host.name, "host_n": host_count, "guest": guest.name, "guest_n": guest_count}
        )
    return reasons
