"""Demo: Babel's monthly reports, Bangka's work plans for 2021, the KPI thresholds, the Peer Learning Meeting of
21 September 2021 and its compiled reports.

The monthly reports come first (``reports.monthly.demo``). The meeting (virtual, 6 regency
libraries and 45 village libraries) reviewed the progress reports of August 2021, which are
compiled here for every scope from those reports, the activities of the activities demo
(``load_demo`` runs it before this one) and the synergy teams' commitments of the libraries demo.
"""

import datetime as dt

from django.db import transaction

from libraries.choices import LibraryLevel
from libraries.models import Library
from reports.dashboards import cache as dashboard_cache

from .models import KpiThreshold, PeerLearningMeeting, PlmFollowUp, PlmPresentation
from .models.plm import FollowUpStatus, MeetingMode, PlmLevel, PresentationKind
from .monthly import demo as monthly_demo
from .plans import demo as plans_demo
from .progress.compile import compile_reports

PLM_DATE = dt.date(2021, 9, 21)
PLM_PERIOD = dt.date(2021, 8, 1)
PLM_TITLE = "Peer Learning Meeting TPBIS Provinsi Kepulauan Bangka Belitung 2021"

# (kind, regency code of the presenting village library, title, summary, solution)
PRESENTATIONS = [
    (
        PresentationKind.ACHIEVEMENT,
        "19.01",
        "Pelatihan membatik bagi ibu-ibu PKK",
        "Perpustakaan desa bekerja sama dengan PKK melatih 25 ibu rumah tangga; hasil batik dijual di BUMDes.",
        "",
    ),
    (
        PresentationKind.ACHIEVEMENT,
        "19.02",
        "Kelas pengolahan hasil laut",
        "Warga belajar mengolah ikan menjadi kerupuk dan abon dari buku perpustakaan dan praktik bersama.",
        "",
    ),
    (
        PresentationKind.TIPS,
        "19.06",
        "Publikasi kegiatan lewat media sosial desa",
        "Setiap kegiatan diunggah ke Facebook dan Instagram desa pada hari yang sama, dengan foto dan ringkasan.",
        "",
    ),
    (
        PresentationKind.TIPS,
        "19.04",
        "Menjadwalkan layanan komputer bagi pelajar",
        "Jadwal pemakaian komputer dibagi per kelompok agar semua pelajar kebagian waktu belajar daring.",
        "",
    ),
    (
        PresentationKind.CHALLENGE,
        "19.05",
        "Koneksi internet yang tidak stabil",
        "Beberapa perpustakaan desa belum mendapat akses internet yang memadai untuk layanan TIK.",
        "Diusulkan ke Diskominfo provinsi agar perpustakaan desa masuk program internet gratis.",
    ),
    (
        PresentationKind.CHALLENGE,
        "19.03",
        "Kegiatan tatap muka terbatas karena pandemi",
        "PPKM membatasi jumlah peserta kegiatan pelibatan masyarakat.",
        "Kegiatan dibagi menjadi beberapa sesi kecil dan sebagian dilakukan secara daring.",
    ),
]

# (action, owner, due date, status)
FOLLOW_UPS = [
    (
        "Mengusulkan perpustakaan desa tanpa internet ke program internet gratis Diskominfo",
        "DKPUS Provinsi Kepulauan Bangka Belitung",
        dt.date(2021, 10, 31),
        FollowUpStatus.IN_PROGRESS,
    ),
    (
        "Pendampingan penulisan laporan bulanan tepat waktu bagi perpustakaan desa yang terlambat",
        "Dinas Perpustakaan kabupaten",
        dt.date(2021, 10, 15),
        FollowUpStatus.DONE,
    ),
    (
        "Menyusun rancangan Pergub tentang TPBIS bersama Biro Hukum",
        "Tim Sinergi Provinsi",
        dt.date(2021, 12, 31),
        FollowUpStatus.OPEN,
    ),
]


def load() -> dict[str, int]:
    counts = monthly_demo.load() | plans_demo.load()
    KpiThreshold.objects.get_or_create(valid_from=dt.date(2018, 1, 1), defaults={"note": "Ambang awal program TPBIS"})
    meeting, created = PeerLearningMeeting.objects.get_or_create(
        level=PlmLevel.PROVINCE,
        province_id="19",
        date=PLM_DATE,
        defaults={
            "title": PLM_TITLE,
            "mode": MeetingMode.VIRTUAL,
            "host": "Dinas Kearsipan dan Perpustakaan Provinsi Kepulauan Bangka Belitung",
            "place": "Zoom Meeting",
            "period": PLM_PERIOD,
            "other_participants": "Konsultan TPBIS, fasilitator daerah, Perpustakaan Nasional RI",
            "findings": (
                "Perpustakaan desa telah menjalankan peningkatan layanan informasi, pelibatan masyarakat dan "
                "publikasi media. Bantuan yang diterima: bimbingan teknis dan pelatihan, buku siap layan, komputer "
                "dan perangkat lunak."
            ),
            "areas_of_improvement": (
                "Ketepatan waktu laporan bulanan; publikasi kegiatan di media; advokasi kepada pemerintah desa untuk "
                "alokasi Dana Desa."
            ),
        },
    )
    participants = Library.objects.filter(
        province_id="19", level__in=[LibraryLevel.REGENCY, LibraryLevel.VILLAGE]
    ).values_list("pk", flat=True)
    meeting.libraries.add(*participants)
    if not meeting.presentations.exists():
        presenters = {}
        villages = Library.objects.filter(province_id="19", level=LibraryLevel.VILLAGE).select_related("village")
        for library in villages.order_by("pk"):
            presenters.setdefault(library.regency_id, library)
        PlmPresentation.objects.bulk_create(
            PlmPresentation(
                meeting=meeting,
                kind=kind,
                library=presenters.get(regency),
                presenter=f"Pengelola {presenters[regency].village}" if regency in presenters else "",
                title=title,
                summary=summary,
                solution=solution,
            )
            for kind, regency, title, summary, solution in PRESENTATIONS
        )
    if not meeting.follow_ups.exists():
        PlmFollowUp.objects.bulk_create(
            PlmFollowUp(meeting=meeting, action=action, owner=owner, due_date=due, status=status)
            for action, owner, due, status in FOLLOW_UPS
        )
    result = compile_reports(PLM_PERIOD)
    # The demo's activities and reports are bulk-created (no signals): no dashboard may keep older figures.
    transaction.on_commit(dashboard_cache.invalidate_all)
    return counts | {"meetings": int(created), "participants": len(participants), "progress reports": result.written}
