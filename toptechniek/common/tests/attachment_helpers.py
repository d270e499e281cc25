"""Attachments for tests that need one in place (the permission matrix, the IDOR world, backups)."""

from toptechniek.common.samples import store_sample_attachment


def make_attachment(model, *, name="plan.pdf", user=None, **owner):
    """A stored PDF attached to `owner` (e.g. report=…), written without the service's state rules."""
    return store_sample_attachment(model, name=name, user=user, **owner)
