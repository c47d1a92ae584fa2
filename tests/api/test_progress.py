"""Progress reports, compile jobs and Peer Learning Meetings through the API."""

import datetime as dt

import pytest

from accounts.models import RoleAssignment
from activities.choices import Strategy
from libraries.models import Library
from reports.models import CompileJob, PeerLearningMeeting, PlmFollowUp, ProgressReport
from reports.progress import jobs
from tests.conftest import LIBRARIAN

PROGRESS = "/api/v1/progress-reports/"
COMPILE = "/api/v1/progress-reports/compile/"
PLMS = "/api/v1/peer-learning-meetings/"
CONTRACT_FIGURES = {
    "libraries",
    "activities",
    "activities_by_strategy",
    "participants_male",
    "participants_female",
    "visitors",
    "loans",
    "ict_users",
    "reports_expected",
    "reports_submitted",
    "reports_on_time",
}


def test_one_scope_and_month_in_the_contract_shape(api_as):
    response = api_as("dkpus.babel").get(PROGRESS, {"period": "2021-08", "scope": "province", "code": "19"})
    assert response.status_code == 200
    [report] = response.json()["results"]
    snapshot = ProgressReport.objects.get(period=dt.date(2021, 8, 1), scope="province", code="19")
    assert (report["scope"], report["code"], report["period"]) == ("province", "19", "2021-08")
    assert set(report["figures"]) >= CONTRACT_FIGURES
    assert set(report["figures"]["activities_by_strategy"]) == set(Strategy.values)
    assert report["figures"] == snapshot.figures
    assert report["figures"]["libraries"] == Library.objects.filter(province_id="19", is_active=True).count()


@pytest.mark.parametrize(
    ("username", "visible"),
    [("dkpus.babel", True), ("dkpus.bali", False), ("dispus.bangka", False), (LIBRARIAN, False), ("konsultan", True)],
)
def test_a_province_report_is_seen_within_the_province(api_as, username, visible):
    report = ProgressReport.objects.get(period=dt.date(2021, 8, 1), scope="province", code="19")
    client = api_as(username)
    assert client.get(f"{PROGRESS}{report.pk}/").status_code == (200 if visible else 404)
    listed = client.get(PROGRESS, {"period": "2021-08", "scope": "province", "code": "19"}).json()["count"]
    assert listed == (1 if visible else 0)


def own_library() -> Library:
    return RoleAssignment.objects.get(user__username=LIBRARIAN).library


def test_a_librarian_reads_their_library_report(api_as):
    library = own_library()
    rows = api_as(LIBRARIAN).get(PROGRESS, {"period": "2021-08"}).json()["results"]
    assert [(row["scope"], row["code"]) for row in rows] == [("library", str(library.pk))]


def test_staff_start_a_compilation_of_their_scope_and_follow_it(api_as, user):
    client = api_as("dkpus.babel")
    response = client.post(COMPILE, {"period": "2021-08", "scope": "province", "code": "19"}, format="json")
    assert response.status_code == 202
    job = CompileJob.objects.get(pk=response.json()["job"])
    assert (job.scope, job.code, job.created_by, job.status) == ("province", "19", user("dkpus.babel"), "queued")
    status = client.get(f"{PROGRESS}jobs/{job.pk}/").json()
    assert (status["status"], status["progress"], status["period"]) == ("queued", 0, "2021-08")
    # the worker runs what the page's compile button would have run
    jobs.run_job(job.pk, exports=False)
    status = client.get(f"{PROGRESS}jobs/{job.pk}/").json()
    assert (status["status"], status["progress"], status["step"]) == ("done", 100, "done")
    assert status["reports_written"] == ProgressReport.objects.filter(period=job.period, province_id="19").count()
    assert api_as("dkpus.bali").get(f"{PROGRESS}jobs/{job.pk}/").status_code == 404


def test_compiling_the_nation_takes_no_code(api_as):
    response = api_as("admin").post(COMPILE, {"period": "2021-08"}, format="json")
    assert response.status_code == 202
    assert CompileJob.objects.get(pk=response.json()["job"]).scope == "national"


@pytest.mark.parametrize(
    ("username", "body", "status", "field"),
    [
        (LIBRARIAN, {"period": "2021-08", "scope": "library", "code": "1"}, 403, None),
        ("dkpus.bali", {"period": "2021-08", "scope": "province", "code": "19"}, 400, "code"),
        ("dkpus.babel", {"period": "2021-08"}, 400, "code"),  # the nation is not theirs
        ("dispus.bangka", {"period": "2021-08", "scope": "province", "code": "19"}, 400, "code"),
        ("dkpus.babel", {"period": "2021-08", "scope": "province", "code": "99"}, 400, "code"),
        ("dkpus.babel", {"period": "2099-01", "scope": "province", "code": "19"}, 400, "period"),
        ("dkpus.babel", {"period": "2021-8", "scope": "province", "code": "19"}, 400, "period"),
        ("dkpus.babel", {"period": "2021-08", "scope": "village", "code": "19"}, 400, "scope"),
    ],
)
def test_compilation_outside_the_users_scope_is_refused(api_as, username, body, status, field):
    response = api_as(username).post(COMPILE, body, format="json")
    assert response.status_code == status, response.content
    if field:
        assert field in response.json()
    assert not CompileJob.objects.exists()


def test_consultants_ask_for_any_months_compilation_as_the_pages_let_them(api_as, user):
    """Compiling changes no record: the read-only consultant may start one, as on the progress pages."""
    response = api_as("konsultan").post(
        COMPILE, {"period": "2021-03", "scope": "province", "code": "51"}, format="json"
    )
    assert response.status_code == 202, response.content
    job = CompileJob.objects.get(pk=response.json()["job"])
    assert (job.scope, job.code, job.created_by) == ("province", "51", user("konsultan"))
    # ... while a record stays out of their reach
    assert api_as("konsultan").post("/api/v1/activities/", {}, format="json").status_code == 403


def test_regency_staff_compile_their_regency(api_as):
    response = api_as("dispus.bangka").post(
        COMPILE, {"period": "2021-08", "scope": "regency", "code": "19.01"}, format="json"
    )
    assert response.status_code == 202


def test_a_failed_compilation_is_retried_through_the_api(api_as):
    client = api_as("dkpus.babel")
    job = CompileJob.objects.get(pk=client.post(COMPILE, {"period": "2021-08", "scope": "province", "code": "19"},
                                                format="json").json()["job"])  # fmt: skip
    CompileJob.objects.filter(pk=job.pk).update(status="failed", error="The worker stopped.")
    assert api_as(LIBRARIAN).post(f"{PROGRESS}jobs/{job.pk}/retry/").status_code == 404
    assert api_as("dkpus.bali").post(f"{PROGRESS}jobs/{job.pk}/retry/").status_code == 404
    response = client.post(f"{PROGRESS}jobs/{job.pk}/retry/")
    assert response.status_code == 202, response.content
    job.refresh_from_db()
    assert (job.error, response.json()["id"]) == ("", job.pk)
    assert job.status in {"queued", "running", "done"} and response.json()["status"] == job.status
    jobs.run_job(job.pk, exports=False)
    refused = client.post(f"{PROGRESS}jobs/{job.pk}/retry/", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    assert "nothing to retry" in refused.json()["non_field_errors"][0]


# --- Peer Learning Meetings -----------------------------------------------------------------------------------


def test_a_meeting_with_its_presentations_and_follow_ups(api_as, user):
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    body = {
        "title": "PLM Kabupaten Bangka",
        "level": "regency",
        "province": "19",
        "regency": "19.01",
        "date": "2021-10-12",
        "mode": "virtual",
        "host": "Dinas Perpustakaan Kabupaten Bangka",
        "period": "2021-09",
        "libraries": [library.pk],
        "presentations": [{"kind": "achievement", "library": library.pk, "title": "Kelas menganyam"}],
        "follow_ups": [{"action": "Usulan Perdes", "owner": "Kepala desa", "due_date": "2021-12-31"}],
    }
    client = api_as("dispus.bangka")
    response = client.post(PLMS, body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    meeting = PeerLearningMeeting.objects.get(pk=created["id"])
    assert (meeting.created_by, meeting.period) == (user("dispus.bangka"), dt.date(2021, 9, 1))
    assert [p["title"] for p in created["presentations"]] == ["Kelas menganyam"]
    # sending follow-ups replaces them; leaving presentations out keeps them
    patch = {"follow_ups": [{"action": "Pelatihan lanjutan", "owner": "DKPUS", "due_date": "2022-01-31"}]}
    updated = client.patch(f"{PLMS}{meeting.pk}/", patch, format="json").json()
    assert [f["action"] for f in updated["follow_ups"]] == ["Pelatihan lanjutan"]
    assert PlmFollowUp.objects.filter(meeting=meeting).count() == 1
    assert len(updated["presentations"]) == 1
    assert client.get(f"{PLMS}{meeting.pk}/").json()["libraries"] == [library.pk]


def test_a_follow_up_row_error_names_the_row(api_as):
    body = {
        "title": "PLM",
        "level": "province",
        "province": "19",
        "date": "2021-10-12",
        "host": "DKPUS",
        "period": "2021-09",
        "follow_ups": [{"action": "Tanpa penanggung jawab", "due_date": "2021-12-31"}],
    }
    response = api_as("dkpus.babel").post(PLMS, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["follow_ups"] == {"0": {"owner": ["This field is required."]}}  # by row
    assert not PeerLearningMeeting.objects.filter(title="PLM", province_id="19").exists()


def test_a_national_meeting_drops_the_province_it_was_sent(api_as):
    body = {"title": "PLM Nasional", "level": "national", "province": "19", "date": "2021-10-12", "host": "Perpusnas"}
    response = api_as("admin").post(PLMS, {**body, "period": "2021-09"}, format="json")
    assert response.status_code == 201, response.content
    assert (response.json()["province"], response.json()["regency"]) == (None, None)


def test_a_librarian_sees_the_meetings_their_library_attended(api_as):
    library = own_library()
    attended = PeerLearningMeeting.objects.filter(libraries=library)
    rows = api_as(LIBRARIAN).get(PLMS).json()["results"]
    assert {row["id"] for row in rows} == set(attended.values_list("pk", flat=True))
    assert rows
    assert api_as(LIBRARIAN).patch(f"{PLMS}{rows[0]['id']}/", {"findings": "x"}, format="json").status_code == 403
