"""Permissions of the programme analysis.

Objects: a ProgrammeAnalysis (or None for the lists).

- The office writes the analysis of any programme year and publishes it; also in a closed programme: the
  analysis looks back on a year and is written after it, often after the programme ended (the source's yearly
  analysis of 2015 came when the programme was over). A published analysis is final.
- Everyone signed in reads a published analysis (office, ministry, critical friends, the regions' people);
  a draft only the office.
"""

import rules

from toptechniek.accounts.rules import is_programme_office


@rules.predicate
def analysis_is_published(user, analysis) -> bool:
    return analysis is not None and analysis.status == "published"


@rules.predicate
def analysis_is_draft(user, analysis) -> bool:
    return analysis is None or analysis.status == "draft"  # None: not written yet


rules.add_perm("analysis.list_analyses", rules.is_authenticated)  # the list shows what each may read
rules.add_perm("analysis.write_analyses", is_programme_office)  # the office's link per programme year
rules.add_perm("analysis.view_analysis", is_programme_office | (rules.is_authenticated & analysis_is_published))
rules.add_perm("analysis.change_analysis", is_programme_office & analysis_is_draft)
