"""Every list endpoint of the schema answers in a fixed number of queries, whatever the page size."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from activities.models import (
    Activity,
    ActivityPhoto,
    Advocacy,
    Flag,
    Publication,
    Replication,
    ServiceSnapshot,
    SuccessStory,
    Training,
)
from evidence import refresh
from foundation.api.tokens import issue_token
from libraries.models import Commitment, Library, Meeting, SynergyTeam, TeamMember
from reports.models import CompileJob, MonthlyReport, PeerLearningMeeting, PlmFollowUp, PlmPresentation, WorkPlan
from reports.models.monthly import ReportEvent

from .operations import LISTS

# Token lookup, the user's role assignments, the count and the page.
MAX_QUERIES = 4
#: Lists that fetch related rows for the whole page in one query each (prefetch_related).
PREFETCHES = {
    "/api/v1/activities/": 2,  # photos, evidence flags
    "/api/v1/advocacy/": 1,  # evidence flags
    "/api/v1/publications/": 1,  # evidence flags
    "/api/v1/service-snapshots/": 1,  # evidence flags
    "/api/v1/libraries/": 1,  # cohorts
    "/api/v1/replications/": 2,  # libraries covered, evidence flags
    "/api/v1/monthly-reports/": 1,  # workflow steps
    "/api/v1/trainings/": 1,  # attending libraries in the user's area
    "/api/v1/peer-learning-meetings/": 3,  # presentations, follow-ups, libraries
}

#: Lists of several kinds of record whose page reads its records with one query per table among them: as many
#: more as there are tables, whatever the page size (the verification queue: activities, service snapshots,
#: replication programmes, monthly reports).
PER_TABLE = {"/api/v1/verification-queue/": 4}


@pytest.fixture
def many_records(db):
    """More than five of everything in province 19, so that a page of 5 and a page of 100 differ."""
    libraries = list(Library.objects.filter(province_id="19", level="village"))
    activities = Activity.objects.bulk_create(
        # Entered months later: each carries an evidence flag (back-dated), for the flags/ list.
        Activity(
            library=library,
            date=dt.date(2019, 9, day),
            strategy="advocacy",
            title=f"Audiensi {day}",
            entered_on=dt.date(2019, 12, 1),
        )
        for library in libraries
        for day in (3, 17)
    )
    Advocacy.objects.bulk_create(
        Advocacy(library=library, date=dt.date(2019, 9, 4), strategy="advocacy", title="Audiensi", result="non_funds")
        for library in libraries
    )
    Publication.objects.bulk_create(
        Publication(
            library=library,
            date=dt.date(2019, 9, 6),
            strategy="media_publication",
            title="Berita",
            publication_kind="print",
        )
        for library in libraries
    )
    ServiceSnapshot.objects.bulk_create(
        ServiceSnapshot(library=library, period=dt.date(2019, month, 1), books=900, computers=2)
        for library in libraries
        for month in (8, 9)
    )
    replications = Replication.objects.bulk_create(
        Replication(province_id="19", regency_id=regency, year=year, funds=100_000_000, villages=5)
        for regency in ["19.01", "19.02", "19.03", "19.04", "19.05", "19.06"]
        for year in (2018, 2019)
    )
    for replication in replications:
        replication.libraries.add(*[lib for lib in libraries if lib.regency_id == replication.regency_id][:3])
    refresh.for_libraries(library.pk for library in libraries)  # written in bulk: checked as an import is
    ContentType.objects.get_for_models(Activity, ServiceSnapshot, Replication)  # as any request before would
    ActivityPhoto.objects.bulk_create(
        ActivityPhoto(activity=activity, image="x.jpg", thumbnail="x.jpg", width=4, height=3, size=10)
        for activity in activities
        for _ in range(2)
    )
    reports = MonthlyReport.objects.bulk_create(
        MonthlyReport(library=library, period=dt.date(2019, month, 1), visitors=40)
        for library in libraries
        for month in (8, 9)
    )
    ReportEvent.objects.bulk_create(ReportEvent(report=report, action="created") for report in reports)
    SuccessStory.objects.bulk_create(
        SuccessStory(library=library, date=dt.date(2019, 9, 5), person_name="Ibu", title="Cerita", story="Naik")
        for library in libraries
    )
    teams = SynergyTeam.objects.bulk_create(
        SynergyTeam(name=f"Tim {n}", level="regency", province_id="19", regency_id=regency)
        for n, regency in enumerate(["19.01", "19.02", "19.03", "19.04", "19.05", "19.06"])
    )
    TeamMember.objects.bulk_create(
        TeamMember(team=team, name=f"Anggota {n}", institution="Bappeda", sector="government")
        for team in teams
        for n in range(3)
    )
    Meeting.objects.bulk_create(
        Meeting(team=team, date=dt.date(2019, 9, n + 1), agenda="Rapat") for team in teams for n in range(3)
    )
    Commitment.objects.bulk_create(
        Commitment(team=team, kind="mou", party="Bank", description="PKS") for team in teams for _ in range(3)
    )
    for n in range(6):
        training = Training.objects.create(
            title=f"Bimtek {n}",
            organiser="DKPUS",
            start_date=dt.date(2019, 9, 2),
            end_date=dt.date(2019, 9, 5),
            province_id="19",
        )
        training.libraries.add(*libraries[n * 3 : n * 3 + 3])
        meeting = PeerLearningMeeting.objects.create(
            title=f"PLM {n}",
            level="province",
            province_id="19",
            date=dt.date(2019, 9, 21),
            host="DKPUS",
            period=dt.date(2019, 8, 1),
        )
        meeting.libraries.add(*libraries[n * 3 : n * 3 + 3])
        PlmPresentation.objects.create(meeting=meeting, kind="tips", library=libraries[n], title="Tips")
        PlmFollowUp.objects.create(
            meeting=meeting, action="Tindak lanjut", owner="DKPUS", due_date=dt.date(2019, 12, 1)
        )
    activity_type = ContentType.objects.get_for_model(Activity)
    # (the checks may have flagged some of them already)
    Flag.objects.bulk_create(
        [
            Flag(content_type=activity_type, object_id=activity.pk, province_id=activity.library.province_id,
                 regency_id=activity.library.regency_id, library_id=activity.library_id, code="backdated",
                 reason="backdated", details={"days": 40})
            for activity in activities
        ],
        ignore_conflicts=True,
    )  # fmt: skip
    WorkPlan.objects.bulk_create(
        WorkPlan(library=library, province_id=library.province_id, regency_id=library.regency_id, year=2019,
                 visitors=1000)
        for library in libraries
    )  # fmt: skip
    CompileJob.objects.bulk_create(
        CompileJob(
            period=dt.date(2019, month, 1), scope="province", code="19", province_id="19", created_at=timezone.now()
        )
        for month in range(1, 8)
    )


@pytest.mark.parametrize("role", ["admin", "dkpus.babel"])
@pytest.mark.parametrize("path", LISTS)
def test_list_query_count_does_not_grow_with_the_page(path, role, user, many_records):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user(role))}")
    counts = {}
    for size in (5, 100):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path, {"page_size": size})
        assert response.status_code == 200
        assert len(response.json()["results"]) == min(size, response.json()["count"])
        if path != "/api/v1/provinces/":  # the test database holds four provinces
            assert response.json()["count"] > 5, path  # the page sizes really differ
        counts[size] = len(queries)
    if path in PER_TABLE:  # the small page may hold fewer of the tables than the large one
        assert counts[5] <= counts[100] <= MAX_QUERIES + PER_TABLE[path], path
        return
    assert counts[5] == counts[100], path
    assert counts[100] <= MAX_QUERIES + PREFETCHES.get(path, 0), path


def test_filtered_library_list_query_count(api, user, django_assert_max_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user('dkpus.babel'))}")
    # two more: the province and regency filter values are checked against the user's scope
    # and one for the page's cohorts (prefetched)
    with django_assert_max_num_queries(MAX_QUERIES + 2 + PREFETCHES["/api/v1/libraries/"]):
        response = api.get(
            "/api/v1/libraries/", {"province": "19", "regency": "19.01", "level": "village", "cohort": 2021}
        )
    assert response.status_code == 200


def test_one_progress_report_query_count(api, user, django_assert_max_num_queries):
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(user('dkpus.babel'))}")
    with django_assert_max_num_queries(MAX_QUERIES):
        response = api.get("/api/v1/progress-reports/", {"period": "2021-08", "scope": "province", "code": "19"})
    assert response.json()["count"] == 1
