"""What an import would do, worked out before anything is written: per record type, created, updated, unchanged.

A record SIM exports has no id. Its identity is its type, its library (or a programme's region), its date or
month, the day it was entered and its title, and its place among rows identical in all of these (the second
of two identical rows stays the second): ``sim_key``. Importing the same files again finds every record by
it and changes nothing; a later export updates what changed. The visitors of a library-month fill its
monthly report (one per library and month: the key is the month); an official score is the library's.

Existing rows are read once per record type (in chunks of ``CHUNK`` keys, the most one statement carries),
never per row.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_lazy as _

from activities.choices import RecordSource, Verification
from activities.models import Activity, AttachmentLink, Replication, ServiceSnapshot
from foundation.scope import Area
from libraries.models import Cohort
from reports.models import MonthlyReport, SimScore

from . import vocabulary as v
from .files import SimFile
from .names import cohort_year
from .parsing import parse
from .places import Choice, Known, Placer, Unplaced
from .records import Problem, Record
from .regions import place_regions

CHUNK = 10_000

ACTIVITY_FIELDS = {
    v.RecordType.PELIBATAN: [
        "strategy",
        "date",
        "title",
        "field",
        "event_kind",
        "target_group",
        "participants",
        "participants_male",
        "participants_female",
        "entered_on",
    ],
    v.RecordType.ADVOKASI: [
        "strategy",
        "date",
        "title",
        "targets",
        "result",
        "regulation_kind",
        "amount",
        "resource_persons",
        "goods",
        "issued_on",
        "entered_on",
    ],
    v.RecordType.PUBLIKASI: [
        "strategy",
        "date",
        "title",
        "publication_kind",
        "media_outlet",
        "media_link",
        "entered_on",
    ],
}
SNAPSHOT_FIELDS = ["period", "books", "digital_books", "computers", "bandwidth_mbps", "entered_on"]
REPLICATION_FIELDS = [
    "province_id",
    "regency_id",
    "year",
    "funds",
    "funding_source",
    "funding_source_other",
    "villages",
    "entered_on",
]
REPORT_FIELDS = ["visitors", "visitors_male", "visitors_female"]
#: The model each record type is kept in (visitors: the monthly report; scores: the library's SIM score).
MODELS = {
    v.RecordType.PELIBATAN: Activity,
    v.RecordType.ADVOKASI: Activity,
    v.RecordType.PUBLIKASI: Activity,
    v.RecordType.PENINGKATAN: ServiceSnapshot,
    v.RecordType.REPLIKASI: Replication,
    v.RecordType.PENGUNJUNG: MonthlyReport,
    v.RecordType.IKU: SimScore,
}
KEYED = {v.RecordType.PELIBATAN, v.RecordType.ADVOKASI, v.RecordType.PUBLIKASI, v.RecordType.PENINGKATAN}
KEYED_MODELS = (Activity, ServiceSnapshot, Replication)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class Plan:
    counts: dict[str, Counts] = field(default_factory=lambda: {kind: Counts() for kind in v.RecordType.values})
    problems: list[Problem] = field(default_factory=list)
    unplaced: list[Unplaced] = field(default_factory=list)
    left_out: int = 0
    notes: list[str] = field(default_factory=list)
    new_libraries: list[Known] = field(default_factory=list)
    new_cohorts: list[tuple[Known, int]] = field(default_factory=list)
    #: record type -> records to create; -> [(record, existing pk, changed fields)]
    creates: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    updates: dict[str, list[tuple[Record, int, list[str]]]] = field(default_factory=lambda: defaultdict(list))
    choices_used: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unplaced

    @property
    def changes(self) -> int:
        return sum(c.created + c.updated for c in self.counts.values()) + len(self.new_libraries)

    def rows(self) -> list[tuple[str, str, Counts]]:
        """(type, its label, its counts) for every type the files held."""
        return [(kind, str(v.RecordType(kind).label), c) for kind, c in self.counts.items() if c.total]


def sim_key(kind: str, owner, identity: tuple, occurrence: int) -> str:
    raw = "|".join([kind, str(owner), *identity, str(occurrence)])
    return hashlib.sha256(raw.encode()).hexdigest()


def owner_of(record: Record):
    """A record's owner in its key: its library's id, or a programme's regency (or province) code."""
    if record.library is not None:
        return record.library.pk
    return record.regency_code or record.province_code


def assign_keys(records: list[Record]) -> None:
    """Every keyed record's ``sim_key`` (records of libraries the import creates: once these have ids)."""
    seen: Counter = Counter()
    for record in records:
        if record.kind in KEYED or record.kind == v.RecordType.REPLIKASI:
            token = (record.kind, id(record.library) if record.library is not None else owner_of(record))
            seen[(token, record.identity)] += 1
            record.occurrence = seen[(token, record.identity)]
            owner = owner_of(record)
            record.sim_key = None if owner is None else sim_key(record.kind, owner, record.identity, record.occurrence)


def build(files: list[SimFile], area: Area, choices: list[Choice] | None = None) -> Plan:
    """Read, check, place and compare: the plan of an import, with every problem found. Writes nothing."""
    plan = Plan()
    records, plan.problems = parse(files)
    records = place_regions(records, area, plan.problems)
    placer = Placer({r.regency_code for r in records if r.regency_code})
    records, plan.unplaced, plan.left_out, plan.choices_used = placer.place(records, choices or [], plan.problems)
    plan.new_libraries = list(placer.planned.values())
    _duplicates(records, plan.problems)
    if plan.problems:
        return plan
    assign_keys(records)
    _cohorts(records, plan)
    by_kind = defaultdict(list)
    for record in records:
        by_kind[record.kind].append(record)
    for kind, rows in by_kind.items():
        if kind == v.RecordType.PENGUNJUNG:
            _compare_reports(rows, plan)
        elif kind == v.RecordType.IKU:
            _compare_scores(rows, plan)
        else:
            _compare_keyed(kind, rows, plan)
    return plan


def _duplicates(records: list[Record], problems: list[Problem]) -> None:
    """One monthly report per library and month, one score per library: a second row for either is a problem."""
    first: dict[tuple, Record] = {}
    for record in records:
        if record.kind == v.RecordType.PENGUNJUNG:
            token = (record.kind, id(record.library), record.values["period"])
        elif record.kind == v.RecordType.IKU:
            token = (record.kind, id(record.library))
        else:
            continue
        earlier = first.setdefault(token, record)
        if earlier is not record:
            problems.append(
                Problem(
                    record.file,
                    record.row,
                    "perpus_nama" if record.kind == v.RecordType.PENGUNJUNG else "nama_perpustakaan",
                    str(
                        _("%(library)s is already in %(file)s, row %(row)s")
                        % {"library": record.library.name, "file": earlier.file, "row": earlier.row}
                    ),
                )
            )


def _cohorts(records: list[Record], plan: Plan) -> None:
    """Cohorts a ``B24 …`` name tells of that the library does not have yet (one query)."""
    wanted = {}
    for record in records:
        year = cohort_year(record.location.name) if record.location else None
        if year:
            wanted[(id(record.library), year)] = (record.library, year)
    existing_pks = sorted({known.pk for known, _year in wanted.values() if known.pk})
    have = set()
    for chunk in chunks(existing_pks):
        have.update(Cohort.objects.filter(library_id__in=chunk).values_list("library_id", "year"))
    plan.new_cohorts = [(known, year) for known, year in wanted.values() if (known.pk, year) not in have]


def chunks(items: list, size: int = CHUNK):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _keys_in(chunk: list[str]):
    """``sim_key IN chunk``; on PostgreSQL as one array parameter (thousands of parameters cost seconds)."""
    if connection.vendor == "postgresql":
        return Q(sim_key__in=RawSQL("SELECT unnest(%s::varchar[])", [chunk]))
    return Q(sim_key__in=chunk)


def _existing(model, keys: list[str], fields: list[str]) -> dict[str, dict]:
    rows = {}
    for chunk in chunks(keys):
        for row in model._base_manager.filter(_keys_in(chunk)).values("pk", "sim_key", "verification", *fields):
            rows[row["sim_key"]] = row
    return rows


def _compare_keyed(kind: str, rows: list[Record], plan: Plan) -> None:
    model = MODELS[kind]
    fields = ACTIVITY_FIELDS.get(kind) or (SNAPSHOT_FIELDS if kind == v.RecordType.PENINGKATAN else REPLICATION_FIELDS)
    keys = [r.sim_key for r in rows if r.sim_key]
    existing = _existing(model, keys, fields)
    links = defaultdict(list)
    if kind in ACTIVITY_FIELDS and existing:
        pks = sorted(row["pk"] for row in existing.values())
        for chunk in chunks(pks):
            for activity, url in AttachmentLink.objects.filter(activity_id__in=chunk).values_list("activity_id", "url"):
                links[activity].append(url)
    counts = plan.counts[kind]
    for record in rows:
        if kind == v.RecordType.REPLIKASI:
            record.values.update(province_id=record.province_code, regency_id=record.regency_code)
        found = existing.get(record.sim_key) if record.sim_key else None
        if found is None:
            plan.creates[kind].append(record)
            counts.created += 1
            continue
        changed = [name for name in fields if found[name] != record.values[name]]
        if record.values["verification"] == Verification.VERIFIED and found["verification"] != Verification.VERIFIED:
            changed.append("verification")
        if kind in ACTIVITY_FIELDS and sorted(links.get(found["pk"], [])) != sorted(record.attachments):
            changed.append("attachments")
        if changed:
            plan.updates[kind].append((record, found["pk"], changed))
            counts.updated += 1
        else:
            counts.unchanged += 1


def _compare_reports(rows: list[Record], plan: Plan) -> None:
    """Visitors fill the month's report: SIM's own reports follow SIM; one entered in the portal is kept.

    A report entered in the portal gets SIM's split by sex when its total is SIM's and it has none yet;
    when the totals differ, the portal's report stands and the difference is noted.
    """
    pks = sorted({r.library.pk for r in rows if r.library.pk})
    periods = sorted({r.values["period"] for r in rows})
    existing = {}
    for chunk in chunks(pks):
        for report in MonthlyReport.objects.filter(library_id__in=chunk, period__in=periods).values(
            "pk", "library_id", "period", "source", *REPORT_FIELDS
        ):
            existing[(report["library_id"], report["period"])] = report
    counts = plan.counts[v.RecordType.PENGUNJUNG]
    for record in rows:
        found = existing.get((record.library.pk, record.values["period"]))
        if found is None:
            plan.creates[record.kind].append(record)
            counts.created += 1
            continue
        changed = [name for name in REPORT_FIELDS if found[name] != record.values[name]]
        if changed and found["source"] != RecordSource.SIM:
            fills_split = found["visitors"] == record.values["visitors"] and found["visitors_male"] is None
            if not fills_split:
                plan.notes.append(
                    str(
                        _(
                            "%(library)s, %(month)s: the report entered in the portal (%(portal)s visitors) is kept; "
                            "SIM TPBIS says %(sim)s."
                        )
                        % {
                            "library": record.library.name,
                            "month": f"{record.values['period']:%m/%Y}",
                            "portal": found["visitors"],
                            "sim": record.values["visitors"],
                        }
                    )
                )
                changed = []
        if changed:
            plan.updates[record.kind].append((record, found["pk"], REPORT_FIELDS))
            counts.updated += 1
        else:
            counts.unchanged += 1


def _compare_scores(rows: list[Record], plan: Plan) -> None:
    pks = sorted({r.library.pk for r in rows if r.library.pk})
    existing = {}
    for chunk in chunks(pks):
        existing.update(
            {
                row["library_id"]: row
                for row in SimScore.objects.filter(library_id__in=chunk).values("pk", "library_id", "score")
            }
        )
    counts = plan.counts[v.RecordType.IKU]
    for record in rows:
        found = existing.get(record.library.pk)
        if found is None:
            plan.creates[record.kind].append(record)
            counts.created += 1
        elif found["score"] != record.values["score"]:
            plan.updates[record.kind].append((record, found["pk"], ["score", "as_of"]))
            counts.updated += 1
        else:
            counts.unchanged += 1
