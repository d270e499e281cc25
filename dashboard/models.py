"""The dashboard's cache stamp: one row, raised by every write to what the dashboard reads."""

from django.db import models


class DataVersion(models.Model):
    """Part of the dashboard cache's key, so a cached figure is never served after a change.

    Raised inside the writing transaction (see cache.py), so a reader either sees the old version and the
    old data, or the new version; a figure computed from old data is stored under a key nobody reads again.
    """

    value = models.PositiveBigIntegerField(default=0)

    def __str__(self):
        return str(self.value)
