"""The records' API fields (contract): engagement events, advocacy, publications, snapshots, visitors by sex."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from activities.models import Activity, Advocacy
from libraries.models import Library
from reports.models import MonthlyReport

from ..conftest import LIBRARIAN

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def rebo() -> Library:
    return Library.objects.get(village_id="19.01.01.2007")


def test_an_engagement_event_with_sims_fields_and_the_total_from_the_split(api_as, committed):
    body = {
        "library": rebo().pk,
        "date": "2025-03-01",
        "strategy": "community_engagement",
        "title": "Pelatihan kerajinan resam",
        "field": "economy",
        "kind": "training",
        "target_group": "msme",
        "participants_male": 4,
        "participants_female": 9,
    }
    with committed():
        response = api_as(LIBRARIAN).post("/api/v1/activities/", body, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["field"], data["kind"], data["participants"]) == ("economy", "training", 13)
    # Dated long before it was entered (today): the evidence checks, once it is saved, flag it as back-dated.
    data = api_as(LIBRARIAN).get(f"/api/v1/activities/{data['id']}/").json()
    assert (data["verification"], [flag["code"] for flag in data["flags"]]) == ("unverified", ["backdated"])
    assert Activity.objects.get(pk=data["id"]).event_kind == "training"
    total_only = {**body, "title": "Promosi layanan", "kind": "promotion", "participants": 30}
    del total_only["participants_male"], total_only["participants_female"]
    data = api_as(LIBRARIAN).post("/api/v1/activities/", total_only, format="json").json()
    assert (data["participants"], data["participants_male"], data["participants_female"]) == (30, None, None)
    bad = api_as(LIBRARIAN).post("/api/v1/activities/", {**body, "participants": 20}, format="json")
    assert bad.status_code == 400


def test_verification_is_read_only_and_a_correction_goes_back_to_the_queue(api_as):
    client = api_as(LIBRARIAN)
    body = {"library": rebo().pk, "date": "2025-03-02", "title": "Audiensi", "targets": ["village_head"]}
    created = client.post("/api/v1/advocacy/", {**body, "verification": "verified"}, format="json").json()
    assert created["verification"] == "unverified"
    returned = api_as("dispus.bangka").post(
        f"/api/v1/advocacy/{created['id']}/return/", {"comment": "Lampirkan notulen."}, format="json"
    )
    assert returned.status_code == 200 and returned.json()["verification"] == "returned"
    corrected = client.patch(f"/api/v1/advocacy/{created['id']}/", {"resource_persons": 2}, format="json")
    assert corrected.status_code == 200 and corrected.json()["verification"] == "unverified"


def test_the_advocacy_document_is_checked_by_its_content(api_as):
    client = api_as(LIBRARIAN)
    record = Advocacy.objects.create(library=rebo(), date=dt.date(2025, 3, 3), title="Perkades", targets=[])
    fake = SimpleUploadedFile("pks.pdf", b"MZ not a pdf", "application/pdf")
    response = client.patch(f"/api/v1/advocacy/{record.pk}/", {"document": fake}, format="multipart")
    assert response.status_code == 400 and "document" in response.json()
    pdf = SimpleUploadedFile("pks.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    assert client.patch(f"/api/v1/advocacy/{record.pk}/", {"document": pdf}, format="multipart").status_code == 200


def test_publications_and_snapshots_speak_the_contracts_names(api_as):
    client = api_as(LIBRARIAN)
    body = {"library": rebo().pk, "date": "2025-03-04", "title": "Berita", "kind": "online", "outlet": "Bangka Pos"}
    data = client.post("/api/v1/publications/", {**body, "link": "https://example.org/berita"}, format="json").json()
    assert (data["kind"], data["outlet"], data["link"]) == ("online", "Bangka Pos", "https://example.org/berita")
    snapshot = {"library": rebo().pk, "period": "2025-02", "books": 1300, "digital_books": 20, "computers": 4}
    data = client.post("/api/v1/service-snapshots/", {**snapshot, "bandwidth_mbps": "20"}, format="json").json()
    assert (data["period"], data["books"], data["verification"], data["flags"]) == ("2025-02", 1300, "unverified", [])


def test_monthly_reports_count_visitors_by_sex(api_as):
    report = MonthlyReport.objects.filter(library__province_id="19", visitors_male__isnull=False).first()
    data = api_as("dkpus.babel").get(f"/api/v1/monthly-reports/{report.pk}/").json()
    assert data["visitors_male"] + data["visitors_female"] == data["visitors"]
    assert data["verification"] in {"unverified", "verified", "returned"}
