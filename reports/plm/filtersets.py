import django_filters
from django.utils.translation import gettext_lazy as _

from foundation.filters import ModelChoiceFilter, PeriodFilter, YearFilter, scoped
from libraries.models import Province, Regency
from reports.models import PeerLearningMeeting
from reports.models.plm import MeetingMode, PlmLevel


class PlmFilterSet(django_filters.FilterSet):
    level = django_filters.ChoiceFilter(choices=PlmLevel.choices, label=_("Level"))
    province = ModelChoiceFilter(queryset=scoped(Province), label=_("Province"))
    regency = ModelChoiceFilter(queryset=scoped(Regency), label=_("Regency/city"))
    mode = django_filters.ChoiceFilter(choices=MeetingMode.choices, label=_("Mode"))
    year = YearFilter(field_name="date", lookup_expr="year", label=_("Year"))
    period = PeriodFilter(field_name="period", label=_("Month reviewed"))

    class Meta:
        model = PeerLearningMeeting
        fields = ["level", "province", "regency", "mode", "year", "period"]
