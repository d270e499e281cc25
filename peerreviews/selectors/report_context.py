"""Last year's peer-review outcomes and actions, shown as context on the region's next monitor report.

Registered in `monitoring.selectors.REPORT_CONTEXT_PROVIDERS` by this app's `ready()`; one query.
"""


def peer_review_outcomes_panel(*, report) -> dict | None:
    from .content import outcomes_for_report_context

    year = report.programme_year.year
    outcomes = outcomes_for_report_context(region=report.region, year=year)
    if not outcomes:
        return None
    return {"template": "peerreviews/_report_outcomes.html", "outcomes": outcomes, "review_year": year - 1}
