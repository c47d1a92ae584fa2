"""Figure providers: synergy-team commitments and success stories rolled up to every scope by the compile statement.

March 2024 is a month the demo leaves empty. Commitments are not records of a month (a
report counts the teams' commitments as they stand), so the demo's are removed first.
"""

import datetime as dt
import logging

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import Activity, Replication, SuccessStory
from foundation.months import month_start
from libraries.models import Commitment, Library, SynergyTeam
from reports.models import ProgressReport
from reports.progress.compile import compile_reports
from reports.progress.providers import PROVIDERS, StoriesProvider, available_providers

pytestmark = pytest.mark.django_db

PERIOD = dt.date(2024, 3, 1)
COMMITMENTS, REPLICATION, STORIES = PROVIDERS


def report(scope, code, period=PERIOD):
    return ProgressReport.objects.get(period=period, scope=scope, code=code)


def counts(scope, code, period=PERIOD):
    return report(scope, code, period).figures["commitments"]


@pytest.fixture
def teams():
    Commitment.objects.all().delete()
    return {
        "19": SynergyTeam.objects.create(name="Tim Sinergi Uji Babel", level="province", province_id="19"),
        "19.01": SynergyTeam.objects.create(name="Tim Sinergi Uji Bangka", level="regency", regency_id="19.01"),
        "19.02": SynergyTeam.objects.create(name="Tim Sinergi Uji Belitung", level="regency", regency_id="19.02"),
        "51": SynergyTeam.objects.create(name="Tim Sinergi Uji Bali", level="province", province_id="51"),
    }


def commitment(team, status, due=None):
    return Commitment.objects.create(
        team=team,
        kind="mou",
        party="Universitas Uji",
        description=f"Komitmen {status}",
        status=status,
        due_date=due,
        evidence_link="https://example.org/bukti" if status == "done" else "",
    )


def test_commitments_roll_up_from_regency_to_province_to_nation(teams):
    commitment(teams["19"], "planned", dt.date(2024, 3, 31))  # overdue at the end of March
    commitment(teams["19"], "in_progress", dt.date(2024, 4, 1))  # due after March: open, not yet overdue
    commitment(teams["19"], "done", dt.date(2024, 1, 31))
    commitment(teams["19.01"], "in_progress", dt.date(2024, 2, 15))  # overdue
    commitment(teams["19.01"], "dropped", dt.date(2024, 2, 15))  # neither open nor done
    commitment(teams["19.02"], "done")
    commitment(teams["51"], "planned")  # no due date: never overdue
    compile_reports(PERIOD, providers=[COMMITMENTS])
    assert counts("national", "ID") == {"open": 4, "done": 2, "overdue": 2}
    assert counts("province", "19") == {"open": 3, "done": 2, "overdue": 2}
    assert counts("regency", "19.01") == {"open": 1, "done": 0, "overdue": 1}
    assert counts("regency", "19.02") == {"open": 0, "done": 1, "overdue": 0}
    assert counts("regency", "19.03") == {"open": 0, "done": 0, "overdue": 0}
    assert counts("province", "51") == {"open": 1, "done": 0, "overdue": 0}
    library = ProgressReport.objects.filter(period=PERIOD, scope="library").first()
    assert "commitments" not in library.figures  # a library has no synergy team

    # A province and a regency compilation count the same (the province's own team and its regencies').
    Commitment.objects.filter(team=teams["19.02"]).update(status="in_progress")
    compile_reports(PERIOD, "province", "19", providers=[COMMITMENTS])
    assert counts("province", "19") == {"open": 4, "done": 1, "overdue": 2}
    assert counts("regency", "19.02") == {"open": 1, "done": 0, "overdue": 0}
    compile_reports(PERIOD, "regency", "19.01", providers=[COMMITMENTS])
    assert counts("regency", "19.01") == {"open": 1, "done": 0, "overdue": 1}
    assert counts("national", "ID") == {"open": 4, "done": 2, "overdue": 2}  # not recompiled


def test_while_the_month_runs_only_commitments_due_before_today_are_overdue(teams):
    today = timezone.localdate()
    this_month = month_start(today)
    commitment(teams["19"], "planned", today - dt.timedelta(days=1))
    commitment(teams["19"], "planned", today)  # due today: not overdue yet, though before the end of the month
    compile_reports(this_month, "province", "19", providers=[COMMITMENTS])
    assert counts("province", "19", this_month) == {"open": 2, "done": 0, "overdue": 1}


def test_replication_programmes_of_the_year_roll_up_as_figures_of_their_own(db):
    """A regency's programme counts for it, its province and the nation; a province's own for it and the nation;
    another year's for none. Libraries have none."""
    Replication.objects.create(province_id="19", regency_id="19.01", year=2024, funds=15_000_000, villages=5)
    Replication.objects.create(province_id="19", regency_id="19.02", year=2024, funds=10_000_000, villages=2)
    Replication.objects.create(province_id="19", year=2024, funds=30_000_000, villages=4)  # the province's own
    Replication.objects.create(province_id="19", regency_id="19.01", year=2023, funds=99_000_000, villages=9)
    Replication.objects.create(province_id="51", regency_id="51.71", year=2024, funds=1_000_000, villages=1)
    compile_reports(PERIOD, providers=[REPLICATION])

    def totals(scope, code):
        figures = report(scope, code).figures
        return figures["replication_funds"], figures["replication_villages"]

    assert totals("national", "ID") == (56_000_000, 12)
    assert totals("province", "19") == (55_000_000, 11)
    assert totals("regency", "19.01") == (15_000_000, 5)
    assert totals("regency", "19.02") == (10_000_000, 2)
    assert totals("regency", "19.03") == (0, 0)
    assert totals("province", "51") == (1_000_000, 1)
    library = ProgressReport.objects.filter(period=PERIOD, scope="library").first()
    assert "replication_funds" not in library.figures
    # The previous month, read from its compiled reports, leaves the programmes out like the commitments.
    compile_reports(dt.date(2024, 4, 1), providers=[REPLICATION])
    assert "replication_funds" not in report("province", "19", dt.date(2024, 4, 1)).previous
    assert report("province", "19", dt.date(2024, 4, 1)).figures["replication_funds"] == 55_000_000


def story(library, day, title, consent=True, activity=None):
    return SuccessStory.objects.create(
        library=library,
        activity=activity,
        date=day,
        person_name=f"Warga {title}",
        title=title,
        story=f"Cerita {title}",
        measure="Pendapatan bulanan (Rp)",
        value_before=500000,
        value_after=1500000,
        consent_to_publish=consent,
    )


def titles(scope, code):
    return [item["title"] for item in report(scope, code).highlights]


def test_highlights_are_the_latest_consented_stories_of_the_month_per_scope():
    bangka = list(Library.objects.filter(regency_id="19.01", level="village").order_by("pk")[:2])
    belitung = Library.objects.filter(regency_id="19.02", level="village").first()
    activity = Activity.objects.create(
        library=bangka[0], date=dt.date(2024, 3, 2), strategy="community_engagement", title="Pelatihan madu"
    )
    story(bangka[0], dt.date(2024, 3, 3), "Madu hutan", activity=activity)
    story(bangka[0], dt.date(2024, 3, 20), "Tenun cual")
    story(bangka[1], dt.date(2024, 3, 25), "Kerupuk ikan")
    story(belitung, dt.date(2024, 3, 28), "Lada putih")
    story(belitung, dt.date(2024, 2, 28), "Bulan lalu")  # another month
    secret = story(bangka[0], dt.date(2024, 3, 30), "Tanpa izin", consent=False)  # the latest, but not consented
    compile_reports(PERIOD, providers=[STORIES])

    assert titles("national", "ID") == ["Lada putih", "Kerupuk ikan", "Tenun cual"]
    assert titles("province", "19") == ["Lada putih", "Kerupuk ikan", "Tenun cual"]
    assert titles("regency", "19.01") == ["Kerupuk ikan", "Tenun cual", "Madu hutan"]
    assert titles("library", str(bangka[0].pk)) == ["Tenun cual", "Madu hutan"]
    assert titles("province", "51") == []
    item = report("library", str(bangka[0].pk)).highlights[1]
    assert item == {
        "id": item["id"],
        "title": "Madu hutan",
        "text": "Cerita Madu hutan",
        "person": "Warga Madu hutan",
        "library": bangka[0].name,
        "library_id": bangka[0].pk,
        "activity_id": activity.pk,
        "date": "2024-03-03",
    }
    shown = [item["id"] for r in ProgressReport.objects.filter(period=PERIOD) for item in r.highlights]
    assert shown and secret.pk not in shown

    # Consent withdrawn: the story leaves every report at the next compilation.
    SuccessStory.objects.filter(title="Lada putih").update(consent_to_publish=False)
    compile_reports(PERIOD, "province", "19", providers=[STORIES])
    assert titles("province", "19") == ["Kerupuk ikan", "Tenun cual", "Madu hutan"]
    assert titles("regency", "19.02") == []


def test_a_story_without_consent_never_appears():
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    story(library, dt.date(2024, 3, 10), "Belum boleh terbit", consent=False)
    compile_reports(PERIOD)  # every provider, as the jobs run it
    assert ProgressReport.objects.filter(period=PERIOD).exists()
    assert not [r for r in ProgressReport.objects.filter(period=PERIOD) if r.highlights]


def test_providers_add_no_query_per_library(teams):
    commitment(teams["19.01"], "planned")
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    story(library, dt.date(2024, 3, 10), "Madu")

    def queries(providers):
        with CaptureQueriesContext(connection) as captured:
            compile_reports(PERIOD, providers=providers)
        return len(captured.captured_queries)

    without = queries([])
    assert queries(PROVIDERS) == without
    assert report("library", str(library.pk)).highlights[0]["title"] == "Madu"


def test_missing_models_fields_and_methods_are_skipped(caplog):
    assert [p.key for p in available_providers()] == ["commitments", "replication", "success_stories"]
    fields = {"model_label": "activities.SuccessStory", "library_path": "library", "date_path": "date",
              "text_path": "story"}  # fmt: skip
    with caplog.at_level(logging.WARNING, logger="reports.progress.providers"):
        assert not StoriesProvider(key="x", title_path="headline", **fields).available()
        assert not StoriesProvider(key="y", title_path="title", shown="approved", **fields).available()
    assert "headline" in caplog.text and "approved" in caplog.text
    assert StoriesProvider(key="z", title_path="title", shown="publishable", **fields).available()
    assert not StoriesProvider(key="w", model_label="nowhere.Nothing", library_path="a", date_path="b",
                               title_path="c", text_path="d").available()  # fmt: skip
