"""Demo libraries from the program's public record (see the domain notes)."""

import random
from datetime import date
from decimal import Decimal

from .choices import (
    CommitmentKind,
    CommitmentStatus,
    FundingSource,
    LibraryLevel,
    MeetingKind,
    MeetingMode,
    MemberRole,
    PartnerType,
    Sector,
    TeamLevel,
)
from .models import Aid, Commitment, Library, Meeting, Regency, SynergyTeam, TeamMember, Village

# Babel's 45 village libraries at the PLM of 21 Sept 2021, with the cohorts reported for each regency:
# regency name -> [(cohort year, number of villages), ...]
BABEL_VILLAGES = {
    "Kabupaten Bangka": [(2018, 10), (2021, 1)],
    "Kabupaten Belitung": [(2019, 10)],
    "Kabupaten Belitung Timur": [(2018, 8), (2021, 1)],
    "Kabupaten Bangka Tengah": [(2019, 4), (2021, 1)],
    "Kabupaten Bangka Selatan": [(2020, 5)],
    "Kabupaten Bangka Barat": [(2020, 5)],
}

# Other village-level libraries named in the public record: (regency code, kind of village, count, cohort).
OTHER_VILLAGES = [
    ("51.71", Village.Kind.KELURAHAN, 4, 2022),  # Denpasar kelurahan at the NTB Bimtek 2023
    ("52.72", Village.Kind.KELURAHAN, 4, 2022),  # Kota Bima kelurahan at the NTB Bimtek 2023
    ("61.11", Village.Kind.DESA, 2, 2019),  # Kayong Utara, pandan weaving in Sukadana
]

PROVINCIAL = {
    "19": "Dinas Kearsipan dan Perpustakaan Provinsi Kepulauan Bangka Belitung",
    "51": "Dinas Kearsipan dan Perpustakaan Provinsi Bali",
    "52": "Dinas Perpustakaan dan Kearsipan Provinsi Nusa Tenggara Barat",
    "61": "Dinas Perpustakaan dan Kearsipan Provinsi Kalimantan Barat",
}
OTHER_REGENCY_LIBRARIES = ["51.71", "52.71", "52.72", "61.11"]

# Approximate centres, for demo coordinates (the map needs somewhere to put each library).
CENTRES = {
    "19": (-2.13, 106.11),
    "51": (-8.65, 115.22),
    "52": (-8.58, 116.12),
    "61": (-0.03, 109.33),
    "19.01": (-1.90, 105.95),
    "19.02": (-2.85, 107.70),
    "19.03": (-2.75, 106.45),
    "19.04": (-2.35, 106.25),
    "19.05": (-1.85, 105.40),
    "19.06": (-2.90, 108.10),
    "51.71": (-8.65, 115.22),
    "52.71": (-8.58, 116.12),
    "52.72": (-8.46, 118.73),
    "61.11": (-1.25, 110.05),
}


def _coordinates(code: str, rng: random.Random) -> tuple[Decimal, Decimal]:
    lat, lon = CENTRES.get(code) or CENTRES.get(code[:5]) or CENTRES[code[:2]]
    return (
        Decimal(str(round(lat + rng.uniform(-0.15, 0.15), 6))),
        Decimal(str(round(lon + rng.uniform(-0.15, 0.15), 6))),
    )


def _spread(villages: list, count: int) -> list:
    """``count`` villages spread evenly over the list, so that demo villages span districts."""
    step = len(villages) / count
    return [villages[int(i * step)] for i in range(count)]


def _village_library(village: Village, cohort: int, rng: random.Random) -> Library:
    lat, lon = _coordinates(village.regency_id, rng)
    library, _ = Library.objects.update_or_create(
        level=LibraryLevel.VILLAGE,
        village=village,
        defaults={
            "name": f"Perpustakaan Desa {village.name}"
            if village.kind != Village.Kind.KELURAHAN
            else f"Perpustakaan Kelurahan {village.name}",
            "province_id": village.code[:2],
            "regency_id": village.regency_id,
            "cohort_year": cohort,
            "partner_type": PartnerType.FULL_SUPPORT,
            "funding_source": FundingSource.DANA_DESA,
            "funding_amount": Decimal(rng.choice([15, 25, 40, 50])) * 1_000_000,
            "latitude": lat,
            "longitude": lon,
            "address": f"Kantor Desa {village.name}",
            "manager_name": f"Pengelola {village.name}",
            "members_count": rng.randint(40, 400),
            "population_served": rng.randint(900, 6000),
        },
    )
    return library


def load() -> dict[str, int]:
    rng = random.Random(2021)
    counts = {"village": 0, "regency": 0, "province": 0}
    for code, name in PROVINCIAL.items():
        lat, lon = _coordinates(code, rng)
        Library.objects.update_or_create(
            level=LibraryLevel.PROVINCE,
            province_id=code,
            defaults={"name": name, "regency": None, "latitude": lat, "longitude": lon, "cohort_year": 2018},
        )
        counts["province"] += 1

    babel_regencies = {r.name: r for r in Regency.objects.filter(province_id="19")}
    regency_codes = [babel_regencies[name].code for name in BABEL_VILLAGES] + OTHER_REGENCY_LIBRARIES
    for regency in Regency.objects.filter(code__in=regency_codes):
        lat, lon = _coordinates(regency.code, rng)
        Library.objects.update_or_create(
            level=LibraryLevel.REGENCY,
            regency=regency,
            defaults={
                "name": f"Dinas Perpustakaan {regency.name}",
                "province_id": regency.province_id,
                "latitude": lat,
                "longitude": lon,
                "cohort_year": 2018,
                "partner_type": PartnerType.FULL_SUPPORT,
            },
        )
        counts["regency"] += 1

    for name, cohorts in BABEL_VILLAGES.items():
        regency = babel_regencies[name]
        villages = list(Village.objects.filter(regency=regency, kind=Village.Kind.DESA).order_by("code"))
        years = [year for year, n in cohorts for _ in range(n)]
        for village, cohort in zip(_spread(villages, len(years)), years, strict=True):
            _village_library(village, cohort, rng)
            counts["village"] += 1

    for regency_code, kind, count, cohort in OTHER_VILLAGES:
        villages = list(Village.objects.filter(regency_id=regency_code, kind=kind).order_by("code"))
        for village in _spread(villages, count):
            _village_library(village, cohort, rng)
            counts["village"] += 1

    _load_aid()
    counts.update(_load_synergy())
    return counts


def _load_aid() -> None:
    """Aid every Babel village library received: books, a computer, and the Bimtek."""
    items = [("books", 1000, 2021), ("computer", 2, 2021), ("technical_guidance", 1, 2021)]
    libraries = Library.objects.filter(province_id="19", level=LibraryLevel.VILLAGE).exclude(aid__isnull=False)
    Aid.objects.bulk_create(
        Aid(library=library, item=item, quantity=quantity, year=year, source="Perpusnas")
        for library in libraries
        for item, quantity, year in items
    )


# -- synergy teams (Tim Sinergi), from the public record ---------------------------------------------

BABEL_TEAM = "Tim Sinergi Transformasi Perpustakaan Berbasis Inklusi Sosial Provinsi Kepulauan Bangka Belitung"
BALI_TEAM = "Tim Sinergi Transformasi Perpustakaan Berbasis Inklusi Sosial Provinsi Bali"

# name, position, institution, sector, role (the article names these people and institutions)
BABEL_MEMBERS = [
    (
        "Asyraf Suryadin",
        "Kepala Dinas",
        "DKPUS Provinsi Kepulauan Bangka Belitung",
        Sector.GOVERNMENT,
        MemberRole.CHAIR,
    ),
    (
        "Aswari",
        "Kepala Bidang SDM Perpustakaan",
        "DKPUS Provinsi Kepulauan Bangka Belitung",
        Sector.GOVERNMENT,
        MemberRole.MEMBER,
    ),
    (
        "Runi Alcitra Amalia",
        "Pustakawan Madya",
        "DKPUS Provinsi Kepulauan Bangka Belitung",
        Sector.GOVERNMENT,
        MemberRole.MEMBER,
    ),
    ("Budi", "Kepala UPT Perpustakaan", "Universitas Bangka Belitung (UBB)", Sector.ACADEMIA, MemberRole.MEMBER),
    ("Feryandi", "Ketua", "Komunitas Literasi Babel", Sector.COMMUNITY, MemberRole.MEMBER),
    (
        "Perwakilan DPMD",
        "",
        "Dinas Pemberdayaan Masyarakat dan Desa Provinsi Kepulauan Bangka Belitung",
        Sector.GOVERNMENT,
        MemberRole.MEMBER,
    ),
    (
        "Perwakilan Diskominfo",
        "",
        "Dinas Komunikasi dan Informatika Provinsi Kepulauan Bangka Belitung",
        Sector.GOVERNMENT,
        MemberRole.MEMBER,
    ),
    ("Perwakilan Bappeda", "", "Bappeda Provinsi Kepulauan Bangka Belitung", Sector.GOVERNMENT, MemberRole.MEMBER),
]
BABEL_PRESENT = [
    "Dinas Kominfo Babel",
    "Bappeda Babel",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "UPT Perpustakaan Universitas Bangka Belitung",
    "Komunitas Literasi Babel",
    "DKPUS Babel",
]
BALI_PRESENT = [
    "Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
    "Badan Perencanaan Pembangunan Daerah Provinsi Bali",
    "Dinas Pemberdayaan Masyarakat, Desa, Kependudukan dan Catatan Sipil Provinsi Bali",
    "Dinas Koperasi, Usaha Kecil dan Menengah Provinsi Bali",
    "Dinas Perindustrian dan Perdagangan Provinsi Bali",
    "RS Bali Mandara",
    "RS Mata Bali Mandara",
    "Universitas Ganesha",
    "Bank Indonesia Perwakilan Bali",
    "Dinas Kearsipan dan Perpustakaan Kabupaten/Kota se-Bali",
    "Konsultan Program Transformasi Perpustakaan Berbasis Inklusi Sosial",
]
# institution, sector: Bali's stakeholders as members of the team (the record names institutions, not people)
BALI_MEMBERS = [
    ("Dinas Kearsipan dan Perpustakaan Provinsi Bali", Sector.GOVERNMENT),
    ("Dinas Komunikasi, Informatika dan Statistik Provinsi Bali", Sector.GOVERNMENT),
    ("Bappeda Provinsi Bali", Sector.GOVERNMENT),
    ("Universitas Ganesha", Sector.ACADEMIA),
    ("Bank Indonesia Perwakilan Bali", Sector.BUSINESS),
]


def _load_synergy() -> dict[str, int]:
    babel, _created = SynergyTeam.objects.get_or_create(
        province_id="19",
        level=TeamLevel.PROVINCE,
        name=BABEL_TEAM,
        defaults={
            "formed_on": date(2021, 4, 22),
            "description": "Dibentuk DKPUS Babel pada 22 April 2021 untuk mendorong kebijakan keberlanjutan program "
            "TPBIS di kabupaten dan desa (penganggaran, SDM, pelibatan masyarakat, infrastruktur), membangun jejaring "
            "lintas sektor dan memfasilitasi perluasan program. Bertemu rutin sebulan sekali.",
        },
    )
    for name, position, institution, sector, role in BABEL_MEMBERS:
        TeamMember.objects.get_or_create(
            team=babel,
            name=name,
            institution=institution,
            defaults={"position": position, "sector": sector, "role": role},
        )
    formation, _created = Meeting.objects.get_or_create(
        team=babel,
        date=date(2021, 4, 22),
        defaults={
            "kind": MeetingKind.MEETING,
            "mode": MeetingMode.IN_PERSON,
            "place": "Pangkalpinang",
            "agenda": "Pembentukan Tim Sinergi; paparan konsep program transformasi perpustakaan berbasis inklusi "
            "sosial; pemutaran video implementasi program.",
            "institutions_present": "\n".join(BABEL_PRESENT),
            "minutes": "Tim Sinergi dibentuk dengan unsur akademisi, penggiat komunitas literasi, DPMD, Dinas Kominfo "
            "dan Bappeda. Tim akan bertemu rutin sebulan sekali, turun ke desa penerima program, dan menyusun "
            "Peraturan Gubernur tentang program TPBIS bersama Biro Hukum Setda Babel.",
        },
    )
    for month in range(5, 10):
        Meeting.objects.get_or_create(
            team=babel,
            date=date(2021, month, 20),
            defaults={
                "kind": MeetingKind.COORDINATION,
                "mode": MeetingMode.VIRTUAL,
                "agenda": "Rapat rutin bulanan Tim Sinergi: tindak lanjut komitmen dan rencana kunjungan ke desa.",
            },
        )
    Commitment.objects.get_or_create(
        team=babel,
        kind=CommitmentKind.REGULATION,
        party="Biro Hukum Setda Provinsi Kepulauan Bangka Belitung",
        defaults={
            "meeting": formation,
            "description": "Menyusun Peraturan Gubernur (Pergub) tentang Program Transformasi Perpustakaan Berbasis "
            "Inklusi Sosial bersama Tim Sinergi.",
            "due_date": date(2021, 12, 31),
            "status": CommitmentStatus.IN_PROGRESS,
        },
    )

    bali, _created = SynergyTeam.objects.get_or_create(province_id="51", level=TeamLevel.PROVINCE, name=BALI_TEAM)
    for institution, sector in BALI_MEMBERS:
        TeamMember.objects.get_or_create(
            team=bali, institution=institution, defaults={"name": f"Perwakilan {institution}", "sector": sector}
        )
    meeting, _created = Meeting.objects.get_or_create(
        team=bali,
        date=date(2021, 3, 9),
        defaults={
            "kind": MeetingKind.STAKEHOLDER,
            "mode": MeetingMode.VIRTUAL,
            "agenda": "Rapat Sinergi Transformasi Perpustakaan Berbasis Inklusi Sosial, dipimpin Kepala Bidang "
            "Pembinaan Pengawasan Perpustakaan dan Pembudayaan Kegemaran Membaca: progres pelaksanaan dan dampak "
            "program bagi kesejahteraan masyarakat.",
            "institutions_present": "\n".join(BALI_PRESENT),
            "minutes": "Diskominfos akan memasukkan perpustakaan desa adat yang belum mendapat akses internet gratis "
            "untuk pemasangan berikutnya. Perpustakaan Ganesha siap menempatkan mahasiswa KKN "
            "di desa. Diharapkan ada MoU antara perpustakaan dan pemangku kepentingan terkait.",
        },
    )
    bali_commitments = [
        (
            CommitmentKind.INTERNET,
            "Dinas Komunikasi, Informatika dan Statistik Provinsi Bali",
            "Memasukkan perpustakaan desa adat yang belum mendapat akses internet gratis dalam pemasangan berikutnya.",
        ),
        (
            CommitmentKind.KKN,
            "Universitas Ganesha",
            "Menempatkan mahasiswa KKN di desa-desa untuk mendukung program transformasi perpustakaan.",
        ),
        (
            CommitmentKind.MOU,
            "Perpustakaan dan pemangku kepentingan terkait",
            "Menyusun MoU antara perpustakaan dan pemangku kepentingan terkait.",
        ),
    ]
    for kind, party, description in bali_commitments:
        Commitment.objects.get_or_create(
            team=bali,
            kind=kind,
            party=party,
            defaults={"meeting": meeting, "description": description, "status": CommitmentStatus.PLANNED},
        )
    return {
        "synergy_teams": SynergyTeam.objects.count(),
        "commitments": Commitment.objects.count(),
    }
