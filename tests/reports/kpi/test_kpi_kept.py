"""The KPI page's statement and the nation's kept counts: what one page shows equals the whole list paged by hand,
and the counts kept province by province equal a recount from the records after every kind of change."""

import datetime as dt
import itertools

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, ServiceSnapshot
from foundation.counting import tables_changed
from libraries.places import find_place
from reports import kept
from reports.kpi.period import STATES, Period, PeriodScores
from reports.models import MonthlyReport

from .. import dataset
from ..dataset import PERIOD, PREVIOUS

pytestmark = pytest.mark.django_db
TWO_MONTHS = Period(PREVIOUS, PERIOD)


@pytest.fixture(autouse=True)
def nothing_kept():
    kept.invalidate_all()


@pytest.fixture
def libs():
    return dataset.build()


def paged_by_hand(scores: PeriodScores, sort: str, state: str, number: int, size: int, not_scored: int) -> dict:
    """The page as the whole list gives it: every partner in order, filtered, cut into pages."""
    every_row = scores.rows(sort)
    states = dict.fromkeys(STATES, 0)
    for row in every_row:
        states[row["colour"]] += 1
    chosen = [row for row in every_row if row["colour"] == state] if state else every_row
    page = Paginator(range(len(chosen)), size).get_page(number)
    offset = (page.number - 1) * size
    shown_not_scored = []
    if not state:
        shown_not_scored = sorted((r for r in every_row if r["colour"] == "not_scored"), key=lambda r: r["name_rank"])
    return {
        "summary": {
            "states": states,
            "partners": len(every_row),
            "sim_scored": sum(1 for r in every_row if r["sim_score"] is not None),
        },
        "count": len(chosen),
        "number": page.number,
        "rows": chosen[offset : offset + size],
        "not_scored": shown_not_scored[:not_scored],
    }


@pytest.mark.parametrize(("scope", "code"), [("national", "ID"), ("province", "51"), ("regency", "52.71")])
def test_a_page_is_the_whole_list_paged(libs, scope, code):
    sorts = ["-score", "score", "name", "-regency", "-sim", "-engagement", "visitors"]
    for period, verified in itertools.product([Period(PERIOD, PERIOD), TWO_MONTHS], [False, True]):
        scores = PeriodScores(find_place(scope, code), period, verified)
        for sort, state, number in itertools.product(sorts, ["", *STATES], [0, 1, 2, 3, 99]):
            expected = paged_by_hand(scores, sort, state, number, size=2, not_scored=1)
            assert scores.page(sort, state, number, size=2, not_scored=1) == expected, (sort, state, number)
    assert expected["count"] > 0


def both(period=TWO_MONTHS, verified=False) -> tuple[dict, dict]:
    """The nation's first page from the kept counts and counted from the records."""
    place = find_place("national", "ID")
    shown = PeriodScores(place, period, verified, kept_inputs=True).page("-score", "", 1, 100, 200)
    counted = PeriodScores(place, period, verified).page("-score", "", 1, 100, 200)
    return shown, counted


def same_after(change, django_capture_on_commit_callbacks) -> dict:
    for verified in (False, True):
        both(verified=verified)  # kept before the change
    with django_capture_on_commit_callbacks(execute=True):
        change()
    for verified in (True, False):
        shown, counted = both(verified=verified)
        assert shown == counted, verified
    return shown  # everything entered


def test_kept_counts_equal_a_recount_after_every_change(libs, django_capture_on_commit_callbacks):
    def score_of(shown, key):
        return next(r for r in [*shown["rows"], *shown["not_scored"]] if r["id"] == libs[key].pk)

    before = both()[0]
    # created: E (Bali) gets an engagement event in January
    shown = same_after(
        lambda: Activity.objects.create(
            library=libs["E"], date=dt.date(2031, 1, 12), strategy="community_engagement", title="Dongeng",
            participants=12,
        ),
        django_capture_on_commit_callbacks,
    )  # fmt: skip
    assert score_of(shown, "E")["inputs"]["engagement"] == score_of(before, "E")["inputs"]["engagement"] + 1
    event = Activity.objects.get(library=libs["E"], title="Dongeng")

    def edit():
        event.participants = 40
        event.save()

    shown = same_after(edit, django_capture_on_commit_callbacks)
    assert score_of(shown, "E")["inputs"]["participants"] == score_of(before, "E")["inputs"]["participants"] + 40

    def verify():
        event.verification = "verified"
        event.save()

    same_after(verify, django_capture_on_commit_callbacks)

    def give_back():
        event.verification = "returned"
        event.return_comment = "Foto kurang jelas"
        event.save()

    same_after(give_back, django_capture_on_commit_callbacks)
    # moved to a library of another province (West Nusa Tenggara), then deleted
    moved = Activity.objects.filter(library=libs["A"], date__gte=PERIOD).first()

    def move():
        moved.library = libs["G"]
        moved.save()

    same_after(move, django_capture_on_commit_callbacks)
    same_after(lambda: Activity.objects.get(pk=moved.pk).delete(), django_capture_on_commit_callbacks)
    same_after(
        lambda: ServiceSnapshot.objects.create(library=libs["J"], period=PERIOD, books=100),
        django_capture_on_commit_callbacks,
    )

    def report_verified():
        report = MonthlyReport.objects.get(library=libs["B"], period=PERIOD)
        report.status = "verified"
        report.save()

    same_after(report_verified, django_capture_on_commit_callbacks)

    def imported():  # written without signals, as imports and the generator write: they say so
        Activity.objects.bulk_create(
            [Activity(library=libs["J"], date=dt.date(2031, 1, 20), strategy="advocacy", title=f"Audiensi {n}")
             for n in range(3)]
        )  # fmt: skip
        tables_changed(Activity)

    shown = same_after(imported, django_capture_on_commit_callbacks)
    assert score_of(shown, "J")["inputs"]["advocacy"] == score_of(before, "J")["inputs"]["advocacy"] + 3


def test_a_change_counts_again_only_its_province(libs, django_capture_on_commit_callbacks):
    both()
    with CaptureQueriesContext(connection) as untouched:
        PeriodScores(find_place("national", "ID"), TWO_MONTHS, kept_inputs=True).page("-score", "", 1, 100, 200)
    assert not [q for q in untouched.captured_queries if "FROM inputs WHERE k_records" in q["sql"]]
    with django_capture_on_commit_callbacks(execute=True):
        Activity.objects.create(library=libs["G"], date=dt.date(2031, 1, 15), strategy="advocacy", title="Audiensi")
    with CaptureQueriesContext(connection) as queries:
        shown, counted = both()
    assert shown == counted
    recounts = [q["sql"] for q in queries.captured_queries if "FROM inputs WHERE k_records" in q["sql"]]
    assert len(recounts) == 1 and "l.province_id IN ('52')" in recounts[0]
    # Changes in two provinces: still one statement counting again, for both.
    with django_capture_on_commit_callbacks(execute=True):
        Activity.objects.create(library=libs["A"], date=dt.date(2031, 1, 16), strategy="advocacy", title="Audiensi")
        Activity.objects.create(library=libs["J"], date=dt.date(2031, 1, 16), strategy="advocacy", title="Audiensi")
    scores = PeriodScores(find_place("national", "ID"), TWO_MONTHS, kept_inputs=True)  # reads the thresholds
    with CaptureQueriesContext(connection) as queries:
        scores.page("-score", "", 1, 100, 200)
    recounts = [q["sql"] for q in queries.captured_queries if "FROM inputs WHERE k_records" in q["sql"]]
    assert len(recounts) == 1 and "l.province_id IN ('51', '52')" in recounts[0]
    assert len(queries.captured_queries) == 2  # the count of the two provinces, and the page
