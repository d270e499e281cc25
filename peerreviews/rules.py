"""Permissions of the peerreviews app.

Good practices: the programme office and a critical friend of the region write and publish them;
every logged-in user reads the published ones; drafts are for the office, the author and the
region's critical friends. 'add' takes a region, or no object to ask "for any region at all".

Peer reviews: the office, the viewer and the people of the host and peer region read them; a region's
project leader proposes; the office checks readiness, confirms, cancels, closes and sets up internal
reviews; the office or the host's project leader marks a review held and reported and edits its plan.
"""

import rules

from regions.rules import CRITICAL_FRIEND, PARTNER, PENVOERDER, PROJECT_LEADER, programme_is_open
from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer, region_roles

from .models import (
    AFTER_TALK_STATES,
    ATTACHMENT_STATES,
    FEEDBACK_STATES,
    OUTCOME_DONE_STATES,
    OUTCOME_STATES,
    OWN_REPORT_STATES,
    PREPARATION_STATES,
    QUESTION_STATES,
)
from .selectors.content import is_advisor


def _region_id(obj):
    if obj is None:
        return None
    if hasattr(obj, "region_id"):
        return obj.region_id
    return obj.pk


@rules.predicate
def is_critical_friend_of_region(user, obj) -> bool:
    """With an object: critical friend of its region. Without: critical friend of some region."""
    if obj is None:
        return any(CRITICAL_FRIEND in roles for roles in region_roles(user).values())
    return has_region_role(user, _region_id(obj), CRITICAL_FRIEND)


@rules.predicate
def good_practice_is_published(user, practice) -> bool:
    return practice is not None and practice.status == "published"


@rules.predicate
def is_author(user, practice) -> bool:
    return practice is not None and practice.created_by_id is not None and practice.created_by_id == user.pk


@rules.predicate
def good_practice_is_draft(user, practice) -> bool:
    return practice is not None and practice.status == "draft"


can_write_for_region = is_programme_office | is_critical_friend_of_region

rules.add_perm("peerreviews.list_good_practices", rules.is_authenticated)
rules.add_perm("peerreviews.add_good_practice", programme_is_open & can_write_for_region)  # object: region, or none
rules.add_perm(
    "peerreviews.view_good_practice",
    (good_practice_is_published & rules.is_authenticated) | can_write_for_region | (rules.is_authenticated & is_author),
)
rules.add_perm("peerreviews.change_good_practice", programme_is_open & can_write_for_region)
rules.add_perm("peerreviews.publish_good_practice", programme_is_open & (good_practice_is_draft & can_write_for_region))
rules.add_perm(
    "peerreviews.unpublish_good_practice", programme_is_open & (good_practice_is_published & can_write_for_region)
)


# --- Peer reviews (objects: a review; 'propose' takes a region) ---------------------------------


@rules.predicate
def is_member_of_review_region(user, review) -> bool:
    """Anyone with a role (project leader, penvoerder, partner, critical friend) in the host or peer region."""
    if review is None:
        return False
    held = region_roles(user)
    return any(region_id in held for region_id in review.region_ids)


@rules.predicate
def is_host_project_leader(user, review) -> bool:
    return review is not None and has_region_role(user, review.host_region_id, PROJECT_LEADER)


@rules.predicate
def is_project_leader_of_region(user, region) -> bool:
    return region is not None and has_region_role(user, region.pk, PROJECT_LEADER)


rules.add_perm("peerreviews.list_peer_reviews", rules.is_authenticated)  # the list shows what each may see
rules.add_perm("peerreviews.view_all_peer_reviews", is_programme_office | is_viewer)  # the nav link


@rules.predicate
def is_review_facilitator(user, review) -> bool:
    return review is not None and user.is_authenticated and review.facilitator_id == user.pk


rules.add_perm(
    "peerreviews.view_peer_review",
    is_programme_office | is_viewer | is_member_of_review_region | is_review_facilitator,
)
rules.add_perm("peerreviews.propose_peer_review", programme_is_open & is_project_leader_of_region)  # object: region


@rules.predicate
def is_lead_of_region(user, region) -> bool:
    return region is not None and has_region_role(user, region.pk, PROJECT_LEADER, PENVOERDER)


# Exploring the other regions (their sub-projects, learning themes and good practices) before choosing a peer.
rules.add_perm("peerreviews.explore_peers", is_programme_office | is_lead_of_region)  # object: region
rules.add_perm(
    "peerreviews.manage_peer_review", programme_is_open & is_programme_office
)  # readiness, confirm, cancel, internal
rules.add_perm(
    "peerreviews.change_peer_review_plan", programme_is_open & (is_programme_office | is_host_project_leader)
)
rules.add_perm(
    "peerreviews.progress_peer_review", programme_is_open & (is_programme_office | is_host_project_leader)
)  # held, report
rules.add_perm("peerreviews.close_peer_review", programme_is_open & is_programme_office)


# --- The content of a peer review -----------------------------------------------------------------
# Permissions on a peer review's content (learning questions, outcomes, meetings, sessions, reports).
#
# Objects:
# - a LearningQuestion (saved, or unsaved with review and region to ask "may add one for this region"):
#   `edit_learning_questions`, `edit_outcome`, `toggle_outcome`;
# - a PeerReview: `edit_review_content` (meetings, participants, sessions), `edit_own_report`;
# - a FeedbackReport (saved, or unsaved with review and region): `write_feedback_report`, `view_feedback_report`.
#
# The states are part of the rules, so the buttons a page shows match what the services accept. Reading the
# content follows `peerreviews.view_peer_review`.
def _review_status_in(states):
    @rules.predicate(name=f"review_status_in_{'_'.join(states)}")
    def predicate(user, obj) -> bool:
        review = getattr(obj, "review", obj)
        return review is not None and review.status in states

    return predicate


@rules.predicate
def region_takes_part(user, obj) -> bool:
    """The object's region is the host or the peer region of its review."""
    return obj is not None and obj.region_id in obj.review.region_ids


@rules.predicate
def is_object_region_project_leader(user, obj) -> bool:
    return obj is not None and has_region_role(user, obj.region_id, PROJECT_LEADER)


@rules.predicate
def is_object_region_lead(user, obj) -> bool:
    return obj is not None and has_region_role(user, obj.region_id, PROJECT_LEADER, PENVOERDER)


@rules.predicate
def is_review_project_leader(user, review) -> bool:
    return review is not None and any(has_region_role(user, rid, PROJECT_LEADER) for rid in review.region_ids)


@rules.predicate
def is_region_advisor(user, report) -> bool:
    return report is not None and is_advisor(
        user=user, region_id=report.region_id, programme_year_id=report.review.programme_year_id
    )


@rules.predicate
def is_feedback_region_member(user, report) -> bool:
    return report is not None and has_region_role(
        user, report.region_id, PROJECT_LEADER, PENVOERDER, PARTNER, CRITICAL_FRIEND
    )


@rules.predicate
def feedback_is_draft(user, report) -> bool:
    return report is not None and report.status == "draft"


@rules.predicate
def feedback_is_ready(user, report) -> bool:
    return report is not None and report.status == "ready"


rules.add_perm(
    "peerreviews.edit_learning_questions",
    programme_is_open
    & (
        region_takes_part & _review_status_in(QUESTION_STATES) & (is_programme_office | is_object_region_project_leader)
    ),
)
rules.add_perm(
    "peerreviews.edit_outcome",
    programme_is_open
    & (region_takes_part & _review_status_in(OUTCOME_STATES) & (is_programme_office | is_object_region_project_leader)),
)
rules.add_perm(
    "peerreviews.toggle_outcome",
    programme_is_open
    & (region_takes_part & _review_status_in(OUTCOME_DONE_STATES) & (is_programme_office | is_object_region_lead)),
)
rules.add_perm(
    "peerreviews.edit_review_content",
    programme_is_open & (_review_status_in(PREPARATION_STATES) & (is_programme_office | is_review_project_leader)),
)
rules.add_perm(
    "peerreviews.edit_own_report",
    programme_is_open & (_review_status_in(OWN_REPORT_STATES) & (is_programme_office | is_review_project_leader)),
)
# Only the region's advisor of that programme year writes the feedback report, until it is marked ready.
rules.add_perm(
    "peerreviews.write_feedback_report",
    programme_is_open
    & (region_takes_part & _review_status_in(FEEDBACK_STATES) & feedback_is_draft & is_region_advisor),
)
# Feedback reports are for the regions' information: the office and the advisor always, the region once ready.
rules.add_perm(
    "peerreviews.view_feedback_report",
    is_programme_office | is_region_advisor | (feedback_is_ready & is_feedback_region_member),
)


# --- Attachments (objects: a review for 'add', an attachment for 'delete'; reading follows view_peer_review) --


@rules.predicate
def is_review_advisor(user, review) -> bool:
    return review is not None and any(
        is_advisor(user=user, region_id=region_id, programme_year_id=review.programme_year_id)
        for region_id in review.region_ids
    )


@rules.predicate
def added_it_and_may_still_add(user, attachment) -> bool:
    return (
        attachment is not None
        and attachment.uploaded_by_id == user.pk
        and user.has_perm("peerreviews.add_review_attachment", attachment.review)
    )


rules.add_perm(
    "peerreviews.add_review_attachment",
    programme_is_open
    & (_review_status_in(ATTACHMENT_STATES) & (is_programme_office | is_review_project_leader | is_review_advisor)),
)
rules.add_perm(
    "peerreviews.delete_review_attachment",
    programme_is_open & (_review_status_in(ATTACHMENT_STATES) & (is_programme_office | added_it_and_may_still_add)),
)


# --- The nagesprek (object: a review; reading follows view_peer_review) ------------------------------------------
# Once the regions have reported, their project leaders, the procesbegeleider, their critical friends (advisors)
# and the office plan it and record it.
rules.add_perm(
    "peerreviews.change_after_talk",
    programme_is_open
    & _review_status_in(AFTER_TALK_STATES)
    & (is_programme_office | is_review_project_leader | is_review_facilitator | is_review_advisor),
)


# The peer partners of a peer review read each other's latest settled monitor report (up to the review's year)
# from its preparation on, and only then (monitoring.rules.REPORT_READERS, registered by PeerreviewsConfig).
PEER_READING_STATES = ("preparing", "held", "reported", "closed")


def is_peer_partner_reader(user, report) -> bool:
    from django.db.models import Q

    from .models import PeerReview

    own = [rid for rid, held in region_roles(user).items() if held & {PROJECT_LEADER, PENVOERDER, "subproject_leader"}]
    if not own or report.region_id in own:
        return False
    return PeerReview.objects.filter(
        Q(host_region_id=report.region_id, peer_region_id__in=own)
        | Q(peer_region_id=report.region_id, host_region_id__in=own),
        kind=PeerReview.Kind.EXTERNAL,
        status__in=PEER_READING_STATES,
        programme_year__year__gte=report.programme_year.year,
        programme_year__year__lte=report.programme_year.year + 1,
    ).exists()
