from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


class Timeliness(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    LATE = "late", _("Late")
    MISSING = "missing", _("Missing")
    NOT_DUE = "not_due", _("Not yet due")


class ReportAction(models.TextChoices):
    CREATED = "created", _("Created")
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned")


class ReminderKind(models.TextChoices):
    LIBRARIAN = "librarian", _("Librarian")
    REGENCY_STAFF = "regency_staff", _("Regency/city staff (list)")


class ReminderReason(models.TextChoices):
    MISSING = "missing", _("Report missing")
    RETURNED = "returned", _("Report returned")
    DIGEST = "digest", _("List of outstanding reports")
    RECORDS_RETURNED = "records_returned", _("Records returned for correction")


class ReminderStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    NO_ADDRESS = "no_address", _("No e-mail address")
