"""What the SIM bridge keeps between imports: the places users settled, and uploads waiting for confirmation."""

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.scope import STAFF_ROLES, ScopedQuerySet, ScopePaths
from libraries.models import Library, Regency, Village


class SimPlaceQuerySet(ScopedQuerySet):
    pass


class SimPlace(models.Model):
    """Where a library SIM names is, as a user settled it: the next import places it the same way.

    A SIM library is known by its regency, its name and its village's name as SIM writes them
    (normalised: ``sim.names``). The choice is a library already in the portal, a village (the library
    there with that name, else a new one), or to leave its records out.
    """

    regency = models.ForeignKey(Regency, models.CASCADE, related_name="+", verbose_name=_("regency/city"))
    name_key = models.CharField(_("library name (normalised)"), max_length=200)
    village_key = models.CharField(_("village name (normalised)"), max_length=100, blank=True)
    name = models.CharField(_("library name in SIM TPBIS"), max_length=200)
    library = models.ForeignKey(
        Library, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("library")
    )
    village = models.ForeignKey(
        Village, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("village")
    )
    skip = models.BooleanField(_("leave out"), default=False)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    chosen_at = models.DateTimeField(_("at"), auto_now=True)

    objects = SimPlaceQuerySet.as_manager()
    scope_paths = ScopePaths(province="regency__province", regency="regency")
    scope_writers = STAFF_ROLES

    class Meta:
        ordering = ["regency", "name_key"]
        verbose_name = _("SIM TPBIS place")
        verbose_name_plural = _("SIM TPBIS places")
        constraints = [
            models.UniqueConstraint(fields=["regency", "name_key", "village_key"], name="one_sim_place_per_name"),
            models.CheckConstraint(
                name="sim_place_one_choice",
                condition=models.Q(skip=True, library__isnull=True, village__isnull=True)
                | models.Q(skip=False, library__isnull=False, village__isnull=True)
                | models.Q(skip=False, library__isnull=True, village__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.name


def upload_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.TPBIS_SIM_UPLOAD_HOURS)


class SimUpload(models.Model):
    """Files uploaded on the import page, kept on the server between the preview and the confirmation.

    The browser holds only the token; every step reads the files again from storage, so what is saved is
    what passes the checks at that moment. Expired uploads are removed with their files.
    """

    token = models.CharField(_("token"), max_length=32, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("user"))
    #: ``[{"name": as uploaded, "path": in storage, "size": bytes}]``
    files = models.JSONField(_("files"), default=list)
    #: The places picked so far: ``{place key: "library:ID" | "village:CODE" | "skip"}``
    choices = models.JSONField(_("places chosen"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), default=upload_expiry, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SIM TPBIS upload")
        verbose_name_plural = _("SIM TPBIS uploads")

    def __str__(self) -> str:
        return ", ".join(f["name"] for f in self.files)
