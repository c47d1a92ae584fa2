"""``make bench``: every performance figure at 1k, 3k and 10k libraries, each size on a fresh database.

Needs ``DATABASE_URL`` pointing at a PostgreSQL server it may create databases on (``make bench``
starts a throwaway one with ``scripts/with_services.sh``). It migrates a template database once and
loads all 83,762 villages into it, then for each size copies the template, fills it with
``generate_data`` and measures (``perf.bench.measure``) in a separate process, writes
``perf/bench/results/<size>.json``, drops the copy, and prints the table with the verdict on each target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from .report import RESULTS, checks, text_table

ROOT = Path(__file__).resolve().parent.parent.parent
TEMPLATE = "tpbis_bench_template"


def database_url(base: str, name: str) -> str:
    parts = urlparse(base)
    return urlunparse(parts._replace(path=f"/{name}"))


def admin(base: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as connection:
        for statement in statements:
            connection.execute(statement)


def manage(url: str, *args: str) -> None:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "perf.bench.settings"}
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def build_template(base: str) -> float:
    started = time.perf_counter()
    admin(base, f'DROP DATABASE IF EXISTS "{TEMPLATE}"', f'CREATE DATABASE "{TEMPLATE}"')
    url = database_url(base, TEMPLATE)
    manage(url, "migrate", "--noinput")
    manage(url, "load_regions")
    return time.perf_counter() - started


def run_size(base: str, size: int, args, regions_seconds: float) -> dict:
    name = f"tpbis_bench_{size}"
    admin(base, f'DROP DATABASE IF EXISTS "{name}"', f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE}"')
    output = RESULTS / f"{size}.json.tmp"
    env = {**os.environ, "DATABASE_URL": database_url(base, name), "DJANGO_SETTINGS_MODULE": "perf.bench.settings"}
    command = [
        sys.executable, "-m", "perf.bench.measure", "--libraries", str(size), "--months", str(args.months),
        "--activities", str(args.activities), "--repeats", str(args.repeats), "--import-rows", str(args.import_rows),
        "--sim-records", str(args.sim_records), "--load-seconds", str(args.load_seconds), "--pages", args.pages,
        "--output", str(output),
    ]  # fmt: skip
    try:
        subprocess.run(command, cwd=ROOT, env=env, check=True)
    finally:
        admin(base, f'DROP DATABASE IF EXISTS "{name}"')
    results = json.loads(output.read_text())
    results["generated"]["regions_seconds"] = round(regions_seconds, 1)
    output.unlink()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,3000,10000", help="numbers of libraries, comma-separated")
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--activities", type=int, default=3, help="activities per library per month")
    parser.add_argument("--repeats", type=int, default=20, help="timed requests per page")
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--sim-records", type=int, default=100_000, help="SIM TPBIS records imported")
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument(
        "--pages", default="", help="only these pages, names or their beginnings (e.g. kpi): no other figure"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        raise SystemExit("DATABASE_URL must point at a PostgreSQL server (make bench starts one).")
    sizes = [int(size) for size in args.sizes.split(",")]
    RESULTS.mkdir(exist_ok=True)
    started = time.perf_counter()
    print("Template database: migrations and all regions", flush=True)
    regions_seconds = build_template(base)
    by_size = {}
    for size in sizes:
        print(f"\n== {size:,} libraries", flush=True)
        results = run_size(base, size, args, regions_seconds)
        (RESULTS / f"{size}.json").write_text(json.dumps(results, indent=2) + "\n")
        by_size[size] = results
    admin(base, f'DROP DATABASE IF EXISTS "{TEMPLATE}"')
    print(f"\nAll sizes in {time.perf_counter() - started:.0f} s; results in perf/bench/results/\n")
    print(text_table(by_size))
    missed = [check for check in checks(by_size[max(sizes)]) if check.ok is False]
    if missed:
        print(f"\nTargets not met at {max(sizes):,} libraries: " + "; ".join(c.figure for c in missed))


if __name__ == "__main__":
    main()
