"""Giving a regency's records back in SIM TPBIS's format: the command, the download, and the round trip."""

import io
import json
import zipfile
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from activities.choices import RecordSource
from activities.models import Activity, Replication, ServiceSnapshot
from reports.models import MonthlyReport, SimScore
from sim.vocabulary import FIELDS, PLACE_FIELDS, RecordType

from .conftest import SAMPLE_FILES, run_import, sample

pytestmark = pytest.mark.django_db
ALL_NAMES = {f"{kind}1901.json" for kind in RecordType.values}
IKU_PLACE = ["nama_perpustakaan", "provinsi", "kabupaten_kota", "desa_kelurahan"]


def export(directory, period="2026-01..2026-03") -> list:
    call_command("export_sim", "--regency", "19.01", "--period", period, str(directory), stdout=io.StringIO())
    return sorted(directory.glob("*.json"))


def state() -> dict:
    """Every record imported for Bangka, as values (no ids but the libraries'); the demo's own records aside."""
    activities = Activity.objects.filter(library__regency_id="19.01", source=RecordSource.SIM)
    fields = [f.name for f in Activity._meta.concrete_fields if f.name not in {"id", "created_at", "updated_at"}]
    return {
        "activities": sorted(
            (*(str(row[f]) for f in fields), sorted(row_links))
            for row, row_links in (
                (row, activities.get(pk=row["id"]).attachment_links.values_list("url", flat=True))
                for row in activities.values("id", *fields)
            )
        ),
        "snapshots": sorted(
            ServiceSnapshot.objects.filter(library__regency_id="19.01", sim_key__isnull=False).values_list(
                "library", "period", "books", "digital_books", "computers", "bandwidth_mbps", "entered_on", "sim_key"
            )
        ),
        "reports": sorted(
            MonthlyReport.objects.filter(library__regency_id="19.01", source=RecordSource.SIM).values_list(
                "library", "period", "visitors", "visitors_male", "visitors_female", "status"
            )
        ),
        "replications": list(
            Replication.objects.filter(regency_id="19.01").values_list("year", "funds", "funding_source", "villages")
        ),
        "scores": sorted(SimScore.objects.filter(library__regency_id="19.01").values_list("library", "score")),
    }


def without_place(kind: str, row: dict) -> str:
    hidden = IKU_PLACE if kind == RecordType.IKU else PLACE_FIELDS
    kept = {k: (None if value == "-" and k == "attachment" else value) for k, value in row.items() if k not in hidden}
    return json.dumps(kept, sort_keys=True)


def test_the_export_is_sims_shape_and_holds_what_was_imported(imported, tmp_path):
    files = export(tmp_path / "out")
    assert {path.name for path in files} == ALL_NAMES
    for path in files:
        kind = path.name.removesuffix("1901.json")
        document = json.loads(path.read_text())
        assert document["status"] is True
        original = sample(kind)
        assert all(list(row) == FIELDS[kind] == list(original[0]) for row in document["data"]), kind
        exported = Counter(without_place(kind, row) for row in document["data"])
        assert exported == Counter(without_place(kind, row) for row in original), kind
    engagement = json.loads((tmp_path / "out" / "pelibatan1901.json").read_text())["data"]
    regency_rows = [row for row in engagement if row["kecamatan_name"] == " - "]
    assert regency_rows and {row["kabupaten_name"] for row in engagement} == {"Kab. Bangka"}


def test_importing_an_export_reproduces_the_same_records(imported, tmp_path):
    files = export(tmp_path / "out")
    before = state()
    again = run_import(*files)
    assert again.error is None, again.err
    assert again.line("pelibatan").endswith("0 created, 0 updated, 50 unchanged")
    assert state() == before
    Activity.objects.filter(library__regency_id="19.01", source=RecordSource.SIM).delete()
    ServiceSnapshot.objects.filter(library__regency_id="19.01", sim_key__isnull=False).delete()
    MonthlyReport.objects.filter(library__regency_id="19.01", source=RecordSource.SIM).delete()
    Replication.objects.filter(regency_id="19.01").delete()
    SimScore.objects.filter(library__regency_id="19.01").delete()
    fresh = run_import(*files)
    assert fresh.error is None, fresh.err
    assert fresh.line("pelibatan").endswith("50 created, 0 updated, 0 unchanged")
    assert state() == before


def test_the_period_chooses_the_records(imported, tmp_path):
    files = export(tmp_path / "january", "2026-01")
    engagement = json.loads(next(p for p in files if p.name.startswith("pelibatan")).read_text())["data"]
    assert engagement and {row["tanggal"][:7] for row in engagement} == {"2026-01"}
    visitors = json.loads(next(p for p in files if p.name.startswith("pengunjung")).read_text())["data"]
    assert {row["periode"] for row in visitors} == {"Jan 2026"}


@pytest.mark.parametrize(
    "arguments",
    [["--regency", "99.99", "--period", "2026-01"], ["--regency", "19.01", "--period", "2026-13"]],
)
def test_the_command_refuses_an_unknown_regency_or_period(tmp_path, arguments):
    with pytest.raises(CommandError):
        call_command("export_sim", *arguments, str(tmp_path), stdout=io.StringIO())


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("konsultan", 200),
        ("dkpus.babel", 200),
        ("dispus.bangka", 200),
        ("dkpus.bali", 404),
        ("pustakawan.rebo", 404),
    ],
)
def test_the_download_is_for_whoever_may_see_the_regency(client_as, role, status):
    client = client_as(role)
    response = client.get(reverse("sim:export", args=["19.01"]), {"from": "2026-01", "to": "2026-03"})
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/zip"
        assert set(zipfile.ZipFile(io.BytesIO(response.content)).namelist()) == ALL_NAMES


def test_the_download_holds_the_regencys_records(imported, client_as):
    response = client_as("dispus.bangka").get(
        reverse("sim:export", args=["19.01"]), {"from": "2026-01", "to": "2026-03"}
    )
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert len(json.loads(archive.read("pelibatan1901.json"))["data"]) == 50


@pytest.mark.parametrize(
    "query",
    [{"from": "2026-03", "to": "2026-01"}, {"from": "nonsense", "to": "2026-01"}, {"from": "2026-01\x00", "to": "x"}],
)
def test_a_wrong_period_is_a_clear_error_not_a_failure(client_as, query):
    response = client_as("dispus.bangka").get(reverse("sim:export", args=["19.01"]), query)
    assert response.status_code == 400
    assert b"alert-danger" in response.content or b"is-invalid" in response.content


@pytest.mark.parametrize("code", ["99.99", "19", "x" * 50, "19.01%00"])
def test_an_unknown_regency_is_404(client_as, code):
    assert client_as("admin").get(f"/sim/export/{code}/").status_code == 404


def test_without_months_the_page_offers_the_form(client_as):
    response = client_as("dispus.bangka").get(reverse("sim:export", args=["19.01"]))
    assert response.status_code == 200 and b'data-testid="sim-export"' in response.content


def test_the_regency_dashboard_links_to_the_download(client_as):
    response = client_as("dispus.bangka").get(reverse("reports:dashboard_detail", args=["regency", "19.01"]))
    assert response.status_code == 200
    assert b'data-testid="export-sim"' in response.content
    assert reverse("sim:export", args=["19.01"]).encode() in response.content


def test_the_sample_files_are_those_of_the_export(tmp_path):
    assert {path.name for path in SAMPLE_FILES} == ALL_NAMES
