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
from .spreadsheets import Column, RowError, read_table


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
            rows.append([column.key, str(_("yes") if column.required else _("no")), f"{column.label}. {column.help}"])
        return rows
