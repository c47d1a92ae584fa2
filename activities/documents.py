"""The signed document of an advocacy record: a PDF or a photo of the signed page, checked by its content.

The name and the content type the browser sends are ignored: the first bytes say whether the file is a PDF,
and Pillow must recognise (and verify) a JPEG or PNG. The stored file is named by what it is, under a random
name (``storage.document_path``), and served only to users whose area holds the record, like photos.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

#: Extension → content type of what a signed document may be.
CONTENT_TYPES = {"pdf": "application/pdf", "jpg": "image/jpeg", "png": "image/png"}
ACCEPT = "application/pdf,image/jpeg,image/png"
IMAGE_KINDS = {"JPEG": "jpg", "PNG": "png"}


def max_bytes() -> int:
    return getattr(settings, "TPBIS_DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)


def document_kind(upload) -> str:
    """``pdf``, ``jpg`` or ``png`` by the file's content; ``ValidationError`` for anything else."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if size is not None and size > limit:
        raise ValidationError(
            _("The document is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.lstrip()[:5] == b"%PDF-":
        return "pdf"
    try:
        with Image.open(upload) as image:
            kind = IMAGE_KINDS.get(image.format or "")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        kind = None
    finally:
        upload.seek(0)
    if kind is None:
        raise ValidationError(_("The document must be a PDF, or a JPEG or PNG photo of it."), code="invalid_document")
    return kind


def clean_document(upload):
    """The upload, checked, named after what it is (the stored name is random; only the extension is kept)."""
    if not upload:
        return upload
    upload.name = f"dokumen.{document_kind(upload)}"
    return upload


def content_type_of(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower(), "application/octet-stream")


def document_response(record) -> FileResponse:
    """The record's signed document as a download (404 when it has none or the file is gone)."""
    if not record.document:
        raise Http404
    name = record.document.name
    try:
        handle = record.document.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    extension = name.rsplit(".", 1)[-1].lower()
    response = FileResponse(
        handle, content_type=content_type_of(name), filename=f"dokumen-advokasi-{record.pk}.{extension}"
    )
    response["Cache-Control"] = "private, max-age=3600"
    return response
