"""Aid pages per role; the library form's scoped village picker; library history."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from libraries.models import Aid, Library, Village

from ..conftest import LIBRARIAN
from ..scoping import ROLES, STAFF, ScopedViewsCase, library_at


class TestAidScoping(ScopedViewsCase):
    def make(self, library):
        return Aid.objects.create(library=library, year=2022, item="printer", quantity=1, value=2_500_000)

    def view_urls(self, obj):
        return [reverse("libraries:aid_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("libraries:aid_edit", args=[obj.pk]), reverse("libraries:aid_delete", args=[obj.pk])]

    def list_url(self):
        return reverse("libraries:aid_list")


@pytest.mark.parametrize("role", ROLES)
def test_aid_add_page_is_for_staff(client_as, role):
    assert client_as(role).get(reverse("libraries:aid_add")).status_code == (200 if role in STAFF else 403)


def test_aid_library_dropdown_is_the_users_change_area(client_as):
    form = client_as("dispus.bangka").get(reverse("libraries:aid_add")).context["form"]
    assert set(form.fields["library"].queryset.values_list("regency_id", flat=True)) == {"19.01"}


def test_aid_form_validation_keeps_input(client_as):
    library = library_at("own_village")
    future = timezone.localdate() + timedelta(days=3)
    data = {
        "library": library.pk,
        "year": future.year + 1,
        "item": "books",
        "quantity": "-2",
        "value": "Rp 7.000.000",
        "received_on": future.isoformat(),
        "source": "Perpusnas RI",
    }
    response = client_as("dkpus.babel").post(reverse("libraries:aid_add"), data)
    assert set(response.context["form"].errors) == {"year", "quantity", "received_on"}
    assert 'value="Perpusnas RI"' in response.content.decode()


def test_aid_added_from_a_library_page(client_as):
    library = library_at("own_village")
    client = client_as("dispus.bangka")
    assert (
        client.get(reverse("libraries:aid_add"), {"library": library.pk}).context["form"].initial["library"] == library
    )
    data = {"library": library.pk, "year": 2023, "item": "books", "quantity": 700, "value": "Rp 35.000.000"}
    response = client.post(reverse("libraries:aid_add"), data)
    aid = Aid.objects.get(library=library, year=2023)
    assert response["Location"] == aid.get_absolute_url() and aid.value == 35_000_000
    page = client.get(library.get_absolute_url()).content.decode()
    assert "Rp 35.000.000" in page


def test_aid_list_filters_kind_and_year(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:aid_list"), {"kind": "non_physical", "per_page": 200})
    records = [row.record for row in response.context["table"].paginated_rows]
    assert records and {a.item for a in records} == {"technical_guidance"}


# -- the library form's village picker ------------------------------------------------------------


def test_village_options_are_those_of_one_regency_in_scope(client_as):
    client = client_as("dkpus.babel")
    data = json.loads(client.get(reverse("libraries:village_options"), {"regency": "19.01"}).content)
    codes = {item["code"] for item in data["results"]}
    assert codes == set(Village.objects.filter(regency_id="19.01").values_list("code", flat=True))
    assert all(" — " in item["label"] for item in data["results"])
    outside = json.loads(client.get(reverse("libraries:village_options"), {"regency": "51.71"}).content)
    assert outside["results"] == []


def test_library_form_lists_only_the_chosen_regencys_villages(client_as):
    library = library_at("own_village")
    form = client_as("dkpus.babel").get(reverse("libraries:library_edit", args=[library.pk])).context["form"]
    shown = [code for code, _label in form.fields["village"].widget.choices if code]
    assert library.village_id in shown
    assert {code[:5] for code in shown} == {"19.01"}
    assert set(form.fields["regency"].queryset.values_list("province_id", flat=True)) == {"19"}
    blank = client_as("admin").get(reverse("libraries:library_add")).context["form"]
    assert [code for code, _label in blank.fields["village"].widget.choices if code] == []


def test_library_form_rejects_a_village_outside_the_chosen_regency(client_as):
    village = Village.objects.filter(regency_id="19.02").first()
    data = {"name": "Perpustakaan Silang", "level": "village", "regency": "19.01", "village": village.code}
    response = client_as("dkpus.babel").post(reverse("libraries:library_add"), data)
    assert "village" in response.context["form"].errors
    assert not Library.objects.filter(name="Perpustakaan Silang").exists()


def test_library_form_fills_province_from_regency_and_checks_level_needs(client_as):
    client = client_as("dkpus.babel")
    response = client.post(reverse("libraries:library_add"), {"name": "Perpustakaan Kecamatan", "level": "village"})
    assert set(response.context["form"].errors) >= {"village"}
    village = Village.objects.filter(regency_id="19.04", libraries__isnull=True).first()
    data = {
        "name": "TBM Baru",
        "level": "tbm",
        "regency": "19.04",
        "village": village.code,
        "funding_amount": "5.000.000",
    }
    response = client.post(reverse("libraries:library_add"), data)
    assert "funding_source" in response.context["form"].errors
    data["funding_source"] = "apbd"
    assert client.post(reverse("libraries:library_add"), data).status_code == 302
    created = Library.objects.get(name="TBM Baru")
    assert (created.province_id, created.funding_amount) == ("19", 5_000_000)


def test_library_history_tab_names_who_changed_what(client_as, user):
    library = library_at("own_village")
    client = client_as("dispus.bangka")
    form = client.get(reverse("libraries:library_edit", args=[library.pk])).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k in form.fields}
    data.update(members_count=999, level="village", partner_type="book_aid", is_active="on")
    data["village"] = library.village_id
    data["regency"] = library.regency_id
    data["province"] = library.province_id
    response = client.post(reverse("libraries:library_edit", args=[library.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    page = client.get(library.get_absolute_url())
    entry = page.context["history"][0]
    assert entry.user == "Dispus Bangka"
    changes = {c.label: (c.old, c.new) for c in entry.changes}
    assert changes["Jumlah anggota"][1] == "999"
    assert changes["Jenis mitra"] == ("Mitra full support", "Bantuan buku bermutu")
    assert 'data-testid="history"' in page.content.decode()
    for role, status in (("dkpus.bali", 404), (LIBRARIAN, 200), ("konsultan", 200)):
        assert client_as(role).get(library.get_absolute_url()).status_code == status


def test_library_detail_query_count(client_as, django_assert_max_num_queries):
    library = library_at("own_village")
    client = client_as("dkpus.babel")
    # the KPI panel (the thresholds in force, the one scoring statement), the navbar's unread notices
    with django_assert_max_num_queries(17):
        assert client.get(library.get_absolute_url()).status_code == 200


def test_aid_pages_query_counts(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("libraries:aid_list"), {"per_page": 200}).status_code == 200
    aid = Aid.objects.filter(library__province_id="19").first()
    with django_assert_max_num_queries(10):
        assert client.get(aid.get_absolute_url()).status_code == 200


def test_regency_staff_get_a_form_error_for_a_provincial_library(client_as):
    data = {"name": "Perpustakaan Provinsi Kedua", "level": "province", "province": "19"}
    response = client_as("dispus.bangka").post(reverse("libraries:library_add"), data)
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
