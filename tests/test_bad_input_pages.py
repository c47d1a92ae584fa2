"""Pages answer bad input with a clear message, never a 500: the FilterSets the API shares, NUL, protected deletes."""

import datetime as dt

import pytest
from django.urls import reverse

from activities.models import Activity
from libraries.models import Library

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_pages(client_as):
    client = client_as("admin")
    client.raise_request_exception = False
    return client


def test_deleting_a_library_others_refer_to_explains_why_it_cannot(client_as):
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    Activity.objects.create(library=library, date=dt.date(2019, 9, 3), strategy="advocacy", title="Audiensi")
    client = client_as("dispus.bangka")
    client.cookies.load({"django_language": "en"})
    response = client.post(reverse("libraries:library_delete", args=[library.pk]))
    assert response.status_code == 409
    html = response.content.decode()
    assert "cannot be deleted: other records still refer to it" in html
    activities = Activity.objects.filter(library=library).count()
    assert f"Activities: {activities}" in html
    assert "btn-danger" not in html  # no delete button on the explanation
    assert Library.objects.filter(pk=library.pk).exists()


def test_deleting_a_library_without_records_still_works(client_as):
    library = Library.objects.create(
        name="Perpustakaan Desa Uji", level="village", province_id="19", village_id="19.01.05.2001"
    )
    response = client_as("dispus.bangka").post(reverse("libraries:library_delete", args=[library.pk]))
    assert response.status_code == 302
    assert not Library.objects.filter(pk=library.pk).exists()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "X", "level": "village", "province": "19", "regency": "19.01\x00", "village": "19.01.01.2001"},
        {"name": "X", "level": "village", "province": "19", "regency": "19.01", "village": "19.01.01.2001\x00"},
        {"name": "X", "level": "province", "province": "19\x00"},
    ],
)
def test_nul_in_a_form_dropdown_is_a_form_error(admin_pages, data):
    response = admin_pages.post(reverse("libraries:library_add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors


def test_nul_in_the_village_options_lists_nothing(admin_pages):
    response = admin_pages.get(reverse("libraries:village_options"), {"regency": "19.01\x00"})
    assert response.status_code == 200
    assert response.json() == {"results": []}


@pytest.mark.parametrize(
    ("url", "query", "field"),
    [
        ("libraries:library_list", {"is_active": "maybe"}, "is_active"),
        ("libraries:synergyteam_list", {"is_active": "maybe"}, "is_active"),
        ("libraries:commitment_list", {"overdue": "2"}, "overdue"),
        ("activities:activity_list", {"period": "2021-9"}, "period"),
        ("activities:activity_list", {"province": "19\x00"}, "province"),
        ("activities:successstory_list", {"consent_to_publish": "maybe"}, "consent_to_publish"),
        ("reports:monthlyreport_list", {"timeliness": "early"}, "timeliness"),
        ("reports:monthlyreport_list", {"period": "September"}, "period"),
        ("trainings:training_list", {"year": "0"}, "year"),
        ("reports:plm_list", {"year": "10000"}, "year"),
    ],
)
def test_a_filter_value_a_list_cannot_take_shows_the_form_error(admin_pages, url, query, field):
    response = admin_pages.get(reverse(url), query)
    assert response.status_code == 200
    assert field in response.context["filter"].form.errors
    assert response.context["table"].paginator.count == 0  # nothing rather than everything


def test_a_valid_month_filters_the_activity_list(admin_pages):
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    Activity.objects.create(library=library, date=dt.date(2019, 9, 30), strategy="advocacy", title="Audiensi")
    response = admin_pages.get(reverse("activities:activity_list"), {"period": "2019-09"})
    assert [row.record.title for row in response.context["table"].paginated_rows] == ["Audiensi"]
