"""Codes and usernames are ASCII: look-alikes in other scripts are refused."""

import pytest
from rest_framework.test import APIClient

from accounts.importing import AccountImport
from foundation.digits import as_id
from reports.models import CompileJob

from .accounts.test_account_import import babel_village_codes, csv_file
from .scoping import library_at

pytestmark = pytest.mark.django_db


def test_ids_are_ascii_digits():
    assert as_id("42") == 42
    for text in ["\u0661\u0669", "\u00b2", "4 2", "-1", "", None, "9" * 19, "\uff14\uff12"]:
        assert as_id(text) is None, text


# 19 in Arabic-Indic digits, a superscript 2, 19.01 in Arabic-Indic digits
@pytest.mark.parametrize("code", ["\u0661\u0669", "\u00b2", "\u0661\u0669.\u0660\u0661"])
@pytest.mark.parametrize("scope", ["library", "province", "regency"])
def test_compiling_refuses_codes_in_other_digits(user, scope, code):
    api = APIClient()
    api.force_authenticate(user("admin"))
    response = api.post("/api/v1/progress-reports/compile/", {"period": "2021-08", "scope": scope, "code": code})
    assert response.status_code == 400
    assert "code" in response.json()
    assert not CompileJob.objects.exists()


def test_a_library_is_compiled_under_its_ascii_id(user):
    api = APIClient()
    api.force_authenticate(user("admin"))
    library = library_at("own_village")
    response = api.post(
        "/api/v1/progress-reports/compile/", {"period": "2021-08", "scope": "library", "code": str(library.pk)}
    )
    assert response.status_code == 202
    assert CompileJob.objects.get(pk=response.json()["job"]).code == str(library.pk)


FULL_WIDTH_DKPUS_BABEL = "".join(chr(ord(c) + 0xFEE0) if c != "." else c for c in "dkpus.babel")


def test_imported_usernames_are_ascii_and_look_alikes_are_refused(user):
    code = babel_village_codes(1)[0]
    rows = [
        ["\u0430dmin.babel", "", "", "", "librarian", code],  # 2: a Cyrillic a
        [
            "".join(chr(ord(c) + 0xFEE0) if c != "." else c for c in "dkpus.babel"),
            "",
            "",
            "",
            "librarian",
            code,
        ],  # 3: full width: dkpus.babel, taken
        ["pustakawan.\u03b6", "", "", "", "librarian", code],  # 4: Greek
    ]
    importer = AccountImport(user("admin"))
    result = importer.validate(importer.read(csv_file(rows)))
    assert {(e.row, e.column) for e in result.errors} == {(2, "username"), (3, "username"), (4, "username")}
    taken = next(e for e in result.errors if e.row == 3)
    assert taken.value == "dkpus.babel" and "sudah dipakai" in str(taken)  # folded to the taken name
