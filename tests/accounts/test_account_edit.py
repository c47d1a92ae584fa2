"""Staff edit and deactivate the accounts of their area; new password-setting links are copied or downloaded at once."""

import base64
import io
import re

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from openpyxl import load_workbook

from accounts.demo import DEMO_PASSWORD
from accounts.models import RoleAssignment, User
from foundation.scope import Role
from libraries.models import Library

from ..conftest import LIBRARIAN
from ..scoping import ScopedViewsCase, library_at
from .test_account_import import babel_village_codes, csv_file, new_librarian


def logs_in(client_class, username: str) -> bool:
    """Whether the login page lets ``username`` in with the demo password."""
    response = client_class().post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
    return response.status_code == 302


def edit_url(account: User) -> str:
    return reverse("accounts:user_edit", args=[account.pk])


def active_url(account: User) -> str:
    return reverse("accounts:user_active", args=[account.pk])


class TestUserEditScoping(ScopedViewsCase):
    def make(self, library):
        return new_librarian(library)

    def view_urls(self, obj):
        return [reverse("accounts:user_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [edit_url(obj)]


def test_provincial_staff_correct_a_librarians_name_and_contacts(client_as):
    librarian = User.objects.get(username=LIBRARIAN)
    client = client_as("dkpus.babel")
    detail = client.get(librarian.get_absolute_url()).content.decode()
    assert f'href="{edit_url(librarian)}"' in detail
    data = {
        "first_name": "Siti",
        "last_name": "Rebo",
        "email": "siti@rebo.desa.id",
        "phone": "0812 1234",
        "is_active": "on",
    }
    response = client.post(edit_url(librarian), data)
    assert response["Location"] == librarian.get_absolute_url()
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Pengguna “{LIBRARIAN}” disimpan."]
    librarian.refresh_from_db()
    assert (librarian.get_full_name(), librarian.email, librarian.phone) == (
        "Siti Rebo",
        "siti@rebo.desa.id",
        "0812 1234",
    )
    assert librarian.check_password(DEMO_PASSWORD)  # a password is never changed here


def test_a_bad_email_is_a_field_error_and_keeps_what_was_typed(client_as):
    librarian = User.objects.get(username=LIBRARIAN)
    data = {"first_name": "Siti Baru", "email": "bukan-surel", "is_active": "on"}
    response = client_as("dispus.bangka").post(edit_url(librarian), data)
    assert "email" in response.context["form"].errors
    assert 'value="Siti Baru"' in response.content.decode()
    librarian.refresh_from_db()
    assert librarian.first_name != "Siti Baru"


def test_a_deactivated_librarian_is_logged_out_and_cannot_log_in_again_until_reactivated(client_as, client):
    librarian = User.objects.get(username=LIBRARIAN)
    own = client.__class__()
    own.force_login(librarian)
    assert own.get(reverse("home")).status_code == 200

    staff = client_as("dispus.bangka")
    response = staff.post(active_url(librarian), {"active": "0"})
    assert response["Location"] == librarian.get_absolute_url()
    librarian.refresh_from_db()
    assert not librarian.is_active
    assert own.get(reverse("home")).status_code == 302  # their session ends at the next page
    assert not logs_in(client.__class__, LIBRARIAN)
    page = staff.get(librarian.get_absolute_url()).content.decode()
    assert 'data-testid="account-reactivate"' in page
    assert staff.get(reverse("accounts:user_list"), {"is_active": "false"}).context["table"].rows[0].record == librarian

    staff.post(active_url(librarian), {"active": "1"})
    librarian.refresh_from_db()
    assert librarian.is_active and logs_in(client.__class__, LIBRARIAN)


@pytest.mark.parametrize("value", ["", "yes", "1\x00", None])
def test_an_unclear_request_changes_nothing(client_as, value):
    librarian = User.objects.get(username=LIBRARIAN)
    response = client_as("dispus.bangka").post(active_url(librarian), {} if value is None else {"active": value})
    assert response.status_code == 400
    librarian.refresh_from_db()
    assert librarian.is_active


def test_nobody_deactivates_their_own_account(client_as, user):
    me = user("dkpus.babel")
    client = client_as("dkpus.babel")
    response = client.post(edit_url(me), {"first_name": "DKPUS", "last_name": "Babel"})  # is_active left unticked
    assert "is_active" in response.context["form"].errors
    response = client.post(active_url(me), {"active": "0"})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Anda tidak dapat menonaktifkan akun Anda sendiri."
    ]
    me.refresh_from_db()
    assert me.is_active
    assert 'data-testid="account-deactivate"' not in client.get(me.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("role", "target", "status"),
    [
        ("dkpus.babel", "dispus.bangka", 200),
        ("dkpus.babel", "dkpus.bali", 404),
        ("dkpus.babel", "admin", 404),
        ("dkpus.babel", "konsultan", 404),
        ("dispus.bangka", "dkpus.babel", 404),
        ("dispus.bangka", LIBRARIAN, 200),
        (LIBRARIAN, LIBRARIAN, 403),
        ("konsultan", LIBRARIAN, 403),
        ("admin", "dkpus.bali", 200),
    ],
)
def test_who_may_edit_and_deactivate_whom(client_as, user, role, target, status):
    account = user(target)
    client = client_as(role)
    assert client.get(edit_url(account)).status_code == status
    response = client.post(active_url(account), {"active": "0"})
    assert response.status_code == (302 if status == 200 else status)
    account.refresh_from_db()
    assert account.is_active == (status != 200)


def test_an_account_that_also_works_elsewhere_is_left_to_whoever_covers_both(client_as):
    both = new_librarian(library_at("own_village"), "pengelola.dua.tempat")
    RoleAssignment.objects.create(user=both, role=Role.LIBRARIAN, library=library_at("bali_village"))
    for role in ("dkpus.babel", "dispus.bangka", "dkpus.bali"):
        client = client_as(role)
        assert client.get(both.get_absolute_url()).status_code == 200
        assert client.get(edit_url(both)).status_code == 403
        assert client.post(active_url(both), {"active": "0"}).status_code == 403
    assert client_as("admin").get(edit_url(both)).status_code == 200


def test_every_new_link_is_copied_at_once_or_downloaded_as_a_workbook(client_as, settings):
    settings.EMAIL_CONFIGURED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    codes = babel_village_codes(3)
    rows = [
        ["pengelola.satu", "Siti", "Aminah", "", "librarian", codes[0]],
        ["pengelola.dua", "Budi", "", "", "pengelola", codes[1]],
        ["pengelola.tiga", "Rina", "", "rina@example.org", "librarian", codes[2]],  # gets hers by email
    ]
    staff = client_as("dkpus.babel")
    preview = staff.post(reverse("accounts:user_import"), {"file": csv_file(rows)})
    done = staff.post(reverse("accounts:user_import"), {"token": preview.context["token"]})
    html = done.content.decode()

    text = re.search(r'<textarea[^>]*data-testid="all-links"[^>]*>(.*?)</textarea>', html, re.S).group(1)
    lines = text.strip().splitlines()
    assert [line.split(": ")[0] for line in lines] == ["pengelola.satu (Siti Aminah)", "pengelola.dua (Budi)"]
    shown = re.findall(r'value="(http://testserver/accounts/reset/[^"]+)"', html)
    assert [line.split(": ")[1] for line in lines] == shown  # the same links as the table's

    data_url = re.search(r'href="data:([^;]+);base64,([^"]+)"[^>]*data-testid="links-xlsx"', html)
    assert data_url.group(1) == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(base64.b64decode(data_url.group(2)))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Nama pengguna", "Nama", "Email", "Tautan pembuatan sandi", "Dikirim lewat surel")
    assert [(row[0], row[4]) for row in rows[1:]] == [("pengelola.satu", "tidak"), ("pengelola.dua", "tidak"),
                                                      ("pengelola.tiga", "ya")]  # fmt: skip
    assert [row[3] for row in rows[1:3]] == shown and rows[3][3].startswith("http://testserver/accounts/reset/")
    assert sheet.freeze_panes == "A2" and sheet.column_dimensions["D"].width >= 80
    assert "<script>" not in html  # the copy button's script is the portal's own file (CSP)


def test_the_single_link_page_offers_the_same(client_as):
    fresh = new_librarian(Library.objects.get(pk=library_at("own_village").pk), "pengelola.sendiri")
    html = client_as("dkpus.babel").post(reverse("accounts:user_password_link", args=[fresh.pk])).content.decode()
    assert 'data-testid="copy-links"' in html and 'download="tautan-sandi-pengelola.sendiri.xlsx"' in html
