"""Attachments for tests that need one in place (the permission matrix, the IDOR world, backups)."""

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from toptechniek.common import samples
from toptechniek.common.uploads import attachment_path


def make_attachment(model, *, name="plan.pdf", user=None, **owner):
    """A stored PDF attached to `owner` (e.g. report=…), written without the service's state rules."""
    data = samples.pdf_bytes(name)
    instance = model(**owner)
    stored = default_storage.save(attachment_path(instance, name), ContentFile(data))
    return model.objects.create(
        file=stored, name=name, file_type="pdf", size=len(data), sha256="0" * 64, uploaded_by=user, **owner
    )
