import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from foundation.tables import ATTRS, NOWRAP, WIDE, WIDE_NUMBER, RupiahColumn

from .choices import Verification
from .models import Activity, Advocacy, Publication, Replication, ServiceSnapshot, SuccessStory

BADGES = {
    Verification.VERIFIED: "text-bg-success",
    Verification.RETURNED: "text-bg-warning",
    Verification.UNVERIFIED: "text-bg-light",
}


def verification_badge(record) -> str:
    return format_html(
        '<span class="badge {}" data-verification="{}">{}</span>',
        BADGES.get(record.verification, "text-bg-light"),
        record.verification,
        record.get_verification_display(),
    )


class VerificationColumn(tables.Column):
    """Where the record stands with its verifiers, as a badge."""

    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("Verification"))
        kwargs.setdefault("attrs", NOWRAP)
        super().__init__(**kwargs)

    def render(self, value, record):
        return verification_badge(record)


def titled(record, value, *details) -> str:
    """The title as the link to the record; on a phone the hidden columns show under it."""
    return format_html(
        '<a href="{}">{}</a><div class="small text-body-secondary d-md-none">{}</div>',
        record.get_absolute_url(),
        value,
        " · ".join(str(detail) for detail in details if detail),
    )


class ActivityTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), attrs=NOWRAP)
    title = tables.Column(verbose_name=_("Activity"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    strategy = tables.Column(verbose_name=_("Strategy"), attrs=WIDE)
    participants = tables.Column(verbose_name=_("Participants"), attrs=WIDE_NUMBER)
    photo_count = tables.Column(verbose_name=_("Photos"), orderable=False, attrs=WIDE_NUMBER)
    verification = VerificationColumn()

    class Meta:
        model = Activity
        fields = ["date", "title", "library", "strategy", "participants", "photo_count", "verification"]
        attrs = ATTRS
        empty_text = _("No activities.")

    def render_title(self, record, value):
        return titled(record, value, record.library, record.get_strategy_display())


class AdvocacyTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs=NOWRAP)
    title = tables.Column(verbose_name=_("Advocacy"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    result = tables.Column(verbose_name=_("Result"), attrs=WIDE)
    amount = RupiahColumn(verbose_name=_("Amount"))
    verification = VerificationColumn()

    class Meta:
        model = Advocacy
        fields = ["date", "title", "library", "result", "amount", "verification"]
        attrs = ATTRS
        empty_text = _("No advocacy recorded.")

    def render_title(self, record, value):
        return titled(record, value, record.library, record.get_result_display())

    def render_result(self, record, value):
        return value or _("not recorded")


class PublicationTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), format="Y-m-d", attrs=NOWRAP)
    title = tables.Column(verbose_name=_("Publication"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    publication_kind = tables.Column(verbose_name=_("Kind of media"), attrs=WIDE)
    media_outlet = tables.Column(verbose_name=_("Media outlet"), attrs=WIDE)
    verification = VerificationColumn()

    class Meta:
        model = Publication
        fields = ["date", "title", "library", "publication_kind", "media_outlet", "verification"]
        attrs = ATTRS
        empty_text = _("No publications.")

    def render_title(self, record, value):
        return titled(record, value, record.library, record.get_publication_kind_display())


class ServiceSnapshotTable(tables.Table):
    period = tables.DateColumn(verbose_name=_("Month"), format="Y-m", attrs=NOWRAP, linkify=True)
    library = tables.Column(verbose_name=_("Library"))
    books = tables.Column(verbose_name=_("Books"), attrs={"td": {"class": "text-end"}})
    digital_books = tables.Column(verbose_name=_("Digital books"), attrs=WIDE_NUMBER)
    computers = tables.Column(verbose_name=_("Computers"), attrs={"td": {"class": "text-end"}})
    bandwidth_mbps = tables.Column(verbose_name=_("Mbps"), attrs=WIDE_NUMBER)
    entered_on = tables.DateColumn(verbose_name=_("Entered on"), format="Y-m-d", attrs=WIDE)
    verification = VerificationColumn()

    class Meta:
        model = ServiceSnapshot
        fields = [
            "period",
            "library",
            "books",
            "digital_books",
            "computers",
            "bandwidth_mbps",
            "entered_on",
            "verification",
        ]
        attrs = ATTRS
        empty_text = _("No service snapshots.")


class ReplicationTable(tables.Table):
    year = tables.Column(verbose_name=_("Year"), linkify=True, attrs=NOWRAP)
    region = tables.Column(verbose_name=_("Region"), empty_values=(), orderable=False)
    funds = RupiahColumn(verbose_name=_("Funds"))
    funding_source = tables.Column(verbose_name=_("Funding source"), attrs=WIDE)
    villages = tables.Column(verbose_name=_("Villages"), attrs={"td": {"class": "text-end"}})
    verification = VerificationColumn()

    class Meta:
        model = Replication
        fields = ["year", "region", "funds", "funding_source", "villages", "verification"]
        attrs = ATTRS
        empty_text = _("No replication programmes.")

    def render_region(self, record):
        return record.regency or record.province


class SuccessStoryTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), attrs=NOWRAP)
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    person_name = tables.Column(verbose_name=_("Person"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    consent_to_publish = tables.BooleanColumn(verbose_name=_("May be published"))

    class Meta:
        model = SuccessStory
        fields = ["date", "title", "person_name", "library", "consent_to_publish"]
        attrs = ATTRS
        empty_text = _("No success stories.")
