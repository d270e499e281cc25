"""Permissions of the governance app.

Objects: a ProgrammeYear (the office's list per year) or a GovernanceMeeting.

- The office plans meetings, writes notes, marks them held and decides the grant from the meeting.
- The viewer reads the list of a year, and a meeting once it is held.
- The region's project leaders and penvoerders (the people at the table) read their meeting once it is
  held; partners and critical friends do not (the notes are the programme's and the region board's).
"""

import rules

from regions.rules import PENVOERDER, PROJECT_LEADER, programme_is_open
from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer


@rules.predicate
def meeting_is_held(user, meeting) -> bool:
    return meeting is not None and getattr(meeting, "status", None) == "held"


@rules.predicate
def is_meeting_region_lead(user, meeting) -> bool:
    return meeting is not None and has_region_role(user, meeting.region_id, PROJECT_LEADER, PENVOERDER)


rules.add_perm("governance.manage_meetings", programme_is_open & is_programme_office)
rules.add_perm("governance.view_meetings", is_programme_office | is_viewer)
rules.add_perm(
    "governance.view_meeting", is_programme_office | (meeting_is_held & (is_viewer | is_meeting_region_lead))
)
