"""Phone numbers: validated and kept as +62… (forms, the import, the API, the data already kept), and a WhatsApp
link for a mobile number only."""

import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from foundation import phones
from libraries.importing import LibraryImport
from libraries.models import Library, Village

from .test_import import csv_bytes, errors_by_row, free_villages


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("0812-3456-7890", "+6281234567890"),
        ("+62 812 3456 7890", "+6281234567890"),
        ("62812.3456.789", "+628123456789"),
        ("+62 0812 3456 789", "+628123456789"),
        ("(0717) 43 21 00", "+62717432100"),
        ("", ""),
    ],
)
def test_what_people_type_is_kept_in_one_form(typed, kept):
    assert phones.normalise(typed) == kept


@pytest.mark.parametrize("typed", ["12345", "0812", "+1 202 555 0100", "0812-3456-7890-1234", "nomor saya", "08x2"])
def test_what_is_not_a_phone_number_is_refused(typed):
    with pytest.raises(ValidationError):
        phones.normalise(typed)


def test_whatsapp_only_for_a_mobile_number():
    assert phones.whatsapp_url("0812 3456 7890", "Halo") == "https://wa.me/6281234567890?text=Halo"
    assert phones.whatsapp_url("0717 432100") is None
    assert phones.whatsapp_url("bukan nomor") is None


def test_the_library_form_refuses_a_bad_number_and_keeps_a_good_one_normalised(client_as):
    client = client_as("dkpus.babel")
    village = Village.objects.filter(regency_id="19.04", libraries__isnull=True).first()
    data = {"name": "TBM Telepon", "level": "tbm", "regency": "19.04", "village": village.code,
            "contact_phone": "nomor saya"}  # fmt: skip
    response = client.post(reverse("libraries:library_add"), data)
    assert "contact_phone" in response.context["form"].errors
    assert 'value="nomor saya"' in response.content.decode()  # what was typed stays
    data["contact_phone"] = "0812-3456-7890"
    assert client.post(reverse("libraries:library_add"), data).status_code == 302
    assert Library.objects.get(name="TBM Telepon").contact_phone == "+6281234567890"


def test_the_import_names_the_row_and_column_of_a_bad_number(user):
    villages = free_villages(2, regency__province_id="19")
    header = ["name", "level", "village_code", "cohort_year", "contact_phone"]
    rows = [
        ["Perpustakaan Satu", "village", villages[0].code, 2021, "0812 1111 2222"],
        ["Perpustakaan Dua", "village", villages[1].code, 2021, "12-34"],
    ]
    importer = LibraryImport(user("dkpus.babel"))
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes(rows, header))))
    assert errors_by_row(result) == {3: {"contact_phone"}}
    rows.pop()
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes(rows, header))))
    assert not result.errors and result.objects[0].contact_phone == "+6281211112222"


def test_the_api_refuses_a_bad_number(db, user):
    from rest_framework.test import APIClient

    library = Library.objects.filter(province_id="19", level="village").first()
    client = APIClient()
    client.force_authenticate(user("dkpus.babel"))
    response = client.patch(f"/api/v1/libraries/{library.pk}/", {"contact_phone": "abc"}, format="json")
    assert response.status_code == 400 and "contact_phone" in response.json()
    response = client.patch(f"/api/v1/libraries/{library.pk}/", {"contact_phone": "0819 2222 3333"}, format="json")
    assert response.status_code == 200
    library.refresh_from_db()
    assert library.contact_phone == "+6281922223333"


def test_the_numbers_already_kept_are_normalised_by_the_migration(db):
    good, junk = Library.objects.filter(level="village")[:2]
    Library.objects.filter(pk=good.pk).update(contact_phone="0812-9999-0000")
    Library.objects.filter(pk=junk.pk).update(contact_phone="hubungi kantor desa")
    migration = importlib.import_module("libraries.migrations.0007_phone_numbers")
    migration.normalise_phones(apps, None)
    good.refresh_from_db()
    junk.refresh_from_db()
    assert (good.contact_phone, junk.contact_phone) == ("+6281299990000", "hubungi kantor desa")
