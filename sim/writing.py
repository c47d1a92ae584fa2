"""An import's plan written in one transaction, with bulk statements and the history of every row.

Libraries the import creates come first (they give their records an id to key them by), then their cohorts,
then every record type: new rows in bulk (``foundation.bulk``: COPY on PostgreSQL), changed rows updated in
bulk, each with its history entry. The places users chose are remembered. Bulk writes send no model
signals, so the list counts and dashboards are told afterwards (``tables_changed``).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from activities.choices import RecordSource
from activities.models import Activity, AttachmentLink, Flag, Replication, ServiceSnapshot
from evidence import refresh as evidence
from foundation.bulk import insert
from foundation.counting import tables_changed
from libraries.models import Cohort, Library
from reports.choices import ReportStatus
from reports.models import MonthlyReport, SimScore

from . import vocabulary as v
from .models import SimPlace
from .places import SKIP, Choice
from .plan import ACTIVITY_FIELDS, REPLICATION_FIELDS, SNAPSHOT_FIELDS, Plan, chunks, sim_key

BATCH = 5_000
STATE_FIELDS = ["verification", "source", "updated_at"]
CHANGED = [
    Library,
    Cohort,
    Activity,
    AttachmentLink,
    ServiceSnapshot,
    Replication,
    MonthlyReport,
    SimScore,
    SimPlace,
    Flag,
]
WITH_HISTORY = [Library, Cohort, Activity, ServiceSnapshot, Replication, MonthlyReport, SimScore]


def apply(plan: Plan, user=None, source: str = "") -> Plan:
    """Write a plan without problems; ``source`` names the files in every history entry."""
    if not plan.ok:
        raise ValueError("only a plan without problems can be written")
    reason = str(_("Imported from SIM TPBIS: %(files)s") % {"files": source})[:100]
    history = {"user": user, "reason": reason}
    with transaction.atomic():
        _libraries(plan, history)
        _cohorts(plan, history)
        for kind, records in plan.creates.items():
            if kind in (v.RecordType.PENGUNJUNG, v.RecordType.IKU):
                continue
            for record in records:
                if record.sim_key is None:
                    record.sim_key = sim_key(kind, record.library.pk, record.identity, record.occurrence)
        _activities(plan, user, history)
        _keyed(plan, v.RecordType.PENINGKATAN, ServiceSnapshot, SNAPSHOT_FIELDS, user, history)
        _keyed(plan, v.RecordType.REPLIKASI, Replication, REPLICATION_FIELDS, user, history)
        _reports(plan, user, history)
        _scores(plan, history)
        _remember(plan, user)
        # The evidence checks of every library the import wrote to, in bulk (``evidence.refresh``).
        # SIM brings attachment links, never photos: the photo flags of those libraries' records stand.
        evidence.for_libraries(_libraries_written(plan), photos=False)
        tables_changed(*CHANGED, *(model.history.model for model in WITH_HISTORY))
    return plan


def _libraries_written(plan: Plan) -> set[int]:
    kinds = [*ACTIVITY_FIELDS, v.RecordType.PENINGKATAN]
    records = [r for kind in kinds for r in plan.creates.get(kind, [])]
    records += [r for kind in kinds for r, _pk, _changed in plan.updates.get(kind, [])]
    return {record.library.pk for record in records if record.library is not None}


def _libraries(plan: Plan, history: dict) -> None:
    rows = [
        {
            "name": known.name,
            "level": known.level,
            "province_id": known.regency.split(".")[0],
            "regency_id": known.regency,
            "district_id": known.district,
            "village_id": known.village,
            "cohort_year": known.cohort_year,
            "is_active": True,
        }
        for known in plan.new_libraries
    ]
    for known, pk in zip(plan.new_libraries, insert(Library, rows, history), strict=True):
        known.pk = pk


def _cohorts(plan: Plan, history: dict) -> None:
    """The cohorts a ``B24 …`` name tells of; each library's first year follows its cohorts."""
    if not plan.new_cohorts:
        return
    insert(Cohort, [{"library_id": known.pk, "year": year} for known, year in plan.new_cohorts], history)
    first = defaultdict(list)
    for known, year in plan.new_cohorts:
        first[known.pk].append(year)
    changed = []
    for library in Library.objects.filter(pk__in=sorted(first)).only("pk", "cohort_year"):
        year = min([*first[library.pk], *([library.cohort_year] if library.cohort_year else [])])
        if year != library.cohort_year:
            library.cohort_year = year
            changed.append(library)
    if changed:
        Library.objects.bulk_update(changed, ["cohort_year"], batch_size=BATCH)


def _fresh(model, pks: list[int]) -> dict[int, object]:
    found = {}
    for chunk in chunks(sorted(pks)):
        found.update({obj.pk: obj for obj in model._base_manager.filter(pk__in=chunk)})
    return found


def _links(pk: int, urls: list[str]) -> list[dict]:
    return [
        {"activity_id": pk, "url": url, "original_name": AttachmentLink.original_name_of(url)[:300]} for url in urls
    ]


def _activities(plan: Plan, user, history: dict) -> None:
    records = [record for kind in ACTIVITY_FIELDS for record in plan.creates.get(kind, [])]
    rows = [
        {"library_id": r.library.pk, "created_by_id": getattr(user, "pk", None), "sim_key": r.sim_key, **r.values}
        for r in records
    ]
    links = []
    for pk, record in zip(insert(Activity, rows, history), records, strict=True):
        links += _links(pk, record.attachments)
    updates = [(r, pk, changed) for kind in ACTIVITY_FIELDS for r, pk, changed in plan.updates.get(kind, [])]
    if updates:
        fresh = _fresh(Activity, [pk for _r, pk, _c in updates])
        objects, relinked = [], []
        for record, pk, changed in updates:
            activity = fresh[pk]
            for name in ACTIVITY_FIELDS[record.kind]:
                setattr(activity, name, record.values[name])
            if "verification" in changed:
                activity.verification = record.values["verification"]
            activity.source = RecordSource.SIM
            objects.append(activity)
            if "attachments" in changed:
                relinked.append(pk)
                links += _links(pk, record.attachments)
        fields = sorted({name for names in ACTIVITY_FIELDS.values() for name in names}) + STATE_FIELDS
        _update(objects, Activity, fields, history)
        for chunk in chunks(relinked):
            AttachmentLink.objects.filter(activity_id__in=chunk).delete()
    insert(AttachmentLink, links)


def _update(objects: list, model, fields: list[str], history: dict) -> None:
    now = timezone.now()
    for obj in objects:
        obj.updated_at = now
    bulk_update_with_history(
        objects,
        model,
        fields,
        batch_size=BATCH,
        default_user=history["user"],
        default_change_reason=history["reason"],
        manager=model._base_manager,
    )


def _keyed(plan: Plan, kind: str, model, fields: list[str], user, history: dict) -> None:
    rows = []
    for record in plan.creates.get(kind, []):
        row = {"created_by_id": getattr(user, "pk", None), "sim_key": record.sim_key, **record.values}
        if record.library is not None:
            row["library_id"] = record.library.pk
        rows.append(row)
    insert(model, rows, history)
    updates = plan.updates.get(kind, [])
    if updates:
        fresh = _fresh(model, [pk for _r, pk, _c in updates])
        objects = []
        for record, pk, changed in updates:
            obj = fresh[pk]
            for name in fields:
                setattr(obj, name, record.values[name])
            if "verification" in changed:
                obj.verification = record.values["verification"]
            obj.source = RecordSource.SIM
            objects.append(obj)
        _update(objects, model, fields + STATE_FIELDS, history)


def _reports(plan: Plan, user, history: dict) -> None:
    """Visitors: a new report is submitted from SIM, its timeliness unknown (no submission time)."""
    kind = v.RecordType.PENGUNJUNG
    rows = [
        {
            "library_id": record.library.pk,
            "status": ReportStatus.SUBMITTED,
            "source": RecordSource.SIM,
            "created_by_id": getattr(user, "pk", None),
            **record.values,
        }
        for record in plan.creates.get(kind, [])
    ]
    insert(MonthlyReport, rows, history)
    updates = plan.updates.get(kind, [])
    if updates:
        fresh = _fresh(MonthlyReport, [pk for _r, pk, _c in updates])
        objects = []
        for record, pk, fields in updates:
            report = fresh[pk]
            for name in fields:
                setattr(report, name, record.values[name])
            objects.append(report)
        _update(objects, MonthlyReport, ["visitors", "visitors_male", "visitors_female", "updated_at"], history)


def _scores(plan: Plan, history: dict) -> None:
    kind, today = v.RecordType.IKU, timezone.localdate()
    rows = [
        {"library_id": r.library.pk, "score": r.values["score"], "as_of": today} for r in plan.creates.get(kind, [])
    ]
    insert(SimScore, rows, history)
    updates = plan.updates.get(kind, [])
    if updates:
        fresh = _fresh(SimScore, [pk for _r, pk, _c in updates])
        objects = []
        for record, pk, _fields in updates:
            score = fresh[pk]
            score.score, score.as_of = record.values["score"], today
            objects.append(score)
        _update(objects, SimScore, ["score", "as_of", "updated_at"], history)


def _remember(plan: Plan, user) -> None:
    """The places chosen for this import (not those remembered already) are kept for the next one."""
    given = {key: used for key, used in plan.choices_used.items() if isinstance(used[0], Choice)}
    if not given:
        return
    existing = {
        (p.regency_id, p.name_key, p.village_key): p
        for p in SimPlace.objects.filter(regency_id__in=sorted({key.split("|")[0] for key in given}))
    }
    new, changed = [], []
    for key, (choice, name) in given.items():
        regency, name_key, village_key = key.split("|")
        place = existing.get((regency, name_key, village_key)) or SimPlace(
            regency_id=regency, name_key=name_key, village_key=village_key
        )
        place.name = name[:200]
        place.library_id = int(choice.target) if choice.action == "library" else None
        place.village_id = choice.target if choice.action == "village" else None
        place.skip = choice.action == SKIP
        place.chosen_by = user
        place.chosen_at = timezone.now()
        (changed if place.pk else new).append(place)
    SimPlace.objects.bulk_create(new)
    if changed:
        SimPlace.objects.bulk_update(changed, ["name", "library", "village", "skip", "chosen_by", "chosen_at"])
