"""The sample export raises exactly the flags it was built with, and none on its clean records.

Built into it (the rows of the JSON files): a photo (``IMG.20260312.101500.jpg``) on two engagement records of
Perpustakaan Desa Rebo, the second dated in January but entered in March, 60 days later; a publication link
entered twice under two dates (Perpustakaan Desa Air Ruai); a non-funds advocacy with Rp 250.000
(Perpustakaan Pelangi Kimak); an all-zero service snapshot (Perpustakaan Desa Batu Rusa, January).
"""

import pytest
from django.utils import translation

from activities.choices import RecordSource, Strategy
from activities.models import Activity, Flag, FlagCode, FlagReason, ServiceSnapshot
from evidence import refresh

from .conftest import SAMPLE_FILES, run_import, sample

pytestmark = pytest.mark.django_db


def flags_found() -> set[tuple[str, str, str, tuple[str, ...]]]:
    """(record's title, code, reason, related titles) of every flag on a record of the sample.

    The test database holds the demo data too, some of it in the sample's libraries: their flags are not the
    sample's.
    """
    found = set()
    with translation.override("en"):
        for flag in Flag.objects.select_related("content_type"):
            model = flag.content_type.model_class()
            record = model._base_manager.get(pk=flag.object_id)
            if record.source != RecordSource.SIM:
                continue
            related = tuple(sorted(str(model._base_manager.get(pk=pk).title) for pk in flag.related))
            found.add((str(record.title), flag.code, flag.reason, related))
    return found


def test_the_sample_raises_the_flags_it_was_built_with(imported):
    twin = "Penyuluhan pola hidup bersih dan sehat"
    link = "Kegiatan literasi di perpustakaan 5"
    assert flags_found() == {
        (twin, FlagCode.PHOTO_REUSED, FlagReason.PHOTO_NAME, (twin,)),
        (twin, FlagCode.BACKDATED, FlagReason.BACKDATED, ()),
        (link, FlagCode.DUPLICATE_LINK, FlagReason.DUPLICATE_LINK, (link,)),
        ("Kerja sama dengan PKK untuk konsumsi kegiatan", FlagCode.CONTRADICTION, FlagReason.NON_FUNDS_AMOUNT, ()),
        ("Service snapshot 01/2026", FlagCode.CONTRADICTION, FlagReason.ALL_ZERO, ()),
    }
    # Both twins carry the photo flag, each naming the other; only the one entered late is back-dated.
    twins = Activity.objects.filter(title=twin).order_by("date")
    assert [
        sorted(twins[0].evidence_flags.values_list("code", flat=True)),
        sorted(twins[1].evidence_flags.values_list("code", flat=True)),
    ] == [
        [FlagCode.BACKDATED, FlagCode.PHOTO_REUSED],
        [FlagCode.PHOTO_REUSED],
    ]
    assert twins[0].evidence_flags.get(code=FlagCode.PHOTO_REUSED).related == [twins[1].pk]
    assert twins[0].evidence_flags.get(code=FlagCode.BACKDATED).details == {"days": 60}
    zero = ServiceSnapshot.objects.get(books=0, computers=0, source=RecordSource.SIM)
    assert zero.library.name == "Perpustakaan Desa Batu Rusa"
    flagged = {(flag.content_type.model, flag.object_id) for flag in Flag.objects.select_related("content_type")}
    clean = Activity.objects.filter(source=RecordSource.SIM).exclude(
        pk__in=[pk for model, pk in flagged if model == "activity"]
    )
    assert clean.count() == len(sample("pelibatan")) + len(sample("advokasi")) + len(sample("publikasi")) - 5


def test_the_messages_say_why(imported):
    advocacy = Activity.objects.get(title="Kerja sama dengan PKK untuk konsumsi kegiatan")
    assert advocacy.strategy == Strategy.ADVOCACY
    flag = advocacy.evidence_flags.get()
    with translation.override("en"):
        assert flag.message == "Marked non-funds, yet it carries an amount of Rp 250,000."
        assert flag.as_data() == {"code": "contradiction", "message": flag.message, "related": []}
    with translation.override("id"):
        assert "Rp 250.000" in flag.message
        assert flag.message != "Marked non-funds, yet it carries an amount of Rp 250,000."


def test_importing_again_changes_no_flag_and_checking_again_finds_the_same(imported, places_file):
    refresh.everything()  # the demo data, written in bulk, is checked here
    before = set(Flag.objects.values_list("pk", "code", "reason", "object_id"))
    assert run_import(*SAMPLE_FILES, places=places_file).error is None
    assert set(Flag.objects.values_list("pk", "code", "reason", "object_id")) == before
    assert refresh.everything() == 0
    assert set(Flag.objects.values_list("pk", "code", "reason", "object_id")) == before
