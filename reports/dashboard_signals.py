"""Dashboards show today's records: every change of a record they count invalidates the cached figures.

A change of an activity, monthly report or success story invalidates the national dashboard
and its province's (when the library is at hand without a query); a change of a library, a
synergy team, a commitment or the KPI thresholds, all of them. Each change invalidates once
at once and once more when its transaction commits, so that a dashboard computed in between
from the rows before the change is not kept. Bulk writes that send no signals (imports, the
data generator) show within ``TPBIS_DASHBOARD_CACHE_SECONDS``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from activities.models import Activity, SuccessStory
from libraries.models import Commitment, Library, SynergyTeam

from .dashboards import records_changed
from .models import KpiThreshold, MonthlyReport


def _invalidate(province_id) -> None:
    records_changed(province_id)
    transaction.on_commit(lambda: records_changed(province_id))


@receiver([post_save, post_delete], sender=Activity)
@receiver([post_save, post_delete], sender=MonthlyReport)
@receiver([post_save, post_delete], sender=SuccessStory)
def library_record_changed(sender, instance, **kwargs):
    library = instance.library if sender.library.is_cached(instance) else None
    _invalidate(library.province_id if library is not None else None)


@receiver([post_save, post_delete], sender=Library)
@receiver([post_save, post_delete], sender=SynergyTeam)
@receiver([post_save, post_delete], sender=Commitment)
@receiver([post_save, post_delete], sender=KpiThreshold)
def area_record_changed(sender, instance, **kwargs):
    _invalidate(None)
