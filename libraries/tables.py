import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Library


class LibraryTable(tables.Table):
    name = tables.Column(linkify=True, verbose_name=_("Name"))
    level = tables.Column(verbose_name=_("Level"))
    village = tables.Column(verbose_name=_("Village"))
    regency = tables.Column(verbose_name=_("Regency/city"))
    province = tables.Column(verbose_name=_("Province"))
    cohort_year = tables.Column(verbose_name=_("Cohort"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = Library
        fields = ["name", "level", "village", "regency", "province", "cohort_year", "partner_type", "is_active"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No libraries.")
