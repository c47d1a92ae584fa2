"""Pages of advocacy, publications, service snapshots and replication programmes: scope for every role, forms
that keep what was typed, the signed document checked by content and served in scope, query counts."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from activities.models import Activity, Advocacy, Publication, Replication, ServiceSnapshot

from ..conftest import LIBRARIAN
from ..scoping import STAFF, ScopedViewsCase, library_at
from .factories import (
    image_bytes,
    make_advocacy,
    make_publication,
    make_replication,
    make_snapshot,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db

RECORD_WRITERS = STAFF | {LIBRARIAN}


def pages(name: str, obj) -> list[str]:
    return [reverse(f"activities:{name}_edit", args=[obj.pk]), reverse(f"activities:{name}_delete", args=[obj.pk])]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


class TestAdvocacyScoping(ScopedViewsCase):
    writers = RECORD_WRITERS

    def make(self, library):
        record = make_advocacy(library)
        record.document = SimpleUploadedFile("pks.pdf", pdf_bytes())
        record.save()
        return record

    def view_urls(self, obj):
        return [
            reverse("activities:advocacy_detail", args=[obj.pk]),
            reverse("activities:advocacy_document", args=[obj.pk]),
        ]

    def change_urls(self, obj):
        return pages("advocacy", obj)

    def list_url(self):
        return reverse("activities:advocacy_list")


class TestPublicationScoping(ScopedViewsCase):
    writers = RECORD_WRITERS

    def make(self, library):
        return make_publication(library)

    def view_urls(self, obj):
        return [reverse("activities:publication_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return pages("publication", obj)

    def list_url(self):
        return reverse("activities:publication_list")


class TestServiceSnapshotScoping(ScopedViewsCase):
    writers = RECORD_WRITERS

    def make(self, library):
        return make_snapshot(library)

    def view_urls(self, obj):
        return [reverse("activities:servicesnapshot_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return pages("servicesnapshot", obj)

    def list_url(self):
        return reverse("activities:servicesnapshot_list")


class TestReplicationScoping(ScopedViewsCase):
    """A regency's programme: seen by everyone working in the regency, kept by the region's staff."""

    writers = STAFF

    def make(self, library):
        return make_replication(library)

    def view_urls(self, obj):
        return [reverse("activities:replication_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return pages("replication", obj)

    def list_url(self):
        return reverse("activities:replication_list")


@pytest.mark.parametrize(
    ("name", "writers"),
    [
        ("advocacy", RECORD_WRITERS),
        ("publication", RECORD_WRITERS),
        ("servicesnapshot", RECORD_WRITERS),
        ("replication", STAFF),
    ],
)
@pytest.mark.parametrize("role", ["admin", "konsultan", "dkpus.babel", "dispus.bangka", LIBRARIAN])
def test_add_pages_are_for_writers(client_as, name, writers, role):
    response = client_as(role).get(reverse(f"activities:{name}_add"))
    assert response.status_code == (200 if role in writers else 403)


def test_activity_pages_of_advocacy_and_publications_open_their_own(client_as):
    client = client_as(LIBRARIAN)
    advocacy = make_advocacy(library_at("own_village"))
    response = client.get(reverse("activities:activity_detail", args=[advocacy.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:advocacy_detail", args=[advocacy.pk])
    assert Activity.objects.get(pk=advocacy.pk).get_absolute_url() == advocacy.get_absolute_url()
    outside = make_advocacy(library_at("bali_village"))
    assert client.get(reverse("activities:activity_detail", args=[outside.pk])).status_code == 404


def test_the_activity_list_keeps_every_strategy_and_offers_every_record_type(client_as):
    library = library_at("own_village")
    make_advocacy(library, date=dt.date(2024, 5, 2), title="Audiensi Mei")
    make_publication(library, date=dt.date(2024, 5, 3), title="Berita Mei")
    client = client_as(LIBRARIAN)
    response = client.get(reverse("activities:activity_list"), {"library": library.pk, "period": "2024-05"})
    assert {row.record.title for row in response.context["table"].paginated_rows} == {"Audiensi Mei", "Berita Mei"}
    content = response.content.decode()
    for name in ("activity_add", "advocacy_add", "publication_add", "servicesnapshot_add"):
        assert reverse(f"activities:{name}") in content
    assert reverse("activities:replication_add") not in content  # a regency's programme is for its staff
    assert (
        reverse("activities:replication_add")
        in client_as("dispus.bangka").get(reverse("activities:activity_list")).content.decode()
    )


def test_lists_filter_by_verification_and_export(client_as):
    library = library_at("own_village")
    verified = make_advocacy(library, date=dt.date(2024, 6, 4), title="Audiensi terverifikasi")
    Advocacy.objects.filter(pk=verified.pk).update(verification="verified")
    make_advocacy(library, date=dt.date(2024, 6, 5), title="Audiensi menunggu")
    client = client_as("dispus.bangka")
    url = reverse("activities:advocacy_list")
    response = client.get(url, {"period": "2024-06", "verification": "verified"})
    assert [row.record.title for row in response.context["table"].paginated_rows] == ["Audiensi terverifikasi"]
    export = client.get(url, {"period": "2024-06", "export": "csv"})
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    page = client.get(url, {"period": "2024-06"})
    assert rows[0] == [str(c.header) for c in page.context["table"].columns if c.visible]  # the page's headings
    assert len(rows) == 3
    bad = client.get(url, {"verification": "maybe"})
    assert bad.status_code == 200 and "verification" in bad.context["filter"].form.errors


def advocacy_data(**overrides) -> dict:
    data = {
        "date": "2025-03-04",
        "title": "Audiensi anggaran perpustakaan desa",
        "targets": ["village_head", "private_sector"],
        "partners": "Kepala Desa Rebo; BUMDes",
        "result": "funds",
        "amount": "Rp 25.000.000",
        "resource_persons": "2",
        "goods": "",
        "description": "Paparan program di kantor desa.",
    }
    return {**data, **overrides}


def test_librarian_records_advocacy_with_its_result(client_as):
    client = client_as(LIBRARIAN)
    data = advocacy_data(document=SimpleUploadedFile("pks.pdf", pdf_bytes(), "application/pdf"))
    response = client.post(reverse("activities:advocacy_add"), data)
    record = Advocacy.objects.get(title="Audiensi anggaran perpustakaan desa")
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert (record.library, record.strategy) == (library_at("own_village"), "advocacy")
    assert (record.targets, record.result, record.amount) == (["village_head", "private_sector"], "funds", 25_000_000)
    assert record.created_by.username == LIBRARIAN and record.verification == "unverified"
    assert record.document.name.endswith(".pdf")
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Rp 25.000.000" in page
    document = client.get(reverse("activities:advocacy_document", args=[record.pk]))
    assert document["Content-Type"] == "application/pdf"
    assert b"".join(document.streaming_content).startswith(b"%PDF-")
    assert client_as("dkpus.bali").get(reverse("activities:advocacy_document", args=[record.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("pks.pdf", b"MZ\x90\x00 this is a program, not a PDF"),
        ("foto.jpg", b"<html><script>alert(1)</script></html>"),
        ("scan.png", image_bytes("GIF")),
    ],
)
def test_the_signed_document_is_checked_by_its_content(client_as, name, content):
    client = client_as(LIBRARIAN)
    data = advocacy_data(document=SimpleUploadedFile(name, content, "application/pdf"))
    response = client.post(reverse("activities:advocacy_add"), data)
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert 'value="Audiensi anggaran perpustakaan desa"' in response.content.decode()  # kept as typed
    assert not Advocacy.objects.filter(title="Audiensi anggaran perpustakaan desa").exists()


def test_a_photo_of_the_signed_page_is_a_document_too(client_as):
    data = advocacy_data(document=SimpleUploadedFile("scan.bin", image_bytes("PNG"), "application/octet-stream"))
    assert client_as(LIBRARIAN).post(reverse("activities:advocacy_add"), data).status_code == 302
    assert Advocacy.objects.get(title="Audiensi anggaran perpustakaan desa").document.name.endswith(".png")


def test_a_too_large_document_is_refused(client_as, settings):
    settings.TPBIS_DOCUMENT_MAX_BYTES = 100
    data = advocacy_data(document=SimpleUploadedFile("pks.pdf", pdf_bytes() + b" " * 200, "application/pdf"))
    response = client_as(LIBRARIAN).post(reverse("activities:advocacy_add"), data)
    assert "document" in response.context["form"].errors


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"result": "regulation", "amount": ""}, "regulation_kind"),
        ({"result": "funds", "amount": ""}, "amount"),
        ({"result": "non_funds", "amount": "558.000"}, "amount"),
        ({"result": "funds", "regulation_kind": "village_head_regulation"}, "regulation_kind"),
        ({"amount": "dua juta"}, "amount"),
        ({"targets": ["mayor"]}, "targets"),
    ],
)
def test_advocacy_outcome_must_fit_together_and_keeps_what_was_typed(client_as, overrides, field):
    response = client_as(LIBRARIAN).post(reverse("activities:advocacy_add"), advocacy_data(**overrides))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert "Paparan program di kantor desa." in response.content.decode()


def test_a_regulation_obtained(client_as):
    data = advocacy_data(
        result="regulation",
        amount="",
        regulation_kind="village_head_regulation",
        regulation_title="Perkades Rebo No. 3 Tahun 2025 tentang Perpustakaan Desa",
        issued_on="2025-03-20",
    )
    assert client_as(LIBRARIAN).post(reverse("activities:advocacy_add"), data).status_code == 302
    record = Advocacy.objects.get(title="Audiensi anggaran perpustakaan desa")
    assert (record.regulation_kind, record.issued_on) == ("village_head_regulation", dt.date(2025, 3, 20))


def test_librarian_records_a_publication(client_as):
    client = client_as(LIBRARIAN)
    data = {
        "date": "2025-03-06",
        "title": "Liputan pojok baca",
        "publication_kind": "print",
        "media_outlet": "Babel Pos",
    }
    response = client.post(reverse("activities:publication_add"), {**data, "media_kind": "radio"})
    assert "media_kind" in response.context["form"].errors  # radio is no print medium
    assert 'value="Babel Pos"' in response.content.decode()
    assert client.post(reverse("activities:publication_add"), {**data, "publication_kind": ""}).status_code == 200
    assert client.post(reverse("activities:publication_add"), data).status_code == 302
    record = Publication.objects.get(title="Liputan pojok baca")
    assert (record.strategy, record.publication_kind, record.media_outlet) == (
        "media_publication",
        "print",
        "Babel Pos",
    )


def test_librarian_records_the_months_services(client_as):
    client = client_as(LIBRARIAN)
    data = {"period": "2025-02", "books": "1250", "digital_books": "310", "computers": "4", "bandwidth_mbps": "20.5"}
    assert client.post(reverse("activities:servicesnapshot_add"), {**data, "books": "-1"}).status_code == 200
    future = client.post(reverse("activities:servicesnapshot_add"), {**data, "period": "2999-01"})
    assert "period" in future.context["form"].errors and 'value="1250"' in future.content.decode()
    assert client.post(reverse("activities:servicesnapshot_add"), data).status_code == 302
    snapshot = ServiceSnapshot.objects.get(library=library_at("own_village"), period=dt.date(2025, 2, 1))
    assert (snapshot.books, snapshot.computers, str(snapshot.bandwidth_mbps)) == (1250, 4, "20.50")


def test_regency_staff_add_a_replication_programme_of_their_regency(client_as):
    client = client_as("dispus.bangka")
    data = {"regency": "19.01", "year": "2025", "funds": "Rp 1.250.000.000", "funding_source": "apbd", "villages": "8"}
    response = client.post(reverse("activities:replication_add"), data)
    assert response.status_code == 302, response.context["form"].errors
    programme = Replication.objects.get(regency_id="19.01", year=2025)
    assert (programme.province_id, programme.funds, programme.villages) == ("19", 1_250_000_000, 8)
    elsewhere = client.post(reverse("activities:replication_add"), {**data, "regency": "19.02"})
    assert elsewhere.status_code == 200 and not Replication.objects.filter(regency_id="19.02", year=2025).exists()
    edit = client.get(reverse("activities:replication_edit", args=[programme.pk]))
    libraries = set(edit.context["form"].fields["libraries"].queryset.values_list("regency_id", flat=True))
    assert libraries == {"19.01"}


def test_an_engagement_event_with_a_total_and_no_split(client_as):
    client = client_as(LIBRARIAN)
    data = {
        "strategy": "community_engagement",
        "date": "2025-03-01",
        "title": "Pelatihan kerajinan resam",
        "field": "economy",
        "event_kind": "training",
        "target_group": "msme",
        "participants": "23",
    }
    assert client.post(reverse("activities:activity_add"), data).status_code == 302
    event = Activity.objects.get(title="Pelatihan kerajinan resam")
    assert (event.field, event.event_kind, event.participants) == ("economy", "training", 23)
    assert (event.participants_male, event.participants_female) == (None, None)
    page = client_as("admin").get(event.get_absolute_url())
    assert page.context["object"].has_split is False
    assert '<td data-testid="participants">23 (' in page.content.decode()


@pytest.mark.parametrize(
    ("typed", "field"),
    [
        ({"participants": "20", "participants_male": "8", "participants_female": "9"}, "participants"),
        ({"participants": "", "participants_male": "8"}, "participants_female"),
        ({"participants": ""}, "participants"),
    ],
)
def test_participants_must_add_up_and_the_form_keeps_them(client_as, typed, field):
    data = {"strategy": "community_engagement", "date": "2025-03-01", "title": "Pelatihan menjahit", **typed}
    response = client_as(LIBRARIAN).post(reverse("activities:activity_add"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    content = response.content.decode()
    assert 'value="Pelatihan menjahit"' in content
    for value in typed.values():
        if value:
            assert f'value="{value}"' in content


def test_other_strategies_drop_the_engagement_fields(client_as):
    data = {"strategy": "service_improvement", "date": "2025-03-01", "title": "Internet gratis", "participants": "5"}
    data.update(field="economy", event_kind="training")
    client_as(LIBRARIAN).post(reverse("activities:activity_add"), data)
    assert Activity.objects.filter(title="Internet gratis").values_list("field", "event_kind").get() == ("", "")


@pytest.mark.parametrize(
    ("url", "limit"),
    [
        ("activities:advocacy_list", 9),
        ("activities:publication_list", 9),
        ("activities:servicesnapshot_list", 9),
        ("activities:replication_list", 9),
    ],
)
@pytest.mark.parametrize("username", ["admin", "dkpus.babel", LIBRARIAN])
def test_list_query_counts_do_not_grow(client_as, url, limit, username, django_assert_max_num_queries):
    client = client_as(username)
    library = library_at("own_village")
    for day in range(1, 8):
        make_advocacy(library, date=dt.date(2024, 7, day))
        make_publication(library, date=dt.date(2024, 7, day))
        make_snapshot(library, period=dt.date(2024, day, 1))
        make_replication(library, year=2010 + day)
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(url), {"per_page": 100}).status_code == 200


@pytest.mark.parametrize(
    ("make", "limit"),
    [(make_advocacy, 11), (make_publication, 11), (make_snapshot, 9), (make_replication, 11)],
)
def test_detail_and_form_query_counts(client_as, make, limit, django_assert_max_num_queries):
    client = client_as("dispus.bangka")
    record = make(library_at("own_village"))
    name = type(record)._meta.model_name
    with django_assert_max_num_queries(limit):
        assert client.get(record.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse(f"activities:{name}_edit", args=[record.pk])).status_code == 200


@pytest.mark.parametrize("role", ["admin", "konsultan", "dkpus.babel", "dispus.bangka", LIBRARIAN])
def test_every_record_page_renders_with_the_demo_data(client_as, role):
    client = client_as(role)
    rebo = library_at("own_village")
    records = [
        Activity.objects.filter(library=rebo, strategy="community_engagement").first(),
        Advocacy.objects.filter(library=rebo).first(),
        Publication.objects.filter(library=rebo).first(),
        ServiceSnapshot.objects.filter(library=rebo).first(),
        Replication.objects.get(regency_id="19.04", year=2021),
    ]
    urls = [reverse(f"activities:{name}_list") for name in ("activity", "advocacy", "publication")]
    urls += [reverse(f"activities:{name}_list") for name in ("servicesnapshot", "replication")]
    urls += [record.get_absolute_url() for record in records[:-1]]
    bangka_tengah = [records[-1].get_absolute_url()]
    bangka_tengah.append(reverse("libraries:library_detail", args=[records[-1].libraries.first().pk]))
    elsewhere = role in {"dispus.bangka", LIBRARIAN}  # Bangka Tengah's programme and libraries are not theirs
    for url in urls + bangka_tengah:
        response = client.get(url)
        assert response.status_code == (404 if elsewhere and url in bangka_tengah else 200), url
