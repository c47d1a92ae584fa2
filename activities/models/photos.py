from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from foundation.fingerprints import QUARTER_BITS, QUARTER_MASK, QUARTERS
from foundation.scope import ScopedQuerySet, ScopePaths

from ..storage import photo_path, photo_storage
from .activity import Activity


class ActivityPhotoQuerySet(ScopedQuerySet):
    pass


def fingerprint_quarter(index: int):
    """The expression of the fingerprint's quarter ``index``, as indexed (``foundation.fingerprints.quarter``)."""
    shifted = models.F("fingerprint").bitrightshift(QUARTER_BITS * index) if index else models.F("fingerprint")
    return shifted.bitand(QUARTER_MASK)


class ActivityPhoto(models.Model):
    """A documentation photo of an activity, re-encoded without metadata and served only within scope."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="photos", verbose_name=_("activity"))
    image = models.FileField(_("photo"), storage=photo_storage, upload_to=photo_path, max_length=200)
    thumbnail = models.FileField(_("thumbnail"), storage=photo_storage, upload_to=photo_path, max_length=200)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    size = models.PositiveIntegerField(_("size in bytes"))
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    # Read from the upload before it is re-encoded (``foundation.fingerprints``): the evidence checks compare them.
    fingerprint = models.BigIntegerField(_("fingerprint"), null=True, blank=True, editable=False)
    taken_on = models.DateField(_("taken on"), null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    # ``<activity form token>-<n>``: retrying a photo upload does not store it twice.
    client_token = models.CharField(_("submission token"), max_length=80, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ActivityPhotoQuerySet.as_manager()
    scope_paths = ScopePaths(
        province="activity__library__province", regency="activity__library__regency", library="activity__library"
    )
    scope_writers = Activity.scope_writers

    class Meta:
        ordering = ["activity", "id"]
        # A photo's near twins are looked up by quarter of their fingerprint (``evidence.pictures``).
        indexes = [
            models.Index(
                fingerprint_quarter(index),
                name=f"photo_fingerprint_{index}",
                condition=models.Q(fingerprint__isnull=False),
            )
            for index in range(QUARTERS)
        ]
        verbose_name = _("activity photo")
        verbose_name_plural = _("activity photos")

    def __str__(self) -> str:
        return self.caption or f"{self.activity} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("activities:activity_photo", args=[self.pk])

    def delete_files(self) -> None:
        for field in (self.image, self.thumbnail):
            if field:
                field.delete(save=False)
