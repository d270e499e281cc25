"""What the admins of every app share.

`FactsRefreshAdminMixin`: an admin that lets a superuser change or delete something the national picture's
facts read (a region, a programme year, an indicator and its targets, a monitor report) refreshes the facts
of the regions concerned in the same transaction, as the services do (`toptechniek.common.facts`).
"""

from django.db import router, transaction

from .facts import facts_refresh


class FactsRefreshAdminMixin:
    """Refresh the facts of the regions an admin write concerns, in the write's transaction.

    An admin says which regions an object concerns with `facts_regions(obj)` (and, when a deletion cascades
    further, `facts_regions_deleted(obj)`); a change refreshes those of the object as it was and as it is (a
    report moved to another region changes both). The refresh runs in `save_related`, after the inlines (an
    indicator's targets) are saved: the admin calls `save_model` and `save_related` in one transaction.
    `facts_on_save = False`: only a deletion can change a fact."""

    facts_on_save = True

    def facts_regions(self, obj) -> list[int]:
        raise NotImplementedError

    def facts_regions_deleted(self, obj) -> list[int]:
        """The regions whose facts a deletion of `obj` (with what it cascades to) can change."""
        return self.facts_regions(obj)

    def _facts_atomic(self):
        return transaction.atomic(using=router.db_for_write(self.model))

    def save_model(self, request, obj, form, change):
        if self.facts_on_save:
            before = self.model._default_manager.filter(pk=obj.pk).first() if change and obj.pk else None
            obj._facts_regions_before = self.facts_regions(before) if before is not None else []
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        with self._facts_atomic():
            super().save_related(request, form, formsets, change)
            if self.facts_on_save:
                obj = form.instance
                before = getattr(obj, "_facts_regions_before", [])
                facts_refresh(region_ids=[*before, *self.facts_regions(obj)])

    def delete_model(self, request, obj):
        with self._facts_atomic():
            regions = self.facts_regions_deleted(obj)
            super().delete_model(request, obj)
            facts_refresh(region_ids=regions)

    def delete_queryset(self, request, queryset):
        with self._facts_atomic():
            regions = [pk for obj in queryset for pk in self.facts_regions_deleted(obj)]
            super().delete_queryset(request, queryset)
            facts_refresh(region_ids=regions)
