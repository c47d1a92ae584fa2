"""What every record of the program shares: who entered it and when, and where it stands with its verifiers.

Every record is verified on its own by the program staff of its regency (the PIC and the Fasilitator Daerah),
its province, or Perpusnas (``activities.verification``). Records taken in from SIM TPBIS keep SIM's
verification state, the date SIM says they were entered, and the key that finds them again on the next import.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.models import Recorded
from foundation.scope import STAFF_ROLES, Role, ScopePaths

from ..choices import RecordSource, Verification

LIBRARY_SCOPE = ScopePaths(province="library__province", regency="library__regency", library="library")
#: Who may enter and correct a library's records: its librarian, and the staff above it.
RECORD_WRITERS = STAFF_ROLES | {Role.LIBRARIAN}


class VerifiableRecord(Recorded):
    """A record that its verifiers verify, or return with a comment for the librarian to correct."""

    verification = models.CharField(
        _("verification"),
        max_length=12,
        choices=Verification.choices,
        default=Verification.UNVERIFIED,
        db_default=Verification.UNVERIFIED,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    return_comment = models.TextField(_("return comment"), blank=True, default="", db_default="")
    entered_on = models.DateField(
        _("entered on"), default=timezone.localdate, help_text=_("The day the record was entered (SIM: tanggal_input).")
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=RecordSource.choices,
        default=RecordSource.PORTAL,
        db_default=RecordSource.PORTAL,
    )
    # The identity of a record taken in from SIM (which has no ids of its own): importing the same export again
    # finds it instead of adding it twice.
    sim_key = models.CharField(_("SIM key"), max_length=64, null=True, blank=True, editable=False)
    #: What the evidence checks found (``activities.models.flags``); they go with the record.
    evidence_flags = GenericRelation("activities.Flag")

    class Meta:
        abstract = True

    @property
    def is_verified(self) -> bool:
        return self.verification == Verification.VERIFIED

    @property
    def is_returned(self) -> bool:
        return self.verification == Verification.RETURNED


def sim_key_constraint(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["sim_key"], condition=Q(sim_key__isnull=False), name=name)
