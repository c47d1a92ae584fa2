"""The targets of the performance issue, checked against measured figures, and the tables that show them.

``python -m perf.bench.report [--markdown]`` prints the table of ``perf/bench/results/*.json``.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"

#: The pages the targets name (each: median ≤ 150 ms, ≤ 20 queries), in the order they are shown.
PAGES = [
    "dashboard_national",
    "dashboard_province",
    "dashboard_regency",
    "dashboard_national_after_change",
    "dashboard_province_after_change",
    "dashboard_regency_after_change",
    "dashboard_national_uncached",
    "dashboard_province_uncached",
    "dashboard_regency_uncached",
    "kpi_national_quarter",
    "kpi_national_quarter_after_change",
    "kpi_province_year",
    "kpi_regency_year",
    "iplm_national",
    "iplm_province",
    "iplm_regency",
    "at_risk_province",
    "at_risk_regency",
    "library_list",
    "activity_list",
    "activity_list_province_month",
    "activity_create",
    "monthly_report",
    "monthly_report_list_month",
    "progress_national",
    "progress_province",
    "progress_regency",
    "trivial",
]
MAX_QUERIES = 20
MAX_MEDIAN_MS = 150
MAX_COMPILE_RATIO = 2.0
MAX_COMPILE_SECONDS = 10.0
MAX_PDF_SECONDS = 3.0
MAX_IMPORT_SECONDS = 30.0
MAX_SIM_IMPORT_SECONDS = 60.0
MIN_THROUGHPUT_RATIO = 0.3


@dataclass
class Check:
    figure: str
    value: float | int | None
    target: str
    ok: bool | None  # None: not measured in this build

    @property
    def verdict(self) -> str:
        return {True: "met", False: "NOT MET", None: "not measured"}[self.ok]


def checks(results: dict) -> list[Check]:
    """Every target of the issue for one size's results."""
    found = []
    c = results.get("compile")
    found += [] if c is None else [
        Check("compile one month, all scopes (s)", c["first_seconds"], f"≤ {MAX_COMPILE_SECONDS:g}",
              c["first_seconds"] <= MAX_COMPILE_SECONDS),
        Check("compile ÷ SQL lower bound", c["first_ratio"], f"≤ {MAX_COMPILE_RATIO:g}",
              c["first_ratio"] <= MAX_COMPILE_RATIO),
        Check("recompile ÷ SQL lower bound", c["recompile_ratio"], f"≤ {MAX_COMPILE_RATIO:g}",
              c["recompile_ratio"] <= MAX_COMPILE_RATIO),
    ]  # fmt: skip
    for name in PAGES:
        page = results["pages"].get(name)
        if name == "trivial" or page is None:
            continue
        if page.get("missing"):
            found.append(Check(f"{name}: median (ms)", None, f"≤ {MAX_MEDIAN_MS}", None))
            continue
        found.append(Check(f"{name}: median (ms)", page["median_ms"], f"≤ {MAX_MEDIAN_MS}",
                           page["median_ms"] <= MAX_MEDIAN_MS))  # fmt: skip
        found.append(Check(f"{name}: queries", page["queries"], f"≤ {MAX_QUERIES}", page["queries"] <= MAX_QUERIES))
    check = results.get("evidence_check")
    found += [] if check is None else [
        Check("evidence check after a save, worker: median (ms)", check["median_ms"], f"≤ {MAX_MEDIAN_MS}",
              check["median_ms"] <= MAX_MEDIAN_MS),
        Check("evidence check after a save, worker: queries", check["queries"], f"≤ {MAX_QUERIES}",
              check["queries"] <= MAX_QUERIES),
    ]  # fmt: skip
    e, i, load = results.get("exports"), results.get("import"), results.get("load")
    found += [] if e is None or i is None or load is None else [
        Check("PDF of a provincial report (s)", e["pdf_seconds"], f"≤ {MAX_PDF_SECONDS:g}",
              e["pdf_seconds"] <= MAX_PDF_SECONDS),
        Check(f"import of {i['rows']:,} libraries (s)", i["seconds"], f"≤ {MAX_IMPORT_SECONDS:g}",
              i["seconds"] <= MAX_IMPORT_SECONDS),
        Check(f"{load['page']} ÷ trivial view, requests/s", load["ratio"], f"≥ {MIN_THROUGHPUT_RATIO:g}",
              load["ratio"] >= MIN_THROUGHPUT_RATIO),
    ]  # fmt: skip
    sim = results.get("sim_import")
    if sim:
        found += [
            Check(f"import of {sim['records']:,} SIM records (s)", sim["seconds"], f"≤ {MAX_SIM_IMPORT_SECONDS:g}",
                  sim["seconds"] <= MAX_SIM_IMPORT_SECONDS),
            Check(f"the same {sim['records']:,} SIM records again (s)", sim["again_seconds"],
                  f"≤ {MAX_SIM_IMPORT_SECONDS:g}", sim["again_seconds"] <= MAX_SIM_IMPORT_SECONDS),
        ]  # fmt: skip
    return found


def _fmt(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value < 10 else f"{value:,.1f}"
    return f"{value:,}"


def rows(by_size: dict[int, dict]) -> tuple[list[str], list[list[str]]]:
    """One row per figure, one column per size (the verdict is that of the largest size)."""
    sizes = sorted(by_size)
    header = ["figure", *(f"{size:,} libraries" for size in sizes), "target", "verdict"]
    table = []
    largest = {check.figure: check for check in checks(by_size[sizes[-1]])}
    per_size = [{check.figure: check for check in checks(by_size[size])} for size in sizes]
    for figure, check in largest.items():
        table.append([figure, *(_fmt(s[figure].value) if figure in s else "—" for s in per_size),
                      check.target, check.verdict])  # fmt: skip
    extra = [
        ("SQL lower bound (s)", lambda r: r["compile"]["lower_bound_seconds"]),
        ("recompile (s)", lambda r: r["compile"]["recompile_seconds"]),
        ("snapshots written", lambda r: r["compile"]["snapshots"]),
        ("Excel of a provincial report (s)", lambda r: r["exports"]["xlsx_seconds"]),
        ("trivial view: median (ms)", lambda r: r["pages"]["trivial"]["median_ms"]),
        ("trivial view, requests/s", lambda r: r["load"]["trivial"]["requests_per_second"]),
        (f"{by_size[sizes[-1]].get('load', {}).get('page', 'dashboard')}, requests/s",
         lambda r: r["load"][r["load"]["page"]]["requests_per_second"]),
        ("generate the data (s)", lambda r: r["generated"]["seconds"]),
        ("activities", lambda r: r["generated"]["activities"]),
        ("monthly reports", lambda r: r["generated"]["monthly_reports"]),
        ("photos", lambda r: r["generated"].get("photos")),
    ]  # fmt: skip
    for label, get in extra:
        table.append([label, *(_fmt(_get(get, by_size[size])) for size in sizes), "", ""])
    return header, table


def _get(get, results: dict):
    """A figure of ``results``, or None where it was not measured (a run of some pages only)."""
    try:
        return get(results)
    except (KeyError, TypeError):
        return None


def text_table(by_size: dict[int, dict]) -> str:
    header, table = rows(by_size)
    widths = [max(len(str(row[i])) for row in [header, *table]) for i in range(len(header))]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *table]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(by_size: dict[int, dict]) -> str:
    header, table = rows(by_size)
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in table]
    return "\n".join(lines)


def load_results(folder: Path = RESULTS) -> dict[int, dict]:
    found = {}
    for path in sorted(folder.glob("*.json")):
        data = json.loads(path.read_text())
        found[data["size"]["libraries"]] = data
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description="Show the benchmark results as a table.")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    by_size = load_results()
    if not by_size:
        raise SystemExit("No results in perf/bench/results/: run `make bench` first.")
    print(markdown_table(by_size) if args.markdown else text_table(by_size))


if __name__ == "__main__":
    main()
