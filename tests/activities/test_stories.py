"""Success stories: scope for every role, linked to an activity of the same library, consent gates publication."""

import datetime as dt

import pytest
from django.urls import reverse

from activities.models import SuccessStory

from ..conftest import LIBRARIAN
from ..scoping import ScopedViewsCase, library_at
from .factories import make_activity

pytestmark = pytest.mark.django_db


def make_story(library, consent=True, **fields) -> SuccessStory:
    defaults = {
        "date": dt.date(2025, 1, 20),
        "person_name": "Ibu Wati",
        "title": f"Kisah uji {library.pk}",
        "story": "Kini menjual kerupuk ikan secara daring.",
        "consent_to_publish": consent,
    }
    return SuccessStory.objects.create(library=library, **{**defaults, **fields})


class TestSuccessStoryScoping(ScopedViewsCase):
    writers = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka", LIBRARIAN}

    def make(self, library):
        return make_story(library)

    def view_urls(self, obj):
        return [reverse("activities:successstory_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [
            reverse("activities:successstory_edit", args=[obj.pk]),
            reverse("activities:successstory_delete", args=[obj.pk]),
        ]

    def list_url(self):
        return reverse("activities:successstory_list")


def test_only_consented_stories_are_publishable():
    library = library_at("own_village")
    yes, no = make_story(library, consent=True), make_story(library, consent=False, title="Tanpa izin")
    publishable = set(SuccessStory.objects.filter(library=library).publishable())
    assert yes in publishable
    assert no not in publishable
    assert all(story.consent_to_publish for story in SuccessStory.objects.publishable())


def test_story_from_an_activity_is_linked_to_it(client_as):
    activity = make_activity(library_at("own_village"), title="Pelatihan kerupuk ikan")
    client = client_as(LIBRARIAN)
    form = client.get(reverse("activities:successstory_add"), {"activity": activity.pk}).context["form"]
    assert form.initial["activity"] == activity.pk
    assert list(form.fields["activity"].queryset) == list(activity.library.activities.order_by("-date"))
    response = client.post(
        reverse("activities:successstory_add"),
        {
            "activity": activity.pk,
            "date": "2025-02-01",
            "person_name": "Ibu Wati",
            "title": "Kerupuk ikan sampai ke Jakarta",
            "story": "Pesanan datang dari luar pulau.",
            "measure": "Penjualan per bulan (bungkus)",
            "value_before": "40",
            "value_after": "150",
            "consent_to_publish": "on",
        },
    )
    assert response.status_code == 302
    story = SuccessStory.objects.get(title="Kerupuk ikan sampai ke Jakarta")
    assert (story.activity, story.library, story.change) == (activity, activity.library, 110)
    assert story.created_by.username == LIBRARIAN
    detail = client.get(story.get_absolute_url()).content.decode()
    assert "Pelatihan kerupuk ikan" in detail


def test_story_cannot_link_an_activity_of_another_library(client_as):
    other = make_activity(library_at("belitung_village"))
    response = client_as("dkpus.babel").post(
        reverse("activities:successstory_add"),
        {
            "library": library_at("own_village").pk,
            "activity": other.pk,
            "date": "2025-02-01",
            "person_name": "Pak Amir",
            "title": "Salah tautan",
            "story": "…",
        },
    )
    assert response.status_code == 200
    assert "activity" in response.context["form"].errors
    assert not SuccessStory.objects.filter(title="Salah tautan").exists()


def test_figures_need_to_say_what_they_measure(client_as):
    response = client_as(LIBRARIAN).post(
        reverse("activities:successstory_add"),
        {
            "date": "2025-02-01",
            "person_name": "Pak Amir",
            "title": "Angka tanpa nama",
            "story": "x",
            "value_after": "5",
        },
    )
    assert "measure" in response.context["form"].errors


def test_list_filters_on_consent(client_as):
    library = library_at("own_village")
    make_story(library, consent=False, title="Belum boleh dimuat")
    response = client_as("dkpus.babel").get(reverse("activities:successstory_list"), {"consent_to_publish": "false"})
    rows = [row.record for row in response.context["table"].paginated_rows]
    assert "Belum boleh dimuat" in {story.title for story in rows}
    assert not any(story.consent_to_publish for story in rows)


def test_story_pages_query_counts(client_as, django_assert_max_num_queries):
    story = make_story(library_at("own_village"), activity=make_activity(library_at("own_village")))
    client = client_as("dkpus.babel")
    with django_assert_max_num_queries(9):
        assert client.get(reverse("activities:successstory_list"), {"per_page": 100}).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(story.get_absolute_url()).status_code == 200
    librarian = client_as(LIBRARIAN)
    with django_assert_max_num_queries(6):
        assert librarian.get(reverse("activities:successstory_add")).status_code == 200
    with django_assert_max_num_queries(9):  # 8, and the navbar's count of unread notifications
        assert librarian.get(reverse("activities:successstory_edit", args=[story.pk])).status_code == 200
