"""The synthetic program records beyond activities and reports: service snapshots, replication programmes,
cohorts and SIM TPBIS's official scores, each kind from its own seeded generator."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator

from libraries.choices import FundingSource, PartnerType

from .rows import VERIFICATION_WEIGHTS, Weighted, _at, verification_of

#: Share of library-months with a service snapshot, and of those with a second (a correction, entered later).
SNAPSHOT_SHARE = 0.7
CORRECTED_SHARE = 0.05
#: Share of libraries that joined a second time (a second cohort, self-funded replication).
SECOND_COHORT_SHARE = 0.1
#: Share of regencies (and provinces) running a replication programme in a year.
REPLICATION_SHARE = 0.3
#: Share of libraries SIM TPBIS has a score for, and of those it has not scored yet ("-").
SIM_SCORE_SHARE = 0.4
SIM_NOT_SCORED_SHARE = 0.25

SNAPSHOT_COLUMNS = [
    "library_id", "period", "books", "digital_books", "computers", "bandwidth_mbps", "entered_on", "verification",
    "verified_at", "return_comment", "created_at", "updated_at",
]  # fmt: skip
REPLICATION_COLUMNS = [
    "id", "province_id", "regency_id", "year", "funds", "funding_source", "villages", "entered_on", "verification",
    "verified_at", "created_at", "updated_at",
]  # fmt: skip


def snapshot_rows(library_ids, periods, seed) -> Iterator[tuple]:
    """Month after month, a snapshot of most libraries' collection and ICT; now and then a corrected one."""
    rng = random.Random(f"{seed}:snapshots")
    verification = Weighted(VERIFICATION_WEIGHTS)
    for period in periods:
        for library_id in library_ids:
            if rng.random() >= SNAPSHOT_SHARE:
                continue
            books = rng.randint(300, 4000)
            for correction in range(2 if rng.random() < CORRECTED_SHARE else 1):
                entered = period + dt.timedelta(days=rng.randrange(5, 25) + 3 * correction)
                created = _at(entered, 10)
                state, verified_at, comment = verification_of(rng, verification, created)
                yield (
                    library_id,
                    period,
                    books + correction * 10,
                    rng.randint(0, 300),
                    rng.randint(0, 8),
                    rng.choice((0, 5, 10, 20, 50)),
                    entered,
                    state,
                    verified_at,
                    comment,
                    created,
                    created,
                )


def replication_rows(regencies: list[str], years: list[int], seed: int, first_id: int) -> Iterator[tuple]:
    """Some regencies' (and provinces') self-funded replication programmes of each year."""
    rng = random.Random(f"{seed}:replications")
    verification = Weighted(VERIFICATION_WEIGHTS)
    provinces = sorted({code[:2] for code in regencies})
    next_id = first_id
    for year in years:
        places = [(code[:2], code) for code in regencies] + [(code, None) for code in provinces]
        for province, regency in places:
            if rng.random() >= REPLICATION_SHARE:
                continue
            entered = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
            created = _at(entered, 9)
            state, verified_at, _comment = verification_of(rng, verification, created)
            source = FundingSource.DANA_DESA if rng.random() < 0.4 else FundingSource.APBD
            yield (
                next_id,
                province,
                regency,
                year,
                rng.randrange(5, 200) * 1_000_000,
                source,
                rng.randint(1, 25),
                entered,
                state,
                verified_at,
                created,
                created,
            )
            next_id += 1


def cohort_rows(libraries: list[tuple[int, int, str, int | None]]) -> Iterator[tuple]:
    """(library, year, support) for each library's cohorts: ``libraries`` are (id, first year, first support,
    second year or None)."""
    for library_id, year, support, second in libraries:
        yield library_id, year, support, str(year)
        if second is not None:
            yield library_id, second, PartnerType.SELF_REPLICATION, str(second)


def second_cohort(rng: random.Random, year: int, last_year: int) -> int | None:
    """Whether a library joined again, two years after it first did (not after the data's last year)."""
    if rng.random() < SECOND_COHORT_SHARE and year + 2 <= last_year:
        return year + 2
    return None


def sim_score_rows(library_ids, as_of: dt.date, seed: int) -> Iterator[tuple]:
    """SIM TPBIS's official score of some libraries, as the latest import left it ("-": not yet scored)."""
    rng = random.Random(f"{seed}:sim")
    for library_id in library_ids:
        if rng.random() >= SIM_SCORE_SHARE:
            continue
        score = None if rng.random() < SIM_NOT_SCORED_SHARE else round(rng.uniform(5, 100), 2)
        yield library_id, score, as_of, as_of.replace(month=1, day=1), as_of
