"""What the evidence checks add to a large SIM TPBIS import: ``python -m perf.bench.evidence``.

Needs ``DATABASE_URL`` pointing at a PostgreSQL server it may create a database on (``scripts/with_services.sh``
starts a throwaway one). On a fresh database with every region loaded and ``--libraries`` libraries generated
(``generate_data``, a year of their activities), the SIM files of the province with most libraries, with
``--sim-records`` records (100,000 by default) are imported once, as ``import_sim`` does it; the time spent in
the checks (``evidence.refresh.for_libraries``, called by the import in its transaction) is timed apart. The
import without the checks takes the whole time less theirs; the checks' share is theirs over that.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import sys
import time

from .run import admin, database_url, manage

NAME = "tpbis_bench_evidence"


def measure(records: int, seed: int) -> dict:
    from django.db.models import Count
    from django.utils import timezone

    import sim.writing
    from activities.models import Flag
    from libraries.models import Library
    from perf.sim_files import sim_files
    from sim.importing import import_sim

    check = sim.writing.evidence.for_libraries
    spent = []

    def timed_check(libraries, **options):
        profile = cProfile.Profile() if os.environ.get("EVIDENCE_PROFILE") else None
        started = time.perf_counter()
        if profile is not None:
            profile.enable()
        changed = check(libraries, **options)
        spent.append(time.perf_counter() - started)
        if profile is not None:
            profile.disable()
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(35)
        return changed

    sim.writing.evidence.for_libraries = timed_check
    biggest = Library.objects.values("province_id").annotate(n=Count("pk")).order_by("-n").first()
    province = biggest["province_id"]
    end = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
    sources = sorted(sim_files(province, records, seed, end, timezone.localdate()).items())
    started = time.perf_counter()
    plan = import_sim(sources)
    total = time.perf_counter() - started
    if not plan.ok:
        raise RuntimeError(f"the SIM files were refused: {plan.problems[:3]} {plan.unplaced[:3]}")
    checks = sum(spent)
    rows = sum(c.total for c in plan.counts.values())
    return {
        "records": rows,
        "province": province,
        "import_seconds": round(total, 2),
        "checks_seconds": round(checks, 2),
        "import_without_checks_seconds": round(total - checks, 2),
        "checks_share": round(checks / (total - checks), 3),
        "flags": Flag.objects.count(),
        "load_average": round(os.getloadavg()[0], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sim-records", type=int, default=100_000)
    parser.add_argument("--libraries", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--output", default="")
    args = parser.parse_args()
    base = os.environ["DATABASE_URL"]
    admin(base, f'DROP DATABASE IF EXISTS "{NAME}"', f'CREATE DATABASE "{NAME}"')
    url = database_url(base, NAME)
    try:
        manage(url, "migrate", "--noinput")
        manage(url, "load_regions")
        manage(url, "generate_data", "--libraries", str(args.libraries), "--months", "12", "--activities", "1")
        os.environ["DATABASE_URL"] = url
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perf.bench.settings")
        import django

        django.setup()
        from django.db import connections

        try:
            results = {"libraries": args.libraries, **measure(args.sim_records, args.seed)}
        finally:
            connections.close_all()
    finally:
        admin(base, f'DROP DATABASE IF EXISTS "{NAME}"')
    text = json.dumps(results, indent=2)
    print(text)
    if args.output:
        with open(args.output, "w") as output:
            output.write(text + "\n")
    sys.exit(0)


if __name__ == "__main__":
    main()
