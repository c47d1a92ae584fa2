"""A month of known records in two provinces, four regencies and twelve libraries.

January 2031 (previous month December 2030); every other library in the test database
is made inactive first and has no records in those months, so every total is known.

| library | place | level, cohort | January 2031 | December 2030 |
|---|---|---|---|---|
| A | Denpasar 51.71 | village 2030 | 3 activities (one per kind), 2 snapshots; report on time | 1 activity, on time |
| B | Denpasar | village 2031 | 2 engagement events (one not split by sex), report late | report (not expected) |
| C | Denpasar | TBM 2029 | 1 activity (returned), report returned | report verified on time |
| D | Denpasar | village 2032 | report submitted (not expected, not yet a partner) | — |
| E | Badung 51.03 | village 2030 | report still a draft: a partner not yet scored | 1 activity, report late |
| F | Badung | village 2030, inactive | 1 engagement event | — |
| PV | Bali, provincial | province 2018 | report submitted | — |
| G | Mataram 52.71 | village 2031 | 4 activities, snapshot; report on time (23:59 on the deadline day) | advocacy |
| H | Mataram | reading corner 2031 | report taken in from SIM (timeliness unknown) | — |
| I | Mataram | village, no cohort | — | — |
| J | Bima 52.72 | village 2030 | 1 activity, report verified on time | — |
| R | Bima, regency library | regency 2018 | advocacy (non-funds, with an amount), publication | — |

The KPI of January (the default thresholds): A 77.5 green, B 50 yellow, C 0 red, E not yet scored,
G 100 green, H 10 red, J 10 red, R 35 yellow, PV 10 red; D, F and I are not partners.

Replication programmes: Denpasar 2031 (Rp 15,000,000, 5 villages), Bali's own 2031 (Rp 20,000,000,
3 villages), Bima 2030 (Rp 7,000,000, 2 villages: another year).

Synergy-team commitments (the demo's are removed first; they are the teams' state, not
records of a month, so every month's regional reports count them):

| team | planned/in progress | done | dropped |
|---|---|---|---|
| Bali (51, provincial) | due 2025-12-31 (overdue), due 2031-12-31 | 1 | 1 |
| Denpasar (51.71) | no due date | 1 | — |
| Bima (52.72) | due 2025-06-30 (overdue) | — | — |

The due dates lie before any day the tests run or after every month they compile, so
which commitments are overdue does not depend on the day the tests run.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from activities.models import Activity, Replication, ServiceSnapshot
from libraries.models import Commitment, Library, SynergyTeam, Village
from reports.models import MonthlyReport

PERIOD = dt.date(2031, 1, 1)
PREVIOUS = dt.date(2030, 12, 1)
WIB = ZoneInfo("Asia/Jakarta")


def at(day: str, time: str = "10:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=WIB)


def _free_villages(regency: str, count: int) -> list[Village]:
    return list(Village.objects.filter(regency_id=regency, libraries__isnull=True).order_by("code")[:count])


def build() -> dict[str, Library]:
    Library.objects.update(is_active=False)
    villages = {
        "51.71": _free_villages("51.71", 4),
        "51.03": _free_villages("51.03", 2),
        "52.71": _free_villages("52.71", 3),
        "52.72": _free_villages("52.72", 1),
    }
    spec = {
        "A": ("51.71", 0, "village", 2030, True),
        "B": ("51.71", 1, "village", 2031, True),
        "C": ("51.71", 2, "tbm", 2029, True),
        "D": ("51.71", 3, "village", 2032, True),
        "E": ("51.03", 0, "village", 2030, True),
        "F": ("51.03", 1, "village", 2030, False),
        "G": ("52.71", 0, "village", 2031, True),
        "H": ("52.71", 1, "reading_corner", 2031, True),
        "I": ("52.71", 2, "village", None, True),
        "J": ("52.72", 0, "village", 2030, True),
    }
    libs = {}
    for key, (regency, index, level, cohort, active) in spec.items():
        libs[key] = Library.objects.create(
            name=f"Perpustakaan Uji {key}",
            level=level,
            village=villages[regency][index],
            province_id=regency[:2],
            cohort_year=cohort,
            is_active=active,
        )
    libs["PV"] = Library.objects.get(level="province", province_id="51")
    libs["R"] = Library.objects.get(level="regency", regency_id="52.72")
    Library.objects.filter(pk__in=[libs["PV"].pk, libs["R"].pk]).update(is_active=True)

    def activity(key, day, strategy, male, female, total=None, verification="unverified", **fields):
        media = {"media_publication": "social_media"}.get(strategy, "")
        Activity.objects.create(
            library=libs[key],
            date=dt.date.fromisoformat(day),
            strategy=strategy,
            title=f"Kegiatan {key} {day}",
            participants=total if total is not None else (male or 0) + (female or 0),
            participants_male=male,
            participants_female=female,
            verification=verification,
            **{"media_kind": media, **fields},
        )

    # January 2031
    # fmt: off
    activity("A", "2031-01-05", "community_engagement", 10, 15, verification="verified", field="education",
             event_kind="training")
    activity("A", "2031-01-20", "advocacy", 2, 1, verification="verified", result="funds", amount=Decimal(5_000_000),
             targets=["village_head"])
    activity("A", "2031-01-31", "media_publication", 0, 0)
    activity("B", "2031-01-10", "community_engagement", 5, 5, field="economy", event_kind="promotion")
    activity("B", "2031-01-11", "community_engagement", None, None, total=10)
    activity("C", "2031-01-15", "service_improvement", 4, 4, verification="returned", return_comment="Foto?")
    activity("F", "2031-01-12", "community_engagement", 6, 6, field="health", event_kind="training")
    activity("G", "2031-01-02", "community_engagement", 20, 25, verification="verified", field="agriculture",
             event_kind="training")
    activity("G", "2031-01-03", "community_engagement", 10, 10, verification="verified", field="agriculture",
             event_kind="promotion")
    activity("G", "2031-01-04", "advocacy", 1, 1, verification="verified", result="regulation",
             regulation_kind="village_head_regulation", issued_on=dt.date(2031, 1, 4))
    activity("G", "2031-01-05", "media_publication", 0, 0, verification="verified", media_kind="print")
    activity("J", "2031-01-01", "service_improvement", 3, 2, verification="verified")
    activity("R", "2031-01-09", "advocacy", 2, 2, result="non_funds", amount=Decimal(558_000))
    activity("R", "2031-01-12", "media_publication", None, None, total=0, media_kind="radio")
    # fmt: on
    # December 2030 (recorded before engagement and advocacy had fields of their own)
    activity("A", "2030-12-31", "community_engagement", 8, 8)
    activity("E", "2030-12-10", "service_improvement", 5, 5)
    activity("G", "2030-12-15", "advocacy", 1, 0)
    # Outside both months: never counted
    activity("A", "2031-02-01", "community_engagement", 50, 50)
    activity("A", "2030-11-30", "community_engagement", 50, 50)

    def snapshot(key, period, entered, verification="unverified", **values):
        ServiceSnapshot.objects.create(
            library=libs[key], period=period, entered_on=dt.date.fromisoformat(entered), verification=verification,
            **values,
        )  # fmt: skip

    snapshot("A", PERIOD, "2031-01-03")  # all zeros: a mistake, corrected by the next one
    snapshot("A", PERIOD, "2031-01-10", "verified", books=1200, digital_books=40, computers=3, bandwidth_mbps=20)
    snapshot("G", PERIOD, "2031-01-20", "verified", books=800, computers=2)
    snapshot("A", dt.date(2031, 2, 1), "2031-02-03", books=1250)  # another month

    Replication.objects.create(province_id="51", regency_id="51.71", year=2031, funds=15_000_000, villages=5,
                               funding_source="apbd")  # fmt: skip
    Replication.objects.create(province_id="51", year=2031, funds=20_000_000, villages=3, funding_source="apbd")
    Replication.objects.create(province_id="52", regency_id="52.72", year=2030, funds=7_000_000, villages=2)

    def report(key, period, status, submitted_at, visitors, loans, new_members, ict_users, problems="", **extra):
        MonthlyReport.objects.create(
            library=libs[key],
            period=period,
            status=status,
            submitted_at=submitted_at,
            visitors=visitors,
            loans=loans,
            new_members=new_members,
            ict_users=ict_users,
            problems=problems,
            **extra,
        )

    # January 2031: deadline 5 February 2031, end of day (Asia/Jakarta)
    report("A", PERIOD, "submitted", at("2031-02-03"), 100, 40, 5, 20, visitors_male=40, visitors_female=60)
    report("B", PERIOD, "verified", at("2031-02-06"), 50, 10, 2, 8)
    report("C", PERIOD, "returned", at("2031-02-02"), 999, 999, 999, 999, problems="Internet sering putus")
    report("D", PERIOD, "submitted", at("2031-02-01"), 5, 1, 0, 0)
    report("E", PERIOD, "draft", None, 777, 777, 777, 777, problems="Pengelola baru belum dilatih")
    report("G", PERIOD, "submitted", at("2031-02-05", "23:59"), 30, 5, 1, 3, visitors_male=10, visitors_female=20)
    # Taken in from SIM TPBIS in March: received, but whether it came in on time is not known.
    report("H", PERIOD, "submitted", at("2031-03-01"), 12, 0, 0, 0, visitors_male=5, visitors_female=7, source="sim")
    report("J", PERIOD, "verified", at("2031-02-01"), 70, 20, 0, 10, problems="Komputer rusak")
    report("PV", PERIOD, "submitted", at("2031-02-04"), 500, 200, 10, 50)
    # December 2030: deadline 5 January 2031
    report("A", PREVIOUS, "submitted", at("2031-01-04"), 80, 30, 3, 15)
    report("B", PREVIOUS, "submitted", at("2031-01-03"), 10, 2, 0, 1)
    report("C", PREVIOUS, "verified", at("2031-01-02"), 40, 10, 1, 4)
    report("E", PREVIOUS, "submitted", at("2031-01-10"), 60, 20, 4, 6)

    Commitment.objects.all().delete()
    teams = {
        "51": SynergyTeam.objects.create(name="Tim Sinergi Uji Bali", level="province", province_id="51"),
        "51.71": SynergyTeam.objects.create(name="Tim Sinergi Uji Denpasar", level="regency", regency_id="51.71"),
        "52.72": SynergyTeam.objects.create(name="Tim Sinergi Uji Bima", level="regency", regency_id="52.72"),
    }

    def commitment(team, status, due=None):
        Commitment.objects.create(
            team=teams[team],
            kind="other",
            party=f"Mitra {team}",
            description=f"Komitmen {status}",
            status=status,
            due_date=dt.date.fromisoformat(due) if due else None,
            evidence_link="https://example.org/bukti" if status == "done" else "",
        )

    commitment("51", "planned", "2025-12-31")
    commitment("51", "in_progress", "2031-12-31")
    commitment("51", "done", "2030-12-31")
    commitment("51", "dropped", "2025-12-31")
    commitment("51.71", "in_progress")
    commitment("51.71", "done", "2025-12-31")
    commitment("52.72", "planned", "2025-06-30")
    return libs


FIGURE_KEYS = [
    "libraries",
    "activities",
    "participants_male",
    "participants_female",
    "participants",
    "visitors",
    "visitors_male",
    "visitors_female",
    "loans",
    "new_members",
    "ict_users",
    "advocacy_amount",
    "records_verified",
    "records_unverified",
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
    "reports_late",
    "reports_timeliness_unknown",
    "reports_missing",
    "reports_received",
]
STRATEGY_KEYS = ["service_improvement", "community_engagement", "advocacy", "media_publication"]
BREAKDOWN_KEYS = {
    "engagement_by_field": [
        "economy", "education", "health", "sport", "arts_culture", "agriculture", "digital_inclusion", "other",
        "not_recorded",
    ],
    "engagement_by_kind": ["training", "promotion", "not_recorded"],
    "publications_by_kind": ["print", "online", "electronic", "not_recorded"],
    "advocacy_by_result": ["funds", "non_funds", "regulation", "not_recorded"],
}  # fmt: skip
KPI_KEYS = ["green", "yellow", "red", "not_scored"]


def figures(strategies=(0, 0, 0, 0), kpi=None, commitments=None, replication=None, breakdowns=None, **values):
    """A complete figures dict: the given values, zero elsewhere; strategies in STRATEGY_KEYS order.

    ``kpi`` is (green, yellow, red, not scored); ``breakdowns`` maps a breakdown figure to its non-zero counts;
    ``commitments`` (open, done, overdue) and ``replication`` (funds, villages) are part of every regional report,
    never of a library's.
    """
    unknown = set(values) - set(FIGURE_KEYS)
    assert not unknown, unknown
    result = {key: values.get(key, 0) for key in FIGURE_KEYS}
    result["activities_by_strategy"] = dict(zip(STRATEGY_KEYS, strategies, strict=True))
    for key, names in BREAKDOWN_KEYS.items():
        given = (breakdowns or {}).get(key, {})
        assert set(given) <= set(names), given
        result[key] = {name: given.get(name, 0) for name in names}
    if kpi is not None:
        result["kpi"] = dict(zip(KPI_KEYS, kpi, strict=True))
    if commitments is not None:
        result["commitments"] = dict(zip(["open", "done", "overdue"], commitments, strict=True))
    if replication is not None:
        result["replication_funds"], result["replication_villages"] = replication
    return result
