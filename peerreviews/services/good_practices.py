"""Writes of the peerreviews app. Every function validates across objects and runs in one transaction;
a rejected write raises ValidationError and changes nothing."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from regions.models import PlacematTheme, Region, SuccessCondition
from toptechniek.accounts.models import User
from toptechniek.common.audit import audit_change

from ..models import GoodPractice

TEXT_FIELDS = ("title", "summary", "description", "audience", "result", "reuse", "contact")
REQUIRED_TEXT = ("title", "summary", "description", "result")


def _log(practice: GoodPractice, *, action: str, message: str, actor: User | None = None, fields=()) -> None:
    """One audit event about the good practice, named by its region and title."""
    region = practice.region.name
    audit_change(
        action=f"peerreviews.{action}",
        message=message,
        params={"region": region, "title": practice.title},
        actor=actor,
        object_label=f"{region} {practice.title}",
        fields=fields,
    )


def _clean_texts(texts: dict) -> dict:
    cleaned = {name: (texts.get(name) or "").strip() for name in TEXT_FIELDS}
    errors = {name: _("This field is required.") for name in REQUIRED_TEXT if not cleaned[name]}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_tags(*, region: Region, themes: list[PlacematTheme], success_conditions: list[SuccessCondition]) -> None:
    errors = {}
    if not themes:
        errors["themes"] = _("Choose at least one placemat theme.")
    elif any(theme.programme_id != region.programme_id for theme in themes):
        errors["themes"] = _("Choose themes of the programme of %(region)s.") % {"region": region.name}
    if any(condition.programme_id != region.programme_id for condition in success_conditions):
        errors["success_conditions"] = _("Choose success conditions of the programme of %(region)s.") % {
            "region": region.name
        }
    if errors:
        raise ValidationError(errors)


def good_practice_create(
    *,
    region: Region,
    created_by: User | None,
    themes: Iterable[PlacematTheme],
    success_conditions: Iterable[SuccessCondition] = (),
    **texts: str,
) -> GoodPractice:
    """A new good practice, as a draft."""
    themes, success_conditions = list(themes), list(success_conditions)
    cleaned = _clean_texts(texts)
    _check_tags(region=region, themes=themes, success_conditions=success_conditions)
    with transaction.atomic():
        practice = GoodPractice.objects.create(region=region, created_by=created_by, **cleaned)
        practice.themes.set(themes)
        practice.success_conditions.set(success_conditions)
        _log(
            practice,
            action="good_practice_create",
            message=gettext_noop("%(region)s: good practice “%(title)s” added as a draft"),
            actor=created_by,
        )
    return practice


def good_practice_update(
    *,
    good_practice: GoodPractice,
    themes: Iterable[PlacematTheme],
    success_conditions: Iterable[SuccessCondition] = (),
    **texts: str,
) -> GoodPractice:
    """Change the texts and tags; a published practice stays published."""
    themes, success_conditions = list(themes), list(success_conditions)
    cleaned = _clean_texts(texts)
    _check_tags(region=good_practice.region, themes=themes, success_conditions=success_conditions)
    with transaction.atomic():
        before = GoodPractice.objects.select_for_update().get(pk=good_practice.pk)
        tags_before = {
            "themes": set(before.themes.values_list("pk", flat=True)),
            "success_conditions": set(before.success_conditions.values_list("pk", flat=True)),
        }
        for name, value in cleaned.items():
            setattr(good_practice, name, value)
        good_practice.save(update_fields=[*cleaned, "updated_at"])
        good_practice.themes.set(themes)
        good_practice.success_conditions.set(success_conditions)
        tags_after = {"themes": {t.pk for t in themes}, "success_conditions": {c.pk for c in success_conditions}}
        names = [name for name in cleaned if getattr(before, name) != cleaned[name]]
        names += [name for name in tags_after if tags_before[name] != tags_after[name]]
        if names:  # saved unchanged: nothing to log
            _log(
                good_practice,
                action="good_practice_update",
                message=gettext_noop("%(region)s: good practice “%(title)s” changed"),
                fields=[GoodPractice._meta.get_field(name).verbose_name for name in names],
            )
    return good_practice


def good_practice_publish(*, good_practice: GoodPractice) -> GoodPractice:
    """Make a draft visible to everyone logged in."""
    with transaction.atomic():
        practice = GoodPractice.objects.select_for_update().get(pk=good_practice.pk)
        if practice.status == GoodPractice.Status.PUBLISHED:
            raise ValidationError(_("This good practice is already published."))
        if not practice.themes.exists():
            raise ValidationError({"themes": _("Choose at least one placemat theme.")})
        practice.status = GoodPractice.Status.PUBLISHED
        practice.published_at = timezone.now()
        practice.save(update_fields=["status", "published_at", "updated_at"])
        _log(
            practice,
            action="good_practice_publish",
            message=gettext_noop("%(region)s: good practice “%(title)s” published"),
        )
    good_practice.status, good_practice.published_at = practice.status, practice.published_at
    return good_practice


def good_practice_unpublish(*, good_practice: GoodPractice) -> GoodPractice:
    """Take a published practice back to draft (hidden from all but its writers)."""
    with transaction.atomic():
        practice = GoodPractice.objects.select_for_update().get(pk=good_practice.pk)
        if practice.status != GoodPractice.Status.PUBLISHED:
            raise ValidationError(_("This good practice is not published."))
        practice.status = GoodPractice.Status.DRAFT
        practice.published_at = None
        practice.save(update_fields=["status", "published_at", "updated_at"])
        _log(
            practice,
            action="good_practice_unpublish",
            message=gettext_noop("%(region)s: good practice “%(title)s” taken back to draft"),
        )
    good_practice.status, good_practice.published_at = practice.status, practice.published_at
    return good_practice
