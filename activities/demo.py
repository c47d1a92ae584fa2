"""Demo activities, success stories and a training (deterministic, idempotent, bulk-created).

- The pandan weaving training of 18 August 2020 in Kayong Utara with the Peramas Indah
  Sukadana craft group (public record), recorded by the demo village library in Sukadana.
- June to September 2021 for the 45 Babel village libraries: two to four activities a month
  each (their monthly reports come with the reports' demo, ``reports.monthly.demo``).
- NTB's Bimtek SPP-TIK of May 2023 in Mataram.

Records carry stable keys (submission tokens derived from village codes and months), so
running the loader again adds nothing.
"""

import datetime as dt
import random
import uuid

from django.db.models import Q

from accounts.models import RoleAssignment
from foundation.scope import Role
from libraries.choices import FundingSource, LibraryLevel
from libraries.models import Library

from .choices import (
    PUBLICATION_KIND_OF_MEDIA,
    AdvocacyResult,
    AdvocacyTarget,
    EngagementField,
    EventKind,
    MediaKind,
    RegulationKind,
    Strategy,
    TargetGroup,
    TrainingMode,
    Verification,
)
from .models import Activity, Replication, ServiceSnapshot, SuccessStory, Training

NAMESPACE = uuid.UUID("0b6f3f4e-6c1a-4a57-9a53-2f1d3c2f7a10")
ACTIVITY_MONTHS = [dt.date(2021, month, 1) for month in (6, 7, 8, 9)]

# (title, skill area, target group, partners) per strategy; {village} is the village's name.
CATALOGUE = {
    Strategy.COMMUNITY_ENGAGEMENT: [
        ("Pelatihan budidaya madu kelulut", "budidaya madu kelulut", TargetGroup.FARMERS, "Dinas Pertanian"),
        ("Pelatihan pembuatan kerupuk ikan", "pengolahan pangan", TargetGroup.WOMEN, "PKK Desa {village}"),
        ("Pelatihan pembuatan getas dan kemplang", "pengolahan pangan", TargetGroup.MSME, "BUMDes {village}"),
        ("Pelatihan menjahit bagi ibu rumah tangga", "menjahit", TargetGroup.WOMEN, "PKK Desa {village}"),
        ("Pelatihan pemasaran digital untuk UMKM", "pemasaran digital", TargetGroup.MSME, "Diskominfo"),
        ("Pelatihan budidaya lada putih", "budidaya lada", TargetGroup.FARMERS, "Kelompok Tani {village}"),
        ("Pelatihan anyaman resam", "kerajinan anyaman", TargetGroup.WOMEN, "Dekranasda"),
        ("Kelas mendongeng dan membaca bersama anak", "literasi anak", TargetGroup.CHILDREN, ""),
        ("Pelatihan hidroponik untuk pemuda", "hidroponik", TargetGroup.YOUTH, "Karang Taruna {village}"),
        ("Promosi layanan perpustakaan di posyandu", "", TargetGroup.WOMEN, "Posyandu {village}"),
    ],
    Strategy.SERVICE_IMPROVEMENT: [
        ("Layanan internet gratis dan pendampingan komputer", "TIK", TargetGroup.YOUTH, ""),
        ("Penataan koleksi dan pojok baca anak", "", TargetGroup.CHILDREN, ""),
        ("Perpustakaan keliling ke dusun", "", TargetGroup.GENERAL, "Pemerintah Desa {village}"),
    ],
    Strategy.ADVOCACY: [
        ("Audiensi dengan kepala desa tentang anggaran perpustakaan", "", "", "Pemerintah Desa {village}"),
        ("Paparan program perpustakaan di musyawarah desa", "", "", "BPD {village}"),
        ("Pertemuan dengan BUMDes untuk kerja sama pemasaran produk", "", "", "BUMDes {village}"),
    ],
    Strategy.MEDIA_PUBLICATION: [
        ("Publikasi kegiatan perpustakaan di Facebook desa", MediaKind.SOCIAL_MEDIA, "Facebook Desa {village}"),
        ("Berita kegiatan perpustakaan di Bangka Pos", MediaKind.ONLINE_NEWS, "Bangka Pos"),
        ("Siaran kegiatan perpustakaan di RRI", MediaKind.RADIO, "RRI Sungailiat"),
    ],
}
# SIM's field and kind of an engagement event, by skill area (SIM: bidang, jenis).
ENGAGEMENT_FIELDS = {
    "budidaya madu kelulut": EngagementField.AGRICULTURE,
    "budidaya lada": EngagementField.AGRICULTURE,
    "hidroponik": EngagementField.AGRICULTURE,
    "literasi anak": EngagementField.EDUCATION,
    "pemasaran digital": EngagementField.DIGITAL_INCLUSION,
    "": EngagementField.HEALTH,
}
STRATEGY_WEIGHTS = [
    (Strategy.COMMUNITY_ENGAGEMENT, 50),
    (Strategy.SERVICE_IMPROVEMENT, 20),
    (Strategy.ADVOCACY, 15),
    (Strategy.MEDIA_PUBLICATION, 15),
]
REBO = "19.01.01.2007"  # the README's demo librarian: Perpustakaan Desa Rebo, Sungailiat, Bangka


def _token(*parts) -> uuid.UUID:
    return uuid.uuid5(NAMESPACE, ":".join(str(part) for part in parts))


def load() -> dict[str, int]:
    counts = {"activities": 0, "stories": 0}
    counts.update(_trainings())
    _kayong_utara(counts)
    _babel(counts)
    return counts


def _kayong_utara(counts) -> None:
    villages = Library.objects.filter(level=LibraryLevel.VILLAGE, regency_id="61.11").order_by("village_id")
    library = villages.filter(district_id="61.11.01").first() or villages.first()  # Sukadana's, if there is one
    if library is None:
        return
    token = _token("kayong-utara-pandan", "2020-08-18")
    activity = Activity.objects.filter(client_token=token).first()
    if activity is None:
        activity = Activity.objects.create(
            library=library,
            date=dt.date(2020, 8, 18),
            strategy=Strategy.COMMUNITY_ENGAGEMENT,
            title="Sosialisasi dan pelatihan menganyam produk dari pandan",
            skill_area="kerajinan anyaman pandan",
            target_group=TargetGroup.MSME,
            participants=15,
            participants_male=2,
            participants_female=13,
            partners="Dinas Perpustakaan dan Kearsipan Kabupaten Kayong Utara; "
            "Kelompok Pengrajin Peramas Indah Sukadana",
            description=(
                "Setelah Pelatihan Strategi Pengembangan Perpustakaan Berbasis Inklusi Sosial dari Perpustakaan "
                "Nasional (virtual, 27-29 Juli 2020), Dinas Perpustakaan dan Kearsipan Kabupaten Kayong Utara "
                "mengadakan sosialisasi dan pelatihan menganyam produk-produk dari bahan pandan bersama kelompok "
                "Pengrajin Peramas Indah Sukadana dan petugas perpustakaan desa, di Ruang Bacaan Dinas "
                "Perpustakaan dan Kearsipan, dengan protokol kesehatan dan peserta terbatas."
            ),
            outcome="Petugas perpustakaan desa dan anggota kelompok pengrajin berlatih teknik anyaman pandan; "
            "rangkaian pelatihan berlanjut ke kelompok binaan di kecamatan lain.",
            client_token=token,
        )
    counts["activities"] += 1
    SuccessStory.objects.get_or_create(
        library=library,
        title="Anyaman pandan menambah penghasilan keluarga",
        defaults={
            "activity": activity,
            "date": dt.date(2020, 11, 20),
            "person_name": "Anggota Kelompok Pengrajin Peramas Indah",
            "person_description": "pengrajin anyaman pandan, Sukadana",
            "story": "Setelah pelatihan, anggota kelompok menjual tikar dan tas pandan ke pengunjung Pantai "
            "Pulau Datok dan lewat media sosial. (Contoh data demo.)",
            "measure": "Pendapatan bulanan dari anyaman (Rp)",
            "value_before": 300000,
            "value_after": 900000,
            "consent_to_publish": True,
        },
    )
    counts["stories"] += 1


def _babel(counts) -> None:
    libraries = list(
        Library.objects.filter(province_id="19", level=LibraryLevel.VILLAGE)
        .select_related("village")
        .order_by("village_id")
    )
    rng = random.Random(2021)
    librarians = dict(
        RoleAssignment.objects.filter(role=Role.LIBRARIAN, library__in=libraries).values_list("library_id", "user_id")
    )
    verifiers = _verifiers()
    activities: list[Activity] = []
    for library in libraries:
        for period in ACTIVITY_MONTHS:
            for n in range(rng.randint(2, 4)):
                activity = _activity(library, period, n, rng)
                activity.created_by_id = librarians.get(library.pk)
                activity.entered_on = activity.date + dt.timedelta(days=2)
                _verification(activity, verifiers.get(library.regency_id) or verifiers.get(None))
                activities.append(activity)
    tokens = [activity.client_token for activity in activities]
    existing = set(Activity.objects.filter(client_token__in=tokens).values_list("client_token", flat=True))
    Activity.objects.bulk_create([a for a in activities if a.client_token not in existing], batch_size=500)
    counts["activities"] += len(activities)

    _babel_stories(libraries, counts)
    _pergub_draft(counts)
    counts["service snapshots"] = _snapshots(libraries, verifiers)
    counts["replications"] = _replication(verifiers)


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


SNAPSHOT_MONTHS = ACTIVITY_MONTHS


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


def _activity(library: Library, period: dt.date, n: int, rng: random.Random) -> Activity:
    strategy = rng.choices([s for s, _ in STRATEGY_WEIGHTS], weights=[w for _, w in STRATEGY_WEIGHTS])[0]
    village = library.village.name
    day = period.replace(day=rng.randint(1, 28))
    fields = {"library": library, "date": day, "strategy": strategy, "client_token": _token(library.village_id, day, n)}
    if strategy == Strategy.MEDIA_PUBLICATION:
        title, kind, outlet = rng.choice(CATALOGUE[strategy])
        fields.update(
            title=title,
            media_kind=kind,
            publication_kind=PUBLICATION_KIND_OF_MEDIA[kind],
            media_outlet=outlet.format(village=village),
        )
        if kind in {MediaKind.SOCIAL_MEDIA, MediaKind.ONLINE_NEWS}:
            fields["media_link"] = f"https://example.org/{library.village_id}/{day:%Y%m%d}"
        return Activity(**fields)
    title, skill, group, partners = rng.choice(CATALOGUE[strategy])
    if strategy == Strategy.ADVOCACY:
        men, women = rng.randint(2, 8), rng.randint(1, 5)
    elif group == TargetGroup.WOMEN:
        men, women = rng.randint(0, 3), rng.randint(10, 30)
    else:
        men, women = rng.randint(4, 25), rng.randint(4, 25)
    fields.update(
        title=title,
        skill_area=skill,
        target_group=group,
        partners=partners.format(village=village),
        participants=men + women,
        participants_male=men,
        participants_female=women,
        description=f"{title} di Perpustakaan Desa {village}.",
    )
    if strategy == Strategy.COMMUNITY_ENGAGEMENT:
        fields.update(
            field=ENGAGEMENT_FIELDS.get(skill, EngagementField.ECONOMY),
            event_kind=EventKind.TRAINING if title.startswith("Pelatihan") else EventKind.PROMOTION,
        )
        if rng.random() < 0.25:  # counted at the door, not by sex
            fields.update(participants_male=None, participants_female=None)
    elif strategy == Strategy.ADVOCACY:
        fields.update(_advocacy_outcome(title, rng))
    return Activity(**fields)


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


def _babel_stories(libraries, counts) -> None:
    by_village = {library.village_id: library for library in libraries}
    stories = [
        (
            REBO,
            "Madu kelulut jadi usaha keluarga",
            "Pak Darmawan",
            "peternak lebah kelulut, 45 tahun",
            "Belajar budidaya kelulut dari buku perpustakaan dan pelatihan desa; kini memanen dan menjual madu "
            "sendiri. (Contoh data demo.)",
            "Pendapatan bulanan (Rp)",
            1500000,
            2600000,
            True,
        ),
        (
            libraries[len(libraries) // 2].village_id if libraries else None,
            "Kerupuk ikan dijual lewat toko daring",
            "Ibu Sari",
            "anggota PKK",
            "Setelah pelatihan pemasaran digital, kerupuk ikan buatannya dipesan pembeli dari luar pulau. "
            "(Contoh data demo; belum ada izin publikasi.)",
            "Penjualan per bulan (bungkus)",
            40,
            150,
            False,
        ),
    ]
    for village_id, title, person, about, story, measure, before, after, consent in stories:
        library = by_village.get(village_id)
        if library is None:
            continue
        activity = (
            Activity.objects.filter(library=library, strategy=Strategy.COMMUNITY_ENGAGEMENT).order_by("date").first()
        )
        SuccessStory.objects.get_or_create(
            library=library,
            title=title,
            defaults={
                "activity": activity,
                "date": dt.date(2021, 9, 15),
                "person_name": person,
                "person_description": about,
                "story": story,
                "measure": measure,
                "value_before": before,
                "value_after": after,
                "consent_to_publish": consent,
            },
        )
        counts["stories"] += 1


def _trainings() -> dict[str, int]:
    """NTB's Bimtek SPP-TIK, 22-25 May 2023 in Mataram, for four kelurahan in Denpasar and four in Kota Bima."""
    training, created = Training.objects.get_or_create(
        title="Bimtek Strategi Pengembangan Perpustakaan dan TIK (SPP-TIK) 2023 · Mataram",
        start_date=dt.date(2023, 5, 22),
        defaults={
            "organiser": "Perpustakaan Nasional RI",
            "end_date": dt.date(2023, 5, 25),
            "place": "Aston Inn, Kota Mataram",
            "mode": TrainingMode.IN_PERSON,
            "regency_id": "52.71",
            "participants_village": 22,
            "notes": "Peserta dari empat kelurahan di Kota Denpasar (Bali) dan empat kelurahan di Kota Bima (NTB). "
            "Bagian dari Bimtek SPP-TIK 2023: 30 provinsi, 4 angkatan masing-masing 5 hari.",
        },
    )
    if created:
        kelurahan = Library.objects.filter(level=LibraryLevel.VILLAGE, regency_id__in=["51.71", "52.72"])
        training.libraries.set(kelurahan)
    return {"trainings": Training.objects.count()}
