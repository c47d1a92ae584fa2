"""Where a library SIM names is: found for sure, or offered with candidates (Kabupaten Bangka's villages)."""

import json

import pytest

from libraries.choices import LibraryLevel
from libraries.models import Library
from sim.importing import check, import_sim

from .conftest import sample

pytestmark = pytest.mark.django_db


def engagement(name: str, district: str, village: str, **changes) -> dict:
    row = dict(sample("pelibatan")[3])
    row.update(perpus_nama=name, kecamatan_name=district, desa_name=village, **changes)
    return row


def score(name: str, village: str) -> dict:
    return {**sample("iku")[1], "nama_perpustakaan": name, "desa_kelurahan": village}


def files(pelibatan=(), iku=()) -> list[tuple[str, bytes]]:
    found = []
    if pelibatan:
        found.append(("pelibatan.json", json.dumps({"status": True, "data": list(pelibatan)}).encode()))
    if iku:
        found.append(("iku.json", json.dumps({"status": True, "data": list(iku)}).encode()))
    return found


def placed(plan) -> dict[str, tuple]:
    return {k.name: (k.village, k.level, k.cohort_year) for k in plan.new_libraries}


def test_a_village_spelt_together_is_placed_when_the_district_confirms_it():
    plan = check(files([engagement("Perpustakaan Desa Tiang Tarah", "Bakam", "Tiangtarah")]))
    assert plan.ok and placed(plan) == {"Perpustakaan Desa Tiang Tarah": ("19.01.06.2005", LibraryLevel.VILLAGE, None)}


def test_without_a_district_the_same_spelling_is_offered_for_confirmation():
    plan = check(files(iku=[score("Perpustakaan Desa Tiang Tarah", "Tiangtarah")]))
    [unplaced] = plan.unplaced
    assert [c.code for c in unplaced.candidates] == ["19.01.06.2005"]
    assert unplaced.candidates[0].outcome == ("new", "")


def test_case_spacing_and_punctuation_do_not_matter():
    plan = check(files([engagement("perpustakaan  desa BATU-RUSA", " merawang ", "batu  rusa.")]))
    assert plan.ok and [k.village for k in plan.new_libraries] == ["19.01.03.2001"]


def test_a_misspelt_village_is_offered_with_the_closest_names():
    plan = check(files([engagement("Perpustakaan Desa Tiang Tarh", "Bakam", "Tiang Tarh")]))
    [unplaced] = plan.unplaced
    assert "19.01.06.2005" in [c.code for c in unplaced.candidates]
    assert not plan.new_libraries


def test_the_regency_library_is_the_one_of_the_regency_whatever_its_name():
    regency_library = Library.objects.get(regency_id="19.01", level=LibraryLevel.REGENCY)
    plan = import_sim(files([engagement("Perpustakaan Daerah Kabupaten Bangka", " - ", " - ")]))
    assert plan.ok and not plan.new_libraries
    assert regency_library.activities.filter(source="sim").count() == 1


def test_the_only_library_of_a_village_takes_a_longer_name_of_the_same_kind():
    rebo = Library.objects.get(village__name="Rebo", level=LibraryLevel.VILLAGE)
    plan = import_sim(files([engagement("B21 Perpustakaan Desa Rebo Kecamatan Sungailiat", "Sungailiat", "Rebo")]))
    assert plan.ok and not plan.new_libraries
    assert rebo.activities.filter(source="sim").count() == 1
    assert 2021 in set(rebo.cohorts.values_list("year", flat=True))


def test_a_reading_park_beside_the_village_library_is_a_new_library_of_its_cohort():
    plan = check(files([engagement("B24 Taman Bacaan Pelangi Rebo", "Sungailiat", "Rebo")]))
    assert placed(plan) == {"Taman Bacaan Pelangi Rebo": ("19.01.01.2007", LibraryLevel.TBM, 2024)}
    assert [(k.name, year) for k, year in plan.new_cohorts] == [("Taman Bacaan Pelangi Rebo", 2024)]


def test_a_second_village_library_is_not_created_in_a_village_that_has_one():
    Library.objects.create(name="TBM Rebo", level=LibraryLevel.TBM, province_id="19", village_id="19.01.01.2007")
    plan = check(files([engagement("Perpustakaan Pelangi Rebo", "Sungailiat", "Rebo")]))
    [unplaced] = plan.unplaced
    assert unplaced.candidates[0].outcome == ("taken", "Perpustakaan Desa Rebo")
    assert {name for _pk, name in unplaced.candidates[0].libraries} == {"Perpustakaan Desa Rebo", "TBM Rebo"}


def test_two_libraries_of_one_name_in_villages_of_one_name_are_told_apart_by_district_only():
    name = "Perpustakaan Desa Air Duren"
    plan = check(
        files(
            [engagement(name, "Mendo Barat", "Air Duren"), engagement(name, "Pemali", "Air Duren")],
            [score(name, "Air Duren")],
        )
    )
    assert sorted(k.village for k in plan.new_libraries) == ["19.01.04.2009", "19.01.05.2002"]
    [unplaced] = plan.unplaced  # the score names no district: which of the two it is, the user says
    assert sorted(c.code for c in unplaced.candidates) == ["19.01.04.2009", "19.01.05.2002"]
    assert unplaced.rows == 1 and unplaced.files == {"iku.json"}


def test_a_score_without_a_district_follows_the_rows_that_placed_its_library():
    name = "Perpustakaan Desa Air Duren"
    plan = check(files([engagement(name, "Pemali", "Air Duren")], [score(name, "Air Duren")]))
    assert plan.ok and [k.village for k in plan.new_libraries] == ["19.01.05.2002"]
