"""Demo: Bangka's work plans for 2021, beside the demo's records of June to September 2021 (idempotent).

Five village libraries of Kabupaten Bangka proposed their year's targets, at about the pace of their records (two to
four activities a month, a few hundred visitors): two are agreed by the regency's library office, two still
proposed, and Rebo's (the demo librarian's) returned with a comment. Kabupaten Bangka's own plan, agreed by the
province, sets the targets of all its partner libraries and three replication villages it has not started yet.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import RoleAssignment, User
from foundation.scope import Role
from libraries.choices import LibraryLevel
from libraries.models import Library
from reports.models import PlanStatus, WorkPlan

YEAR = 2021
REGENCY = "19.01"
REBO = "19.01.01.2007"  # the README's demo librarian: Perpustakaan Desa Rebo, Sungailiat, Bangka
AGREED_AT = dt.datetime(2021, 2, 15, 10, tzinfo=dt.timezone(dt.timedelta(hours=7)))

#: (status, targets, note) of Rebo's plan and of the first four other village libraries of Bangka.
LIBRARY_PLANS = [
    (
        PlanStatus.RETURNED,
        {"engagement_events": 10, "engagement_participants": 200, "visitors": 1200},
        "Kelas keterampilan bersama PKK dan karang taruna setiap bulan.",
    ),
    (
        PlanStatus.AGREED,
        {"engagement_events": 12, "engagement_participants": 300, "advocacy_results": 2, "publications": 3,
         "visitors": 3000, "service_months": 12},
        "Pelatihan pengolahan hasil laut dan kelas membaca anak; audiensi Dana Desa untuk koleksi dan komputer.",
    ),
    (
        PlanStatus.AGREED,
        {"engagement_events": 12, "engagement_participants": 250, "advocacy_results": 1, "publications": 4,
         "visitors": 2400, "service_months": 12},
        "Pelatihan budidaya lada dan pemasaran digital bagi UMKM desa.",
    ),
    (
        PlanStatus.PROPOSED,
        {"engagement_events": 10, "engagement_participants": 220, "publications": 4, "visitors": 2000},
        "Kelas menjahit dan anyaman resam bersama PKK; publikasi kegiatan di media sosial desa.",
    ),
    (
        PlanStatus.PROPOSED,
        {"engagement_events": 8, "engagement_participants": 160, "advocacy_results": 1, "visitors": 1800,
         "service_months": 12},
        "Kelas hidroponik bersama karang taruna dan layanan internet untuk pelajar.",
    ),
]  # fmt: skip
RETURN_COMMENT = (
    "Target pengunjung terlalu rendah dibanding laporan bulanan perpustakaan; mohon disesuaikan, dan tambahkan "
    "target publikasi kegiatan."
)
REGENCY_PLAN = {
    "engagement_events": 200,
    "engagement_participants": 5000,
    "advocacy_results": 20,
    "publications": 45,
    "visitors": 32000,
    "replication_villages": 3,
}
REGENCY_NOTE = "Pendampingan perpustakaan desa mitra dan replikasi mandiri di tiga desa dari APBD kabupaten."


def load() -> dict[str, int]:
    villages = Library.objects.filter(regency_id=REGENCY, level=LibraryLevel.VILLAGE, is_active=True)
    rebo = villages.filter(village_id=REBO).first()
    others = list(villages.exclude(village_id=REBO).order_by("village_id")[: len(LIBRARY_PLANS) - 1])
    libraries = ([rebo] if rebo else []) + others
    plans = LIBRARY_PLANS if rebo else LIBRARY_PLANS[1:]
    librarians = dict(
        RoleAssignment.objects.filter(role=Role.LIBRARIAN, library__in=libraries).values_list("library_id", "user_id")
    )
    regency_staff = User.objects.filter(username="dispus.bangka").first()
    province_staff = User.objects.filter(username="dkpus.babel").first()
    created = 0
    for library, (status, targets, note) in zip(libraries, plans, strict=False):
        _plan, new = WorkPlan.objects.get_or_create(
            library=library,
            year=YEAR,
            defaults={
                **targets,
                "note": note,
                **_workflow(status, regency_staff),
                "proposed_by_id": librarians.get(library.pk),
            },
        )
        created += new
    if libraries:
        _plan, new = WorkPlan.objects.get_or_create(
            regency_id=REGENCY,
            library=None,
            year=YEAR,
            defaults={**REGENCY_PLAN, "note": REGENCY_NOTE, **_workflow(PlanStatus.AGREED, province_staff),
                      "proposed_by": regency_staff},
        )  # fmt: skip
        created += new
    return {"work plans": created}


def _workflow(status: str, reviewer: User | None) -> dict:
    if status == PlanStatus.AGREED:
        return {"status": status, "agreed_by": reviewer, "agreed_at": AGREED_AT}
    if status == PlanStatus.RETURNED:
        return {"status": status, "return_comment": RETURN_COMMENT}
    return {"status": status}
