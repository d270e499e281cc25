"""The region page's list of its peer reviews (one query), without the regions app importing peerreviews."""

from django import template

from peerreviews.selectors.reviews import reviews_of_region

register = template.Library()


@register.simple_tag
def region_peer_reviews(region):
    return reviews_of_region(region=region)
