"""Every check on records taken in from SIM: the sample's rows changed to raise each flag the sample lacks.

The sample itself (``test_evidence_sample``) raises a reused photo, a late entry, a shared link, a non-funds
advocacy with an amount and an all-zero snapshot; here a duplicate, a regulation without its kind and a
participants peak are added, and a correction imported later takes a flag away.
"""

import pytest

from activities.choices import RecordSource
from activities.models import Activity, FlagCode, FlagReason

from .conftest import run_import, sample, write_sample

pytestmark = pytest.mark.django_db


def flags_of(title: str) -> set[tuple[str, str]]:
    found = set()
    for record in Activity.objects.filter(title=title, source=RecordSource.SIM):
        found |= set(record.evidence_flags.values_list("code", "reason"))
    return found


def imported_with(tmp_path, places_file, **changes):
    run = run_import(*write_sample(tmp_path / "export", **changes), places=places_file)
    assert run.error is None, run.err
    return run


def test_a_duplicate_event_imported(tmp_path, places_file):
    rows = sample("pelibatan")
    twin = {**rows[3], "tanggal": "2026-01-12", "tanggal_input": "2026-01-13", "attachment": None}
    imported_with(tmp_path, places_file, pelibatan=[*rows, twin])
    records = Activity.objects.filter(title=rows[3]["nama_kegiatan"], library__name="Perpustakaan Desa Rebo")
    assert records.count() == 2
    assert flags_of(rows[3]["nama_kegiatan"]) == {(FlagCode.DUPLICATE, FlagReason.DUPLICATE)}
    first, second = records.order_by("date")
    assert first.evidence_flags.get().related == [second.pk]


def test_a_regulation_without_its_kind_imported(tmp_path, places_file):
    rows = sample("advokasi")
    rows[2] = {**rows[2], "hasil_regulasi": "-"}
    imported_with(tmp_path, places_file, advokasi=rows)
    assert flags_of(rows[2]["judul"]) == {(FlagCode.CONTRADICTION, FlagReason.REGULATION_KIND)}


def test_participants_far_beyond_the_librarys_peak_imported(tmp_path, places_file):
    rows = sample("pelibatan")
    rows[48] = {**rows[48], "jumlah_peserta": 900}  # Perpustakaan Desa Rebo: 34 at most before
    imported_with(tmp_path, places_file, pelibatan=rows)
    assert (FlagCode.CONTRADICTION, FlagReason.PARTICIPANTS_PEAK) in flags_of(rows[48]["nama_kegiatan"])


def test_a_correction_imported_later_takes_the_flag_away(tmp_path, places_file):
    rows = sample("advokasi")
    title = rows[12]["judul"]
    imported_with(tmp_path, places_file)
    assert flags_of(title) == {(FlagCode.CONTRADICTION, FlagReason.NON_FUNDS_AMOUNT)}
    rows[12] = {**rows[12], "nominal": 0}
    imported_with(tmp_path, places_file, advokasi=rows)
    assert flags_of(title) == set()
