"""The one scoping rule, role by role."""

import pytest
from django.db import IntegrityError

from accounts.models import RoleAssignment, User
from foundation.scope import CHANGE, Role, scope_for
from libraries.models import Library, Province, Regency, Village

from ..conftest import LIBRARIAN


def visible(username, model=Library, action="view"):
    return model.objects.restrict(User.objects.get(username=username), action)


def test_admin_and_consultant_see_everything(db):
    total = Library.objects.count()
    assert visible("admin").count() == total
    assert visible("konsultan").count() == total


def test_consultant_changes_nothing(db):
    assert visible("konsultan", action=CHANGE).count() == 0
    assert scope_for(User.objects.get(username="konsultan")).read_only


def test_consultant_for_a_set_of_provinces(db):
    user = User.objects.create(username="konsultan.timur")
    RoleAssignment.objects.create(user=user, role=Role.CONSULTANT, province_id="51")
    RoleAssignment.objects.create(user=user, role=Role.CONSULTANT, province_id="52")
    provinces = set(Library.objects.restrict(user).values_list("province_id", flat=True))
    assert provinces == {"51", "52"}


def test_province_staff_see_their_province(db):
    assert set(visible("dkpus.babel").values_list("province_id", flat=True)) == {"19"}
    assert visible("dkpus.babel", action=CHANGE).count() == visible("dkpus.babel").count()


def test_regency_staff_see_their_regency(db):
    libraries = visible("dispus.bangka")
    assert set(libraries.values_list("regency_id", flat=True)) == {"19.01"}
    assert libraries.count() == 12  # 11 village libraries and the regency library


def test_librarian_sees_own_library_and_cannot_edit_registry(db):
    assert visible(LIBRARIAN).count() == 1
    assert visible(LIBRARIAN, action=CHANGE).count() == 0


def test_user_without_role_sees_nothing(db):
    user = User.objects.create(username="tanpa.peran")
    assert Library.objects.restrict(user).count() == 0


def test_inactive_user_sees_nothing(db):
    user = User.objects.get(username="dkpus.babel")
    user.is_active = False
    assert Library.objects.restrict(user).count() == 0


def test_geography_dropdowns_follow_scope(db):
    assert list(visible("dkpus.babel", Province).values_list("code", flat=True)) == ["19"]
    assert list(visible("dispus.bangka", Regency).values_list("code", flat=True)) == ["19.01"]
    assert not visible("dkpus.babel", Village).exclude(regency__province_id="19").exists()
    assert visible("dkpus.babel", Village).exists()
    assert visible("admin", Province).count() == Province.objects.count()


def test_role_assignment_target_must_match_role(db):
    user = User.objects.create(username="salah")
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.PROVINCE_STAFF, regency_id="19.01")
