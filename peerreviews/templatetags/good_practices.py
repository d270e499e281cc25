"""The region page's list of its own published good practices (one query), without touching regions."""

from django import template

from peerreviews.selectors.good_practices import good_practices_of_region

register = template.Library()


@register.simple_tag
def region_good_practices(region):
    return good_practices_of_region(region=region)
