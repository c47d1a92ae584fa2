"""Demo monthly reports of the 45 Babel village libraries for June to August 2021, with their history.

Mostly verified, some late, some returned for correction, some still waiting for verification
and some missing; the activity figures are the month's demo activities. Each library and month
draws from its own generator, so a re-run that skips existing reports draws the same.
"""

import datetime as dt
import random
from collections import defaultdict

from django.db.models import Q
from django.utils import timezone

from accounts.models import RoleAssignment
from activities.models import Activity
from foundation.months import next_month
from foundation.scope import Role
from libraries.choices import LibraryLevel
from libraries.models import Library
from reports.choices import ReportAction, ReportStatus
from reports.deadlines import deadline_for
from reports.models import MonthlyReport
from reports.models.monthly import ReportEvent

REPORT_MONTHS = [dt.date(2021, month, 1) for month in (6, 7, 8)]
REBO = "19.01.01.2007"  # the README's demo librarian: Perpustakaan Desa Rebo, Sungailiat, Bangka
RETURN_COMMENTS = [
    "Jumlah pengunjung tidak sesuai dengan buku tamu. Mohon diperiksa kembali.",
    "Kegiatan pelibatan masyarakat belum dilengkapi jumlah peserta perempuan.",
    "Kendala dan rencana tindak lanjut belum diisi.",
]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)), timezone.get_default_timezone())


def load() -> dict[str, int]:
    counts = {"reports": 0}
    libraries = list(
        Library.objects.filter(province_id="19", level=LibraryLevel.VILLAGE)
        .select_related("village")
        .order_by("village_id")
    )
    _reports(libraries, counts)
    return counts


def _outcome(library: Library, period: dt.date, rng: random.Random) -> str:
    """What happened to a library's report for a month: missing, draft, submitted, returned, resubmitted, verified."""
    if library.village_id == REBO:
        return {6: "verified", 7: "verified_late", 8: "returned"}[period.month]
    roll = rng.random()
    if period.month < 8:
        return "verified_late" if roll < 0.2 else "resubmitted" if roll < 0.3 else "verified"
    table = [(0.12, "missing"), (0.17, "draft"), (0.35, "submitted"), (0.5, "returned"), (0.65, "verified_late")]
    return next((name for limit, name in table if roll < limit), "verified")


def _reports(libraries, counts) -> None:
    existing = set(
        MonthlyReport.objects.filter(library__in=libraries, period__in=REPORT_MONTHS).values_list(
            "library_id", "period"
        )
    )
    # Each month's activity figures, from the activities' demo records.
    figures = defaultdict(lambda: defaultdict(int))
    recorded = Activity.objects.filter(
        library__in=libraries, date__gte=REPORT_MONTHS[0], date__lt=next_month(REPORT_MONTHS[-1])
    ).values_list("library_id", "date", "strategy", "participants_male", "participants_female")
    for library_id, date, strategy, male, female in recorded:
        key = (library_id, date.replace(day=1))
        figures[key][f"activities_{strategy}"] += 1
        figures[key]["participants_male"] += male
        figures[key]["participants_female"] += female
    librarians = dict(
        RoleAssignment.objects.filter(role=Role.LIBRARIAN, library__in=libraries).values_list("library_id", "user_id")
    )
    staff = dict(
        RoleAssignment.objects.filter(role__in=[Role.REGENCY_STAFF, Role.PROVINCE_STAFF])
        .filter(Q(regency__province_id="19") | Q(province_id="19"))
        .values_list("regency_id", "user_id")
    )  # regency code (None for the provincial staff) → user

    reports, plans = [], []
    for library in libraries:
        stock = random.Random(f"books:{library.village_id}").randint(900, 1400)
        for index, period in enumerate(REPORT_MONTHS):
            # One generator per library and month: a re-run that skips existing reports draws the same.
            rng = random.Random(f"reports:{library.village_id}:{period:%Y-%m}")
            books = stock + 20 * index + rng.randint(0, 10)
            outcome = _outcome(library, period, rng)
            if outcome == "missing" or (library.pk, period) in existing:
                continue
            deadline = deadline_for(period).date()
            if outcome == "verified_late":
                submitted = _at(deadline + dt.timedelta(days=rng.randint(1, 9)), 10)
            else:
                submitted = _at(deadline - dt.timedelta(days=rng.randint(0, 4)), rng.randint(8, 16))
            status = {
                "draft": ReportStatus.DRAFT,
                "submitted": ReportStatus.SUBMITTED,
                "returned": ReportStatus.RETURNED,
            }.get(outcome, ReportStatus.VERIFIED)
            verifier = staff.get(library.regency_id) or staff.get(None)
            comment = rng.choice(RETURN_COMMENTS) if outcome in {"returned", "resubmitted"} else ""
            report = MonthlyReport(
                library=library,
                period=period,
                visitors=rng.randint(80, 600),
                loans=rng.randint(30, 300),
                new_members=rng.randint(0, 25),
                ict_users=rng.randint(10, 120),
                books=books,
                digital_books=rng.randint(0, 300),
                problems="Jaringan internet sering terputus." if rng.random() < 0.4 else "",
                next_steps="Menambah jadwal pelatihan bersama PKK." if rng.random() < 0.4 else "",
                status=status,
                submitted_at=None if outcome == "draft" else submitted,
                verified_at=submitted + dt.timedelta(days=3) if status == ReportStatus.VERIFIED else None,
                verified_by_id=verifier if status == ReportStatus.VERIFIED else None,
                return_comment=comment,
                created_by_id=librarians.get(library.pk),
                **figures[(library.pk, period)],
            )
            reports.append(report)
            plans.append((report, outcome, submitted, librarians.get(library.pk), verifier, comment))
    MonthlyReport.objects.bulk_create(reports, batch_size=500)
    counts["reports"] += len(existing) + len(reports)

    events = []
    for report, outcome, submitted, librarian, verifier, comment in plans:
        day = dt.timedelta(days=1)
        steps = [(ReportAction.CREATED, librarian, "", submitted - day)]
        if outcome != "draft":
            steps.append((ReportAction.SUBMITTED, librarian, "", submitted))
        if outcome in {"returned", "resubmitted"}:
            steps.append((ReportAction.RETURNED, verifier, comment, submitted + day))
        if outcome == "resubmitted":
            steps.append((ReportAction.RESUBMITTED, librarian, "", submitted + 2 * day))
        if report.status == ReportStatus.VERIFIED:
            steps.append((ReportAction.VERIFIED, verifier, "", report.verified_at))
        events += [
            ReportEvent(report=report, action=action, actor_id=actor, comment=text, created_at=at)
            for action, actor, text, at in steps
        ]
    ReportEvent.objects.bulk_create(events, batch_size=1000)
