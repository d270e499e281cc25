"""Services announce that the inputs of a region's facts changed; the facts are recomputed at once.

The national picture reads prepared facts per region and programme year (`dashboard.models`), never the raw
tables. Every service that writes something those facts read (a report's status or figures, an indicator
or target, a published placemat, an audit visit or follow-up action, a grant, a peer review, a region or a
programme year) calls `facts_refresh` at the end of its write, inside its transaction: the facts commit
with the change or not at all, so no reader ever sees a figure older than the last commit.

The dashboard app, which owns the facts, registers the refresher in its `ready()` (lower apps never import
it). Without a registered refresher (an app set without the dashboard) the call does nothing.
"""

from collections.abc import Callable, Iterable

FACT_REFRESHERS: list[Callable[..., None]] = []


def facts_refresh(*, region_ids: Iterable[int | None] = (), programme_id: int | None = None) -> None:
    """Recompute the facts of these regions (every programme year), or of every region of a programme."""
    ids = sorted({pk for pk in region_ids if pk is not None})
    if not ids and programme_id is None:
        return
    for refresher in FACT_REFRESHERS:
        refresher(region_ids=ids, programme_id=programme_id)
