"""Demo data from the public record: Kayong Utara's pandan weaving, and Babel's months of activities and reports."""

import datetime as dt

import pytest
from django.core.management import call_command

from activities.models import Activity, SuccessStory
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
