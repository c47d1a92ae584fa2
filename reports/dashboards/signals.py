"""Dashboards and the KPI page show today's records: every change of a record they count invalidates the figures
it touches (``reports.kept``).

An activity (advocacy records and publications included), a service snapshot, a monthly report or a
success story invalidates its province's and the nation's dashboards and its month's aggregates (the
month it is dated in now and the one it was in before, remembered when it was loaded); a work plan or a
replication programme (a regency's plan counts its villages) invalidates its province (and the one it lay
in when loaded, if it moved) and the nation, whose plans are kept province by province; a record moved
to another library, a library changing place, level, activity, cohort or partner type, a cohort (which
sets the library's cohort year and partner type without saving the library), a synergy team, the
KPI thresholds or a SIM TPBIS score (shown beside the KPI) invalidate everything. A commitment or another
change of a library invalidates its area.
Each change invalidates once at once and once more when its transaction commits, so that
figures computed in between from the rows before the change are not kept. Bulk writes that send
no signals (imports, the data generator) say so (``foundation.counting.tables_changed``) and
invalidate everything; anything else shows within the cache times
(``TPBIS_DASHBOARD_CACHE_SECONDS``, ``TPBIS_DASHBOARD_MONTH_CACHE_SECONDS``).
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from activities.models import Activity, Flag, Replication, ServiceSnapshot, SuccessStory
from foundation.counting import bulk_changed
from foundation.months import month_start
from libraries.models import Cohort, Commitment, Library, SynergyTeam
from reports.models import KpiThreshold, MonthlyReport, SimScore, WorkPlan
from reports.progress.compile import reports_compiled

from .cache import compilations_changed, records_changed

#: model -> the field dating its records
DATED = {Activity: "date", MonthlyReport: "period", SuccessStory: "date", ServiceSnapshot: "period"}
#: library fields the figures group or count by
LIBRARY_FIELDS = ("is_active", "level", "cohort_year", "partner_type", "province_id", "regency_id")
LOADED = "_dashboard_loaded"
#: Records placed in a province of their own (not through a library), whose province is remembered when loaded.
PLACED = (WorkPlan, Replication)


def _invalidate(province_id=None, months=()) -> None:
    months = {month_start(m) for m in months if m is not None}
    records_changed(province_id, months)
    transaction.on_commit(lambda: records_changed(province_id, months))


def _remember(sender, instance, **kwargs):
    """What a record was dated and placed at when loaded (read from the instance only: deferred fields stay so)."""
    fields = instance.__dict__
    if sender in DATED:
        fields[LOADED] = (fields.get(DATED[sender]), fields.get("library_id"))
    elif sender in PLACED:
        fields[LOADED] = fields.get("province_id")
    else:
        fields[LOADED] = tuple(fields.get(name) for name in LIBRARY_FIELDS)


for model in (*DATED, *PLACED, Library):
    post_init.connect(_remember, sender=model, dispatch_uid=f"dashboard-remember-{model.__name__}")


@receiver([post_save, post_delete], sender=Activity)
@receiver([post_save, post_delete], sender=MonthlyReport)
@receiver([post_save, post_delete], sender=SuccessStory)
@receiver([post_save, post_delete], sender=ServiceSnapshot)
def library_record_changed(sender, instance, created=False, **kwargs):
    loaded_month, loaded_library = instance.__dict__.get(LOADED, (None, None))
    month = instance.__dict__.get(DATED[sender], loaded_month)
    moved = not created and loaded_library is not None and loaded_library != instance.library_id
    if month is None or moved:
        _invalidate()
        return
    if sender.library.is_cached(instance):
        province = instance.library.province_id
    else:  # one small query, on the rare paths that did not load the library
        province = Library.objects.filter(pk=instance.library_id).values_list("province_id", flat=True).first()
    _invalidate(province, [month, None if created else loaded_month])
    instance.__dict__[LOADED] = (month, instance.library_id)


@receiver([post_save, post_delete], sender=Flag)
def flag_changed(sender, instance, **kwargs):
    """A flag accepted (or found, or gone): the data-quality panel of its province and the nation."""
    _invalidate(instance.province_id)


@receiver([post_save, post_delete], sender=Library)
def library_changed(sender, instance, created=False, **kwargs):
    now = tuple(instance.__dict__.get(name) for name in LIBRARY_FIELDS)
    if created or kwargs.get("signal") is post_delete or instance.__dict__.get(LOADED) != now:
        _invalidate()
    else:
        _invalidate(instance.province_id)
    instance.__dict__[LOADED] = now


@receiver([post_save, post_delete], sender=Commitment)
def commitment_changed(sender, instance, **kwargs):
    team = instance.team if Commitment.team.is_cached(instance) else None
    _invalidate(team.province_id if team is not None else None)


@receiver([post_save, post_delete], sender=WorkPlan)
@receiver([post_save, post_delete], sender=Replication)
def placed_record_changed(sender, instance, **kwargs):
    provinces = {instance.__dict__.get(LOADED), instance.province_id} - {None}
    if not provinces:
        _invalidate()
    for province in provinces:
        _invalidate(province)
    instance.__dict__[LOADED] = instance.province_id


@receiver([post_save, post_delete], sender=SynergyTeam)
@receiver([post_save, post_delete], sender=KpiThreshold)
@receiver([post_save, post_delete], sender=SimScore)
@receiver([post_save, post_delete], sender=Cohort)
def everything_changed(sender, instance, **kwargs):
    _invalidate()


#: Models whose rows the dashboards count or group by, or the KPI page shows (SIM TPBIS's scores).
COUNTED = {*DATED, *PLACED, Library, Cohort, Commitment, SynergyTeam, KpiThreshold, SimScore}


@receiver(bulk_changed)
def bulk_written(sender, models=(), **kwargs):
    if COUNTED.intersection(models):
        _invalidate()


@receiver(reports_compiled, dispatch_uid="dashboards-compiled")
def _compiled(sender, **kwargs):
    compilations_changed()
