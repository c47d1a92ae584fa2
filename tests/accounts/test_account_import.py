"""Accounts in bulk: scoped list and detail, import with password-setting links, export."""

import csv
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.importing import AccountImport
from accounts.models import RoleAssignment, User
from foundation.scope import Role
from libraries.models import Library

from ..scoping import ROLES, STAFF, ScopedViewsCase

HEADER = ["username", "first_name", "last_name", "email", "role", "area_code"]


def csv_file(rows, header=HEADER, name="akun.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode())


def new_librarian(library, username=None) -> User:
    account = User.objects.create(username=username or f"pengelola.baru.{library.pk}", first_name="Baru")
    account.set_unusable_password()
    account.save()
    RoleAssignment.objects.create(user=account, role=Role.LIBRARIAN, library=library)
    return account


class TestUserScoping(ScopedViewsCase):
    def make(self, library):
        return new_librarian(library)

    def view_urls(self, obj):
        return [reverse("accounts:user_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("accounts:user_password_link", args=[obj.pk])]

    def list_url(self):
        return reverse("accounts:user_list")

    def listed(self, obj, content):
        return f'href="{reverse("accounts:user_detail", args=[obj.pk])}"' in content


@pytest.mark.parametrize("role", ROLES)
def test_account_import_page_is_for_staff(client_as, role):
    assert client_as(role).get(reverse("accounts:user_import")).status_code == (200 if role in STAFF else 403)


def babel_village_codes(count):
    return list(
        Library.objects.filter(province_id="19", level="village").order_by("pk").values_list("village_id", flat=True)
    )[:count]


def test_import_shows_links_when_email_is_not_configured_and_they_set_a_password(client_as, client, settings):
    settings.EMAIL_CONFIGURED = False
    codes = babel_village_codes(2)
    rows = [
        ["pengelola.satu", "Siti", "Aminah", "siti@example.org", "librarian", codes[0]],
        ["pengelola.dua", "Budi", "", "", "pengelola", codes[1]],
        ["dispus.belitung", "Dewi", "", "", "dispus", "19.02"],
    ]
    staff = client_as("dkpus.babel")
    url = reverse("accounts:user_import")
    preview = staff.post(url, {"file": csv_file(rows)})
    assert len(preview.context["result"].objects) == 3
    assert not User.objects.filter(username="pengelola.satu").exists()
    done = staff.post(url, {"token": preview.context["token"]})
    assert done.status_code == 200
    links = re.findall(r'value="(http://testserver/accounts/reset/[^"]+)"', done.content.decode())
    assert len(links) == 3 and not mail.outbox
    created = User.objects.get(username="pengelola.satu")
    assert not created.has_usable_password()
    assert created.role_assignments.get().library.village_id == codes[0]
    assert User.objects.get(username="dispus.belitung").role_assignments.get().regency_id == "19.02"

    # the person opens the link and chooses a password
    anonymous = client.__class__()
    response = anonymous.get(links[0], follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    password = "Perpustakaan#Desa2024"
    response = anonymous.post(form_url, {"new_password1": password, "new_password2": password})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.check_password(password)


def test_import_emails_links_when_email_is_configured(client_as, settings):
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    code = babel_village_codes(1)[0]
    rows = [["pengelola.surel", "Rina", "", "rina@example.org", "librarian", code]]
    staff = client_as("dkpus.babel")
    preview = staff.post(reverse("accounts:user_import"), {"file": csv_file(rows)})
    done = staff.post(reverse("accounts:user_import"), {"token": preview.context["token"]})
    assert [m.to for m in mail.outbox] == [["rina@example.org"]]
    assert "http://testserver/accounts/reset/" in mail.outbox[0].body
    assert "pengelola.surel" in mail.outbox[0].body
    assert done.context["invitations"][0].emailed


def test_each_bad_account_row_is_named(user):
    code = babel_village_codes(1)[0]
    bali_library = Library.objects.filter(province_id="51", level="village").first()
    rows = [
        ["ok.satu", "", "", "", "librarian", code],  # 2 fine
        ["dkpus.babel", "", "", "", "librarian", code],  # 3 username taken
        ["ok.satu", "", "", "", "librarian", code],  # 4 duplicate of row 2
        ["bukan valid!", "", "", "", "librarian", code],  # 5 bad username
        ["ok.tiga", "", "", "bukan-email", "librarian", code],  # 6 bad email
        ["ok.empat", "", "", "", "raja", code],  # 7 unknown role
        ["ok.lima", "", "", "", "librarian", bali_library.village_id],  # 8 outside scope
        ["ok.enam", "", "", "", "regency_staff", "19.99"],  # 9 unknown regency
        ["ok.tujuh", "", "", "", "consultant", ""],  # 10 consultants only nationally
        ["ok.delapan", "", "", "", "librarian", "19.01.01.2999"],  # 11 no library there
    ]
    importer = AccountImport(user("dkpus.babel"))
    result = importer.validate(importer.read(csv_file(rows)))
    found = {(e.row, e.column) for e in result.errors}
    assert found == {
        (3, "username"),
        (4, "username"),
        (5, "username"),
        (6, "email"),
        (7, "role"),
        (8, "area_code"),
        (9, "area_code"),
        (10, "role"),
        (11, "area_code"),
    }


def test_regency_staff_may_not_create_provincial_staff(user):
    importer = AccountImport(user("dispus.bangka"))
    result = importer.validate(importer.read(csv_file([["dkpus.baru", "", "", "", "province_staff", "19"]])))
    assert [(e.row, e.column) for e in result.errors] == [(2, "area_code")]


def test_password_link_only_for_accounts_without_a_password(client_as):
    client = client_as("dkpus.babel")
    librarian = User.objects.get(username="pustakawan.rebo")  # has the demo password
    detail = client.get(reverse("accounts:user_detail", args=[librarian.pk]))
    assert detail.context["can_change"] and not detail.context["can_invite"]
    assert client.post(reverse("accounts:user_password_link", args=[librarian.pk])).status_code == 403
    fresh = new_librarian(Library.objects.get(pk=librarian.role_assignments.get().library_id), "pengelola.kedua")
    response = client.post(reverse("accounts:user_password_link", args=[fresh.pk]))
    assert response.status_code == 200 and "/accounts/reset/" in response.content.decode()


def test_staff_cannot_act_on_accounts_that_also_work_elsewhere(client_as):
    both = User.objects.create(username="konsultan.dua")
    RoleAssignment.objects.create(user=both, role=Role.CONSULTANT, province_id="19")
    RoleAssignment.objects.create(user=both, role=Role.CONSULTANT, province_id="51")
    client = client_as("dkpus.babel")
    assert client.get(reverse("accounts:user_detail", args=[both.pk])).status_code == 200
    assert client.get(reverse("accounts:user_password_link", args=[both.pk])).status_code == 403


def test_account_export_holds_the_users_area_with_readable_headings(client_as):
    response = client_as("dispus.bangka").get(reverse("accounts:user_list"), {"export": "csv"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {row["Nama pengguna"] for row in rows} >= {"dispus.bangka", "pustakawan.rebo"}
    assert "username" not in rows[0]
    visible = User.objects.restrict(User.objects.get(username="dispus.bangka")).count()
    assert len(rows) == visible
    roles = {row["Peran"] for row in rows}
    assert any("Bangka" in r or "Rebo" in r for r in roles)


def test_the_account_template_is_indonesian_with_a_role_dropdown(client_as):
    response = client_as("dispus.bangka").get(reverse("accounts:user_import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook["Data"]["A1"].value == "Nama pengguna"
    assert workbook["Data"].data_validations.dataValidation
    assert "Kode desa" in workbook.sheetnames


def test_account_pages_query_counts(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    with django_assert_max_num_queries(14):
        assert client.get(reverse("accounts:user_list"), {"per_page": 100}).status_code == 200
    account = User.objects.get(username="pustakawan.rebo")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("accounts:user_detail", args=[account.pk])).status_code == 200
