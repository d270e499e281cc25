"""What the peerreviews services write into the audit log besides their message: the review in plain data
(names and year, never translated words) and the labels of the fields an edit changed.

The services call `toptechniek.common.audit.audit_change` themselves, inside their own transaction.
"""

from collections.abc import Iterable

from .models import PeerReview


def review_label(review: PeerReview) -> str:
    """ "Twente – Zeeland 2015"; an internal review "Twente 2015 (Techniek in de klas – Doorstroom)"."""
    year = review.programme_year.year
    if review.is_internal:
        return f"{review.host_region.name} {year} ({review.host_subproject} – {review.peer_subproject})"
    return f"{review.host_region.name} – {review.peer_region.name} {year}"


def review_params(review: PeerReview, **extra) -> dict:
    """The parameters every review message can use: the review (its label) and its year, plus `extra`."""
    return {"review": review_label(review), "year": review.programme_year.year, **extra}


def values_of(instance, names: Iterable[str]) -> dict:
    """The fields' current values (foreign keys by id), to compare before and after an edit."""
    values = {}
    for name in names:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname) if field.is_relation else getattr(instance, name)
    return values


def changed_labels(model, before: dict, after: dict) -> list:
    """The verbose names (lazy texts) of the fields whose value differs between `before` and `after`."""
    return [model._meta.get_field(name).verbose_name for name in after if before.get(name) != after[name]]
