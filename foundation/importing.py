"""What every spreadsheet import shares: the result, and cells parsed as people type them.

An importer (``libraries.importing.LibraryImport``, ``accounts.importing.AccountImport``) reads
rows with ``read``, checks them all in ``validate`` (every problem as a ``RowError`` naming row and
column) and saves only a result without errors; ``foundation.views.imports`` is its page.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from .fields import parse_rupiah
from .spreadsheets import (
    Column,
    RowError,
    add_dropdown,
    add_sheet,
    csv_response,
    new_workbook,
    read_table,
    workbook_bytes,
    xlsx_response,
)

#: Import templates are written in the portal's first language; the importer reads either language.
TEMPLATE_LANGUAGE = "id"
#: How many rows of a template offer the dropdowns.
TEMPLATE_ROWS = 2000
YES_NO = (("yes", _("yes")), ("no", _("no")))


@dataclass
class Reference:
    """A sheet of a template listing codes to choose from (e.g. the villages of the user's area).

    Its first column holds the codes; ``column`` names the import column whose dropdown offers them.
    """

    title: str
    headers: list
    rows: list
    column: str = ""


class Invalid(Exception):
    """A cell's value cannot be used; the message says why."""


@dataclass
class ImportResult:
    rows: int = 0
    objects: list = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.objects)


def choice_lookup(choices, *synonyms: tuple[str, str]) -> dict[str, str]:
    """Accepted spellings of a choice: its value and its labels in every language, any case."""
    lookup = {}
    for value, label in choices:
        lookup[str(value).lower()] = value
        for language in ("id", "en"):
            with translation.override(language):
                lookup[str(label).lower()] = value
    for spelling, value in synonyms:
        lookup[spelling.lower()] = value
    return lookup


class TableImport:
    """Parsing shared by every import: numbers, dates, choices and booleans as people type them."""

    columns: Sequence[Column] = ()

    def read(self, file) -> list[tuple[int, dict]]:
        return read_table(file, self.columns)

    @staticmethod
    def text(value) -> str:
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value).strip()

    @staticmethod
    def integer(value, minimum: int | None = 0, maximum: int | None = None) -> int | None:
        if value is None or value == "":
            return None
        try:
            number = parse_rupiah(value)
        except (ValueError, InvalidOperation):
            raise Invalid(_("not a whole number")) from None
        if number is None:
            return None
        number = int(number)
        if minimum is not None and number < minimum:
            raise Invalid(_("must be at least %(min)s") % {"min": minimum})
        if maximum is not None and number > maximum:
            raise Invalid(_("must be at most %(max)s") % {"max": maximum})
        return number

    @staticmethod
    def decimal(value, minimum, maximum, places: int) -> Decimal | None:
        if value is None or value == "":
            return None
        try:
            number = Decimal(str(value).strip().replace(",", "."))
        except InvalidOperation:
            raise Invalid(_("not a number")) from None
        if not number.is_finite() or not minimum <= number <= maximum:
            raise Invalid(_("must be between %(min)s and %(max)s") % {"min": minimum, "max": maximum})
        return number.quantize(Decimal(1).scaleb(-places))

    @staticmethod
    def date(value, past_only: bool = True) -> date | None:
        if value is None or value == "":
            return None
        if isinstance(value, datetime):
            parsed = value.date()
        elif isinstance(value, date):
            parsed = value
        else:
            parsed = None
            for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
                try:
                    parsed = datetime.strptime(str(value).strip(), pattern).date()
                    break
                except ValueError:
                    continue
            if parsed is None:
                raise Invalid(_("not a date (use YYYY-MM-DD or DD/MM/YYYY)"))
        if past_only and parsed > timezone.localdate():
            raise Invalid(_("in the future"))
        return parsed

    @staticmethod
    def choice(value, lookup: dict[str, str]) -> str:
        if value is None or value == "":
            return ""
        try:
            return lookup[str(value).strip().lower()]
        except KeyError:
            raise Invalid(_("unknown value; see the Guide sheet of the template")) from None

    @staticmethod
    def boolean(value, default: bool = True) -> bool:
        if value is None or value == "":
            return default
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in {"1", "yes", "ya", "y", "true", "aktif", "active"}:
            return True
        if text in {"0", "no", "tidak", "t", "n", "false", "nonaktif", "tidak aktif", "inactive"}:
            return False
        raise Invalid(_("use yes or no"))

    @staticmethod
    def email(value) -> str:
        text = TableImport.text(value)
        if text:
            try:
                validate_email(text)
            except ValidationError:
                raise Invalid(_("not an email address")) from None
        return text

    def guide(self) -> list[list[str]]:
        """The template's Guide sheet: each column, whether it is required, and what goes in it."""
        rows = [[str(_("Column")), str(_("Required")), str(_("What to enter"))]]
        for column in self.columns:
            rows.append([str(column.label), str(_("yes") if column.required else _("no")), str(column.help)])
        return rows

    def example_rows(self) -> list[list]:
        return []

    def template_lists(self) -> dict[str, list]:
        """The values each coded column's dropdown offers: its choices' labels (the importer reads them)."""
        return {c.key: [str(label) for _value, label in c.choices] for c in self.columns if c.choices}

    def reference_sheets(self) -> list[Reference]:
        """Sheets of codes the template adds, such as the villages of the user's area."""
        return []

    def template_examples(self) -> list[list]:
        """The example rows with every coded value written as its label, as the dropdowns offer it."""
        labels = [{str(v): str(label) for v, label in c.choices} for c in self.columns]
        return [
            [labels[i].get(str(value), value) if i < len(labels) else value for i, value in enumerate(row)]
            for row in self.example_rows()
        ]

    def template_response(self, filename: str, fmt: str):
        """The import template: the columns' names in Indonesian, an example, dropdowns, a guide, code lists."""
        with translation.override(TEMPLATE_LANGUAGE):
            headers = [str(c.label) for c in self.columns]
            if fmt == "csv":
                return csv_response(filename, headers, self.template_examples())
            workbook = new_workbook()
            data = add_sheet(workbook, _("Data"), headers, self.template_examples())
            add_sheet(workbook, _("Guide"), *_split(self.guide()))
            lists = self.template_lists()
            keys = [c.key for c in self.columns]
            if lists:
                sheet = add_sheet(workbook, _("Lists"), [str(self.columns[keys.index(k)].label) for k in lists], [])
                for index, (key, values) in enumerate(lists.items(), start=1):
                    for row, value in enumerate(values, start=2):
                        sheet.cell(row=row, column=index, value=value)
                    letter = sheet.cell(row=1, column=index).column_letter
                    source = f"'{sheet.title}'!${letter}$2:${letter}${max(len(values), 1) + 1}"
                    add_dropdown(data, keys.index(key) + 1, source, last_row=TEMPLATE_ROWS)
            for reference in self.reference_sheets():
                sheet = add_sheet(workbook, reference.title, reference.headers, reference.rows)
                if reference.column and reference.rows:
                    source = f"'{sheet.title}'!$A$2:$A${len(reference.rows) + 1}"
                    add_dropdown(data, keys.index(reference.column) + 1, source, last_row=TEMPLATE_ROWS)
            return xlsx_response(filename, workbook_bytes(workbook))


def _split(rows: list[list]) -> tuple[list, list[list]]:
    return rows[0], rows[1:]
