"""The libraries picker on the training form: grouped choices, picks beyond the area, and its search endpoint.

The NTB Bimtek of May 2023 in Mataram had participants from four kelurahan of Kota Denpasar (Bali) and four of
Kota Bima (NTB): NTB's provincial staff record it, adding the Bali libraries they find by name, and see nothing
else of Bali.
"""

import re

import pytest
from django.urls import reverse

from activities.models import Training
from libraries.models import Library

from ..conftest import LIBRARIAN

SEARCH = "libraries:library_search"


def bimtek_data(libraries) -> dict:
    return {
        "title": "Bimtek SPP-TIK 2023 angkatan Mataram",
        "organiser": "DKPUS NTB",
        "start_date": "2023-05-22",
        "end_date": "2023-05-25",
        "place": "Aston Inn, Kota Mataram",
        "mode": "in_person",
        "province": "52",
        "regency": "52.71",
        "participants_provincial": 0,
        "participants_regency": 0,
        "participants_village": 22,
        "libraries": [library.pk for library in libraries],
    }


def kelurahan(regency: str) -> list[Library]:
    return list(Library.objects.filter(level="village", regency_id=regency).order_by("pk"))


def optgroups(html: str) -> dict[str, list[str]]:
    """The picker's select: each regency/city with the option values inside it."""
    select = re.search(r'<select name="libraries".*?</select>', html, re.S).group(0)
    return {
        label: re.findall(r'<option value="(\d+)"', body)
        for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    }


def test_the_form_groups_the_users_libraries_by_regency(client_as):
    html = client_as("dkpus.babel").get(reverse("trainings:training_add")).content.decode()
    assert "data-picker" in html and "js/picker.js" in html
    groups = optgroups(html)
    babel = Library.objects.filter(province_id="19")
    assert sum(len(values) for values in groups.values()) == babel.count()
    assert len(groups["Kabupaten Bangka"]) == babel.filter(regency_id="19.01").count() == 12  # 11 villages + 1
    assert groups["Kepulauan Bangka Belitung"] == [str(babel.get(level="province").pk)]
    assert list(groups) == sorted(groups)


def test_ntb_staff_record_their_bimtek_with_participants_from_bali(client_as):
    bima, denpasar = kelurahan("52.72"), kelurahan("51.71")
    client = client_as("dkpus.ntb")
    html = client.get(reverse("trainings:training_add")).content.decode()
    assert f'data-picker-search="{reverse(SEARCH)}"' in html
    offered = {int(pk) for values in optgroups(html).values() for pk in values}
    assert offered == set(Library.objects.filter(province_id="52").values_list("pk", flat=True))

    response = client.post(reverse("trainings:training_add"), bimtek_data(bima + denpasar))
    assert response.status_code == 302, response.context["form"].errors
    training = Training.objects.get(title="Bimtek SPP-TIK 2023 angkatan Mataram")
    assert set(training.libraries.all()) == set(bima + denpasar)
    # The training's page shows the staff their own province's participants and the total.
    detail = client.get(training.get_absolute_url())
    assert set(detail.context["libraries"]) == set(bima) and detail.context["libraries_total"] == 8
    # Picking them gave no other door into Bali.
    assert client.get(reverse("libraries:library_detail", args=[denpasar[0].pk])).status_code == 404


def test_a_rejected_form_shows_again_only_the_libraries_picked_beyond_the_area(client_as):
    denpasar = kelurahan("51.71")
    data = {**bimtek_data(denpasar[:2]), "end_date": "2023-05-01"}  # ends before it starts
    response = client_as("dkpus.ntb").post(reverse("trainings:training_add"), data)
    assert "end_date" in response.context["form"].errors
    groups = optgroups(response.content.decode())
    assert sorted(groups["Kota Denpasar"]) == sorted(str(library.pk) for library in denpasar[:2])
    select = re.search(r'<select name="libraries".*?</select>', response.content.decode(), re.S).group(0)
    selected = re.findall(r'<option value="(\d+)" selected>', select)
    assert sorted(selected) == sorted(str(library.pk) for library in denpasar[:2])


@pytest.mark.parametrize("bad", ["999999", "abc", "1\x00"])
def test_a_library_that_does_not_exist_is_a_field_error(client_as, bad):
    response = client_as("dkpus.ntb").post(reverse("trainings:training_add"), {**bimtek_data([]), "libraries": [bad]})
    assert response.status_code == 200
    assert "libraries" in response.context["form"].errors
    assert not Training.objects.filter(title="Bimtek SPP-TIK 2023 angkatan Mataram").exists()


def test_peer_learning_meetings_pick_only_inside_the_area(client_as):
    bali = kelurahan("51.71")[0]
    client = client_as("dkpus.babel")
    html = client.get(reverse("reports:plm_add")).content.decode()
    assert "data-picker" in html and "data-picker-search" not in html
    data = {
        "title": "PLM Babel",
        "level": "province",
        "province": "19",
        "date": "2021-09-21",
        "mode": "in_person",
        "host": "DKPUS Babel",
        "period": "2021-08",
        "libraries": [bali.pk],
        "presentations-TOTAL_FORMS": 0,
        "presentations-INITIAL_FORMS": 0,
        "follow_ups-TOTAL_FORMS": 0,
        "follow_ups-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("reports:plm_add"), data)
    assert response.status_code == 200 and "libraries" in response.context["form"].errors


def test_search_finds_libraries_of_other_provinces_with_only_what_the_picker_needs(client_as):
    response = client_as("dkpus.ntb").get(reverse(SEARCH), {"q": "denpasar"})
    assert response.status_code == 200
    results = response.json()["results"]
    expected = Library.objects.filter(regency_id="51.71", is_active=True)
    assert {row["id"] for row in results} == set(expected.values_list("pk", flat=True))
    assert all(set(row) == {"id", "name", "regency"} for row in results)
    assert {row["regency"] for row in results} == {"Kota Denpasar"}
    by_name = client_as("dkpus.ntb").get(reverse(SEARCH), {"q": "Kelurahan"}).json()["results"]
    assert {row["regency"] for row in by_name} >= {"Kota Denpasar", "Kota Bima"}


@pytest.mark.parametrize(
    ("query", "status", "count"),
    [({"q": "d"}, 200, 0), ({"q": ""}, 400, None), ({}, 400, None), ({"q": "a\x00b"}, 400, None),
     ({"q": "x" * 101}, 400, None), ({"q": "zzzz"}, 200, 0)],
)  # fmt: skip
def test_search_refuses_bad_queries_without_failing(client_as, query, status, count):
    response = client_as("dkpus.ntb").get(reverse(SEARCH), query)
    assert response.status_code == status
    if count is not None:
        assert len(response.json()["results"]) == count


@pytest.mark.parametrize("role", ["konsultan", LIBRARIAN])
def test_search_is_only_for_staff(client_as, role):
    assert client_as(role).get(reverse(SEARCH), {"q": "denpasar"}).status_code == 403


def test_search_caps_its_answer_and_costs_one_query(client_as, django_assert_num_queries):
    client = client_as("admin")
    with django_assert_num_queries(4):  # the session, the user, their roles, the search
        results = client.get(reverse(SEARCH), {"q": "perpustakaan"}).json()["results"]
    assert len(results) == 20


def test_form_query_count_does_not_grow_with_libraries(client_as, django_assert_max_num_queries):
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("trainings:training_add")).status_code == 200
