import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from foundation.tables import ATTRS, WIDE, RupiahColumn

from .models import Aid, Commitment, Library, Meeting, SynergyTeam, TeamMember


class LibraryTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    npp = tables.Column(verbose_name=_("NPP"), attrs=WIDE)
    level = tables.Column(verbose_name=_("Level"))
    village = tables.Column(verbose_name=_("Village"))
    regency = tables.Column(verbose_name=_("Regency/city"))
    province = tables.Column(verbose_name=_("Province"))
    cohort_year = tables.Column(verbose_name=_("Cohort"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Library
        fields = ["name", "npp", "level", "village", "regency", "province", "cohort_year", "partner_type", "is_active"]
        attrs = ATTRS
        empty_text = _("No libraries.")


class AidTable(tables.Table):
    library = tables.Column(linkify=True, verbose_name=_("Library"))
    item = tables.Column(linkify=True, verbose_name=_("Item"))
    kind = tables.Column(accessor="get_kind_display", verbose_name=_("Kind"), orderable=False)
    value = RupiahColumn(verbose_name=_("Value"))

    class Meta:
        model = Aid
        fields = ["year", "library", "item", "kind", "quantity", "value", "source", "received_on"]
        attrs = ATTRS
        empty_text = _("No aid recorded.")


class SynergyTeamTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    area = tables.Column(accessor="area_name", verbose_name=_("Area"), order_by=("province", "regency"))
    member_count = tables.Column(verbose_name=_("Members"), attrs={"td": {"class": "text-end"}})
    open_count = tables.Column(verbose_name=_("Open commitments"), attrs={"td": {"class": "text-end"}})
    last_meeting = tables.DateColumn(verbose_name=_("Last meeting"))

    class Meta:
        model = SynergyTeam
        fields = ["name", "level", "area", "decree_number", "formed_on", "member_count", "open_count", "last_meeting"]
        attrs = ATTRS
        empty_text = _("No synergy teams.")


class TeamMemberTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    team = tables.Column(linkify=True, verbose_name=_("Synergy team"))

    class Meta:
        model = TeamMember
        fields = ["name", "position", "institution", "sector", "role", "team", "is_active"]
        attrs = ATTRS
        empty_text = _("No members.")


class MeetingTable(tables.Table):
    date = tables.DateColumn(linkify=True, verbose_name=_("Date"))
    team = tables.Column(linkify=True, verbose_name=_("Synergy team"))
    agenda = tables.Column(verbose_name=_("Agenda"))

    class Meta:
        model = Meeting
        fields = ["date", "kind", "mode", "team", "agenda", "participants"]
        attrs = ATTRS
        empty_text = _("No meetings.")

    def render_agenda(self, value):
        return value if len(value) <= 120 else value[:117] + "…"

    def value_agenda(self, value):
        return value


class CommitmentTable(tables.Table):
    party = tables.Column(linkify=True, verbose_name=_("Party"), attrs={"td": {"class": "cell-wide"}})
    team = tables.Column(linkify=True, verbose_name=_("Synergy team"), attrs={"td": {"class": "cell-wide"}})
    amount = RupiahColumn(verbose_name=_("Amount"))
    due_date = tables.DateColumn(verbose_name=_("Due date"), attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("Status"))
    kind = tables.Column(verbose_name=_("Kind"), attrs={"td": {"class": "cell-wide"}})
    description = tables.Column(verbose_name=_("Description"), attrs={"td": {"class": "cell-wide small"}})

    class Meta:
        model = Commitment
        fields = ["due_date", "status", "party", "kind", "amount", "description", "team"]
        attrs = ATTRS
        empty_text = _("No commitments.")
        row_attrs = {"class": lambda record: "table-danger" if record.is_overdue else ""}

    def render_status(self, record, value):
        style = {"planned": "secondary", "in_progress": "primary", "done": "success", "dropped": "dark"}[record.status]
        badge = format_html('<span class="badge text-bg-{}">{}</span>', style, value)
        if record.is_overdue:
            badge = format_html('{} <span class="badge text-bg-danger">{}</span>', badge, _("overdue"))
        return badge

    def value_status(self, record, value):
        return f"{value} ({_('overdue')})" if record.is_overdue else value

    def render_description(self, value):
        return value if len(value) <= 120 else value[:117] + "…"

    def value_description(self, value):
        return value
