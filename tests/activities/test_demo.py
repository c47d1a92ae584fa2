"""Demo data from the public record: Kayong Utara's pandan weaving, and Babel's months of activities and reports."""

import datetime as dt

import pytest
from django.core.management import call_command

from activities.models import Activity, Advocacy, Publication, Replication, ServiceSnapshot, SuccessStory
from libraries.models import Cohort, Library
from reports.choices import ReportAction, ReportStatus
from reports.models import MonthlyReport
from reports.models.monthly import ReportEvent

pytestmark = pytest.mark.django_db


def test_kayong_utara_pandan_weaving_training():
    activity = Activity.objects.select_related("library").get(date=dt.date(2020, 8, 18))
    assert activity.library.regency_id == "61.11"
    assert activity.library.district_id == "61.11.01"  # Sukadana
    assert "pandan" in activity.title.lower()
    assert "Peramas Indah Sukadana" in activity.partners
    assert activity.strategy == "community_engagement"
    assert activity.success_stories.publishable().exists()


def test_babel_has_months_of_activities_and_reports_with_returned_late_and_missing_ones():
    babel = MonthlyReport.objects.filter(library__province_id="19")
    august = babel.filter(period=dt.date(2021, 8, 1))
    assert set(babel.values_list("period", flat=True)) == {dt.date(2021, m, 1) for m in (6, 7, 8)}
    assert august.filter(status=ReportStatus.RETURNED).exists()
    assert august.filter(status=ReportStatus.SUBMITTED).exists()
    assert august.filter(status=ReportStatus.VERIFIED).exists()
    assert august.count() < 45  # some libraries never sent one
    late = [report for report in babel.submitted() if report.on_time is False]
    assert late
    assert babel.with_timeliness("late").count() == len(late)
    months = Activity.objects.filter(library__province_id="19").dates("date", "month")
    assert [month.month for month in months] == [6, 7, 8, 9]


def test_demo_reports_agree_with_their_activities_and_history():
    for report in MonthlyReport.objects.filter(library__province_id="19", period=dt.date(2021, 7, 1))[:10]:
        counts = Activity.objects.filter(library=report.library).in_month(report.period).month_counts()
        assert report.activities_total == sum(v for k, v in counts.items() if k.startswith("activities_"))
        assert report.participants_male == counts["participants_male"]
        actions = list(report.events.values_list("action", flat=True))
        assert actions[0] == ReportAction.CREATED
        assert (ReportAction.VERIFIED in actions) == (report.status == ReportStatus.VERIFIED)
    returned = ReportEvent.objects.filter(action=ReportAction.RETURNED).first()
    assert returned.comment and returned.actor is not None


def test_demo_activities_load_again_without_duplicates():
    before = (Activity.objects.count(), MonthlyReport.objects.count(), ReportEvent.objects.count())
    stories = SuccessStory.objects.count()
    call_command("load_demo", verbosity=0)
    assert (Activity.objects.count(), MonthlyReport.objects.count(), ReportEvent.objects.count()) == before
    assert SuccessStory.objects.count() == stories


def test_demo_records_come_in_sims_shapes():
    babel = Activity.objects.filter(library__province_id="19")
    events = babel.filter(strategy="community_engagement")
    assert not events.filter(field="").exists() and not events.filter(event_kind="").exists()
    assert events.filter(participants_male__isnull=True, participants__gt=0).exists()  # a total without a split
    assert events.filter(participants_male__isnull=False).exists()
    advocacy = Advocacy.objects.filter(library__province_id="19")
    assert advocacy.filter(result="funds", amount__gt=0).exists()
    assert advocacy.filter(regulation_kind="village_head_regulation").exists()
    pergub = advocacy.get(regulation_kind="regional_head_regulation")
    assert pergub.library.level == "province" and "Pergub" in pergub.title
    assert set(Publication.objects.filter(library__province_id="19").values_list("publication_kind", flat=True)) == {
        "online",
        "electronic",
    }
    for verification in ("verified", "unverified", "returned"):
        assert babel.filter(verification=verification).exists()
    assert not babel.filter(verification="returned", return_comment="").exists()
    assert not babel.filter(verification="verified", verified_by__isnull=True).exists()


def test_demo_services_visitors_replication_cohorts_and_npp():
    snapshots = ServiceSnapshot.objects.filter(library__province_id="19")
    assert snapshots.filter(period=dt.date(2021, 9, 1)).count() == 45
    assert snapshots.filter(verification="verified").exists() and snapshots.filter(verification="unverified").exists()
    reports = MonthlyReport.objects.filter(library__province_id="19")
    assert reports.filter(visitors_male__isnull=False).exists() and reports.filter(visitors_male__isnull=True).exists()
    programme = Replication.objects.get(regency_id="19.04", year=2021)
    assert programme.funding_source == "apbd" and programme.libraries.count() == 5
    bangka_tengah = Library.objects.get(level="regency", regency_id="19.04")
    assert list(bangka_tengah.cohorts.values_list("year", flat=True)) == [2018, 2020]
    assert bangka_tengah.cohort_year == 2018 and bangka_tengah.npp
    assert Library.objects.filter(province_id="19", npp__isnull=True).exists()


def test_demo_new_records_load_again_without_duplicates():
    before = (ServiceSnapshot.objects.count(), Replication.objects.count(), Advocacy.objects.count())
    cohorts = Cohort.objects.count()
    call_command("load_demo", verbosity=0)
    assert (ServiceSnapshot.objects.count(), Replication.objects.count(), Advocacy.objects.count()) == before
    assert Cohort.objects.count() == cohorts
