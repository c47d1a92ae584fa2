"""The registry's NPP (list, search, filter, import, API) and a library's cohorts edited on its page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from libraries.importing import LibraryImport
from libraries.models import Cohort, Library

from .test_import import HEADER, csv_bytes, errors_by_row, free_villages

pytestmark = pytest.mark.django_db


def bangka_tengah() -> Library:
    return Library.objects.get(level="regency", regency_id="19.04")


def test_the_list_finds_a_library_by_its_npp(client_as):
    library = bangka_tengah()
    client = client_as("dkpus.babel")
    for params in ({"q": library.npp.lower()}, {"npp": library.npp}):
        response = client.get(reverse("libraries:library_list"), params)
        assert [row.record for row in response.context["table"].paginated_rows] == [library]
    assert library.npp in client.get(reverse("libraries:library_list")).content.decode()


@pytest.fixture
def api_as(user):
    def make(username: str) -> APIClient:
        client = APIClient()
        client.force_authenticate(user(username))
        return client

    return make


def test_the_cohort_filter_matches_any_of_a_librarys_cohorts(client_as, api_as):
    library = bangka_tengah()
    assert library.cohort_year == 2018
    response = client_as("dkpus.babel").get(reverse("libraries:library_list"), {"cohort": 2020, "per_page": 100})
    assert library in [row.record for row in response.context["table"].paginated_rows]
    rows = api_as("dkpus.babel").get("/api/v1/libraries/", {"cohort": 2020, "page_size": 500}).json()["results"]
    found = next(row for row in rows if row["id"] == library.pk)
    assert [cohort["year"] for cohort in found["cohorts"]] == [2018, 2020]
    assert found["npp"] == library.npp


def cohort_post(library, rows, deleted=()) -> dict:
    existing = list(library.cohorts.order_by("year"))
    data = {
        "cohorts-TOTAL_FORMS": str(len(rows)),
        "cohorts-INITIAL_FORMS": str(len(existing)),
        "cohorts-MIN_NUM_FORMS": "0",
        "cohorts-MAX_NUM_FORMS": "20",
    }
    for index, (year, support, label) in enumerate(rows):
        data.update(
            {
                f"cohorts-{index}-year": str(year),
                f"cohorts-{index}-partner_type": support,
                f"cohorts-{index}-label": label,
            }
        )
        if index < len(existing):
            data[f"cohorts-{index}-id"] = str(existing[index].pk)
            data[f"cohorts-{index}-library"] = str(library.pk)
            if existing[index].year in deleted:
                data[f"cohorts-{index}-DELETE"] = "on"
    return data


def test_staff_edit_a_librarys_cohorts_and_the_library_follows(client_as):
    library = Library.objects.filter(province_id="19", level="village", regency_id="19.01").first()
    url = reverse("libraries:library_cohorts", args=[library.pk])
    client = client_as("dispus.bangka")
    assert client.get(url).status_code == 200
    first = library.cohorts.get()
    rows = [(first.year, first.partner_type, first.label), (2023, "book_aid", "B23")]
    response = client.post(url, cohort_post(library, rows))
    assert response.status_code == 302
    library.refresh_from_db()
    assert list(library.cohorts.values_list("year", flat=True)) == [first.year, 2023]
    assert (library.cohort_year, library.partner_type) == (first.year, "book_aid")
    bad = client.post(url, cohort_post(library, [(1999, "", "")]))
    assert bad.status_code == 200 and 'value="1999"' in bad.content.decode()


@pytest.mark.parametrize(("username", "status"), [("pustakawan.rebo", 403), ("dkpus.bali", 404)])
def test_cohorts_are_kept_by_the_regions_staff(client_as, username, status):
    library = Library.objects.get(village_id="19.01.01.2007")
    assert client_as(username).get(reverse("libraries:library_cohorts", args=[library.pk])).status_code == status


def test_the_registry_import_takes_an_npp_column(user):
    villages = free_villages(3, regency__province_id="19")
    taken = bangka_tengah().npp
    header = [*HEADER, "npp"]
    rows = [
        ["Perpustakaan A", "village", "", "", villages[0].code, 2021, 10, "1901-d-77"],
        ["Perpustakaan B", "village", "", "", villages[1].code, 2021, 10, taken],  # already registered
        ["Perpustakaan C", "village", "", "", villages[2].code, 2021, 10, "bukan npp!"],  # not a number's shape
    ]
    importer = LibraryImport(user("dkpus.babel"))
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes(rows, header))))
    assert errors_by_row(result) == {3: {"npp"}, 4: {"npp"}}
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes(rows[:1], header))))
    created = importer.save(result, "f.csv")
    assert [(library.npp, library.cohort_year) for library in created] == [("1901-D-77", 2021)]
    assert Cohort.objects.filter(library=created[0], year=2021).exists()
