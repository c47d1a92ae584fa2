"""The abstract base of the records people keep: when each was created and changed, by whom, and where it lies.

``scope_paths`` declares the lookups from a model to the province, regency and library that scope it
(``foundation.scope``); a model whose queryset says otherwise overrides ``restrict`` instead.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .scope import ScopePaths


class Stamped(models.Model):
    """When a record was created and last changed."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    #: How the record is located for the scoping rule (``None``: its queryset decides).
    scope_paths: ScopePaths | None = None

    class Meta:
        abstract = True


class Recorded(Stamped):
    """A record someone entered: also who created it (kept when their account goes)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        abstract = True
