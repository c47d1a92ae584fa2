"""Demo activities, success stories and a training (deterministic, idempotent, bulk-created).

- The pandan weaving training of 18 August 2020 in Kayong Utara with the Peramas Indah
  Sukadana craft group (public record), recorded by the demo village library in Sukadana.
- June to September 2021 for the 45 Babel village libraries: two to four activities a month
  each (their monthly reports come with the reports' demo, ``reports.monthly.demo``).
- NTB's Bimtek SPP-TIK of May 2023 in Mataram.

The program's records in SIM's shapes (verification, advocacy outcomes, snapshots, replication) come from
``activities.demo_records``.

Records carry stable keys (submission tokens derived from village codes and months), so
running the loader again adds nothing.
"""

import datetime as dt
import random

from accounts.models import RoleAssignment
from foundation.scope import Role
from libraries.choices import LibraryLevel
from libraries.models import Library

from .choices import (
    PUBLICATION_KIND_OF_MEDIA,
    EngagementField,
    EventKind,
    MediaKind,
    Strategy,
    TargetGroup,
    TrainingMode,
)
from .demo_records import (
    _advocacy_outcome,
    _pergub_draft,
    _replication,
    _snapshots,
    _token,
    _verification,
    _verifiers,
)
from .models import Activity, SuccessStory, Training

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
