"""Activity pages: scope for every role, the phone form, idempotent submits, filters and query counts."""

import datetime as dt
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity

from ..conftest import LIBRARIAN
from ..scoping import ScopedViewsCase, library_at
from .factories import jpeg_bytes, make_activity

pytestmark = pytest.mark.django_db

TITLE = "Uji coba: pelatihan budidaya madu kelulut"
WRITERS = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka", LIBRARIAN}


def form_data(**overrides):
    data = {
        "client_token": str(uuid.uuid4()),
        "strategy": "community_engagement",
        "date": "2025-02-10",
        "title": TITLE,
        "skill_area": "budidaya madu kelulut",
        "target_group": "farmers",
        "participants_male": "9",
        "participants_female": "11",
        "partners": "Kelompok Tani Rebo",
        "description": "Praktik memindahkan koloni kelulut ke stup.",
        "outcome": "Enam peserta membuat stup sendiri.",
    }
    return {**data, **overrides}


class TestActivityScoping(ScopedViewsCase):
    writers = WRITERS

    def make(self, library):
        return make_activity(library, date=dt.date.today())

    def view_urls(self, obj):
        return [reverse("activities:activity_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [
            reverse("activities:activity_edit", args=[obj.pk]),
            reverse("activities:activity_delete", args=[obj.pk]),
        ]

    def list_url(self):
        return reverse("activities:activity_list")


def test_librarian_records_an_activity_in_own_library(client_as):
    client = client_as(LIBRARIAN)
    page = client.get(reverse("activities:activity_add"))
    assert page.status_code == 200
    form = page.context["form"]
    assert form.fixed_library == library_at("own_village")
    assert form.initial["client_token"]

    response = client.post(reverse("activities:activity_add"), form_data())
    activity = Activity.objects.get(title=TITLE, library=library_at("own_village"))
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert (activity.participants_male, activity.participants_female) == (9, 11)
    assert activity.created_by.username == LIBRARIAN


def test_librarian_cannot_record_for_another_library(client_as):
    other = library_at("belitung_village")
    response = client_as(LIBRARIAN).post(reverse("activities:activity_add"), form_data(library=other.pk))
    # the hidden library field only accepts the librarian's own library
    assert response.status_code == 200
    assert "library" in response.context["form"].errors
    assert not Activity.objects.filter(title=TITLE).exists()


def test_staff_choose_among_the_libraries_they_may_write_in(client_as):
    form = client_as("dispus.bangka").get(reverse("activities:activity_add")).context["form"]
    libraries = set(form.fields["library"].queryset.values_list("regency_id", flat=True))
    assert libraries == {"19.01"}
    assert client_as("konsultan").get(reverse("activities:activity_add")).status_code == 403


def test_a_second_submit_of_the_same_form_creates_nothing_twice(client_as):
    client = client_as(LIBRARIAN)
    data = form_data()
    first = client.post(reverse("activities:activity_add"), data, HTTP_ACCEPT="application/json")
    second = client.post(reverse("activities:activity_add"), data, HTTP_ACCEPT="application/json")
    assert first.status_code == second.status_code == 200
    assert first.json()["created"] is True
    assert second.json()["created"] is False
    assert second.json()["id"] == first.json()["id"]
    assert Activity.objects.filter(client_token=data["client_token"]).count() == 1


def test_invalid_form_keeps_what_was_typed(client_as):
    client = client_as(LIBRARIAN)
    response = client.post(reverse("activities:activity_add"), form_data(date="", participants_male="-3"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"date", "participants_male"} <= set(errors)
    assert "Praktik memindahkan koloni kelulut ke stup." in response.content.decode()
    assert not Activity.objects.filter(title=TITLE).exists()


def test_invalid_form_answers_the_script_with_field_errors(client_as):
    response = client_as(LIBRARIAN).post(
        reverse("activities:activity_add"), form_data(title=""), HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert "title" in response.json()["errors"]


def test_media_publication_needs_where_it_was_published(client_as):
    client = client_as(LIBRARIAN)
    response = client.post(reverse("activities:activity_add"), form_data(strategy="media_publication"))
    assert "media_kind" in response.context["form"].errors
    data = form_data(
        strategy="media_publication",
        media_kind="online_news",
        media_outlet="Bangka Pos",
        media_link="https://bangka.tribunnews.com/contoh",
    )
    assert client.post(reverse("activities:activity_add"), data).status_code == 302
    activity = Activity.objects.get(client_token=data["client_token"])
    assert (activity.media_kind, activity.media_outlet) == ("online_news", "Bangka Pos")


def test_media_fields_are_dropped_for_other_strategies(client_as):
    data = form_data(media_kind="radio", media_outlet="RRI")
    client_as(LIBRARIAN).post(reverse("activities:activity_add"), data)
    activity = Activity.objects.get(client_token=data["client_token"])
    assert (activity.media_kind, activity.media_outlet) == ("", "")


def test_a_bad_photo_does_not_lose_the_activity(client_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    data = form_data()
    data["photos"] = [
        SimpleUploadedFile("baik.jpg", jpeg_bytes(size=(400, 300)), "image/jpeg"),
        SimpleUploadedFile("rusak.jpg", b"this is not a photo", "image/jpeg"),
    ]
    response = client_as(LIBRARIAN).post(reverse("activities:activity_add"), data, follow=True)
    activity = Activity.objects.get(client_token=data["client_token"])
    assert activity.photos.count() == 1
    assert "rusak.jpg" in response.content.decode()


def test_activity_form_is_phone_first(client_as):
    content = client_as(LIBRARIAN).get(reverse("activities:activity_add")).content.decode()
    assert 'name="viewport"' in content
    assert "js-offline-form" in content
    assert 'inputmode="numeric"' in content
    assert 'type="radio"' in content  # strategies as large choices, not a tiny dropdown
    assert "offline-form.js" in content
    assert "<script>" not in content and 'style="' not in content


def test_list_filters_by_library_period_and_strategy(client_as):
    library = library_at("own_village")
    make_activity(library, date=dt.date(2024, 3, 5), strategy="advocacy", title="Audiensi kepala desa")
    make_activity(library, date=dt.date(2024, 3, 9), title="Kelas mendongeng")
    make_activity(library, date=dt.date(2024, 4, 1), strategy="advocacy", title="Audiensi April")
    client = client_as("dkpus.babel")
    response = client.get(
        reverse("activities:activity_list"), {"library": library.pk, "period": "2024-03", "strategy": "advocacy"}
    )
    titles = [row.record.title for row in response.context["table"].paginated_rows]
    assert titles == ["Audiensi kepala desa"]
    response = client.get(
        reverse("activities:activity_list"), {"library": library.pk, "date_from": "2024-03-06", "date_to": "2024-04-30"}
    )
    assert {row.record.title for row in response.context["table"].paginated_rows} == {
        "Kelas mendongeng",
        "Audiensi April",
    }


def test_list_rejects_a_library_outside_scope(client_as):
    response = client_as("dkpus.bali").get(
        reverse("activities:activity_list"), {"library": library_at("own_village").pk}
    )
    assert response.status_code == 200
    assert response.context["table"].paginator.count == 0


def test_list_filters_by_regency_for_province_staff(client_as):
    response = client_as("dkpus.babel").get(reverse("activities:activity_list"), {"regency": "19.02", "per_page": 500})
    regencies = {row.record.library.regency_id for row in response.context["table"].paginated_rows}
    assert regencies == {"19.02"}


@pytest.mark.parametrize("username", ["admin", "dkpus.babel", LIBRARIAN])
def test_list_query_count(client_as, username, django_assert_max_num_queries):
    client = client_as(username)
    with django_assert_max_num_queries(9):
        response = client.get(reverse("activities:activity_list"), {"per_page": 100})
    assert response.status_code == 200


def test_form_and_detail_query_counts(client_as, django_assert_max_num_queries):
    client = client_as(LIBRARIAN)
    activity = make_activity(library_at("own_village"))
    with django_assert_max_num_queries(6):
        assert client.get(reverse("activities:activity_add")).status_code == 200
    # the record, its photos and stories, its verification steps and its history (with the names it mentions)
    with django_assert_max_num_queries(11):
        assert client.get(activity.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("activities:activity_edit", args=[activity.pk])).status_code == 200


def test_saving_an_activity_query_count(client_as, django_assert_max_num_queries):
    """The POST that librarians make most often: a bounded number of queries, however many activities exist."""
    client = client_as(LIBRARIAN)
    data = {
        "client_token": "0b6f7f4e-6a55-4f4c-9a53-0a0f4b8f3c11",
        "strategy": "community_engagement",
        "date": "2021-09-03",
        "title": "Pelatihan menganyam pandan",
        "participants_male": "3",
        "participants_female": "17",
    }
    # one more than before the total: the split adding up to it is validated against its CHECK constraint; and
    # 16 for the evidence checks of the library's records (evidence.refresh: a fixed number, whatever its records)
    with django_assert_max_num_queries(13 + 16):
        response = client.post(reverse("activities:activity_add"), data)
    assert response.status_code == 302
    assert Activity.objects.filter(client_token=data["client_token"]).exists()
