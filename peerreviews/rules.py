"""Permissions of the peerreviews app.

Good practices: the programme office and a critical friend of the region write and publish them;
every logged-in user reads the published ones; drafts are for the office, the author and the
region's critical friends. 'add' takes a region, or no object to ask "for any region at all".

Peer reviews: the office, the viewer and the people of the host and peer region read them; a region's
project leader proposes; the office checks readiness, confirms, cancels, closes and sets up internal
reviews; the office or the host's project leader marks a review held and reported and edits its plan.
"""

import rules

from regions.rules import CRITICAL_FRIEND, PROJECT_LEADER
from toptechniek.accounts.rules import has_region_role, is_programme_office, is_viewer, region_roles


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
rules.add_perm("peerreviews.add_good_practice", can_write_for_region)  # object: region, or none
rules.add_perm(
    "peerreviews.view_good_practice",
    (good_practice_is_published & rules.is_authenticated) | can_write_for_region | (rules.is_authenticated & is_author),
)
rules.add_perm("peerreviews.change_good_practice", can_write_for_region)
rules.add_perm("peerreviews.publish_good_practice", good_practice_is_draft & can_write_for_region)
rules.add_perm("peerreviews.unpublish_good_practice", good_practice_is_published & can_write_for_region)


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
rules.add_perm("peerreviews.view_peer_review", is_programme_office | is_viewer | is_member_of_review_region)
rules.add_perm("peerreviews.propose_peer_review", is_project_leader_of_region)  # object: region
rules.add_perm("peerreviews.manage_peer_review", is_programme_office)  # readiness, confirm, cancel, internal
rules.add_perm("peerreviews.change_peer_review_plan", is_programme_office | is_host_project_leader)
rules.add_perm("peerreviews.progress_peer_review", is_programme_office | is_host_project_leader)  # held, report
rules.add_perm("peerreviews.close_peer_review", is_programme_office)

# Peer-review content permissions live beside their views; importing them here registers them.
from . import rules_content  # noqa: E402,F401
