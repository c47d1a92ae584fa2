"""Figure providers: records of other apps rolled up to every scope by the same compile statement.

Commitments and success stories are not on this branch yet; the generic providers are
proven here on models that exist (trainings counted like commitments, activities shown
like stories), and the real ones are skipped while their models are absent.
"""

import datetime as dt
import logging

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, Training
from libraries.models import Library
from reports.compile import compile_reports
from reports.models import ProgressReport
from reports.providers import PROVIDERS, CountsProvider, StoriesProvider, available_providers

pytestmark = pytest.mark.django_db

PERIOD = dt.date(2031, 3, 1)

TRAININGS = CountsProvider(
    key="trainings",
    model_label="activities.Training",
    province_path="province",
    regency_path="regency",
    counts={
        "virtual": lambda period: Q(mode="virtual"),
        "this_month": lambda period: Q(start_date__year=period.year, start_date__month=period.month),
    },
)
STORIES = StoriesProvider(
    key="stories",
    model_label="activities.Activity",
    library_path="library",
    date_path="date",
    title_path="title",
    text_path="description",
    limit=2,
)


def report(scope, code):
    return ProgressReport.objects.get(period=PERIOD, scope=scope, code=code)


def training(title, mode, day, province=None, regency=None):
    Training.objects.create(
        title=title, organiser="Perpusnas", start_date=day, end_date=day, mode=mode, province_id=province,
        regency_id=regency,
    )  # fmt: skip


def test_counts_roll_up_from_regency_to_province_to_nation():
    training("Bimtek Babel", "virtual", PERIOD, province="19")
    training("Bimtek Bangka", "in_person", PERIOD, regency="19.01")  # no province filled in: still Babel's
    training("Bimtek Bangka 2", "virtual", dt.date(2031, 1, 5), province="19", regency="19.01")
    training("Bimtek Bali", "in_person", PERIOD, province="51")
    compile_reports(PERIOD, providers=[TRAININGS])
    assert report("national", "ID").figures["trainings"] == {"virtual": 2, "this_month": 3}
    assert report("province", "19").figures["trainings"] == {"virtual": 2, "this_month": 2}
    assert report("regency", "19.01").figures["trainings"] == {"virtual": 1, "this_month": 1}
    assert report("regency", "19.02").figures["trainings"] == {"virtual": 0, "this_month": 0}
    assert report("province", "51").figures["trainings"] == {"virtual": 0, "this_month": 1}
    library = ProgressReport.objects.filter(period=PERIOD, scope="library").first()
    assert "trainings" not in library.figures
    compile_reports(PERIOD, "regency", "19.01", providers=[TRAININGS])
    assert report("regency", "19.01").figures["trainings"] == {"virtual": 1, "this_month": 1}


def test_stories_are_the_latest_of_the_month_per_scope():
    libraries = list(Library.objects.filter(regency_id="19.01", level="village").order_by("pk")[:2])
    other = Library.objects.filter(regency_id="19.02", level="village").first()
    for library, day, title in [(libraries[0], 3, "Madu hutan"), (libraries[0], 20, "Tenun cual"),
                                (libraries[1], 25, "Kerupuk ikan"), (other, 28, "Lada putih"),
                                (other, 2, "Bulan lalu")]:  # fmt: skip
        Activity.objects.create(library=library, date=PERIOD.replace(day=day), strategy="community_engagement",
                                title=title, description=f"Cerita {title}")  # fmt: skip
    Activity.objects.create(library=other, date=dt.date(2031, 2, 27), strategy="advocacy", title="Februari")
    compile_reports(PERIOD, providers=[STORIES])

    def titles(scope, code):
        return [story["title"] for story in report(scope, code).highlights]

    assert titles("national", "ID") == ["Lada putih", "Kerupuk ikan"]
    assert titles("province", "19") == ["Lada putih", "Kerupuk ikan"]
    assert titles("regency", "19.01") == ["Kerupuk ikan", "Tenun cual"]
    assert titles("library", str(libraries[0].pk)) == ["Tenun cual", "Madu hutan"]
    assert titles("province", "51") == []
    story = report("regency", "19.02").highlights[0]
    assert story == {"id": story["id"], "title": "Lada putih", "text": "Cerita Lada putih", "library": other.name,
                     "library_id": other.pk, "date": "2031-03-28"}  # fmt: skip


def test_providers_add_no_query_per_library():
    def queries(providers):
        with CaptureQueriesContext(connection) as captured:
            compile_reports(PERIOD, providers=providers)
        return len(captured.captured_queries)

    assert queries([TRAININGS, STORIES]) == queries([])


def test_missing_models_and_fields_are_skipped(caplog):
    assert available_providers() == [p for p in PROVIDERS if p.model is not None]
    wrong = StoriesProvider(key="x", model_label="activities.Activity", library_path="library", date_path="date",
                            title_path="headline", text_path="description")  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="reports.providers"):
        assert not wrong.available()
    assert "headline" in caplog.text
    assert not StoriesProvider(key="y", model_label="nowhere.Nothing", library_path="a", date_path="b",
                               title_path="c", text_path="d").available()  # fmt: skip
