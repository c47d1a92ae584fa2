from collections import Counter

from django.core.management import call_command

from accounts.demo import DEMO_PASSWORD
from accounts.models import RoleAssignment, User
from foundation.scope import Role
from libraries.models import Library


def test_babel_has_45_village_libraries_in_the_six_regencies(db):
    villages = Library.objects.filter(province_id="19", level="village").select_related("regency")
    by_regency = Counter(library.regency.name for library in villages)
    assert by_regency == {
        "Kabupaten Bangka": 11,
        "Kabupaten Belitung": 10,
        "Kabupaten Belitung Timur": 9,
        "Kabupaten Bangka Tengah": 5,
        "Kabupaten Bangka Selatan": 5,
        "Kabupaten Bangka Barat": 5,
    }
    for library in villages:
        assert library.village_id.startswith(library.regency_id + ".")
        assert library.village.kind == "desa"


def test_regency_and_provincial_libraries(db):
    assert Library.objects.filter(province_id="19", level="regency").count() == 6
    provinces = set(Library.objects.filter(level="province").values_list("province_id", flat=True))
    assert provinces == {"19", "51", "52", "61"}


def test_demo_accounts_have_the_documented_password_and_roles(db):
    expected = {
        "admin": Role.ADMIN,
        "konsultan": Role.CONSULTANT,
        "dkpus.babel": Role.PROVINCE_STAFF,
        "dkpus.bali": Role.PROVINCE_STAFF,
        "dkpus.ntb": Role.PROVINCE_STAFF,
        "dispus.bangka": Role.REGENCY_STAFF,
        "pustakawan.rebo": Role.LIBRARIAN,
    }
    for username, role in expected.items():
        user = User.objects.get(username=username)
        assert user.check_password(DEMO_PASSWORD), username
        assert RoleAssignment.objects.filter(user=user, role=role).exists(), username
    assert User.objects.get(username="admin").is_superuser
    assert RoleAssignment.objects.get(user__username="dkpus.babel").province_id == "19"
    assert RoleAssignment.objects.get(user__username="dispus.bangka").regency_id == "19.01"


def test_load_demo_is_idempotent(db):
    before = (Library.objects.count(), User.objects.count(), RoleAssignment.objects.count())
    call_command("load_demo", verbosity=0)
    assert (Library.objects.count(), User.objects.count(), RoleAssignment.objects.count()) == before
