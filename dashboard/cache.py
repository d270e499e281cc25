"""Cache of the dashboard's figures, keyed by a data version that every relevant write raises.

The figures of a programme year (`selectors._region_figures`) are the dashboard's expensive part: set-based
aggregates over every region. They are cached per (programme year, landsdeel, region, today, data version)
in Django's cache (per process by default; a shared cache works the same). `DataVersion` is raised by a
post_save / post_delete receiver on every model the figures read, inside the writing transaction, so:

- after any change the key changes and the figures are computed afresh: never stale;
- a reader that started before the change caches its result under the old key, which nobody reads again;
- "today" is in the key because overdue flags depend on the date.

The services' bulk writes (`bulk_create`, queryset `update`) send no signals; none of them writes a field
the figures read (tested in tests/test_cache.py by listing them).
"""

import datetime

from django.core.cache import cache
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from .models import DataVersion

TIMEOUT = 60 * 60
ROW = 1


def current_version() -> int | None:
    """The data version, or None when the row is missing (then nothing is cached)."""
    return DataVersion.objects.filter(pk=ROW).values_list("value", flat=True).first()


def data_changed(**kwargs) -> None:
    """Receiver: raise the version (one UPDATE in the writer's transaction)."""
    if kwargs.get("raw"):  # loaddata
        return
    if not DataVersion.objects.filter(pk=ROW).update(value=F("value") + 1):
        DataVersion.objects.get_or_create(pk=ROW, defaults={"value": 1})


def watched_models() -> list:
    from audits.models import AuditVisit, ConsolidatedScore, FollowUpAction, Placemat, StimulusGrant
    from monitoring.models import MonitorReport, Realisation, SelfAssessment
    from peerreviews.models import LearningOutcome, PeerReview
    from regions.models import Indicator, PlacematTheme, Programme, ProgrammeYear, Region, Target

    return [
        MonitorReport,
        Realisation,
        SelfAssessment,
        Indicator,
        Target,
        Region,
        Programme,
        ProgrammeYear,
        PlacematTheme,
        Placemat,
        ConsolidatedScore,
        AuditVisit,
        FollowUpAction,
        StimulusGrant,
        PeerReview,
        LearningOutcome,
    ]


def connect() -> None:
    for model in watched_models():
        post_save.connect(data_changed, sender=model, dispatch_uid=f"dashboard-save-{model._meta.label}")
        post_delete.connect(data_changed, sender=model, dispatch_uid=f"dashboard-delete-{model._meta.label}")


_UNSET = object()


def cached(*, name: str, parts: tuple, today: datetime.date, compute, version=_UNSET):
    """`compute()` once per key; the key holds the data version and today's date. Pass `version` when
    several figures are read in one request, so the version is read once."""
    if version is _UNSET:
        version = current_version()
    if version is None:
        return compute()
    key = "dashboard:" + ":".join(str(p) for p in (name, *parts, today.isoformat(), version))
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
