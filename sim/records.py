"""What a SIM TPBIS row becomes once read: a record of the portal's values, or a problem naming where it is."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    field: str
    message: str
    value: str = ""

    def __str__(self) -> str:
        if not self.row:
            return gettext("%(file)s: %(message)s") % {"file": self.file, "message": self.message}
        return gettext("%(file)s, row %(row)s, %(field)s: %(message)s") % {
            "file": self.file,
            "row": self.row,
            "field": self.field or "—",
            "message": self.message,
        }


@dataclass(frozen=True)
class Location:
    """A library as SIM names it. ``district`` is None where the file has no district (``iku``)."""

    name: str
    province: str
    regency: str
    district: str | None
    village: str

    @property
    def is_regency_library(self) -> bool:
        return not self.village


@dataclass(eq=False)
class Record:
    kind: str
    file: str
    row: int
    location: Location | None
    #: A replication programme's (province, regency/city or "" for a provincial one), as SIM names them.
    region: tuple[str, str] | None
    values: dict
    identity: tuple
    attachments: list[str] = field(default_factory=list)
    # Filled in by placing: the regency's code, and the library (an id, or one the import creates).
    province_code: str | None = None
    regency_code: str | None = None
    library: object = None
    # Filled in by the plan: the record's place among identical rows, and its key.
    occurrence: int = 0
    sim_key: str | None = None
