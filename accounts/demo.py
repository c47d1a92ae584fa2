"""Demo accounts named in the interface contract, all with the documented password."""

from functools import cache

from django.contrib.auth.hashers import make_password
from django.utils.text import slugify

from foundation.scope import Role
from libraries.choices import LibraryLevel
from libraries.models import Library

from .models import RoleAssignment, User

DEMO_PASSWORD = "TpbisDemo#2021"

STAFF_ACCOUNTS = [
    # username, first name, last name, role, province, regency
    ("konsultan", "Konsultan", "Nasional", Role.CONSULTANT, None, None),
    ("dkpus.babel", "DKPUS", "Babel", Role.PROVINCE_STAFF, "19", None),
    ("dkpus.bali", "DKPUS", "Bali", Role.PROVINCE_STAFF, "51", None),
    ("dkpus.ntb", "DKPUS", "NTB", Role.PROVINCE_STAFF, "52", None),
    ("dispus.bangka", "Dispus", "Bangka", Role.REGENCY_STAFF, None, "19.01"),
]


@cache
def _demo_password_hash() -> str:
    """Hashed once: every demo account shares the documented password, and hashing is slow by design."""
    return make_password(DEMO_PASSWORD)


def _user(username: str, first_name: str, last_name: str, **extra) -> User:
    user, _ = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "password": _demo_password_hash(), **extra},
    )
    return user


def librarian_username(library: Library, taken: set[str]) -> str:
    """``pustakawan.<village-slug>``, with the regency added when two villages share a name."""
    base = f"pustakawan.{slugify(library.village.name)}"
    if base in taken:
        base = f"{base}-{slugify(library.regency.name.removeprefix('Kabupaten ').removeprefix('Kota '))}"
    return base


def load() -> dict[str, int]:
    admin = _user("admin", "Admin", "Perpusnas", is_staff=True, is_superuser=True, email="admin@tpbis.localhost")
    RoleAssignment.objects.get_or_create(user=admin, role=Role.ADMIN)
    for username, first, last, role, province, regency in STAFF_ACCOUNTS:
        user = _user(username, first, last, email=f"{username}@tpbis.localhost")
        RoleAssignment.objects.get_or_create(user=user, role=role, province_id=province, regency_id=regency)

    taken: set[str] = set()
    librarians = 0
    villages = Library.objects.filter(level=LibraryLevel.VILLAGE).select_related("village", "regency").order_by("pk")
    for library in villages:
        username = librarian_username(library, taken)
        taken.add(username)
        user = _user(username, "Pengelola", library.village.name, email=f"{username}@tpbis.localhost")
        RoleAssignment.objects.get_or_create(user=user, role=Role.LIBRARIAN, library=library)
        librarians += 1
    return {"staff": len(STAFF_ACCOUNTS) + 1, "librarians": librarians}
