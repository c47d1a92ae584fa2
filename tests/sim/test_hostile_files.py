"""Files that are wrong in every way a file can be: each is a clear problem naming file, row and field, and
nothing is written, through the command and through the page (never a server error)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook

from activities.models import Activity
from libraries.models import Library
from sim.importing import check
from sim.models import SimUpload

from .conftest import run_import, sample

pytestmark = pytest.mark.django_db


def document(rows) -> bytes:
    return json.dumps({"status": True, "data": rows}).encode()


def engagement(**changes) -> bytes:
    rows = sample("pelibatan")[:3]
    rows[1] = {**rows[1], **changes}
    return document(rows)


def xlsx(rows: list[list]) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


WHOLE_FILE = [
    ("truncated.json", document(sample("pelibatan"))[:500], "not valid JSON (line 1"),
    ("latin.json", '{"data": ["Ekonomi é"]}'.encode("latin-1"), "not UTF-8"),
    ("failed.json", b'{"status": false, "message": "Unauthorized"}', "status false"),
    ("object.json", b'{"status": true, "data": {"a": 1}}', "expected {"),
    ("scalars.json", b'{"status": true, "data": [1, 2]}', "Record 1 is not an object"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
    ("empty.json", b"", "empty"),
    ("nothing.json", b'{"status": true, "data": []}', "no records"),
    ("other.json", document([{"nama": "x", "alamat": "y"}]), "not those of one SIM TPBIS record type"),
    (
        "incomplete.json",
        document([{k: val for k, val in sample("pelibatan")[0].items() if k != "tanggal_input"}]),
        "missing: tanggal_input",
    ),
    ("broken.xlsx", xlsx([["tanggal", "nama_kegiatan"], ["2026-01-01", "x"]])[:300], "not a readable XLSX"),
    ("garbage.xlsx", b"PK\x03\x04" + b"\x00" * 200, "not a readable XLSX"),
    ("binary.csv", b"\x81\x8d\x8f\x90\x9d" * 20, "character set"),
    ("notes.txt", b"hello", "JSON, XLSX or CSV"),
    ("huge.json", document([{"periode": "Jan 2026"}] * 50_001), "more than 50,000"),
]


@pytest.mark.parametrize(("name", "content", "message"), WHOLE_FILE, ids=[case[0] for case in WHOLE_FILE])
def test_a_file_that_cannot_be_read_is_one_problem_naming_it(name, content, message):
    with translation.override("en"):
        plan = check([(name, content)])
        problems = [str(problem) for problem in plan.problems]
    assert not plan.ok and len(problems) == 1
    assert problems[0].startswith(f"{name}: ") and message in problems[0], problems


ROWS = [
    ({"tanggal": "31/02/2026"}, "tanggal", "not a date"),
    ({"tanggal": "2099-01-01"}, "tanggal", "in the future"),
    ({"tanggal_input": None}, "tanggal_input", "missing required value"),
    ({"jumlah_peserta": -4}, "jumlah_peserta", "at least 0"),
    ({"jumlah_peserta": 10**20}, "jumlah_peserta", "at most"),
    ({"jumlah_peserta": "banyak"}, "jumlah_peserta", "not a whole number"),
    ({"jumlah_peserta": True}, "jumlah_peserta", "not true/false"),
    ({"jumlah_peserta": [1, 2]}, "jumlah_peserta", "a single value"),
    ({"bidang_kegiatan": "Astronomi"}, "bidang_kegiatan", "unknown value; SIM's values are: Ekonomi"),
    ({"sasaran": {"a": 1}}, "sasaran", "a single value"),
    ({"nama_kegiatan": "x" * 300}, "nama_kegiatan", "longer than 200"),
    ({"nama_kegiatan": "x" * 5000}, "nama_kegiatan", "longer than 2000"),
    ({"nama_kegiatan": "Kelas\x00membaca"}, "nama_kegiatan", "not text"),
    ({"kabupaten_name": "Kab. Atlantis"}, "kabupaten_name", "unknown regency/city"),
    ({"perpus_nama": " - "}, "perpus_nama", "missing required value"),
    ({"kecamatan_name": " - ", "desa_name": "Rebo"}, "kecamatan_name", "missing required value"),
]


@pytest.mark.parametrize(("changes", "field", "message"), ROWS, ids=[case[1] + ":" + case[2][:12] for case in ROWS])
def test_a_bad_value_is_a_problem_naming_file_row_and_field(changes, field, message):
    with translation.override("en"):
        plan = check([("pelibatan1901.json", engagement(**changes))])
        problems = [str(problem) for problem in plan.problems]
    assert not plan.ok
    assert any(p.startswith(f"pelibatan1901.json, row 2, {field}: ") and message in p for p in problems), problems


def test_other_types_check_their_own_fields():
    visitors = sample("pengunjung")[:2]
    visitors[0] = {**visitors[0], "total_pengunjung": 1}
    visitors[1] = {**visitors[1], "periode": "Smarch 2026"}
    advocacy = sample("advokasi")[:2]
    advocacy[0] = {**advocacy[0], "sasaran": ["Swasta", "Alien"], "hasil_regulasi": "Titah Raja"}
    publications = sample("publikasi")[:1]
    publications[0] = {**publications[0], "link": "instagram saya", "jenis_publikasi": "Media Sosial"}
    snapshots = sample("peningkatan")[:1]
    snapshots[0] = {**snapshots[0], "bulan": "Brumaire", "bandwidth": -5}
    scores = sample("iku")[:1]
    scores[0] = {**scores[0], "skor": 140}
    with translation.override("en"):
        plan = check(
            [
                ("v.json", document(visitors)),
                ("a.json", document(advocacy)),
                ("p.json", document(publications)),
                ("s.json", document(snapshots)),
                ("i.json", document(scores)),
            ]
        )
        problems = {(p.file, p.row, p.field) for p in plan.problems}
    assert {
        ("v.json", 1, "total_pengunjung"),
        ("v.json", 2, "periode"),
        ("a.json", 1, "sasaran"),
        ("a.json", 1, "hasil_regulasi"),
        ("p.json", 1, "link"),
        ("p.json", 1, "jenis_publikasi"),
        ("s.json", 1, "bulan"),
        ("s.json", 1, "bandwidth"),
        ("i.json", 1, "skor"),
    } <= problems


def test_the_same_library_and_month_twice_is_a_problem():
    visitors = sample("pengunjung")[:2]
    visitors.append(dict(visitors[1]))
    with translation.override("en"):
        plan = check([("pengunjung1901.json", document(visitors))])
    assert [(p.row, p.field) for p in plan.problems] == [(3, "perpus_nama")]
    assert "already in pengunjung1901.json, row 2" in plan.problems[0].message


def test_the_command_reports_every_problem_and_writes_nothing(tmp_path):
    path = tmp_path / "pelibatan1901.json"
    path.write_bytes(engagement(jumlah_peserta=-1, bidang_kegiatan="Astronomi"))
    broken = tmp_path / "broken.json"
    broken.write_bytes(b"{")
    before = Activity.objects.count(), Library.objects.count()
    run = run_import(path, broken)
    assert run.error and "nothing was imported" in run.error
    assert "pelibatan1901.json, row 2, jumlah_peserta" in run.err
    assert "pelibatan1901.json, row 2, bidang_kegiatan" in run.err
    assert "broken.json: " in run.err
    assert (Activity.objects.count(), Library.objects.count()) == before


PAGE_CASES = [
    ("truncated.json", document(sample("pelibatan"))[:500]),
    ("broken.xlsx", b"PK\x03\x04" + b"\x00" * 200),
    ("binary.csv", bytes(range(256)) * 10),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000),
    ("nul.json", engagement(nama_kegiatan="a\x00b")),
]


@pytest.mark.parametrize(("name", "content"), PAGE_CASES, ids=[case[0] for case in PAGE_CASES])
def test_the_page_shows_the_problem_and_imports_nothing(client_as, name, content):
    client = client_as("dispus.bangka")
    response = client.post(reverse("sim:upload"), {"files": [SimpleUploadedFile(name, content)]})
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.status_code == 200
    assert 'data-testid="sim-problems"' in preview.content.decode()
    token = SimUpload.objects.get().token
    confirm = client.post(reverse("sim:confirm", args=[token]))
    assert confirm.status_code == 302 and not Activity.objects.filter(source="sim").exists()


def test_the_page_refuses_files_too_large_too_many_or_of_another_kind(client_as, settings):
    client = client_as("dispus.bangka")
    settings.TPBIS_SIM_MAX_FILE_BYTES = 1000
    too_large = client.post(reverse("sim:upload"), {"files": [SimpleUploadedFile("pelibatan.json", b" " * 2000)]})
    settings.TPBIS_SIM_MAX_FILES = 2
    too_many = client.post(reverse("sim:upload"), {"files": [SimpleUploadedFile(f"{n}.json", b"[]") for n in range(3)]})
    other = client.post(reverse("sim:upload"), {"files": [SimpleUploadedFile("photo.png", b"\x89PNG")]})
    nothing = client.post(reverse("sim:upload"), {})
    for response in (too_large, too_many, other, nothing):
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not SimUpload.objects.exists()
