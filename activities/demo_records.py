"""The demo's program records in the shapes SIM TPBIS keeps: verification states, advocacy outcomes, the
provincial library's Pergub draft, monthly service snapshots and Bangka Tengah's replication programme
(``activities.demo`` calls them while loading Babel's months)."""

import datetime as dt
import random
import uuid

from django.db.models import Q

from accounts.models import RoleAssignment
from foundation.scope import Role
from libraries.choices import FundingSource, LibraryLevel
from libraries.models import Library

from .choices import AdvocacyResult, AdvocacyTarget, RegulationKind, Strategy, Verification
from .models import Activity, Replication, ServiceSnapshot

NAMESPACE = uuid.UUID("0b6f3f4e-6c1a-4a57-9a53-2f1d3c2f7a10")
#: The months of Babel's demo records (June to September 2021).
SNAPSHOT_MONTHS = [dt.date(2021, month, 1) for month in (6, 7, 8, 9)]


def _token(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


RETURN_COMMENTS = [
    "Foto kegiatan belum dilampirkan.",
    "Jumlah peserta tidak sesuai dengan daftar hadir.",
    "Mohon lengkapi bidang dan jenis kegiatan.",
]


def _verifiers() -> dict:
    """Babel's verifiers: regency code → its staff; None → the provincial staff."""
    return dict(
        RoleAssignment.objects.filter(role__in=[Role.REGENCY_STAFF, Role.PROVINCE_STAFF])
        .filter(Q(regency__province_id="19") | Q(province_id="19"))
        .values_list("regency_id", "user_id")
    )


def _verification(record, verifier, month: dt.date | None = None) -> None:
    """Most of June and July is verified; August and September are still in the queue, some returned."""
    month = month or record.date
    rng = random.Random(f"verify:{getattr(record, 'client_token', None) or month}:{record.library_id}")
    roll = rng.random()
    verified, returned = (0.8, 0.85) if month < dt.date(2021, 8, 1) else (0.35, 0.45)
    if roll < verified and verifier:
        record.verification = Verification.VERIFIED
        record.verified_by_id = verifier
        record.verified_at = dt.datetime.combine(
            month + dt.timedelta(days=35), dt.time(10), tzinfo=dt.timezone(dt.timedelta(hours=7))
        )
    elif roll < returned:
        record.verification = Verification.RETURNED
        record.return_comment = rng.choice(RETURN_COMMENTS)


def _pergub_draft(counts) -> None:
    """The provincial library's advocacy for a Governor Regulation on the program (Babel's Tim Sinergi, 2021)."""
    library = Library.objects.filter(level=LibraryLevel.PROVINCE, province_id="19").first()
    if library is None:
        return
    token = _token("babel-pergub", "2021-06-15")
    if not Activity.objects.filter(client_token=token).exists():
        Activity.objects.create(
            library=library,
            date=dt.date(2021, 6, 15),
            strategy=Strategy.ADVOCACY,
            title="Penyusunan rancangan Pergub tentang TPBIS bersama Biro Hukum",
            targets=[AdvocacyTarget.REGIONAL_GOVERNMENT],
            partners="Tim Sinergi Provinsi; Biro Hukum Setda Provinsi Kepulauan Bangka Belitung",
            result=AdvocacyResult.REGULATION,
            regulation_kind=RegulationKind.REGIONAL_HEAD_REGULATION,
            regulation_title="Rancangan Peraturan Gubernur tentang Transformasi Perpustakaan Berbasis Inklusi Sosial",
            resource_persons=2,
            participants=12,
            description="Tim Sinergi menyusun rancangan Pergub TPBIS bersama biro hukum (masih rancangan).",
            client_token=token,
        )
    counts["activities"] += 1


def _snapshots(libraries, verifiers) -> int:
    """Each Babel village library's services, month by month: books, digital books, computers, bandwidth."""
    existing = set(
        ServiceSnapshot.objects.filter(library__in=libraries, period__in=SNAPSHOT_MONTHS).values_list(
            "library_id", "period"
        )
    )
    snapshots = []
    for library in libraries:
        rng = random.Random(f"services:{library.village_id}")
        books, computers = rng.randint(900, 1400), rng.randint(2, 5)
        bandwidth = rng.choice([10, 20, 30])
        for index, period in enumerate(SNAPSHOT_MONTHS):
            if (library.pk, period) in existing:
                continue
            snapshot = ServiceSnapshot(
                library=library,
                period=period,
                books=books + 20 * index,
                digital_books=rng.randint(0, 300),
                computers=computers + (1 if index == 3 else 0),
                bandwidth_mbps=bandwidth,
                entered_on=period + dt.timedelta(days=33),
            )
            _verification(snapshot, verifiers.get(library.regency_id) or verifiers.get(None), month=period)
            snapshots.append(snapshot)
    ServiceSnapshot.objects.bulk_create(snapshots, batch_size=500)
    return len(existing) + len(snapshots)


def _replication(verifiers) -> int:
    """Bangka Tengah funds the program's approach for more of its villages from its own budget (2021)."""
    programme, created = Replication.objects.get_or_create(
        regency_id="19.04",
        year=2021,
        defaults={
            "province_id": "19",
            "funds": 450_000_000,
            "funding_source": FundingSource.APBD,
            "villages": 10,
            "notes": "Sosialisasi, pelatihan TIK dan bantuan buku untuk perpustakaan desa replikasi mandiri.",
            "verification": Verification.VERIFIED,
            "verified_by_id": verifiers.get(None),
            "verified_at": dt.datetime(2022, 1, 10, 10, tzinfo=dt.timezone(dt.timedelta(hours=7))),
        },
    )
    if created:
        programme.libraries.set(Library.objects.filter(regency_id="19.04", level=LibraryLevel.VILLAGE))
    return Replication.objects.filter(province_id="19").count()


ADVOCACY_TARGETS = {
    "Audiensi": [AdvocacyTarget.VILLAGE_HEAD],
    "Paparan": [AdvocacyTarget.VILLAGE_HEAD, AdvocacyTarget.REGIONAL_GOVERNMENT],
    "Pertemuan": [AdvocacyTarget.PRIVATE_SECTOR],
}


def _advocacy_outcome(title: str, rng: random.Random) -> dict:
    """Whom it addressed and what it obtained: mostly nothing yet, then goods, funds, now and then a regulation."""
    fields = {"targets": ADVOCACY_TARGETS[title.split()[0]], "resource_persons": rng.randint(1, 3)}
    roll = rng.random()
    if roll < 0.15:
        fields.update(
            result=AdvocacyResult.REGULATION,
            regulation_kind=RegulationKind.VILLAGE_HEAD_REGULATION,
            regulation_title="Peraturan Kepala Desa tentang Penyelenggaraan Perpustakaan Desa",
        )
    elif roll < 0.4:
        fields.update(result=AdvocacyResult.FUNDS, amount=rng.choice([5, 10, 15, 25]) * 1_000_000)
    elif roll < 0.6:
        fields.update(result=AdvocacyResult.NON_FUNDS, goods=rng.randint(1, 4))
    return fields
