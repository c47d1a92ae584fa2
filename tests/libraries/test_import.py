"""Bulk import of libraries: all or nothing, every bad row named, fast, with history."""

import csv
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.models import User
from libraries.importing import LibraryImport
from libraries.models import Library, Village

HEADER = ["name", "level", "province_code", "regency_code", "village_code", "cohort_year", "members_count"]


def free_villages(count: int, **filters) -> list[Village]:
    villages = list(Village.objects.filter(libraries__isnull=True, **filters).order_by("code")[:count])
    assert len(villages) == count, "the test database holds too few villages"
    return villages


def village_rows(villages) -> list[list]:
    return [
        [f"Perpustakaan Desa {v.name} {i}", "village", "", "", v.code, 2021, 100 + i] for i, v in enumerate(villages)
    ]


def write_xlsx(path, rows, header=HEADER):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def csv_bytes(rows, header=HEADER, delimiter=",") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def errors_by_row(result) -> dict[int, set[str]]:
    rows: dict[int, set[str]] = {}
    for error in result.errors:
        rows.setdefault(error.row, set()).add(error.column)
    return rows


def test_2000_rows_with_three_bad_rows_import_nothing_then_all_after_correction(db, tmp_path, capsys):
    villages = free_villages(2000)
    rows = village_rows(villages)
    good = [list(row) for row in rows]
    rows[8][4] = "19.99.99.9999"  # spreadsheet row 10: unknown village code
    rows[698][5] = "dua ribu"  # row 700: not a number
    rows[1498][4] = rows[0][4]  # row 1500: the same village as row 2
    before = Library.objects.count()

    with pytest.raises(CommandError):
        call_command("import_libraries", str(write_xlsx(tmp_path / "bad.xlsx", rows)))
    reported = capsys.readouterr().err.strip().splitlines()
    assert len(reported) == 3
    assert [line.split(",")[0].split()[-1] for line in reported] == ["10", "700", "1500"]
    assert "village_code" in reported[0] and "cohort_year" in reported[1] and "village_code" in reported[2]
    assert Library.objects.count() == before

    call_command("import_libraries", str(write_xlsx(tmp_path / "good.xlsx", good)))
    assert Library.objects.count() == before + 2000
    imported = Library.objects.filter(village__in=villages)
    assert imported.count() == 2000
    assert set(imported.values_list("level", flat=True)) == {"village"}
    sample = imported.get(village=villages[1999])
    assert (sample.members_count, sample.cohort_year) == (2099, 2021)
    assert sample.regency_id == villages[1999].regency_id and sample.district_id == villages[1999].district_id
    # every imported library has its creation in the history, with the file named
    history = Library.history.filter(id__in=imported.values("pk"), history_type="+")
    assert history.count() == 2000
    assert set(history.values_list("history_change_reason", flat=True)) == {"Diimpor dari good.xlsx"}


def test_each_kind_of_bad_row_is_named_with_column_and_reason(user):
    dkpus = user("dkpus.babel")
    babel = free_villages(3, regency__province_id="19")
    bali = free_villages(1, regency__province_id="51")[0]
    taken = Library.objects.filter(province_id="19", level="village").first()
    rows = [
        ["Perpustakaan A", "village", "", "", babel[0].code, 2021, 10],  # 2: fine
        ["Perpustakaan B", "desa", "", "", "19.01.99.2999", 2021, 10],  # 3: unknown region code
        ["Perpustakaan C", "village", "", "", bali.code, 2021, 10],  # 4: outside the importer's scope
        ["Perpustakaan D", "village", "", "", taken.village_id, 2021, 10],  # 5: already registered
        ["Perpustakaan E", "village", "", "", babel[0].code, 2021, 10],  # 6: duplicate of row 2
        ["Perpustakaan F", "village", "", "", babel[1].code, 2021, "-5"],  # 7: bad number
        ["", "village", "", "", babel[2].code, 2021, 10],  # 8: missing required value
        ["Perpustakaan H", "istana", "", "", babel[2].code, 2021, 10],  # 9: unknown level
        ["Perpustakaan I", "regency", "", "19.01", "", 2021, 10],  # 10: the regency library exists
    ]
    importer = LibraryImport(dkpus)
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes(rows))))
    assert errors_by_row(result) == {
        3: {"village_code"},
        4: {"village_code"},
        5: {"village_code"},
        6: {"village_code"},
        7: {"members_count"},
        8: {"name"},
        9: {"level"},
        10: {"regency_code"},
    }
    messages = {e.row: e.message for e in result.errors}
    assert "tidak dikenal" in messages[3]
    assert "di luar wilayah" in messages[4]
    assert taken.name in messages[5]
    assert "baris 2" in messages[6]
    assert "wajib" in messages[8]


def test_csv_with_semicolons_and_indonesian_headers_and_formats(user, tmp_path):
    village = free_villages(1, regency__province_id="19")[0]
    header = ["Nama", "Tingkat", "Kode Desa", "Lintang", "Bujur", "Jumlah Dana", "Sumber Dana", "Tanggal SK", "Aktif"]
    row = ["Perpustakaan Desa Uji", "Desa/Kelurahan", village.code, "-2,5", "106,1", "Rp 1.500.000", "Dana Desa",
           "22/04/2021", "ya"]  # fmt: skip
    importer = LibraryImport(user("dkpus.babel"))
    result = importer.validate(importer.read(SimpleUploadedFile("f.csv", csv_bytes([row], header, ";"))))
    assert not result.errors, result.errors
    library = result.objects[0]
    assert (str(library.latitude), str(library.longitude)) == ("-2.500000", "106.100000")
    assert library.funding_amount == 1_500_000 and library.funding_source == "dana_desa"
    assert library.decree_date.isoformat() == "2021-04-22" and library.is_active


def test_missing_required_column_is_a_file_error(db, tmp_path):
    path = write_xlsx(tmp_path / "g.xlsx", [["X"]], header=["nama"])
    with pytest.raises(CommandError, match="level"):
        call_command("import_libraries", str(path))


def test_a_row_without_its_place_names_the_missing_column(db, tmp_path, capsys):
    path = write_xlsx(tmp_path / "f.xlsx", [["X", "village"]], header=["nama", "tingkat"])
    with pytest.raises(CommandError):
        call_command("import_libraries", str(path))
    assert "village_code" in capsys.readouterr().err


def test_dry_run_saves_nothing(db, tmp_path, capsys):
    rows = village_rows(free_villages(5))
    before = Library.objects.count()
    call_command("import_libraries", str(write_xlsx(tmp_path / "f.xlsx", rows)), "--dry-run")
    assert "5" in capsys.readouterr().out
    assert Library.objects.count() == before


def test_command_as_a_user_applies_their_scope(db, tmp_path, capsys):
    rows = village_rows(free_villages(1, regency__province_id="51"))
    with pytest.raises(CommandError):
        call_command("import_libraries", str(write_xlsx(tmp_path / "f.xlsx", rows)), "--user", "dkpus.babel")
    assert "village_code" in capsys.readouterr().err


@pytest.mark.django_db
def test_ten_thousand_rows_import_well_under_30_seconds(tmp_path):
    villages = list(Village.objects.order_by("code")[:2500])
    rows = [[f"TBM Uji {i}", "tbm", "", "", villages[i % len(villages)].code, 2022, i] for i in range(10_000)]
    path = write_xlsx(tmp_path / "big.xlsx", rows)
    started = time.monotonic()
    call_command("import_libraries", str(path), verbosity=0)
    elapsed = time.monotonic() - started
    assert Library.objects.filter(level="tbm", name__startswith="TBM Uji ").count() == 10_000
    assert elapsed < 30, elapsed


# -- through the page -------------------------------------------------------------------------------


def test_page_previews_then_imports_with_history_naming_the_user(client_as, user):
    client = client_as("dkpus.babel")
    villages = free_villages(3, regency__province_id="19")
    upload = SimpleUploadedFile("babel.csv", csv_bytes(village_rows(villages)))
    url = reverse("libraries:library_import")
    response = client.post(url, {"file": upload})
    assert response.status_code == 200
    token = response.context["token"]
    assert token and len(response.context["result"].objects) == 3
    assert not Library.objects.filter(village__in=villages).exists()  # nothing saved at preview

    response = client.post(url, {"token": token})
    assert response.status_code == 302
    imported = Library.objects.filter(village__in=villages)
    assert imported.count() == 3
    record = Library.history.filter(id=imported[0].pk).get()
    assert record.history_user == user("dkpus.babel")


def test_page_reports_errors_and_keeps_nothing(client_as):
    client = client_as("dkpus.babel")
    rows = village_rows(free_villages(2, regency__province_id="19"))
    rows[1][6] = "banyak"
    response = client.post(reverse("libraries:library_import"), {"file": SimpleUploadedFile("x.csv", csv_bytes(rows))})
    assert response.status_code == 200
    assert response.context["token"] == ""
    assert [(e.row, e.column) for e in response.context["errors"]] == [(3, "members_count")]
    assert "Tidak ada yang diimpor" in response.content.decode()


def test_page_rejects_a_stale_token(client_as):
    response = client_as("dkpus.babel").post(reverse("libraries:library_import"), {"token": "0" * 32})
    assert response.status_code == 302


@pytest.mark.parametrize("role", ["konsultan", "pustakawan.rebo"])
def test_read_only_roles_cannot_import(client_as, role):
    assert client_as(role).get(reverse("libraries:library_import")).status_code == 403


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_downloads_hold_every_column_in_indonesian_and_an_example(client_as, fmt):
    response = client_as("dkpus.babel").get(reverse("libraries:library_import_template", args=[fmt]))
    assert response.status_code == 200
    with translation.override("id"):
        labels = [str(column.label) for column in LibraryImport.columns]
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    else:
        workbook = load_workbook(io.BytesIO(response.content))
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        assert workbook.sheetnames == ["Data", "Petunjuk", "Daftar pilihan", "Kode desa"]
    assert rows[0] == labels
    assert labels[0] == "Nama perpustakaan"
    assert len(rows) == 2
    assert "Perpustakaan desa/kelurahan" in rows[1]  # the example's level, as the dropdown offers it


def test_the_template_offers_dropdowns_and_the_areas_village_codes(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:library_import_template", args=["xlsx"]))
    workbook = load_workbook(io.BytesIO(response.content))
    data, lists, villages = workbook["Data"], workbook["Daftar pilihan"], workbook["Kode desa"]
    keys = [column.key for column in LibraryImport.columns]
    ranges = {str(v.sqref).split(":")[0]: v.formula1 for v in data.data_validations.dataValidation}
    for key in ("level", "partner_type", "funding_source", "province_code", "regency_code", "village_code"):
        letter = data.cell(row=1, column=keys.index(key) + 1).column_letter
        assert f"{letter}2" in ranges, key
    level_values = [c.value for c in next(lists.iter_cols(min_row=2)) if c.value]
    assert "Perpustakaan desa/kelurahan" in level_values
    codes = [row[0] for row in villages.iter_rows(min_row=2, values_only=True)]
    assert len(codes) == Village.objects.filter(regency__province="19").count()
    assert all(code.startswith("19.") for code in codes)


def test_a_filled_in_template_imports(client_as, tmp_path):
    """The Indonesian headings and the dropdowns' labels are read back."""
    client = client_as("dkpus.babel")
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("libraries:library_import_template", args=["xlsx"])).content)
    )
    data = workbook["Data"]
    village = free_villages(1, regency__province_id="19")[0]
    keys = [column.key for column in LibraryImport.columns]
    data.cell(row=2, column=keys.index("village_code") + 1, value=village.code)
    data.cell(row=2, column=keys.index("regency_code") + 1, value=village.regency_id)
    data.cell(row=2, column=keys.index("province_code") + 1, value="19")
    path = tmp_path / "isi.xlsx"
    workbook.save(path)
    importer = LibraryImport(User.objects.get(username="dkpus.babel"))
    result = importer.validate(importer.read(str(path)))
    assert result.errors == [] and result.ok
    assert result.objects[0].level == "village" and result.objects[0].partner_type == "full_support"


def test_imported_libraries_are_on_the_dashboards_at_once(client_as):
    """An import writes in bulk (no per-row signals); it still drops the kept dashboards it changes."""
    client = client_as("dkpus.babel")
    dashboard = reverse("reports:dashboard_detail", args=["province", "19"])
    client.get(dashboard)
    before = client.get(dashboard).context["d"].libraries  # rendered once more: now kept whole
    assert client.get(dashboard).context is None
    villages = free_villages(4, regency__province_id="19")
    url = reverse("libraries:library_import")
    token = client.post(url, {"file": SimpleUploadedFile("babel.csv", csv_bytes(village_rows(villages)))}).context[
        "token"
    ]
    assert client.post(url, {"token": token}).status_code == 302
    after = client.get(dashboard)
    assert after.context is not None and after.context["d"].libraries == before + 4
