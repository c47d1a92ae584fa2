import pytest
from django.urls import reverse

from libraries.models import Library

from ..conftest import LIBRARIAN
from ..scoping import ScopedViewsCase


class TestLibraryScoping(ScopedViewsCase):
    def make(self, library):
        return library

    def view_urls(self, obj):
        return [reverse("libraries:library_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("libraries:library_edit", args=[obj.pk]), reverse("libraries:library_delete", args=[obj.pk])]

    def list_url(self):
        return reverse("libraries:library_list")


def test_dkpus_babel_lists_exactly_babel_libraries(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:library_list"), {"level": "village", "per_page": 100})
    assert response.status_code == 200
    shown = {row.record.pk for row in response.context["table"].paginated_rows}
    expected = set(Library.objects.filter(province_id="19", level="village").values_list("pk", flat=True))
    assert shown == expected
    assert len(shown) == 45


def test_library_list_filters_by_regency_and_cohort(client_as):
    response = client_as("admin").get(reverse("libraries:library_list"), {"regency": "19.05", "cohort": 2020})
    names = {row.record.regency_id for row in response.context["table"].paginated_rows}
    assert names == {"19.05"}
    assert response.context["table"].paginator.count == 5


@pytest.mark.parametrize("role", ["konsultan", LIBRARIAN])
def test_read_only_roles_cannot_add_libraries(client_as, role):
    assert client_as(role).get(reverse("libraries:library_add")).status_code == 403


def test_dkpus_creates_library_in_own_province(client_as):
    client = client_as("dkpus.babel")
    response = client.post(
        reverse("libraries:library_add"),
        {"name": "Perpustakaan Desa Baru", "level": "village", "province": "19", "village": "19.01.05.2001"},
    )
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    library = Library.objects.get(name="Perpustakaan Desa Baru")
    assert (library.province_id, library.regency_id, library.district_id) == ("19", "19.01", "19.01.05")


def test_dkpus_cannot_pick_a_village_outside_its_province(client_as):
    client = client_as("dkpus.babel")
    data = {"name": "Perpustakaan Luar", "level": "village", "province": "19", "village": "51.71.01.1001"}
    response = client.post(reverse("libraries:library_add"), data)
    assert response.status_code == 200
    assert "village" in response.context["form"].errors
    # what the user typed is kept
    assert 'value="Perpustakaan Luar"' in response.content.decode()
    assert not Library.objects.filter(name="Perpustakaan Luar").exists()


def test_province_dropdown_is_limited_to_scope(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:library_add"))
    province_field = response.context["form"].fields["province"]
    assert list(province_field.queryset.values_list("code", flat=True)) == ["19"]


def test_library_list_query_count_does_not_grow(client_as, django_assert_max_num_queries):
    client = client_as("admin")
    with django_assert_max_num_queries(12):
        client.get(reverse("libraries:library_list"), {"per_page": 100})
