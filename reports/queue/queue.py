"""The records waiting for a user's verification (or returned to their library), oldest first, in few queries.

Every kind's records in the user's area are one ``UNION ALL``: the database orders and cuts the page whatever the
number of records; the page's records are then read kind by kind (at most one query per kind on the page), and
the counts per kind and per library are one grouped query. Nothing grows with the queue but the rows read.

Order: the day a record was entered (SIM's ``tanggal_input`` for imported records; a monthly report's first
submission), then the time it reached the portal, the kind and the id: the same order on every page and on the
record page's "next".
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import cached_property

from activities.models import Flag
from libraries.models import Library

from .kinds import KINDS, LOADERS, RECORD_KINDS, RETURNED, WAITING, Kind, kind_of

ORDER = ("q_entered", "q_created", "q_kind", "q_id")
#: The returned list: the latest returned first.
LATEST_FIRST = ("-q_changed", "-q_id")
#: What the union selects: each record's kind and id, and what orders them.
KEY_COLUMNS = ("q_kind", "q_id", "q_entered", "q_created", "q_changed")


@dataclass(frozen=True)
class Filters:
    """What the queue is narrowed to: kinds (all by default), a province, a regency, a library."""

    kinds: tuple[str, ...] = tuple(KINDS)
    province: str | None = None
    regency: str | None = None
    library: int | None = None

    def query(self) -> dict:
        """The filters as the page's query string (``type``, ``province``, ``regency``, ``library``)."""
        query = {}
        if len(self.kinds) == 1:
            query["type"] = self.kinds[0]
        for name in ("province", "regency", "library"):
            if getattr(self, name) is not None:
                query[name] = getattr(self, name)
        return query


@dataclass
class Row:
    """One record of the queue, with what its row shows."""

    kind: Kind
    record: object
    can_verify: bool = False
    #: The record's page in the queue, with the queue's filters (walking on keeps them).
    link: str = ""
    #: The open evidence flags of the record (``evidence``), shown before anything else.
    flags: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.kind.slug}:{self.record.pk}"

    @property
    def library(self):
        return getattr(self.record, "library", None)

    @property
    def place(self) -> str:
        if self.library is not None:
            return self.library.name
        return str(self.record.regency or self.record.province)

    @property
    def title(self) -> str:
        return self.kind.title(self.record)

    @property
    def date(self):
        return self.kind.date_of(self.record)

    @property
    def date_text(self) -> str:
        value, precision = self.date, self.kind.date_precision
        if value is None:
            return ""
        if precision == "year":
            return str(value)
        return date_format(value, "F Y" if precision == "month" else "j M Y")

    @cached_property
    def figures(self):
        return self.kind.figures(self.record)

    @property
    def evidence(self) -> int | None:
        return self.kind.evidence(self.record)

    @property
    def entered_on(self):
        return self.kind.entered_on(self.record)

    @property
    def entered_by(self) -> str:
        user = self.record.created_by
        if user is not None:
            return user.display_name
        return str(self.record.get_source_display())

    @property
    def comment(self) -> str:
        return self.kind.comment(self.record)

    @property
    def state(self) -> str:
        return self.kind.state(self.record)

    @property
    def correct_url(self) -> str | None:
        return self.kind.correct_url(self.record)


@dataclass
class Counts:
    """How many records wait, by kind and by library (``None``: a regional programme), within the filters."""

    by_kind: Counter = field(default_factory=Counter)
    by_library: Counter = field(default_factory=Counter)
    total: int = 0
    libraries: list[tuple[int, str, int]] = field(default_factory=list)  # (id, name, count), most first


class Queue:
    """The records in one state (waiting, by default) in ``user``'s area, narrowed by ``filters``."""

    def __init__(self, user, filters: Filters | None = None, state: str = WAITING):
        self.user = user
        self.filters = filters or Filters()
        self.state = state
        self.order = LATEST_FIRST if state == RETURNED else ORDER

    def parts(self, kinds=None, place: bool = True) -> list:
        """Each kind's records in the area, state and filters, with the queue's columns."""
        parts = []
        for slug in kinds if kinds is not None else self.filters.kinds:
            kind = KINDS[slug]
            queryset = kind.in_area(self.user).filter(kind.state_q(self.state))
            if place:
                where = kind.place_q(self.filters.province, self.filters.regency, self.filters.library)
                if where is None:
                    continue
                queryset = queryset.filter(where)
            parts.append((kind, queryset.annotate(**kind.columns())))
        return parts

    def _union(self, parts, columns):
        querysets = [queryset.values_list(*columns) for _kind, queryset in parts]
        if not querysets:
            return None
        return querysets[0].union(*querysets[1:], all=True) if len(querysets) > 1 else querysets[0]

    def ids(self, start: int = 0, stop: int | None = None) -> list[tuple[str, int]]:
        """``(kind, id)`` of the records from ``start`` to ``stop`` in the queue's order (one query)."""
        if stop is not None and stop <= start:
            return []
        union = self._union(self.parts(), KEY_COLUMNS)
        if union is None:
            return []
        return [(row[0], row[1]) for row in union.order_by(*self.order)[start:stop]]

    def rows(self, keys) -> list[Row]:
        """The records of ``keys``, in that order: one query per table among them (the kinds of the activities
        table, engagement, advocacy and publications, are read together)."""
        wanted: dict[type, list[int]] = {}
        for slug, pk in keys:
            wanted.setdefault(KINDS[slug].model, []).append(pk)
        loaded = {model: LOADERS[model].load(pks) for model, pks in wanted.items()}
        flags = open_flags(wanted)
        query = urlencode(self.filters.query())
        rows = []
        for slug, pk in keys:
            kind = KINDS[slug]
            record = loaded[kind.model].get(pk)
            if record is not None:  # gone since the keys were read
                link = reverse("reports:queue_record", args=[slug, pk]) + (f"?{query}" if query else "")
                row = Row(kind, record, can_verify=kind.can_verify(self.user, record), link=link)
                row.flags = flags.get((kind.model._meta.concrete_model, pk), [])
                rows.append(row)
        return rows

    def page(self, start: int = 0, stop: int | None = None) -> list[Row]:
        return self.rows(self.ids(start, stop))

    def counts(self) -> Counts:
        """Waiting records by kind and by library (the kind and library filters left out), in two queries."""
        filters = self.filters
        parts = [
            (kind, queryset.filter(kind.place_q(filters.province, filters.regency)))
            for kind, queryset in self.parts(kinds=tuple(KINDS), place=False)
        ]
        grouped = [
            queryset.values("q_kind", "q_library").annotate(n=Count("pk")).values_list("q_kind", "q_library", "n")
            for _kind, queryset in parts
        ]
        counts = Counts()
        for slug, library, n in grouped[0].union(*grouped[1:], all=True):
            counts.by_kind[slug] += n
            counts.by_library[library] += n
            if slug in filters.kinds and (filters.library is None or library == filters.library):
                counts.total += n
        ids = [library for library in counts.by_library if library is not None]
        names = dict(Library.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
        counts.libraries = sorted(
            ((pk, names.get(pk, ""), counts.by_library[pk]) for pk in ids), key=lambda item: (-item[2], item[1])
        )
        return counts

    def count(self) -> int:
        union = self._union(self.parts(), ("q_kind", "q_id"))
        return 0 if union is None else union.count()

    def after(self, kind: Kind, record) -> tuple[str, int] | None:
        """The waiting record that comes after ``record`` (wrapping round to the first), other than itself."""
        position = self._position(kind, record)
        parts = self.parts()
        if position is not None:
            later = [(other, queryset.filter(self._after_q(other, position))) for other, queryset in parts]
            found = self._first(later)
            if found is not None:
                return found
        return self._first([(other, qs.exclude(pk=record.pk) if other is kind else qs) for other, qs in parts])

    def _first(self, parts) -> tuple[str, int] | None:
        union = self._union(parts, KEY_COLUMNS)
        first = list(union.order_by(*ORDER)[:1]) if union is not None else []
        return (first[0][0], first[0][1]) if first else None

    def _position(self, kind: Kind, record) -> tuple | None:
        found = kind.manager().filter(pk=record.pk).annotate(**kind.columns()).values_list("q_entered", "q_created")
        found = found.first()
        return None if found is None or None in found else (*found, kind.slug, record.pk)

    @staticmethod
    def _after_q(other: Kind, position) -> Q:
        """Records of ``other`` after ``position`` in the queue's order (entered, created, kind, id)."""
        entered, created, slug, pk = position
        same_time = Q(q_entered=entered, q_created=created)
        later = Q(q_entered__gt=entered) | Q(q_entered=entered, q_created__gt=created)
        if other.slug > slug:
            later |= same_time
        elif other.slug == slug:
            later |= same_time & Q(pk__gt=pk)
        return later


def open_flags(wanted: dict[type, list[int]]) -> dict[tuple[type, int], list]:
    """The open flags of these records (by model), in one query whatever their number."""
    types = {
        ContentType.objects.get_for_model(model, for_concrete_model=True).pk: model._meta.concrete_model
        for model in wanted
        if hasattr(model, "evidence_flags")
    }
    if not types:
        return {}
    where = Q()
    for type_id, model in types.items():
        pks = [pk for wanted_model, ids in wanted.items() if wanted_model._meta.concrete_model is model for pk in ids]
        where |= Q(content_type_id=type_id, object_id__in=pks)
    found: dict[tuple[type, int], list] = {}
    for flag in Flag.objects.open().filter(where):
        found.setdefault((types[flag.content_type_id], flag.object_id), []).append(flag)
    return found


class Keys:
    """A queue's keys as a paginator wants them: counted (the count is known already) and sliced."""

    def __init__(self, queue: Queue, total: int):
        self.queue, self.total = queue, total

    def count(self) -> int:
        return self.total

    def __getitem__(self, item: slice):
        return self.queue.ids(item.start or 0, item.stop)


def load_record(user, slug: str, pk: int):
    """A record of kind ``slug`` in ``user``'s area, in any state, with its place; ``None`` if there is none."""
    kind = kind_of(slug)
    if kind is None:
        return None, None
    return kind, kind.in_area(user).select_related(*kind.detail_related).filter(pk=pk).first()


def returned_to(user, limit: int) -> list[Row]:
    """The records most recently returned to ``user``'s libraries (monthly reports have their own reminder)."""
    return Queue(user, Filters(kinds=RECORD_KINDS), state=RETURNED).page(0, limit)
