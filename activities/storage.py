"""Where activity photos are kept: under ``MEDIA_ROOT``, never at a public URL.

Photos show villagers, so the files are only handed out by a view that applies the
scoping rule (``activities:activity_photo``). This storage refuses to make a URL, so no
template can link to the file directly by mistake.
"""

import uuid

from django.core.files.storage import FileSystemStorage
from django.utils import timezone


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise ValueError("Private files have no public URL; link to the view that serves them.")


photo_storage = PrivateStorage()


def photo_path(instance, filename: str) -> str:
    """A random name (the original may name a person) in a folder per month."""
    return f"activity-photos/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


def document_path(instance, filename: str) -> str:
    """A random name for a signed document, keeping only its checked extension."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "pdf"
    return f"record-documents/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"
