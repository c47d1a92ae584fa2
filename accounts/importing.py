"""Bulk creation of user accounts from CSV or XLSX, through the same path as library imports.

Each row is one person with one role over one place. Accounts are created without a password;
each person then gets a link to set their own (``accounts.onboarding``), so no password ever sits
in a spreadsheet.
"""

import unicodedata
from dataclasses import dataclass
from functools import cache

from django.contrib.auth.hashers import make_password
from django.contrib.auth.validators import ASCIIUsernameValidator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from foundation.digits import as_id
from foundation.importing import ImportResult, Invalid, TableImport, choice_lookup
from foundation.scope import CHANGE, NATIONAL, Place, Role, scope_for
from foundation.spreadsheets import Column, RowError
from libraries.choices import LibraryLevel
from libraries.importing import village_reference
from libraries.models import Library, Province, Regency

from .models import RoleAssignment, User

IMPORTABLE_ROLES = [Role.PROVINCE_STAFF, Role.REGENCY_STAFF, Role.LIBRARIAN, Role.CONSULTANT]


@cache
def roles() -> dict[str, str]:
    return choice_lookup(
        [(role.value, role.label) for role in IMPORTABLE_ROLES],
        ("dkpus", Role.PROVINCE_STAFF),
        ("staf provinsi", Role.PROVINCE_STAFF),
        ("dinas perpustakaan kabupaten", Role.REGENCY_STAFF),
        ("dispus", Role.REGENCY_STAFF),
        ("staf kabupaten", Role.REGENCY_STAFF),
        ("pengelola", Role.LIBRARIAN),
        ("pustakawan", Role.LIBRARIAN),
        ("konsultan", Role.CONSULTANT),
    )


@dataclass
class NewAccount:
    user: User
    assignment: RoleAssignment
    place: str


class AccountImport(TableImport):
    columns = [
        Column("username", _("Username"), True, _("letters, digits and . @ + - _ only, e.g. pustakawan.rebo")),
        Column("first_name", _("First name"), False, "", ("nama_depan", "nama")),
        Column("last_name", _("Last name"), False, "", ("nama_belakang",)),
        Column("email", _("Email"), False, _("the password-setting link is sent here when email is configured")),
        Column("phone", _("Phone"), False, "", ("telepon", "no_hp")),
        Column(
            "role",
            _("Role"),
            True,
            _("province_staff, regency_staff, librarian or consultant (or dkpus, dispus, pengelola, konsultan)"),
            ("peran",),
            tuple((role.value, role.label) for role in IMPORTABLE_ROLES),
        ),
        Column(
            "area_code",
            _("Area code"),
            False,
            _(
                "province code for provincial staff (19), regency/city code for regency staff (19.01), "
                "village code of the library for a librarian (19.01.01.2007); empty for a national consultant"
            ),
            ("kode_wilayah", "kode"),
        ),
        Column("library_id", _("Library ID"), False, _("instead of the village code, for a TBM or reading corner")),
    ]

    def __init__(self, user=None):
        self.user = user
        self.area = NATIONAL if user is None else scope_for(user).area(CHANGE, User)

    def validate(self, rows: list[tuple[int, dict]]) -> ImportResult:
        result = ImportResult(rows=len(rows))
        if self.area.is_empty:
            result.errors.append(RowError(0, "", str(_("You may not add accounts."))))
            return result
        usernames = {unicodedata.normalize("NFKC", self.text(r.get("username"))).lower() for _n, r in rows} - {""}
        taken = set(
            User.objects.annotate(lower=Lower("username")).filter(lower__in=usernames).values_list("lower", flat=True)
        )
        codes = {self.text(r.get("area_code")) for _n, r in rows} - {""}
        library_ids = {self.text(r.get("library_id")) for _n, r in rows} - {""}
        provinces = dict(Province.objects.values_list("code", "name"))
        regencies = {code: (p, name) for code, p, name in Regency.objects.values_list("code", "province_id", "name")}
        village_libraries = {
            library.village_id: library
            for library in Library.objects.filter(level=LibraryLevel.VILLAGE, village_id__in=codes).only(
                "pk", "name", "village_id", "regency_id", "province_id"
            )
        }
        libraries_by_id = {
            str(library.pk): library
            for library in Library.objects.filter(pk__in=[as_id(i) for i in library_ids if as_id(i)]).only(
                "pk", "name", "village_id", "regency_id", "province_id"
            )
        }
        seen: dict[str, int] = {}
        validator = ASCIIUsernameValidator()
        for number, row in rows:
            errors: list[RowError] = []
            # Look-alikes are refused: width and compatibility forms are folded (NFKC: a full-width "admin" is
            # "admin", then taken), and what is left must be ASCII ("admin" with a Cyrillic a is no username).
            username = unicodedata.normalize("NFKC", self.text(row.get("username")))
            if not username:
                errors.append(RowError(number, "username", str(_("missing required value"))))
            else:
                try:
                    validator(username)
                    if len(username) > 150:
                        raise ValidationError("")
                except ValidationError:
                    message = _("not a valid username: use the letters a-z, digits and . @ + - _ only")
                    errors.append(RowError(number, "username", str(message), username))
                if username.lower() in seen:
                    errors.append(
                        RowError(
                            number,
                            "username",
                            str(_("the same username is already in row %(row)s") % {"row": seen[username.lower()]}),
                            username,
                        )
                    )
                elif username.lower() in taken:
                    errors.append(RowError(number, "username", str(_("this username is already taken")), username))
                else:
                    seen[username.lower()] = number
            try:
                email = self.email(row.get("email"))
            except Invalid as exc:
                errors.append(RowError(number, "email", str(exc), self.text(row.get("email"))))
                email = ""
            try:
                role = self.choice(row.get("role"), roles())
                if not role:
                    errors.append(RowError(number, "role", str(_("missing required value"))))
            except Invalid as exc:
                errors.append(RowError(number, "role", str(exc), self.text(row.get("role"))))
                role = ""
            assignment = None
            if role:
                assignment = self._assignment(
                    number, row, role, provinces, regencies, village_libraries, libraries_by_id, errors
                )
            texts = {
                name: self.text(row.get(name))[: User._meta.get_field(name).max_length]
                for name in ("first_name", "last_name", "phone")
            }
            if errors:
                result.errors.extend(errors)
                continue
            user = User(username=username, email=email, password=make_password(None), **texts)
            result.objects.append(NewAccount(user, assignment, assignment.place_label))
            if len(result.preview) < 50:
                result.preview.append(
                    {
                        "row": number,
                        "username": username,
                        "name": f"{texts['first_name']} {texts['last_name']}".strip(),
                        "email": email,
                        "role": Role(role).label,
                        "place": assignment.place_label,
                    }
                )
        return result

    def _assignment(self, number, row, role, provinces, regencies, village_libraries, libraries_by_id, errors):
        code = self.text(row.get("area_code"))
        library_id = self.text(row.get("library_id"))
        missing = str(_("missing required value"))
        assignment = RoleAssignment(role=role)
        province = regency = None
        library = None
        if role == Role.PROVINCE_STAFF or (role == Role.CONSULTANT and code):
            if code not in provinces:
                errors.append(RowError(number, "area_code", str(_("unknown province code")) if code else missing, code))
                return None
            province = assignment.province_id = code
            assignment.place_label = provinces[code]
        elif role == Role.REGENCY_STAFF:
            if code not in regencies:
                errors.append(
                    RowError(number, "area_code", str(_("unknown regency/city code")) if code else missing, code)
                )
                return None
            regency = assignment.regency_id = code
            province = regencies[code][0]
            assignment.place_label = regencies[code][1]
        elif role == Role.LIBRARIAN:
            if library_id:
                library = libraries_by_id.get(library_id)
                if library is None:
                    errors.append(RowError(number, "library_id", str(_("unknown library")), library_id))
                    return None
            elif not code:
                errors.append(RowError(number, "area_code", missing))
                return None
            else:
                library = village_libraries.get(code)
                if library is None:
                    errors.append(RowError(number, "area_code", str(_("no village library registered here")), code))
                    return None
            assignment.library = library
            province, regency = library.province_id, library.regency_id
            assignment.place_label = library.name
        else:  # a national consultant
            if not self.area.national:
                errors.append(RowError(number, "role", str(_("only national administrators add national consultants"))))
                return None
            assignment.place_label = str(_("national"))
            return assignment
        if role == Role.CONSULTANT and not self.area.national:
            errors.append(RowError(number, "role", str(_("only national administrators add consultants"))))
            return None
        place = Place.of_library(library) if library is not None else Place.of_region(province, regency)
        if not self.area.covers(place):
            errors.append(RowError(number, "area_code", str(_("outside the area you may change")), code or library_id))
            return None
        return assignment

    def save(self, result: ImportResult, source: str) -> list[NewAccount]:
        if not result.ok:
            raise ValueError("only a result without errors can be saved")
        with transaction.atomic():
            users = User.objects.bulk_create([account.user for account in result.objects], batch_size=1000)
            for account, user in zip(result.objects, users, strict=True):
                account.assignment.user = user
            RoleAssignment.objects.bulk_create([a.assignment for a in result.objects], batch_size=1000)
        return result.objects

    def reference_sheets(self):
        return village_reference(self.user)

    def example_rows(self) -> list[list]:
        return [
            [
                "pustakawan.contoh",
                "Siti",
                "Aminah",
                "siti@example.org",
                "081234567890",
                "librarian",
                "19.01.01.2007",
                "",
            ],
            ["dispus.contoh", "Budi", "Santoso", "", "", "regency_staff", "19.01", ""],
        ]
