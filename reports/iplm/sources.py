"""The records each IPLM figure is computed from, as the explanation page and the workbook name them."""

from django.utils.translation import gettext_lazy as _

ACTIVITIES = "activities"
REPORTS = "reports"
SNAPSHOTS = "snapshots"

SOURCES = {
    ACTIVITIES: (
        _("Engagement events and advocacy records"),
        _(
            "Records dated in the year. Everything entered: every record as entered; verified only: the records "
            "verified by the program staff. A library that recorded none in the year has these figures unknown."
        ),
    ),
    REPORTS: (
        _("Monthly reports"),
        _(
            "The year's monthly reports once submitted (everything entered) or once verified (verified only). "
            "A library with no such report in the year has these figures unknown."
        ),
    ),
    SNAPSHOTS: (
        _("Service snapshots"),
        _(
            "The latest service snapshot of the year (the collection and ICT as last recorded). A library with no "
            "snapshot in the year has these figures unknown."
        ),
    ),
}
