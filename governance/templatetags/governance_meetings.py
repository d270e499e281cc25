"""The region page's list of its governance meetings (one query), without the regions app importing governance."""

from django import template

from governance.selectors import region_meetings

register = template.Library()


@register.simple_tag
def region_governance_meetings(region, user):
    """The region's meetings this user may read: all for the office, held ones for the others allowed."""
    if not user.has_perm("governance.manage_meetings"):
        meetings = region_meetings(region=region, held_only=True)
        return [m for m in meetings if user.has_perm("governance.view_meeting", m)]
    return region_meetings(region=region, held_only=False)
