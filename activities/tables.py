import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from foundation.tables import NOWRAP, WIDE, WIDE_NUMBER

from .models import Activity, SuccessStory


class ActivityTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), attrs=NOWRAP)
    title = tables.Column(verbose_name=_("Activity"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    strategy = tables.Column(verbose_name=_("Strategy"), attrs=WIDE)
    participants_male = tables.Column(verbose_name=_("Men"), attrs=WIDE_NUMBER)
    participants_female = tables.Column(verbose_name=_("Women"), attrs=WIDE_NUMBER)
    photo_count = tables.Column(verbose_name=_("Photos"), orderable=False, attrs=WIDE_NUMBER)

    class Meta:
        model = Activity
        fields = ["date", "title", "library", "strategy", "participants_male", "participants_female", "photo_count"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No activities.")

    def render_title(self, record, value):
        """On a phone the library and strategy columns are hidden: show them under the title."""
        return format_html(
            '<a href="{}">{}</a><div class="small text-body-secondary d-md-none">{} · {}</div>',
            record.get_absolute_url(),
            value,
            record.library,
            record.get_strategy_display(),
        )


class SuccessStoryTable(tables.Table):
    date = tables.DateColumn(verbose_name=_("Date"), attrs=NOWRAP)
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    person_name = tables.Column(verbose_name=_("Person"))
    library = tables.Column(verbose_name=_("Library"), attrs=WIDE)
    consent_to_publish = tables.BooleanColumn(verbose_name=_("May be published"))

    class Meta:
        model = SuccessStory
        fields = ["date", "title", "person_name", "library", "consent_to_publish"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No success stories.")
