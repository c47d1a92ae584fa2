"""Synthetic SIM TPBIS exports of a province: every regency's files, in SIM's exact format, for benchmarks.

The province's libraries in the portal report in SIM as partners do: community engagement (most records),
advocacy, publications, monthly snapshots, visitors once a month, a replication programme per regency and
every library's official score. A few reading parks the portal does not know yet (some of the 2024 cohort,
``B24 Taman Bacaan …``) are among them, so that an import also places and creates libraries. Names,
districts and villages are written as SIM writes them (``Kab. …``, ``" - "`` for the regency's library).
Deterministic for a seed.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from collections import Counter, defaultdict

from foundation.months import add_months
from libraries.choices import LibraryLevel
from libraries.models import Library, Village
from sim import vocabulary as v
from sim.exporting import file_name
from sim.names import joined, sim_regency_name

#: Shares of the dated records; visitors come once per library and month, as far as there are months.
SHARES = {"pelibatan": 0.55, "advokasi": 0.1, "publikasi": 0.15, "peningkatan": 0.1, "pengunjung": 0.1}
MONTHS = 24
NEW_READING_PARKS = 0.05
TITLES = ["Pelatihan", "Kelas", "Lomba", "Sosialisasi", "Bimbingan", "Pameran", "Diskusi", "Praktik"]
TOPICS = ["literasi digital", "membaca dongeng", "pemasaran UMKM", "budidaya lele", "anyaman pandan", "kesehatan ibu"]
GROUPS = ["Anak-Anak", "Umum", "Pelajar", "Mahasiswa", "Lansia", "Pelaku UMKM", "Petani/Nelayan"]
OUTLETS = ["instagram", "Instagram", "facebook", "youtube", "Radio Daerah", "Koran Daerah"]


def _token(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_letters + string.digits, k=10))


def _date(rng: random.Random, month: dt.date, today: dt.date) -> dt.date:
    day = month.replace(day=rng.randint(1, 28))
    return min(day, today)


class Writer:
    """The rows of one province, built library by library."""

    def __init__(self, province: str, seed: int, end: dt.date, today: dt.date):
        self.rng = random.Random(f"{seed}:sim")
        self.today = today
        self.months = [add_months(end.replace(day=1), -i) for i in range(MONTHS - 1, -1, -1)]
        libraries = list(
            Library.objects.filter(province_id=province, regency__isnull=False)
            .select_related("regency__province", "district", "village")
            .order_by("pk")
        )
        # SIM names a village by its name, and its scores name no district: leave out the villages that share
        # their name with another of their regency (an import asks the user where their libraries are).
        names = Counter(
            (regency, joined(name))
            for regency, name in Village.objects.filter(regency__province_id=province).values_list("regency", "name")
        )
        unique = {key for key, n in names.items() if n == 1}
        self.places: list[dict] = [
            self._place(library)
            for library in libraries
            if library.level == LibraryLevel.REGENCY or (library.regency_id, joined(library.village.name)) in unique
        ]
        taken = {library.village_id for library in libraries}
        free = [
            village
            for village in Village.objects.filter(regency__province_id=province)
            .exclude(code__in=taken)
            .select_related("district", "regency__province")
            .order_by("code")
            if (village.regency_id, joined(village.name)) in unique
        ]
        extra = self.rng.sample(free, min(len(free), max(1, int(len(self.places) * NEW_READING_PARKS))))
        self.places += [self._new_place(village) for village in extra]
        self.regencies = {p["_regency"]: p for p in self.places}

    def _place(self, library: Library) -> dict:
        regency = library.regency
        village = library.level != LibraryLevel.REGENCY and library.village
        return {
            "perpus_nama": library.name,
            "provinsi_name": regency.province.name,
            "kabupaten_name": sim_regency_name(regency.name, regency.kind),
            "kecamatan_name": library.district.name if village and library.district else " - ",
            "desa_name": library.village.name if village else " - ",
            "_regency": regency.code,
        }

    def _new_place(self, village: Village) -> dict:
        prefix = "B24 " if self.rng.random() < 0.5 else ""
        regency = village.regency
        return {
            "perpus_nama": f"{prefix}Taman Bacaan {village.name}",
            "provinsi_name": regency.province.name,
            "kabupaten_name": sim_regency_name(regency.name, regency.kind),
            "kecamatan_name": village.district.name,
            "desa_name": village.name,
            "_regency": regency.code,
        }

    def _row(self, kind: str, place: dict, **values) -> dict:
        values.update({k: val for k, val in place.items() if not k.startswith("_")})
        return {name: values.get(name) for name in v.FIELDS[kind]}

    def _entered(self, day: dt.date) -> dict:
        entered = min(day + dt.timedelta(days=self.rng.choice([0, 1, 1, 2, 5, 12, 40])), self.today)
        verified = v.VERIFIED if self.rng.random() < 0.7 else v.UNVERIFIED
        return {"tanggal": day.isoformat(), "tanggal_input": entered.isoformat(), "is_verified": verified}

    def pelibatan(self, place: dict, month: dt.date, n: int) -> dict:
        rng = self.rng
        urls = ",".join(
            f"https://transformasi.perpusnas.go.id/attachments/pelibatan_masyarakat/{_token(rng)}_IMG.{n}.{i}.jpg"
            for i in range(rng.randint(1, 2))
        )
        return self._row(
            "pelibatan",
            place,
            nama_kegiatan=f"{rng.choice(TITLES)} {rng.choice(TOPICS)} {n}",
            bidang_kegiatan=rng.choice(v.FIELD.sim_values),
            jenis=rng.choice(v.EVENT_KIND.sim_values),
            sasaran=rng.choice(
                ["Anak-Anak", "Umum", "Pelajar", "Mahasiswa", "Lansia", "Pelaku UMKM", "Petani/Nelayan"]
            ),
            jumlah_peserta=rng.randint(5, 80),
            attachment=urls,
            **self._entered(_date(rng, month, self.today)),
        )

    def advokasi(self, place: dict, month: dt.date, n: int) -> dict:
        rng = self.rng
        result = rng.choice(["Dana", "NonDana", "Regulasi"])
        day = _date(rng, month, self.today)
        return self._row(
            "advokasi",
            place,
            judul=f"Audiensi dukungan perpustakaan {n}",
            sasaran=rng.sample(["Perangkat Daerah", "Swasta", "Kepala Desa", "Lainnya"], rng.randint(1, 2)),
            hasil=result,
            hasil_regulasi="Peraturan Kepala Desa/Lurah" if result == "Regulasi" else "-",
            attachment=f"/attachments/advokasi/{_token(rng)}_PKS.{n}.pdf" if result == "Regulasi" else None,
            nominal=rng.choice([1, 5, 10, 25]) * 1_000_000 if result == "Dana" else 0,
            jumlah_narasumber=rng.randint(0, 5),
            jumlah_barang=rng.choice([0, 0, 20]),
            tanggal_terbit=day.isoformat() if result == "Regulasi" else None,
            **self._entered(day),
        )

    def publikasi(self, place: dict, month: dt.date, n: int) -> dict:
        rng = self.rng
        return self._row(
            "publikasi",
            place,
            judul=f"Kegiatan literasi di perpustakaan {n}",
            jenis_publikasi=rng.choice(v.PUBLICATION_KIND.sim_values[:3]),
            nama_media=rng.choice(OUTLETS),
            link=f"https://www.instagram.com/p/{_token(rng)}{n}/",
            **self._entered(_date(rng, month, self.today)),
        )

    def peningkatan(self, place: dict, month: dt.date, n: int) -> dict:
        rng = self.rng
        entered = self._entered(min(month + dt.timedelta(days=14), self.today))
        return self._row(
            "peningkatan",
            place,
            bulan=v.MONTHS_ID[month.month - 1],
            tahun=str(month.year),
            jumlah_buku=rng.randint(300, 40_000),
            jumlah_buku_digital=rng.randint(0, 300),
            jumlah_komputer=rng.randint(0, 20),
            bandwidth=rng.choice([0, 10, 20, 30, 50]),
            tanggal_input=entered["tanggal_input"],
            is_verified=entered["is_verified"],
        )

    def pengunjung(self, place: dict, month: dt.date) -> dict:
        male, female = self.rng.randint(0, 300), self.rng.randint(0, 300)
        return self._row(
            "pengunjung",
            place,
            periode=f"{v.MONTHS_EN[month.month - 1]} {month.year}",
            pengunjung_laki=male,
            pengunjung_perempuan=female,
            total_pengunjung=male + female,
        )

    def rows(self, records: int) -> dict[str, list[dict]]:
        """``records`` rows in all (scores and programmes included), by regency and type."""
        by_file: dict[tuple[str, str], list[dict]] = defaultdict(list)
        rng, places = self.rng, self.places
        fixed = len(places) + len(self.regencies)
        visits = [(p, m) for p in places for m in self.months]
        rng.shuffle(visits)
        wanted = {kind: int((records - fixed) * share) for kind, share in SHARES.items()}
        wanted["pengunjung"] = min(wanted["pengunjung"], len(visits))
        wanted["pelibatan"] += records - fixed - sum(wanted.values())
        for place, month in visits[: wanted.pop("pengunjung")]:
            by_file[(place["_regency"], "pengunjung")].append(self.pengunjung(place, month))
        for kind, count in wanted.items():
            make = getattr(self, kind)
            for n in range(count):
                place = places[n % len(places)]
                by_file[(place["_regency"], kind)].append(make(place, rng.choice(self.months), n))
        for regency, place in self.regencies.items():
            entered = min(self.months[-1] + dt.timedelta(days=10), self.today)
            by_file[(regency, "replikasi")].append(
                {
                    "provinsi_nama": place["provinsi_name"],
                    "kabupaten_name": place["kabupaten_name"],
                    "dana": rng.choice([5, 15, 50]) * 1_000_000,
                    "sumber_dana": rng.choice(["APBD", "Dana Desa"]),
                    "jumlah_desa": rng.randint(1, 20),
                    "tanggal_input": entered.isoformat(),
                    "is_verified": v.VERIFIED,
                }
            )
        for place in places:
            regency_library = place["desa_name"] == " - "
            by_file[(place["_regency"], "iku")].append(
                {
                    "nama_perpustakaan": place["perpus_nama"],
                    "provinsi": place["provinsi_name"],
                    "kabupaten_kota": place["kabupaten_name"],
                    "desa_kelurahan": "-" if regency_library else place["desa_name"],
                    "skor": round(rng.uniform(0, 100), 2) if rng.random() < 0.3 else "-",
                }
            )
        return {file_name(kind, regency): rows for (regency, kind), rows in by_file.items()}


def sim_files(province: str, records: int, seed: int, end: dt.date, today: dt.date) -> dict[str, bytes]:
    """``{file name: JSON}``: the province's SIM exports, ``records`` records in all, months up to ``end``."""
    files = Writer(province, seed, end, today).rows(records)
    return {
        name: json.dumps({"status": True, "data": rows}, ensure_ascii=False).encode() for name, rows in files.items()
    }
