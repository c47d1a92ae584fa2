"""SIM TPBIS files read into rows: JSON as SIM's API gives it, and XLSX or CSV with the same column names.

A file's record type is recognised by its fields (``vocabulary.SIGNATURES``), never by its name. Whatever
is wrong with a file as a whole (not JSON, not UTF-8, a damaged workbook, no rows, too many rows, fields
of no record type) is a ``FileProblem`` in the user's language; what is wrong with one row is left to the
parsing, which names the row and the field.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from foundation.spreadsheets import Column, FileError, read_table

from .vocabulary import FIELDS, LIST_FIELDS, OPTIONAL, SIGNATURES, RecordType

#: Rows one file may hold (the same as every other import of the portal), and the longest value of a cell.
MAX_ROWS = 50_000
MAX_CELL = 2_000
EXTENSIONS = (".json", ".xlsx", ".csv")
ALL_FIELDS = sorted({name for fields in FIELDS.values() for name in fields})


class FileProblem(Exception):
    """A file that cannot be read as a SIM TPBIS export; the message says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class SimFile:
    """One file's rows: ``(row number as the user finds it, {SIM field: value})``."""

    name: str
    kind: str
    rows: list[tuple[int, dict]]

    @property
    def label(self) -> str:
        return str(RecordType(self.kind).label)


def read(name: str, data: bytes) -> SimFile:
    """The rows of one file (``name`` as the user knows it; its extension says how to read it)."""
    lower = name.lower()
    if not lower.endswith(EXTENSIONS):
        raise FileProblem(_("Give SIM TPBIS files as JSON, XLSX or CSV."))
    if not data:
        raise FileProblem(_("The file is empty."))
    if lower.endswith(".json"):
        rows, fields = _json_rows(data)
    else:
        rows, fields = _table_rows(name, data)
    if not rows:
        raise FileProblem(_("The file holds no records."))
    if len(rows) > MAX_ROWS:
        raise FileProblem(_("The file has more than %(max)s records: split it.") % {"max": f"{MAX_ROWS:,}"})
    kind = recognise(fields)
    return SimFile(name, kind, rows)


def recognise(fields: set[str]) -> str:
    """The record type whose fields these are; a ``FileProblem`` naming what is missing otherwise."""
    kinds = [kind for kind, signature in SIGNATURES.items() if signature <= fields]
    if len(kinds) != 1:
        known = "; ".join(f"{kind}: {', '.join(sorted(SIGNATURES[kind]))}" for kind in RecordType.values)
        raise FileProblem(
            _("The fields of this file are not those of one SIM TPBIS record type (%(known)s).") % {"known": known}
        )
    kind = kinds[0]
    missing = [name for name in FIELDS[kind] if name not in fields and name not in OPTIONAL[kind]]
    if missing:
        raise FileProblem(
            _("These fields of %(type)s are missing: %(fields)s.")
            % {"type": RecordType(kind).label, "fields": ", ".join(missing)}
        )
    return kind


def _json_rows(data: bytes) -> tuple[list[tuple[int, dict]], set[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileProblem(_("The file is not UTF-8 text: save it again as UTF-8.")) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileProblem(
            _("The file is not valid JSON (line %(line)s, column %(column)s): %(reason)s.")
            % {"line": exc.lineno, "column": exc.colno, "reason": exc.msg}
        ) from None
    except RecursionError:
        raise FileProblem(_("The file is not a SIM TPBIS export: it is nested too deeply.")) from None
    if isinstance(document, dict):
        if document.get("status") is False:
            raise FileProblem(_("SIM TPBIS answered with an error (status false) instead of records."))
        records = document.get("data")
    else:
        records = document
    if not isinstance(records, list):
        raise FileProblem(_('The file is not a SIM TPBIS export: expected {"status": true, "data": [ … ]}.'))
    rows, fields = [], set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            raise FileProblem(_("Record %(row)s is not an object of fields.") % {"row": number})
        fields.update(str(name) for name in record)
        rows.append((number, record))
        if len(rows) > MAX_ROWS:
            break
    return rows, fields


def _table_rows(name: str, data: bytes) -> tuple[list[tuple[int, dict]], set[str]]:
    upload = ContentFile(data, name=name)
    columns = [Column(field, field) for field in ALL_FIELDS]
    try:
        rows = read_table(upload, columns)
    except FileError as exc:
        raise FileProblem(str(exc)) from None
    except csv.Error as exc:
        raise FileProblem(_("The CSV file cannot be read: %(reason)s.") % {"reason": exc}) from None
    except Exception:
        if name.lower().endswith(".csv"):
            raise FileProblem(_("The CSV file cannot be read.")) from None
        raise FileProblem(_("The file is not a readable XLSX workbook.")) from None
    fields: set[str] = set()
    for _number, values in rows:
        fields.update(values)
    return rows, fields


def list_value(kind: str, field: str, value):
    """A list field's items: a JSON list as it is, a spreadsheet's comma-separated text split."""
    if (kind, field) not in LIST_FIELDS or value is None or isinstance(value, list):
        return value
    return [item.strip() for item in str(value).split(",") if item.strip()]
