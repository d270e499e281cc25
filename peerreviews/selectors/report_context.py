"""Last year's peer-review outcomes and actions, and the nagesprek held on those reviews, shown as context on
the region's next monitor report.

Registered in `monitoring.selectors.REPORT_CONTEXT_PROVIDERS` by this app's `ready()`; two queries.
"""


def peer_review_outcomes_panel(*, report) -> dict | None:
    from .content import after_talks_for_report_context, outcomes_for_report_context

    year = report.programme_year.year
    outcomes = outcomes_for_report_context(region=report.region, year=year)
    after_talks = after_talks_for_report_context(region=report.region, year=year)
    if not outcomes and not after_talks:
        return None
    return {
        "template": "peerreviews/_report_outcomes.html",
        "outcomes": outcomes,
        "after_talks": after_talks,
        "review_year": year - 1,
    }
