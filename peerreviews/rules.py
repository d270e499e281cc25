"""Permissions of the peerreviews app.

Good practices: the programme office and a critical friend of the region write and publish them;
every logged-in user reads the published ones; drafts are for the office, the author and the
region's critical friends. 'add' takes a region, or no object to ask "for any region at all".
"""

import rules

from regions.rules import CRITICAL_FRIEND
from toptechniek.accounts.rules import has_region_role, is_programme_office, region_roles


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


# Peer-review content permissions live beside their views; importing them here registers them.
from . import rules_content  # noqa: E402,F401
