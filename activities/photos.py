"""Checking and cleaning uploaded activity photos.

A photo is accepted when Pillow recognises its *content* as JPEG, PNG or WebP (the file
name and the browser's content type are ignored), it is within the size limits, and it
decodes completely. It is then turned upright, resized and re-encoded as a fresh JPEG:
re-encoding drops every piece of metadata, including EXIF GPS positions of villagers'
homes, and whatever else was hidden in the original file.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from foundation.fingerprints import capture_date, fingerprint

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
#: The most pixels a photo may have, checked from its header before any decoding. Phones take 12 MP by
#: default and up to 50 MP in special modes; a 47 KB PNG of 7000 by 7000 pixels is a bomb that would take
#: gigabytes to decode. Decoded, a photo of this size takes 160 MB at most (JPEGs far less: they are
#: decoded at a reduced scale), and an upload's peak stays near that: it is shrunk before anything else.
MAX_PIXELS = 40_000_000
LONG_SIDE = 1600
THUMB_SIDE = 480


@dataclass
class CleanPhoto:
    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    #: Read before re-encoding: the picture's fingerprint and the day the camera took it (``foundation``).
    fingerprint: int | None = None
    taken_on: dt.date | None = None

    @property
    def size(self) -> int:
        return self.image.size


def max_bytes() -> int:
    return settings.TPBIS_PHOTO_MAX_BYTES


def _reject(message, code: str):
    raise ValidationError(message, code=code)


def _encode(image: Image.Image, side: int, quality: int) -> ContentFile:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    # No ``exif=`` and no ``icc_profile=``: the new file carries pixels only.
    copy.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on white: JPEG has no transparency, and palette or CMYK images must be converted."""
    if image.mode in {"RGBA", "LA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def clean_photo(upload) -> CleanPhoto:
    """Validate ``upload`` (a file object) and return the re-encoded photo and thumbnail."""
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        _reject(
            _("The photo is too large (%(size)s); the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            "too_large",
        )
    if size == 0:
        _reject(_("The file is empty."), "empty")
    upload.seek(0)
    try:
        with Image.open(upload) as probe:
            kind = probe.format
            width, height = probe.size
    except Image.DecompressionBombError:  # Pillow's own limit, far above ours
        width = height = MAX_PIXELS + 1
        kind = "JPEG"
    except (UnidentifiedImageError, OSError, ValueError):
        _reject(_("This file is not a photo: upload a JPEG, PNG or WebP image."), "not_an_image")
    if kind not in ALLOWED_FORMATS:
        _reject(_("Only JPEG, PNG or WebP photos are accepted."), "format")
    if width * height > MAX_PIXELS:
        _reject(
            _("The photo has too many pixels (over %(limit)s megapixels): take it at a lower resolution.")
            % {"limit": MAX_PIXELS // 1_000_000},
            "too_many_pixels",
        )
    upload.seek(0)
    # WeasyPrint, once imported (the first PDF a process renders), tells Pillow to accept truncated images
    # process-wide; a photo cut short by a dropped connection would then be saved with its lower part grey.
    # Photos are always checked whole (every stored one is complete, so the PDFs lose nothing).
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(upload) as image:
            if image.format == "JPEG":
                image.draft("RGB", (LONG_SIDE, LONG_SIDE))  # decode at 1/2, 1/4 or 1/8 scale when that is enough
            image.load()  # decodes everything: a truncated or corrupt file fails here
            taken_on = capture_date(image)  # before the EXIF data is dropped
            ImageOps.exif_transpose(image, in_place=True)  # no copy of the full-size pixels
            image.thumbnail((LONG_SIDE, LONG_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
            rgb = _flatten(image)
            picture = fingerprint(rgb)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        _reject(_("The photo could not be read; it may be damaged or only partly uploaded."), "corrupt")
    full = _encode(rgb, LONG_SIDE, 82)
    thumb = _encode(rgb, THUMB_SIDE, 75)
    with Image.open(io.BytesIO(full.read())) as result:
        full_width, full_height = result.size
    full.seek(0)
    return CleanPhoto(
        image=full, thumbnail=thumb, width=full_width, height=full_height, fingerprint=picture, taken_on=taken_on
    )


def too_many() -> ValidationError:
    limit = settings.TPBIS_PHOTOS_PER_ACTIVITY
    return ValidationError(_("An activity can have at most %(count)s photos.") % {"count": limit}, code="too_many")


def save_photo(activity, upload, user, caption: str = "", token: str | None = None, cleaned=None):
    """Store one checked photo of ``activity``; a repeated token returns the photo already stored.

    The activity form, its one-photo-at-a-time upload and the API all store photos through here.
    Returns ``(photo, created)``.
    """
    from .models import ActivityPhoto

    if token:
        existing = ActivityPhoto.objects.filter(client_token=token).first()
        if existing is not None:
            if existing.activity_id != activity.pk:
                raise ValidationError(_("This upload belongs to another activity."), code="token")
            return existing, False
    if activity.photos.count() >= settings.TPBIS_PHOTOS_PER_ACTIVITY:
        raise too_many()
    photo = cleaned or clean_photo(upload)
    record = ActivityPhoto(
        activity=activity,
        width=photo.width,
        height=photo.height,
        size=photo.size,
        fingerprint=photo.fingerprint,
        taken_on=photo.taken_on,
        caption=caption,
        uploaded_by=user,
        client_token=token or None,
    )
    record.image.save("photo.jpg", photo.image, save=False)
    record.thumbnail.save("thumb.jpg", photo.thumbnail, save=False)
    try:
        with transaction.atomic():
            # Uploads to one activity take turns here (a row lock on the activity), so the count they check
            # is the count they add to: fourteen photos sent at once still leave ten.
            type(activity).objects.select_for_update().filter(pk=activity.pk).exists()
            if ActivityPhoto.objects.filter(activity=activity).count() >= settings.TPBIS_PHOTOS_PER_ACTIVITY:
                raise too_many()
            record.save()
    except ValidationError:
        record.delete_files()
        raise
    except IntegrityError:
        record.delete_files()
        existing = ActivityPhoto.objects.filter(client_token=token, activity=activity).first()
        if existing is None:
            raise
        return existing, False
    return record, True
