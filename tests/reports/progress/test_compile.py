"""Compilation: every figure of every scope, exactly; idempotent; a query count independent of size."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity
from libraries.models import Library, Regency, Village
from reports.models import KpiThreshold, ProgressReport
from reports.monthly.reminders import outstanding_libraries
from reports.progress.compile import CompileError, compile_reports

from .. import dataset
from ..dataset import PERIOD, figures

pytestmark = pytest.mark.django_db


def snapshot(scope, code, period=PERIOD):
    return ProgressReport.objects.get(scope=scope, code=code, period=period)


@pytest.fixture
def libs():
    built = dataset.build()
    compile_reports(PERIOD)
    return built


# Expected figures, by hand from the tables in tests/reports/dataset.py: strategies, KPI states, commitments.
B = "engagement_by_field", "engagement_by_kind", "publications_by_kind", "advocacy_by_result"
CURRENT = {
    ("regency", "51.71"): figures(
        (1, 3, 1, 1), (1, 1, 1, 0), (1, 1, 0), (15_000_000, 5), libraries=4, activities=6, participants_male=21,
        participants_female=25, participants=56, visitors=155, visitors_male=40, visitors_female=60, loans=51,
        new_members=7, ict_users=28, advocacy_amount=5_000_000, records_verified=4, records_unverified=8,
        reports_expected=3, reports_submitted=2, reports_on_time=1, reports_late=1, reports_missing=1,
        reports_received=3,
        breakdowns={B[0]: {"education": 1, "economy": 1, "not_recorded": 1},
                    B[1]: {"training": 1, "promotion": 1, "not_recorded": 1}, B[2]: {"online": 1},
                    B[3]: {"funds": 1}},
    ),
    ("regency", "51.03"): figures(
        (0, 1, 0, 0), (0, 0, 0, 1), (0, 0, 0), (0, 0), libraries=1, activities=1, participants_male=6,
        participants_female=6, participants=12, records_unverified=1, reports_expected=1, reports_missing=1,
        breakdowns={B[0]: {"health": 1}, B[1]: {"training": 1}},
    ),
    ("province", "51"): figures(
        (1, 4, 1, 1), (1, 1, 2, 1), (3, 2, 1), (35_000_000, 8), libraries=6, activities=7, participants_male=27,
        participants_female=31, participants=68, visitors=655, visitors_male=40, visitors_female=60, loans=251,
        new_members=17, ict_users=78, advocacy_amount=5_000_000, records_verified=4, records_unverified=10,
        reports_expected=4, reports_submitted=2, reports_on_time=1, reports_late=1, reports_missing=2,
        reports_received=4,
        breakdowns={B[0]: {"education": 1, "economy": 1, "health": 1, "not_recorded": 1},
                    B[1]: {"training": 2, "promotion": 1, "not_recorded": 1}, B[2]: {"online": 1},
                    B[3]: {"funds": 1}},
    ),
    ("regency", "52.71"): figures(
        (0, 2, 1, 1), (1, 0, 1, 0), (0, 0, 0), (0, 0), libraries=3, activities=4, participants_male=31,
        participants_female=36, participants=67, visitors=42, visitors_male=15, visitors_female=27, loans=5,
        new_members=1, ict_users=3, records_verified=5, records_unverified=2, reports_expected=2,
        reports_submitted=2, reports_on_time=1, reports_timeliness_unknown=1, reports_received=2,
        breakdowns={B[0]: {"agriculture": 2}, B[1]: {"training": 1, "promotion": 1}, B[2]: {"print": 1},
                    B[3]: {"regulation": 1}},
    ),
    ("regency", "52.72"): figures(
        (1, 0, 1, 1), (0, 1, 1, 0), (1, 0, 1), (0, 0), libraries=2, activities=3, participants_male=5,
        participants_female=4, participants=9, visitors=70, loans=20, ict_users=10, advocacy_amount=558_000,
        records_verified=2, records_unverified=2, reports_expected=1, reports_submitted=1, reports_on_time=1,
        reports_received=1, breakdowns={B[2]: {"electronic": 1}, B[3]: {"non_funds": 1}},
    ),
    ("province", "52"): figures(
        (1, 2, 2, 2), (1, 1, 2, 0), (1, 0, 1), (0, 0), libraries=5, activities=7, participants_male=36,
        participants_female=40, participants=76, visitors=112, visitors_male=15, visitors_female=27, loans=25,
        new_members=1, ict_users=13, advocacy_amount=558_000, records_verified=7, records_unverified=4,
        reports_expected=3, reports_submitted=3, reports_on_time=2, reports_timeliness_unknown=1, reports_received=3,
        breakdowns={B[0]: {"agriculture": 2}, B[1]: {"training": 1, "promotion": 1},
                    B[2]: {"print": 1, "electronic": 1}, B[3]: {"regulation": 1, "non_funds": 1}},
    ),
    ("national", "ID"): figures(
        (2, 6, 3, 3), (2, 2, 4, 1), (4, 2, 2), (35_000_000, 8), libraries=11, activities=14, participants_male=63,
        participants_female=71, participants=144, visitors=767, visitors_male=55, visitors_female=87, loans=276,
        new_members=18, ict_users=91, advocacy_amount=5_558_000, records_verified=11, records_unverified=14,
        reports_expected=7, reports_submitted=5, reports_on_time=3, reports_late=1, reports_timeliness_unknown=1,
        reports_missing=2, reports_received=7,
        breakdowns={B[0]: {"education": 1, "economy": 1, "health": 1, "agriculture": 2, "not_recorded": 1},
                    B[1]: {"training": 3, "promotion": 2, "not_recorded": 1},
                    B[2]: {"online": 1, "print": 1, "electronic": 1},
                    B[3]: {"funds": 1, "regulation": 1, "non_funds": 1}},
    ),
}  # fmt: skip

PREVIOUS_FIGURES = {
    ("regency", "51.71"): figures(
        (0, 1, 0, 0), libraries=4, activities=1, participants_male=8, participants_female=8, participants=16,
        visitors=130, loans=42, new_members=4, ict_users=20, records_verified=1, records_unverified=3,
        reports_expected=2, reports_submitted=2, reports_on_time=2, reports_received=3,
        breakdowns={B[0]: {"not_recorded": 1}, B[1]: {"not_recorded": 1}},
    ),
    ("regency", "51.03"): figures(
        (1, 0, 0, 0), libraries=1, activities=1, participants_male=5, participants_female=5, participants=10,
        visitors=60, loans=20, new_members=4, ict_users=6, records_unverified=2, reports_expected=1,
        reports_submitted=1, reports_late=1, reports_received=1,
    ),
    ("province", "51"): figures(
        (1, 1, 0, 0), libraries=6, activities=2, participants_male=13, participants_female=13, participants=26,
        visitors=190, loans=62, new_members=8, ict_users=26, records_verified=1, records_unverified=5,
        reports_expected=3, reports_submitted=3, reports_on_time=2, reports_late=1, reports_received=4,
        breakdowns={B[0]: {"not_recorded": 1}, B[1]: {"not_recorded": 1}},
    ),
    ("regency", "52.71"): figures(
        (0, 0, 1, 0), libraries=3, activities=1, participants_male=1, participants=1, records_unverified=1,
        breakdowns={B[3]: {"not_recorded": 1}},
    ),
    ("regency", "52.72"): figures(libraries=2, reports_expected=1, reports_missing=1),
    ("province", "52"): figures(
        (0, 0, 1, 0), libraries=5, activities=1, participants_male=1, participants=1, records_unverified=1,
        reports_expected=1, reports_missing=1, breakdowns={B[3]: {"not_recorded": 1}},
    ),
    ("national", "ID"): figures(
        (1, 1, 1, 0), libraries=11, activities=3, participants_male=14, participants_female=13, participants=27,
        visitors=190, loans=62, new_members=8, ict_users=26, records_verified=1, records_unverified=6,
        reports_expected=4, reports_submitted=3, reports_on_time=2, reports_late=1, reports_missing=1,
        reports_received=4,
        breakdowns={B[0]: {"not_recorded": 1}, B[1]: {"not_recorded": 1}, B[3]: {"not_recorded": 1}},
    ),
}  # fmt: skip

NOT_SCORED = dict.fromkeys(("engagement", "participants", "advocacy", "publication", "services", "visitors"))
LIBRARIES = {
    # key: (figures, KPI state, score, report state, points)
    "A": (
        figures((0, 1, 1, 1), (1, 0, 0, 0), libraries=1, activities=3, participants_male=12, participants_female=16,
                participants=28, visitors=100, visitors_male=40, visitors_female=60, loans=40, new_members=5,
                ict_users=20, advocacy_amount=5_000_000, records_verified=3, records_unverified=3,
                reports_expected=1, reports_submitted=1, reports_on_time=1, reports_received=1,
                breakdowns={B[0]: {"education": 1}, B[1]: {"training": 1}, B[2]: {"online": 1},
                            B[3]: {"funds": 1}}),
        "green", "77.5", "on_time",
        {"engagement": 15, "participants": 12.5, "advocacy": 20, "publication": 15, "services": 5, "visitors": 10},
    ),
    "B": (
        figures((0, 2, 0, 0), (0, 1, 0, 0), libraries=1, activities=2, participants_male=5, participants_female=5,
                participants=20, visitors=50, loans=10, new_members=2, ict_users=8, records_verified=1,
                records_unverified=2, reports_expected=1, reports_submitted=1, reports_late=1, reports_received=1,
                breakdowns={B[0]: {"economy": 1, "not_recorded": 1}, B[1]: {"promotion": 1, "not_recorded": 1}}),
        "yellow", "50.0", "late",
        {"engagement": 30, "participants": 10, "advocacy": 0, "publication": 0, "services": 0, "visitors": 10},
    ),
    "C": (
        figures((1, 0, 0, 0), (0, 0, 1, 0), libraries=1, activities=1, participants_male=4, participants_female=4,
                participants=8, records_unverified=2, reports_expected=1, reports_missing=1),
        "red", "0.0", "missing",
        {"engagement": 0, "participants": 0, "advocacy": 0, "publication": 0, "services": 0, "visitors": 0},
    ),
    "D": (figures(kpi=(0, 0, 0, 0), libraries=1, visitors=5, loans=1, records_unverified=1, reports_received=1),
          "", None, None, None),
    "E": (figures(kpi=(0, 0, 0, 1), libraries=1, reports_expected=1, reports_missing=1), "not_scored", None,
          "missing", NOT_SCORED),
    "F": (figures((0, 1, 0, 0), (0, 0, 0, 0), activities=1, participants_male=6, participants_female=6,
                  participants=12, records_unverified=1, breakdowns={B[0]: {"health": 1}, B[1]: {"training": 1}}),
          "", None, None, None),
    "PV": (figures(kpi=(0, 0, 1, 0), libraries=1, visitors=500, loans=200, new_members=10, ict_users=50,
                   records_unverified=1, reports_received=1), "red", "10.0", None,
           {"engagement": 0, "participants": 0, "advocacy": 0, "publication": 0, "services": 0, "visitors": 10}),
    "G": (
        figures((0, 2, 1, 1), (1, 0, 0, 0), libraries=1, activities=4, participants_male=31, participants_female=36,
                participants=67, visitors=30, visitors_male=10, visitors_female=20, loans=5, new_members=1,
                ict_users=3, records_verified=5, records_unverified=1, reports_expected=1, reports_submitted=1,
                reports_on_time=1, reports_received=1,
                breakdowns={B[0]: {"agriculture": 2}, B[1]: {"training": 1, "promotion": 1}, B[2]: {"print": 1},
                            B[3]: {"regulation": 1}}),
        "green", "100.0", "on_time",
        {"engagement": 30, "participants": 20, "advocacy": 20, "publication": 15, "services": 5, "visitors": 10},
    ),
    "H": (figures(kpi=(0, 0, 1, 0), libraries=1, visitors=12, visitors_male=5, visitors_female=7,
                  records_unverified=1, reports_expected=1, reports_submitted=1, reports_timeliness_unknown=1,
                  reports_received=1), "red", "10.0", "unknown",
          {"engagement": 0, "participants": 0, "advocacy": 0, "publication": 0, "services": 0, "visitors": 10}),
    "I": (figures(kpi=(0, 0, 0, 0), libraries=1), "", None, None, None),
    "J": (
        figures((1, 0, 0, 0), (0, 0, 1, 0), libraries=1, activities=1, participants_male=3, participants_female=2,
                participants=5, visitors=70, loans=20, ict_users=10, records_verified=2, reports_expected=1,
                reports_submitted=1, reports_on_time=1, reports_received=1),
        "red", "10.0", "on_time",
        {"engagement": 0, "participants": 0, "advocacy": 0, "publication": 0, "services": 0, "visitors": 10},
    ),
    "R": (figures((0, 0, 1, 1), (0, 1, 0, 0), libraries=1, activities=2, participants_male=2, participants_female=2,
                  participants=4, advocacy_amount=558_000, records_unverified=2,
                  breakdowns={B[2]: {"electronic": 1}, B[3]: {"non_funds": 1}}),
          "yellow", "35.0", None,
          {"engagement": 0, "participants": 0, "advocacy": 20, "publication": 15, "services": 0, "visitors": 0}),
}  # fmt: skip


def without_kpi(figs):
    return {k: v for k, v in figs.items() if k != "kpi"}


def change_of(current, previous):
    result = {key: current[key] - previous[key] for key in dataset.FIGURE_KEYS}
    result["activities_by_strategy"] = {
        s: current["activities_by_strategy"][s] - previous["activities_by_strategy"][s] for s in dataset.STRATEGY_KEYS
    }
    for key, names in dataset.BREAKDOWN_KEYS.items():
        result[key] = {name: current[key][name] - previous[key][name] for name in names}
    return result


@pytest.mark.parametrize("key", list(CURRENT), ids=lambda k: "-".join(k))
def test_every_figure_of_every_regional_scope(libs, key):
    report = snapshot(*key)
    assert report.figures == CURRENT[key]
    assert report.previous == without_kpi(PREVIOUS_FIGURES[key])


def test_change_from_previous_month_is_exact(libs):
    denpasar = snapshot("regency", "51.71")
    assert denpasar.change == change_of(CURRENT[("regency", "51.71")], PREVIOUS_FIGURES[("regency", "51.71")])
    assert denpasar.change["activities"] == 5
    assert denpasar.change["reports_on_time"] == -1
    assert denpasar.change["reports_expected"] == 1  # B's cohort year starts in January
    for key in CURRENT:
        assert snapshot(*key).change == change_of(CURRENT[key], PREVIOUS_FIGURES[key]), key


@pytest.mark.parametrize("key", list(LIBRARIES))
def test_every_library_figure_and_kpi(libs, key):
    expected_figures, colour, score, state, points = LIBRARIES[key]
    report = snapshot("library", str(libs[key].pk))
    assert report.figures == expected_figures
    assert report.name == libs[key].name
    assert (report.province_id, report.regency_id, report.library_id) == (
        libs[key].province_id,
        libs[key].regency_id,
        libs[key].pk,
    )
    assert report.kpi_colour == colour
    assert report.kpi_score == (Decimal(score) if score else None)
    if colour:
        assert report.kpi["report"] == state
        assert {k: None if v is None else float(v) for k, v in report.kpi["points"].items()} == points
        assert report.kpi["thresholds"]["green_above"] == 75
        assert (report.kpi["records"] == 0) == (colour == "not_scored")


def test_a_library_kpi_shows_its_inputs(libs):
    a = snapshot("library", str(libs["A"].pk))
    # One engagement event of 25 people (the advocacy's 3 are not engagement participants), one advocacy, one
    # publication, a month with snapshots (two: both count once) and a month with visitors.
    assert a.kpi["inputs"] == {
        "engagement": 1, "participants": 25, "advocacy": 1, "publication": 1, "services": 1, "visitors": 1,
    }  # fmt: skip
    assert a.kpi["records"] == 3 + 2 + 1
    # The regency library is a partner like the villages, and scored.
    r = snapshot("library", str(libs["R"].pk))
    assert (r.kpi_colour, r.kpi_score, r.kpi["report"]) == ("yellow", Decimal("35.0"), None)


def test_report_links_its_monthly_report(libs):
    report = snapshot("library", str(libs["J"].pk))
    assert report.kpi["report_id"] == libs["J"].monthly_reports.get(period=PERIOD).pk
    assert report.kpi["report_status"] == "verified"


def test_libraries_without_a_report_this_month(libs):
    """Inactive libraries without records have no library report; places without libraries show zeros."""
    library_codes = set(ProgressReport.objects.filter(period=PERIOD, scope="library").values_list("code", flat=True))
    assert library_codes == {str(lib.pk) for lib in libs.values()}
    babel = snapshot("province", "19")
    assert babel.figures == figures(kpi=(0, 0, 0, 0), commitments=(0, 0, 0), replication=(0, 0))  # no demo commitments
    regencies = set(ProgressReport.objects.filter(period=PERIOD, scope="regency").values_list("code", flat=True))
    with_libraries = set(Regency.objects.filter(libraries__isnull=False).values_list("code", flat=True))
    assert regencies == with_libraries


def test_compiling_twice_leaves_exactly_one_snapshot_per_scope(libs):
    before = dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision"))
    figures_before = {r.pk: r.figures for r in ProgressReport.objects.filter(period=PERIOD)}
    result = compile_reports(PERIOD)
    after = dict(ProgressReport.objects.filter(period=PERIOD).values_list("pk", "revision"))
    assert after.keys() == before.keys()  # same rows
    assert {r.pk: r.figures for r in ProgressReport.objects.filter(period=PERIOD)} == figures_before
    if connection.vendor == "postgresql":
        # Nothing changed: nothing is rewritten, revisions (and cached exports) stay.
        assert (result.compiled, result.written, result.deleted) == (len(before), 0, 0)
        assert after == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite rewrites every report")
def test_a_recompilation_rewrites_only_what_changed(libs):
    before = {
        (s, c): r for s, c, r in ProgressReport.objects.filter(period=PERIOD).values_list("scope", "code", "revision")
    }
    Activity.objects.create(library=libs["J"], date=dt.date(2031, 1, 9), strategy="advocacy", title="Audiensi")
    result = compile_reports(PERIOD)
    changed = {
        (scope, code)
        for scope, code, revision in ProgressReport.objects.filter(period=PERIOD).values_list(
            "scope", "code", "revision"
        )
        if revision != before[(scope, code)]
    }
    # J, its regency (Bima), its province (NTB) and the nation; nothing else.
    assert changed == {("library", str(libs["J"].pk)), ("regency", "52.72"), ("province", "52"), ("national", "ID")}
    assert result.written == 4 and result.compiled == len(before)
    assert snapshot("regency", "52.72").figures["activities_by_strategy"]["advocacy"] == 2
    assert snapshot("regency", "52.71").revision == before[("regency", "52.71")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite rewrites every report")
def test_a_recompiled_previous_month_rewrites_the_reports_that_compare_with_it(compiled_months):
    january = dict(ProgressReport.objects.filter(period=PERIOD, scope="regency").values_list("code", "revision"))
    Activity.objects.create(library=compiled_months["E"], date=dataset.PREVIOUS, strategy="advocacy", title="Audiensi")
    compile_reports(dataset.PREVIOUS)
    result = compile_reports(PERIOD)
    # E's January report, Badung's, Bali's and the nation's compare with December's changed figures.
    assert result.written == 4
    assert snapshot("regency", "51.03").previous["activities"] == 2
    assert snapshot("regency", "51.71").revision == january["51.71"]


def test_recompiling_picks_up_changes_and_drops_vanished_scopes(libs):
    Activity.objects.filter(library=libs["F"]).delete()  # F, inactive, now has no records this month
    MonthlyReport = libs["E"].monthly_reports.model
    MonthlyReport.objects.filter(library=libs["E"], period=PERIOD).update(
        status="submitted", submitted_at=dataset.at("2031-02-02")
    )
    compile_reports(PERIOD)
    assert not ProgressReport.objects.filter(period=PERIOD, scope="library", code=str(libs["F"].pk)).exists()
    badung = snapshot("regency", "51.03")
    assert badung.figures["reports_submitted"] == 1
    assert badung.figures["reports_missing"] == 0
    assert badung.figures["visitors"] == 777
    assert badung.figures["activities"] == 0
    # E has a record now (its report, with visitors): scored, red.
    assert badung.figures["kpi"] == {"green": 0, "yellow": 0, "red": 1, "not_scored": 0}
    assert snapshot("library", str(libs["E"].pk)).kpi_score == Decimal("10.0")


def test_a_province_compilation_leaves_other_provinces_alone(libs):
    bali_before = snapshot("province", "51").revision
    Activity.objects.create(library=libs["G"], date=dt.date(2031, 1, 20), strategy="advocacy", title="Audiensi")
    result = compile_reports(PERIOD, "province", "52")
    assert result.written == 1 + 2 + 5  # NTB, its two regencies with libraries, its five library reports
    assert snapshot("province", "51").revision == bali_before
    assert snapshot("province", "52").figures["activities"] == 8
    # the national report is the previous compilation's until the nation is compiled again
    assert snapshot("national", "ID").figures["activities"] == 14
    assert ProgressReport.objects.filter(period=PERIOD, scope="province", code="52").count() == 1


def test_a_regency_and_a_library_compilation(libs):
    result = compile_reports(PERIOD, "regency", "51.71")
    assert result.written == 1 + 4
    assert snapshot("regency", "51.71").figures == CURRENT[("regency", "51.71")]
    result = compile_reports(PERIOD, "library", str(libs["A"].pk))
    assert result.written == 1
    assert snapshot("library", str(libs["A"].pk)).kpi_colour == "green"


def test_a_compilation_of_a_month_without_anything(libs):
    compile_reports(dt.date(2031, 6, 1))
    national = snapshot("national", "ID", dt.date(2031, 6, 1))
    # Commitments are the teams' state, not records of the month: the same in every month; replication
    # programmes are the year's. Every partner is there, none has recorded anything: none is scored.
    assert national.figures == figures(
        kpi=(0, 0, 0, 9), commitments=(4, 2, 2), replication=(35_000_000, 8), libraries=11, reports_expected=7,
        reports_missing=7,
    )  # fmt: skip


def test_unknown_scopes_are_refused(db):
    with pytest.raises(CompileError):
        compile_reports(PERIOD, "province", "99")
    with pytest.raises(CompileError):
        compile_reports(PERIOD, "regency", None)
    with pytest.raises(CompileError):
        compile_reports(PERIOD, "library", "nope")


def test_thresholds_in_force_for_the_month_are_applied(libs):
    KpiThreshold.objects.create(valid_from=dt.date(2031, 1, 1), green_above=77, yellow_above=9)
    KpiThreshold.objects.create(valid_from=dt.date(2031, 2, 1), green_above=99, yellow_above=99)  # later: not used
    compile_reports(PERIOD)
    assert snapshot("library", str(libs["J"].pk)).kpi_colour == "yellow"  # 10.0 > 9
    assert snapshot("library", str(libs["A"].pk)).kpi_colour == "green"  # 77.5 > 77
    assert snapshot("library", str(libs["C"].pk)).kpi_colour == "red"  # 0.0, not above 9
    assert snapshot("national", "ID").kpi["thresholds"]["green_above"] == 77


def test_a_score_equal_to_a_cut_off_takes_the_colour_below(libs):
    """Hijau above 75, kuning above 25: a score of exactly 50 with green above 50 is yellow."""
    KpiThreshold.objects.create(valid_from=dt.date(2031, 1, 1), green_above=50, yellow_above=49)
    compile_reports(PERIOD)
    assert snapshot("library", str(libs["B"].pk)).kpi_colour == "yellow"  # 50.0: not above 50
    assert snapshot("library", str(libs["A"].pk)).kpi_colour == "green"


def _add_libraries(count: int) -> None:
    villages = Village.objects.filter(regency__province_id="19", libraries__isnull=True).order_by("code")[:count]
    created = Library.objects.bulk_create(
        Library(
            name=f"Perpustakaan Skala {v.code}",
            level="village",
            village=v,
            district_id=v.district_id,
            regency_id=v.regency_id,
            province_id="19",
            cohort_year=2020,
        )
        for v in villages
    )
    assert len(created) == count
    Activity.objects.bulk_create(
        Activity(
            library=lib,
            date=PERIOD,
            strategy="community_engagement",
            title="x",
            participants=1,
            participants_male=1,
            participants_female=0,
        )
        for lib in created
    )


def _queries_of_a_compilation() -> int:
    with CaptureQueriesContext(connection) as queries:
        compile_reports(PERIOD)
    return len(queries.captured_queries)


def test_query_count_is_the_same_for_10_and_200_libraries(db):
    Library.objects.update(is_active=False)
    _add_libraries(10)
    small = _queries_of_a_compilation()
    assert ProgressReport.objects.filter(period=PERIOD, scope="library").count() == 10
    _add_libraries(190)
    large = _queries_of_a_compilation()
    assert ProgressReport.objects.filter(period=PERIOD, scope="library").count() == 200
    assert snapshot("province", "19").figures["activities"] == 200
    assert small == large
    assert large <= 10


# -- the previous month from its compiled reports ------------------------------------------------------


@pytest.fixture
def compiled_months(db):
    """December compiled first (as the monthly job does), then January: January reads December's reports."""
    built = dataset.build()
    compile_reports(dataset.PREVIOUS)
    compile_reports(PERIOD)
    return built


@pytest.mark.parametrize("key", list(CURRENT), ids=lambda k: "-".join(k))
def test_previous_figures_read_from_the_compiled_month_are_the_same(compiled_months, key):
    report = snapshot(*key)
    assert report.figures == CURRENT[key]
    assert report.previous == without_kpi(PREVIOUS_FIGURES[key])
    assert report.change == change_of(CURRENT[key], PREVIOUS_FIGURES[key])


def test_each_library_compares_with_its_own_previous_report(compiled_months):
    libs = compiled_months
    for key in ("A", "E", "G"):
        january = snapshot("library", str(libs[key].pk))
        december = snapshot("library", str(libs[key].pk), dataset.PREVIOUS)
        assert january.previous == without_kpi(december.figures)
    assert snapshot("library", str(libs["A"].pk)).change["activities"] == 3 - 1
    # J had no report in December and is not expected to have had one: nothing before, everything is change.
    j = snapshot("library", str(libs["J"].pk))
    assert j.change["activities"] == j.figures["activities"] == 1


def test_the_change_is_against_the_report_as_compiled_until_that_month_is_recompiled(compiled_months):
    libs = compiled_months
    Activity.objects.create(library=libs["A"], date=dataset.PREVIOUS, strategy="advocacy", title="Terlambat dicatat")
    compile_reports(PERIOD)
    assert snapshot("regency", "51.71").previous["activities"] == 1  # December's report says 1
    compile_reports(dataset.PREVIOUS)
    compile_reports(PERIOD)
    assert snapshot("regency", "51.71").previous["activities"] == 2
    assert snapshot("regency", "51.71").change["activities"] == 6 - 2


def test_a_scope_without_a_report_last_month_starts_from_zero(compiled_months):
    village = Village.objects.filter(regency_id="52.71", libraries__isnull=True).order_by("code").first()
    new = Library.objects.create(name="Perpustakaan Baru", level="village", village=village, cohort_year=2031)
    Activity.objects.create(library=new, date=dataset.PREVIOUS, strategy="advocacy", title="Sebelum terdaftar")
    compile_reports(PERIOD)
    report = snapshot("library", str(new.pk))
    assert report.previous == dataset.figures()  # December's reports did not have it
    assert report.change["libraries"] == 1


def test_the_outstanding_libraries_are_the_reports_missing(libs):
    """One rule for who owes a report: the month's list of outstanding libraries (and the reminders) names
    exactly as many libraries as the progress reports count missing, scope by scope."""
    outstanding = list(outstanding_libraries(PERIOD).values_list("pk", "regency_id", "province_id"))
    assert libs["I"].pk not in {pk for pk, _, _ in outstanding}  # no cohort year recorded: not expected yet
    missing = {
        (scope, code): figures_["reports_missing"]
        for scope, code, figures_ in ProgressReport.objects.filter(
            period=PERIOD, scope__in=["regency", "province"]
        ).values_list("scope", "code", "figures")
    }
    assert missing  # the dataset's regions were compiled
    for (scope, code), count in missing.items():
        index = 1 if scope == "regency" else 2
        assert sum(1 for row in outstanding if row[index] == code) == count, (scope, code)
