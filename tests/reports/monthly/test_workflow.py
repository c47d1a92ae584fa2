"""The monthly report workflow: each transition, who may make it, deadlines, one report per month."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from reports.choices import ReportAction, ReportStatus, Timeliness
from reports.deadlines import deadline_for, last_overdue_period, timeliness
from reports.models import MonthlyReport
from reports.monthly import workflow
from tests.activities.factories import make_report
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

pytestmark = pytest.mark.django_db

VERIFIERS_OF_OWN_VILLAGE = ["admin", "dkpus.babel", "dispus.bangka"]


def jakarta(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args), timezone.get_default_timezone())


@pytest.fixture
def report():
    return make_report(library_at("own_village"))


def actions(report):
    return list(report.events.values_list("action", flat=True))


def test_librarian_submits_a_draft(report, user):
    workflow.submit(report, user(LIBRARIAN))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at is not None
    event = report.events.get()
    assert (event.action, event.actor.username) == (ReportAction.SUBMITTED, LIBRARIAN)


@pytest.mark.parametrize("username", VERIFIERS_OF_OWN_VILLAGE)
def test_regency_and_province_staff_verify(report, user, username):
    workflow.submit(report, user(LIBRARIAN))
    workflow.verify(report, user(username))
    report.refresh_from_db()
    assert report.status == ReportStatus.VERIFIED
    assert report.verified_by.username == username
    assert actions(report) == [ReportAction.SUBMITTED, ReportAction.VERIFIED]


@pytest.mark.parametrize("username", [LIBRARIAN, "konsultan", "dkpus.bali"])
def test_others_may_not_verify_or_return(report, user, username):
    workflow.submit(report, user(LIBRARIAN))
    with pytest.raises(PermissionDenied):
        workflow.verify(report, user(username))
    with pytest.raises(PermissionDenied):
        workflow.return_report(report, user(username), "Periksa lagi")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_regency_staff_cannot_verify_another_regency(user):
    report = make_report(library_at("belitung_village"))
    workflow.submit(report, user("dkpus.babel"))
    with pytest.raises(PermissionDenied):
        workflow.verify(report, user("dispus.bangka"))
    assert not workflow.can_verify(user("dispus.bangka"), report)
    assert workflow.can_verify(user("dkpus.babel"), report)


@pytest.mark.parametrize("username", ["konsultan", "dkpus.bali", "dispus.bangka", LIBRARIAN])
def test_who_may_not_submit_a_belitung_report(user, username):
    report = make_report(library_at("belitung_village"))
    with pytest.raises(PermissionDenied):
        workflow.submit(report, user(username))
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_return_needs_a_comment_then_resubmission_keeps_the_first_submission_time(report, user):
    workflow.submit(report, user(LIBRARIAN))
    first = MonthlyReport.objects.get(pk=report.pk).submitted_at
    with pytest.raises(workflow.TransitionError):
        workflow.return_report(report, user("dispus.bangka"), "   ")
    workflow.return_report(report, user("dispus.bangka"), "Jumlah pengunjung belum sesuai buku tamu.")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    assert report.return_comment == "Jumlah pengunjung belum sesuai buku tamu."
    assert report.is_editable

    workflow.submit(report, user(LIBRARIAN))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == first
    assert actions(report) == [ReportAction.SUBMITTED, ReportAction.RETURNED, ReportAction.RESUBMITTED]
    returned = report.events.get(action=ReportAction.RETURNED)
    assert (returned.actor.username, returned.comment) == ("dispus.bangka", "Jumlah pengunjung belum sesuai buku tamu.")


def test_transitions_from_the_wrong_state_fail_clearly(report, user):
    librarian, staff = user(LIBRARIAN), user("dkpus.babel")
    with pytest.raises(workflow.TransitionError):
        workflow.verify(report, staff)  # a draft
    with pytest.raises(workflow.TransitionError):
        workflow.return_report(report, staff, "x")
    workflow.submit(report, librarian)
    with pytest.raises(workflow.TransitionError):
        workflow.submit(report, librarian)  # already submitted
    workflow.verify(report, staff)
    for step in (lambda: workflow.submit(report, librarian), lambda: workflow.verify(report, staff)):
        with pytest.raises(workflow.TransitionError):
            step()
    with pytest.raises(workflow.TransitionError):
        workflow.return_report(report, staff, "terlambat")
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.VERIFIED


def test_a_stale_copy_cannot_repeat_a_step(report, user):
    """Two clicks with the same page open: the second sees the row's real state."""
    stale = MonthlyReport.objects.get(pk=report.pk)
    workflow.submit(report, user(LIBRARIAN))
    workflow.verify(report, user("dkpus.babel"))
    with pytest.raises(workflow.TransitionError):
        workflow.submit(stale, user(LIBRARIAN))
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.VERIFIED


def test_submitted_and_verified_reports_are_locked(report, user):
    assert workflow.can_edit(user(LIBRARIAN), report)
    workflow.submit(report, user(LIBRARIAN))
    assert not workflow.can_edit(user(LIBRARIAN), report)
    workflow.verify(report, user("dkpus.babel"))
    assert not workflow.can_edit(user(LIBRARIAN), report)
    assert not workflow.can_edit(user("dkpus.babel"), report)


def test_allowed_actions_for_buttons(report, user):
    assert workflow.allowed_actions(user(LIBRARIAN), report) == {"submit"}
    assert workflow.allowed_actions(user("konsultan"), report) == set()
    workflow.submit(report, user(LIBRARIAN))
    assert workflow.allowed_actions(user(LIBRARIAN), report) == set()
    assert workflow.allowed_actions(user("dispus.bangka"), report) == {"verify", "return"}


def test_one_report_per_library_and_month_is_enforced_by_the_database():
    library = library_at("own_village")
    make_report(library, dt.date(2024, 5, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyReport.objects.bulk_create([MonthlyReport(library=library, period=dt.date(2024, 5, 1))])
    make_report(library, dt.date(2024, 6, 1))  # another month is fine
    make_report(library_at("belitung_village"), dt.date(2024, 5, 1))  # and another library


def test_a_period_is_always_the_first_of_the_month():
    report = make_report(library_at("own_village"), dt.date(2024, 7, 19))
    assert report.period == dt.date(2024, 7, 1)


# --- deadlines -------------------------------------------------------------------------------------------------


def test_deadline_is_the_end_of_the_fifth_of_the_next_month():
    deadline = deadline_for(dt.date(2021, 8, 1))
    assert timezone.localtime(deadline).date() == dt.date(2021, 9, 5)
    assert jakarta(2021, 9, 5, 23, 59) < deadline < jakarta(2021, 9, 6, 0, 0)
    assert timezone.localtime(deadline_for(dt.date(2021, 12, 1))).date() == dt.date(2022, 1, 5)


def test_deadline_day_is_configurable(settings):
    settings.TPBIS_REPORT_DEADLINE_DAY = 10
    assert timezone.localtime(deadline_for(dt.date(2021, 8, 1))).date() == dt.date(2021, 9, 10)


def test_on_time_late_and_missing():
    period = dt.date(2021, 8, 1)
    assert timeliness(period, jakarta(2021, 9, 5, 23, 0)) == Timeliness.ON_TIME
    assert timeliness(period, jakarta(2021, 9, 6, 0, 1)) == Timeliness.LATE
    assert timeliness(period, None, now=jakarta(2021, 9, 5, 12, 0)) == Timeliness.NOT_DUE
    assert timeliness(period, None, now=jakarta(2021, 9, 6, 8, 0)) == Timeliness.MISSING


def test_timeliness_is_judged_on_the_first_submission(report, user):
    report.period = dt.date(2020, 8, 1)  # before the demo reports
    report.submitted_at = jakarta(2020, 9, 3, 9, 0)
    report.status = ReportStatus.RETURNED
    report.save()
    workflow.submit(report, user(LIBRARIAN))  # resubmitted years later
    report.refresh_from_db()
    assert report.on_time is True
    assert MonthlyReport.objects.filter(pk=report.pk).with_timeliness("on_time").exists()
    assert not MonthlyReport.objects.filter(pk=report.pk).with_timeliness("late").exists()


def test_timeliness_filter_in_sql_matches_the_python_rule():
    reports = MonthlyReport.objects.filter(library__province_id="19").submitted()
    on_time = set(reports.with_timeliness("on_time").values_list("pk", flat=True))
    late = set(reports.with_timeliness("late").values_list("pk", flat=True))
    expected_on_time = {r.pk for r in reports if r.on_time}
    assert on_time == expected_on_time
    assert late == {r.pk for r in reports} - expected_on_time
    assert on_time and late  # the demo has both


def test_last_overdue_period():
    assert last_overdue_period(jakarta(2021, 10, 6, 8, 0)) == dt.date(2021, 9, 1)
    assert last_overdue_period(jakarta(2021, 10, 5, 8, 0)) == dt.date(2021, 8, 1)
    assert last_overdue_period(jakarta(2022, 1, 20, 8, 0)) == dt.date(2021, 12, 1)
