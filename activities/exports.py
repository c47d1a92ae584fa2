"""The record lists as CSV or XLSX (``?export=csv|xlsx`` on each list): every filtered row, the API's field names.

Each export reads its rows in one query (the library and region come with them) and writes the values as the
API gives them (choice values, not labels), so that a spreadsheet can be compared with the API or SIM TPBIS.
"""

from collections.abc import Callable, Iterable

Row = list
Columns = list[tuple[str, Callable]]

PLACE: Columns = [
    ("library_id", lambda r: r.library_id),
    ("library", lambda r: r.library.name),
    ("regency", lambda r: r.library.regency_id or ""),
]
STATE: Columns = [
    ("verification", lambda r: r.verification),
    ("return_comment", lambda r: r.return_comment),
    ("entered_on", lambda r: r.entered_on),
    ("source", lambda r: r.source),
]


def _table(queryset, columns: Columns) -> tuple[list[str], Iterable[Row]]:
    keys = [key for key, _get in columns]
    return keys, ([get(record) for _key, get in columns] for record in queryset.iterator(chunk_size=2000))


def activity_export(queryset):
    return _table(
        queryset.select_related("library"),
        [
            ("id", lambda r: r.pk),
            *PLACE,
            ("date", lambda r: r.date),
            ("strategy", lambda r: r.strategy),
            ("title", lambda r: r.title),
            ("field", lambda r: r.field),
            ("kind", lambda r: r.event_kind),
            ("target_group", lambda r: r.target_group),
            ("participants", lambda r: r.participants),
            ("participants_male", lambda r: r.participants_male),
            ("participants_female", lambda r: r.participants_female),
            ("skill_area", lambda r: r.skill_area),
            ("partners", lambda r: r.partners),
            *STATE,
        ],
    )


def advocacy_export(queryset):
    return _table(
        queryset.select_related("library"),
        [
            ("id", lambda r: r.pk),
            *PLACE,
            ("date", lambda r: r.date),
            ("title", lambda r: r.title),
            ("targets", lambda r: ",".join(r.targets or [])),
            ("result", lambda r: r.result),
            ("regulation_kind", lambda r: r.regulation_kind),
            ("regulation_title", lambda r: r.regulation_title),
            ("amount", lambda r: r.amount),
            ("resource_persons", lambda r: r.resource_persons),
            ("goods", lambda r: r.goods),
            ("issued_on", lambda r: r.issued_on),
            *STATE,
        ],
    )


def publication_export(queryset):
    return _table(
        queryset.select_related("library"),
        [
            ("id", lambda r: r.pk),
            *PLACE,
            ("date", lambda r: r.date),
            ("title", lambda r: r.title),
            ("kind", lambda r: r.publication_kind),
            ("outlet", lambda r: r.media_outlet),
            ("link", lambda r: r.media_link),
            ("channel", lambda r: r.media_kind),
            *STATE,
        ],
    )


def snapshot_export(queryset):
    return _table(
        queryset.select_related("library"),
        [
            ("id", lambda r: r.pk),
            *PLACE,
            ("period", lambda r: f"{r.period:%Y-%m}"),
            ("books", lambda r: r.books),
            ("digital_books", lambda r: r.digital_books),
            ("computers", lambda r: r.computers),
            ("bandwidth_mbps", lambda r: r.bandwidth_mbps),
            *STATE,
        ],
    )


def replication_export(queryset):
    return _table(
        queryset,
        [
            ("id", lambda r: r.pk),
            ("province", lambda r: r.province_id),
            ("regency", lambda r: r.regency_id or ""),
            ("year", lambda r: r.year),
            ("funds", lambda r: r.funds),
            ("funding_source", lambda r: r.funding_source),
            ("funding_source_other", lambda r: r.funding_source_other),
            ("villages", lambda r: r.villages),
            *STATE,
        ],
    )
