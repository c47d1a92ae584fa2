"""Invalid input is a 400 with field messages in the requested language; conflicts are 409; never a 500."""

import datetime as dt

import pytest

from activities.models import Activity
from libraries.models import Library
from reports.models import MonthlyReport

from ..conftest import LIBRARIAN


@pytest.fixture
def own_library(db):
    from accounts.models import RoleAssignment

    return RoleAssignment.objects.get(user__username=LIBRARIAN).library


@pytest.mark.parametrize(
    ("language", "required", "published"),
    [
        ("en", "This field is required.", "Say where the activity was published."),
        ("id", "Bidang ini harus diisi.", "Sebutkan di mana kegiatan dipublikasikan."),
    ],
)
def test_field_errors_come_in_the_requested_language(api_as, own_library, language, required, published):
    client = api_as(LIBRARIAN)
    response = client.post("/api/v1/activities/", {"library": own_library.pk}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json()["title"] == [required]
    assert response["Content-Language"] == language
    # a rule of the model itself (Activity.clean), the same one the form applies
    body = {"library": own_library.pk, "date": "2019-09-01", "strategy": "media_publication", "title": "Siaran"}
    response = client.post("/api/v1/activities/", body, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 400
    assert response.json() == {"media_kind": [published]}
    assert not Activity.objects.filter(title="Siaran").exists()


def test_not_found_is_translated_and_names_no_model(api_as, db):
    bali = Library.objects.filter(province_id="51").first()
    response = api_as("dkpus.babel").get(f"/api/v1/libraries/{bali.pk}/", HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 404
    assert response.json() == {"detail": "Data tidak ditemukan."}


def test_unknown_api_paths_answer_json(api_as):
    response = api_as("admin").get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_library_rules_of_the_form_apply(api_as, db):
    response = api_as("dkpus.babel").post(
        "/api/v1/libraries/",
        {"name": "Perpustakaan Desa Tanpa Desa", "level": "village", "province": "19"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert response.json() == {"village": ["A village-level library needs its village."]}


def test_a_month_is_reported_once(api_as, own_library):
    MonthlyReport.objects.create(library=own_library, period=dt.date(2019, 9, 1))
    body = {"library": own_library.pk, "period": "2019-09", "visitors": 10}
    for language, message in [
        ("en", "Monthly report with this Library and Month already exists."),
        ("id", "Laporan bulanan dengan Perpustakaan dan Bulan ini sudah ada."),
    ]:
        response = api_as(LIBRARIAN).post("/api/v1/monthly-reports/", body, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400
        assert response.json() == {"non_field_errors": [message]}


@pytest.mark.parametrize("period", ["2021-13", "2021-9", "September", "0000-01", 202109])
def test_period_must_be_a_month(api_as, own_library, period):
    body = {"library": own_library.pk, "period": period}
    response = api_as(LIBRARIAN).post("/api/v1/monthly-reports/", body, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"period": ["Enter a month as YYYY-MM, for example 2021-09."]}


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"period": "2021-9"}, "period"),
        ({"strategy": "dance"}, "strategy"),
        ({"library": "x"}, "library"),
        ({"province": "19\x00"}, "province"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "501"}, "page_size"),
    ],
)
def test_invalid_filters_are_400(api_as, db, query, field):
    response = api_as("admin").get("/api/v1/activities/", query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("value", ["19\x00", 19, None, ["19"]])
def test_references_must_have_the_key_type(api_as, db, value):
    body = {"name": "Perpustakaan Uji", "level": "province", "province": value}
    response = api_as("admin").post("/api/v1/libraries/", body)
    assert response.status_code == 400
    assert "province" in response.json()


def test_a_library_id_is_not_a_float(api_as, own_library):
    body = {"library": own_library.pk + 0.5, "date": "2019-09-01", "strategy": "advocacy", "title": "Audiensi"}
    response = api_as("admin").post("/api/v1/activities/", body)
    assert response.status_code == 400
    assert "library" in response.json()


@pytest.mark.parametrize("value", [-7.5, 1500000, True])
def test_a_decimal_the_schema_gives_as_text_comes_as_text(api_as, own_library, value):
    """The schema gives a story's values as text ("1500000.00"): a JSON number is refused as the schema says, the
    same value as text is taken."""
    body = {
        "library": own_library.pk,
        "date": "2019-09-20",
        "person_name": "Ibu Sari",
        "title": "Anyaman pandan",
        "story": "Penghasilan naik",
        "measure": "Penghasilan sebulan (Rp)",
        "value_after": value,
    }
    client = api_as("admin")
    response = client.post("/api/v1/success-stories/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"value_after": ["A valid number is required."]}
    if not isinstance(value, bool):
        taken = client.post("/api/v1/success-stories/", {**body, "value_after": str(value)}, format="json")
        assert taken.status_code == 201, taken.json()
        assert taken.json()["value_after"] == f"{value:.2f}"


def test_malformed_json_is_400(api_as, db):
    response = api_as("admin").generic("POST", "/api/v1/activities/", "{", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()


def test_deleting_a_library_still_referred_to_is_409(api_as, own_library):
    Activity.objects.create(library=own_library, date=dt.date(2019, 9, 3), strategy="advocacy", title="Audiensi")
    response = api_as("dispus.bangka").delete(f"/api/v1/libraries/{own_library.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert response.json() == {"detail": "Other records still refer to this one; it cannot be deleted."}
    assert Library.objects.filter(pk=own_library.pk).exists()


def test_a_record_that_would_leave_the_change_area_is_rolled_back(api_as, db):
    """Regency staff see their province in the dropdown but may not create a provincial library."""
    provincial = Library.objects.filter(province_id="19", level="province")
    Activity.objects.filter(library__in=provincial).delete()  # the demo's Pergub draft
    provincial.delete()
    response = api_as("dispus.bangka").post(
        "/api/v1/libraries/",
        {"name": "Perpustakaan Provinsi Baru", "level": "province", "province": "19"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 403
    assert response.json() == {"detail": "The record would be outside the area you may change."}
    assert not Library.objects.filter(name="Perpustakaan Provinsi Baru").exists()


def test_moving_a_record_out_of_the_area_is_refused(api_as, own_library):
    report = MonthlyReport.objects.create(library=own_library, period=dt.date(2019, 9, 1))
    elsewhere = Library.objects.filter(regency_id="19.02", level="village").first()
    response = api_as("dispus.bangka").patch(f"/api/v1/monthly-reports/{report.pk}/", {"library": elsewhere.pk})
    assert response.status_code == 400  # a library outside Bangka does not exist for Bangka's staff
    report.refresh_from_db()
    assert report.library == own_library


@pytest.mark.parametrize("value", ["2021.0", "2021.5", "1e3", "20x"])
def test_a_whole_number_filter_takes_digits_only(api_as, value):
    client = api_as("konsultan")
    response = client.get("/api/v1/aid/", {"year": value})
    assert response.status_code == 400 and "year" in response.json()
    assert client.get("/api/v1/aid/", {"year": "2021"}).status_code == 200
