"""Trainings (Bimtek): scope per role, attending libraries, form validation, history, query counts."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from activities.models import Training
from libraries.models import Library

from ..scoping import ROLES, STAFF, ScopedViewsCase, library_at

NTB_BIMTEK = "Bimtek Strategi Pengembangan Perpustakaan dan TIK (SPP-TIK) 2023 · Mataram"


def training_at(library, **extra) -> Training:
    training = Training.objects.create(
        title=extra.pop("title", f"Bimtek {library.regency}"),
        organiser="DKPUS",
        start_date=date(2024, 5, 6),
        end_date=date(2024, 5, 8),
        regency_id=library.regency_id,
        participants_village=3,
        **extra,
    )
    training.libraries.add(library)
    return training


class TestTrainingScoping(ScopedViewsCase):
    def make(self, library):
        return training_at(library)

    def view_urls(self, obj):
        return [reverse("trainings:training_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("trainings:training_edit", args=[obj.pk]), reverse("trainings:training_delete", args=[obj.pk])]

    def list_url(self):
        return reverse("trainings:training_list")


@pytest.mark.parametrize("role", ROLES)
def test_training_add_page_is_for_staff(client_as, role):
    assert client_as(role).get(reverse("trainings:training_add")).status_code == (200 if role in STAFF else 403)


def test_ntb_bimtek_is_seen_by_the_provinces_whose_libraries_attended(client_as):
    bimtek = Training.objects.get(title=NTB_BIMTEK)
    assert (bimtek.province_id, bimtek.start_date, bimtek.end_date) == ("52", date(2023, 5, 22), date(2023, 5, 25))
    assert bimtek.participants_total == 22
    assert sorted(bimtek.libraries.values_list("regency_id", flat=True)) == ["51.71"] * 4 + ["52.72"] * 4
    url = reverse("trainings:training_detail", args=[bimtek.pk])
    bali = client_as("dkpus.bali").get(url)
    assert bali.status_code == 200
    assert {library.regency_id for library in bali.context["libraries"]} == {"51.71"}
    assert bali.context["libraries_total"] == 8
    assert client_as("dkpus.bali").get(reverse("trainings:training_edit", args=[bimtek.pk])).status_code == 403
    assert client_as("dkpus.babel").get(url).status_code == 404


def test_training_form_validation_keeps_input(client_as):
    client = client_as("dkpus.babel")
    soon = timezone.localdate() + timedelta(days=10)
    data = {
        "title": "Bimtek Babel",
        "organiser": "DKPUS Babel",
        "start_date": soon.isoformat(),
        "end_date": (soon - timedelta(days=2)).isoformat(),
        "mode": "in_person",
        "province": "19",
        "regency": "51.71",
        "participants_provincial": 0,
        "participants_regency": "-1",
        "participants_village": 5,
    }
    response = client.post(reverse("trainings:training_add"), data)
    assert {"end_date", "regency", "participants_regency"} <= set(response.context["form"].errors)
    assert 'value="Bimtek Babel"' in response.content.decode()


def test_training_must_lie_in_the_users_area(client_as):
    data = {
        "title": "Bimtek Nasional",
        "organiser": "DKPUS Babel",
        "start_date": "2024-01-10",
        "end_date": "2024-01-12",
        "mode": "virtual",
        "participants_provincial": 0,
        "participants_regency": 0,
        "participants_village": 0,
    }
    response = client_as("dkpus.babel").post(reverse("trainings:training_add"), data)
    assert "province" in response.context["form"].errors


def test_training_library_dropdown_is_scoped_and_hidden_attendees_are_kept(client_as):
    bimtek = Training.objects.get(title=NTB_BIMTEK)
    admin = client_as("admin")
    form = admin.get(reverse("trainings:training_add")).context["form"]
    assert form.fields["libraries"].queryset.count() == Library.objects.count()
    form = client_as("dkpus.babel").get(reverse("trainings:training_add")).context["form"]
    assert set(form.fields["libraries"].queryset.values_list("province_id", flat=True)) == {"19"}
    # an admin moves the Bimtek to Denpasar; a Bali staff member then edits it and sees only Bali libraries
    bimtek.regency_id = "51.71"
    bimtek.save()
    client = client_as("dkpus.bali")
    denpasar = list(bimtek.libraries.filter(province_id="51").values_list("pk", flat=True))
    data = {
        "title": bimtek.title,
        "organiser": bimtek.organiser,
        "start_date": "2023-05-22",
        "end_date": "2023-05-25",
        "mode": "in_person",
        "province": "51",
        "regency": "51.71",
        "participants_provincial": 0,
        "participants_regency": 0,
        "participants_village": 22,
        "libraries": denpasar[:2],
    }
    response = client.post(reverse("trainings:training_edit", args=[bimtek.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    remaining = set(bimtek.libraries.values_list("regency_id", flat=True))
    assert remaining == {"51.71", "52.72"}
    assert bimtek.libraries.filter(regency_id="52.72").count() == 4
    assert bimtek.libraries.filter(regency_id="51.71").count() == 2


def test_training_history_and_library_page_link(client_as):
    library = library_at("own_village")
    client = client_as("dispus.bangka")
    data = {
        "title": "Bimtek Bangka",
        "organiser": "Dispus Bangka",
        "start_date": "2024-02-01",
        "end_date": "2024-02-02",
        "place": "Sungailiat",
        "mode": "in_person",
        "regency": "19.01",
        "participants_provincial": 0,
        "participants_regency": 2,
        "participants_village": 11,
        "libraries": [library.pk],
    }
    response = client.post(reverse("trainings:training_add"), data)
    training = Training.objects.get(title="Bimtek Bangka")
    assert response["Location"] == training.get_absolute_url() and training.province_id == "19"
    data["participants_village"] = 12
    client.post(reverse("trainings:training_edit", args=[training.pk]), data)
    history = client.get(training.get_absolute_url()).context["history"]
    assert [(c.old, c.new) for c in history[0].changes] == [("11", "12")]
    assert "Bimtek Bangka" in client.get(library.get_absolute_url()).content.decode()


def test_training_list_filters_and_query_counts(client_as, django_assert_max_num_queries):
    for place in ("own_village", "belitung_village", "bali_village"):
        training_at(library_at(place))
    client = client_as("admin")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("trainings:training_list"), {"year": 2023})
    assert [row.record.title for row in response.context["table"].paginated_rows] == [NTB_BIMTEK]
    training = Training.objects.get(title=NTB_BIMTEK)
    with django_assert_max_num_queries(12):
        assert client.get(training.get_absolute_url()).status_code == 200
