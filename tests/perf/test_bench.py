"""The benchmark harness (``make bench``) at a tiny size: it produces every figure. Nothing is asserted about time."""

import json

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import NoReverseMatch, reverse

from perf.bench import measure, report
from reports import rollup


def reverses(name: str, *args) -> bool:
    try:
        reverse(name, args=args)
    except NoReverseMatch:
        return False
    return True


@pytest.mark.services
def test_the_harness_produces_every_figure(demo_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    db = connection.settings_dict
    options = measure.Options(
        libraries=120,
        months=3,
        activities=2,
        repeats=2,
        warmup=1,
        compile_repeats=1,
        export_repeats=1,
        import_rows=100,
        sim_records=400,
        load_seconds=1,
        database_url=f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        work=tmp_path,
    )
    with override_settings(ROOT_URLCONF="perf.bench.urls"):
        results = measure.measure(options)
        dashboards = reverses("reports:dashboard_detail", "national", "ID")
    json.dumps(results)  # what bench.run writes

    assert results["generated"]["libraries"] == 120
    assert results["generated"]["activities"] == 120 * 3 * 2
    assert rollup.differences() == []  # the generator's COPYs and updates keep each library's months
    assert results["compile"]["snapshots"] > 120
    assert results["compile"]["lower_bound_seconds"] > 0 and results["compile"]["first_ratio"] > 0
    assert set(report.PAGES) <= set(results["pages"])
    for name, page in results["pages"].items():
        if page.get("missing"):
            assert name.startswith("dashboard_") and not dashboards, name
            continue
        assert page["status"] in (200, 302), name
        assert page["queries"] > 0 and page["median_ms"] > 0 and page["p95_ms"] >= page["median_ms"], name
    assert results["exports"]["pdf_bytes"] > 1000 and results["exports"]["xlsx_bytes"] > 1000
    assert results["import"]["rows"] == 100 and results["import"]["seconds"] > 0
    load = results["load"]
    assert load["page"] == ("dashboard_national" if dashboards else "progress_national")
    for name in ("trivial", load["page"]):
        assert load[name]["requests"] > 0 and load[name]["errors"] == 0, load
    assert load["ratio"] > 0
    sim = results["sim_import"]
    assert sim["records"] == 400 and sim["created"] > 0 and sim["seconds"] > 0 and sim["again_seconds"] > 0
    # Every target gets a verdict from these figures, and the table shows them.
    assert all(check.ok is not None for check in report.checks(results) if "dashboard" not in check.figure)
    assert "compile ÷ SQL lower bound" in report.text_table({120: results})


@pytest.mark.services
def test_a_subset_of_the_pages_measures_only_them(demo_db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    options = measure.Options(libraries=120, months=3, activities=2, repeats=2, warmup=1, work=tmp_path, pages=("kpi",))
    with override_settings(ROOT_URLCONF="perf.bench.urls"):
        results = measure.measure(options)
    json.dumps(results)

    assert set(results["pages"]) == {
        "kpi_national_quarter",
        "kpi_national_quarter_after_change",
        "kpi_province_year",
        "kpi_regency_year",
        "trivial",
    }
    assert "compile" not in results and "load" not in results and "import" not in results
    # Each page measured gets its verdicts, and nothing else does.
    assert {check.figure for check in report.checks(results)} == {
        f"{name}: {what}" for name in results["pages"] if name != "trivial" for what in ("median (ms)", "queries")
    }
    assert "kpi_national_quarter_after_change: median (ms)" in report.text_table({120: results})
