"""One size of the benchmark: generate the data, then measure everything the performance targets name.

``measure(options)`` runs in a Django process whose default database is the one to fill (a fresh
one from ``perf.bench.run``, or the test database in the smoke test) and returns the figures as a
plain dict (written to ``perf/bench/results/<size>.json`` by ``perf.bench.run``). Every figure is measured
in the same run as the reference it is compared with, so a slow or noisy machine shows in both.

``python -m perf.bench.measure --libraries N … --output FILE`` is how ``perf.bench.run`` calls it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import time
from pathlib import Path

from .basics import Cast, Options, log, make_cast, timed
from .pages import evidence_check_figures, page_figures
from .sim import sim_import_figures

LOWER_BOUND_SQL = """
SELECT l.id, a.activities, a.service_improvement, a.community_engagement, a.advocacy, a.media_publication,
  a.participants, a.participants_male, a.participants_female, a.verified, a.amount, a.engagement_fields,
  s.snapshots, s.verified,
  r.status, r.submitted_at, r.source, r.visitors, r.visitors_male, r.visitors_female, r.loans, r.new_members,
  r.ict_users
FROM libraries_library l
LEFT JOIN (
  SELECT library_id, COUNT(*) AS activities,
    COUNT(*) FILTER (WHERE strategy = 'service_improvement') AS service_improvement,
    COUNT(*) FILTER (WHERE strategy = 'community_engagement') AS community_engagement,
    COUNT(*) FILTER (WHERE strategy = 'advocacy') AS advocacy,
    COUNT(*) FILTER (WHERE strategy = 'media_publication') AS media_publication,
    SUM(participants) AS participants,
    SUM(participants_male) AS participants_male, SUM(participants_female) AS participants_female,
    COUNT(*) FILTER (WHERE verification = 'verified') AS verified,
    SUM(amount) AS amount,
    COUNT(DISTINCT field || event_kind || result || publication_kind) AS engagement_fields
  FROM activities_activity
  WHERE date >= %(start)s AND date < %(end)s
  GROUP BY library_id
) a ON a.library_id = l.id
LEFT JOIN (
  SELECT library_id, COUNT(*) AS snapshots, COUNT(*) FILTER (WHERE verification = 'verified') AS verified
  FROM activities_servicesnapshot
  WHERE period = %(start)s
  GROUP BY library_id
) s ON s.library_id = l.id
LEFT JOIN reports_monthlyreport r ON r.library_id = l.id AND r.period = %(start)s
"""
"""The database's own lower bound for compiling a month: one hand-written statement that reads what any
compilation must read — every library, the month's activities grouped by library (with every column the
figures count them by), its service snapshots and the month's monthly reports — and computes counts and
sums the reports are made of. It is timed on
the server (``EXPLAIN ANALYZE`` without per-node timing: every row produced, none sent), so that the
bound is as low as the database allows; grouping after joining the reports instead, or fetching the rows,
takes longer (docs/performance.md)."""


# ------------------------------------------------------------------------------------------ the steps


def generate(options: Options) -> dict:
    from django.db import connection

    from perf.synthetic import generate as generate_data

    started = time.perf_counter()
    result = generate_data(options.libraries, options.months, options.activities, options.seed, options.end)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A freshly loaded database has no statistics or visibility map yet; autovacuum would make them.
        cursor.execute("VACUUM ANALYZE")
    return {
        "seconds": round(generated, 1),
        "vacuum_analyze_seconds": round(time.perf_counter() - started, 1),
        "libraries": result.libraries,
        "activities": result.activities,
        "monthly_reports": result.monthly_reports,
        **result.extra,
    }


def compile_figures(options: Options, cast: Cast) -> dict:
    from django.db import connection

    from foundation.months import next_month, previous_month
    from reports.progress.compile import compile_reports

    period = cast.period
    log("compiling the previous month (as the monthly job would have)")
    compile_reports(previous_month(period))

    def lower_bound() -> float:
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + LOWER_BOUND_SQL,
                {"start": period, "end": next_month(period)},
            )
            plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Execution Time"] / 1000

    lower_bound()  # the month's pages in memory for every measurement alike
    results = []
    first = timed(lambda: results.append(compile_reports(period)), 1)[0]
    again = timed(lambda: results.append(compile_reports(period)), options.compile_repeats)
    lower = statistics.median([lower_bound() for _ in range(max(5, options.compile_repeats))])
    return {
        "period": f"{period:%Y-%m}",
        "snapshots": results[0].compiled,
        "first_written": results[0].written,
        "recompile_written": results[-1].written,
        "first_seconds": round(first, 3),
        "recompile_seconds": round(statistics.median(again), 3),
        "lower_bound_seconds": round(lower, 5),
        "first_ratio": round(first / lower, 2),
        "recompile_ratio": round(statistics.median(again) / lower, 2),
    }


def export_figures(options: Options, cast: Cast) -> dict:
    from reports.models import ProgressReport
    from reports.progress import exports

    report = ProgressReport.objects.get(period=cast.period, scope="province", code=cast.province)
    rendered = {}
    pdf = timed(lambda: rendered.update(pdf=exports.render_pdf(report)), options.export_repeats)
    xlsx = timed(lambda: rendered.update(xlsx=exports.render_xlsx(report)), options.export_repeats)
    return {
        "report": f"province {cast.province} {cast.period:%Y-%m}",
        "pdf_seconds": round(statistics.median(pdf), 3),
        "xlsx_seconds": round(statistics.median(xlsx), 3),
        "pdf_bytes": len(rendered["pdf"]),
        "xlsx_bytes": len(rendered["xlsx"]),
    }


def load_figures(options: Options, cast: Cast) -> dict:
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from reports.models.progress import NATIONAL_CODE

    from . import load

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(cast.users["national"])
    client.get(reverse("home"))  # a browser's first page: it now has its form token (CSRF cookie) too
    cookie = "; ".join(f"{name}={client.cookies[name].value}" for name in ("sessionid", "csrftoken"))
    targets = {"trivial": reverse("bench_trivial")}
    try:
        targets["dashboard_national"] = reverse("reports:dashboard_detail", args=["national", NATIONAL_CODE])
    except NoReverseMatch:
        targets["progress_national"] = reverse(
            "reports:progress_detail", args=[f"{cast.period:%Y-%m}", "national", NATIONAL_CODE]
        )
    server = load.start_server(options.database_url, options.work / "gunicorn.log")
    results = {"workers": load.WORKERS, "threads": load.THREADS, "connections": load.WORKERS * load.THREADS}
    urls = {name: server.base + path for name, path in targets.items()}
    try:
        for url in urls.values():
            load.run_load(url, cookie, min(1.0, options.load_seconds))  # warm the workers
        rounds = max(1, int(options.load_seconds // 2))
        for name, outcome in load.alternate(urls, cookie, options.load_seconds, rounds).items():
            results[name] = {"url": targets[name], "rounds": rounds, **outcome.as_dict()}
            log(f"load {name}: {outcome.requests_per_second:.1f} requests/s, {outcome.errors} errors")
    finally:
        server.stop()
    page = "dashboard_national" if "dashboard_national" in results else "progress_national"
    results["page"] = page
    results["ratio"] = round(results[page]["requests_per_second"] / results["trivial"]["requests_per_second"], 3)
    return results


def import_figures(options: Options) -> dict:
    from openpyxl import Workbook

    from libraries.importing import LibraryImport
    from libraries.models import Library, Village

    villages = list(Village.objects.order_by("code").values_list("code", flat=True)[: max(1, options.import_rows // 4)])
    path = options.work / "libraries.xlsx"
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["name", "level", "village_code", "cohort_year", "members_count", "is_active"])
    for i in range(options.import_rows):
        sheet.append([f"TBM Uji Beban {i}", "tbm", villages[i % len(villages)], 2023, i % 500, "ya"])
    workbook.save(path)
    before = Library.objects.count()
    started = time.perf_counter()
    importer = LibraryImport()
    result = importer.validate(importer.read(str(path)))
    if not result.ok:
        raise RuntimeError(f"the import file was refused: {result.errors[:3]}")
    saved = importer.save(result, path.name)
    elapsed = time.perf_counter() - started
    if Library.objects.count() - before != options.import_rows or len(saved) != options.import_rows:
        raise RuntimeError("the import did not save every row")
    return {"rows": options.import_rows, "format": "xlsx", "seconds": round(elapsed, 2)}


def environment() -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = ""
    return {
        # Other work on the machine slows every figure alike; the ratios are what compare.
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": server,
        "commit": commit,
        "date": dt.date.today().isoformat(),
    }


def measure(options: Options) -> dict:
    from django.utils import timezone

    from foundation.months import previous_month

    options.end = options.end or previous_month(timezone.localdate().replace(day=1))
    started = time.perf_counter()
    results = {
        "size": {"libraries": options.libraries, "months": options.months, "activities_per_month": options.activities},
        "environment": environment(),
    }
    log(f"generating {options.libraries} libraries, {options.months} months, {options.activities} activities")
    results["generated"] = generate(options)
    cast = make_cast(options.end)
    results["cast"] = {"province": cast.province, "regency": cast.regency, "library": cast.library}
    if options.pages:  # a subset of the pages (``--pages``): nothing else is measured
        results["pages"] = page_figures(options, cast)
        results["seconds"] = round(time.perf_counter() - started, 1)
        results["environment"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
        return results
    results["compile"] = compile_figures(options, cast)
    log(f"compile: {results['compile']}")
    results["pages"] = page_figures(options, cast)
    results["evidence_check"] = evidence_check_figures(options, cast)
    results["exports"] = export_figures(options, cast)
    log(f"exports: {results['exports']}")
    results["load"] = load_figures(options, cast)
    results["import"] = import_figures(options)
    log(f"import: {results['import']}")
    results["sim_import"] = sim_import_figures(options, cast)
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["environment"]["load_average_at_end"] = round(os.getloadavg()[0], 2)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--libraries", type=int, required=True)
    parser.add_argument("--months", type=int, default=60)
    parser.add_argument("--activities", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--import-rows", type=int, default=10_000)
    parser.add_argument("--sim-records", type=int, default=100_000)
    parser.add_argument("--load-seconds", type=float, default=10.0)
    parser.add_argument("--pages", default="", help="only these pages (names or their beginnings, comma-separated)")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "perf.bench.settings")
    import django

    django.setup()
    options = Options(
        libraries=args.libraries,
        months=args.months,
        activities=args.activities,
        seed=args.seed,
        repeats=args.repeats,
        import_rows=args.import_rows,
        sim_records=args.sim_records,
        load_seconds=args.load_seconds,
        database_url=os.environ["DATABASE_URL"],
        pages=tuple(name for name in args.pages.split(",") if name),
    )
    results = measure(options)
    Path(args.output).write_text(json.dumps(results, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main()
