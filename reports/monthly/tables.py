import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from foundation.tables import NOWRAP, WIDE, WIDE_NUMBER, MonthColumn
from reports.choices import ReportStatus, Timeliness
from reports.models import MonthlyReport
from reports.models.monthly import Reminder

STATUS_BADGES = {
    ReportStatus.DRAFT: "text-bg-secondary",
    ReportStatus.SUBMITTED: "text-bg-primary",
    ReportStatus.VERIFIED: "text-bg-success",
    ReportStatus.RETURNED: "text-bg-warning",
}
TIMELINESS_BADGES = {
    Timeliness.ON_TIME: "text-bg-success",
    Timeliness.LATE: "text-bg-danger",
    Timeliness.MISSING: "text-bg-danger",
    Timeliness.NOT_DUE: "text-bg-light",
}


def badge(css: str, label) -> str:
    return format_html('<span class="badge {}">{}</span>', css, label)


class MonthlyReportTable(tables.Table):
    period = MonthColumn(verbose_name=_("Month"), linkify=True, attrs=NOWRAP)
    library = tables.Column(verbose_name=_("Library"))
    status = tables.Column(verbose_name=_("Status"))
    timeliness = tables.Column(verbose_name=_("Timeliness"), empty_values=(), orderable=False, attrs=WIDE)
    submitted_at = tables.DateTimeColumn(verbose_name=_("Submitted"), format="Y-m-d H:i", attrs=WIDE)
    visitors = tables.Column(verbose_name=_("Visitors"), attrs=WIDE_NUMBER)
    loans = tables.Column(verbose_name=_("Loans"), attrs=WIDE_NUMBER)
    ict_users = tables.Column(verbose_name=_("ICT users"), attrs=WIDE_NUMBER)

    class Meta:
        model = MonthlyReport
        fields = ["period", "library", "status", "timeliness", "submitted_at", "visitors", "loans", "ict_users"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No monthly reports.")

    def render_status(self, record):
        return badge(STATUS_BADGES[record.status], record.get_status_display())

    def render_timeliness(self, record):
        return badge(TIMELINESS_BADGES[record.timeliness], record.get_timeliness_display())


class ReminderTable(tables.Table):
    sent_at = tables.DateTimeColumn(verbose_name=_("Sent at"), format="Y-m-d H:i")
    period = MonthColumn(verbose_name=_("Month"), attrs=NOWRAP)
    recipient = tables.Column(verbose_name=_("Recipient"), empty_values=())
    kind = tables.Column(verbose_name=_("Sent to"), attrs=WIDE)
    reason = tables.Column(verbose_name=_("Reason"))
    place = tables.Column(verbose_name=_("Library or regency"), empty_values=(), orderable=False)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Reminder
        fields = ["sent_at", "period", "recipient", "kind", "reason", "place", "status"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No reminders have been sent.")

    def render_recipient(self, record):
        if record.recipient is None:
            return "—"
        return format_html(
            "{} <span class='small text-body-secondary'>{}</span>", record.recipient.display_name, record.email
        )

    def render_place(self, record):
        if record.library is not None:
            return record.library.name
        if record.libraries_listed:
            return format_html(
                "{} <span class='badge text-bg-light' title='{}'>{}</span>",
                record.regency,
                record.details,
                record.libraries_listed,
            )
        return str(record.regency or "—")

    def render_status(self, record):
        css = {"sent": "text-bg-success", "failed": "text-bg-danger"}.get(record.status, "text-bg-warning")
        return badge(css, record.get_status_display())
