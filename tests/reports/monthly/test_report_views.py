"""Monthly report pages: scope for every role, the pre-filled form, locking, returning, filters, query counts."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from activities.models import Activity
from reports.choices import ReportAction, ReportStatus
from reports.models import MonthlyReport
from reports.monthly import workflow
from tests.activities.factories import make_activity, make_report
from tests.conftest import LIBRARIAN
from tests.scoping import ScopedViewsCase, library_at

pytestmark = pytest.mark.django_db

STAFF_AND_LIBRARIAN = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka", LIBRARIAN}
VERIFIERS = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka"}


def report_data(**overrides):
    data = {
        "period": "2025-02",
        "visitors": "315",
        "loans": "120",
        "new_members": "7",
        "ict_users": "64",
        "books": "1200",
        "digital_books": "50",
        "activities_service_improvement": "1",
        "activities_community_engagement": "2",
        "activities_advocacy": "0",
        "activities_media_publication": "1",
        "participants_male": "20",
        "participants_female": "31",
        "problems": "Internet putus saat hujan.",
        "next_steps": "Pelatihan lanjutan madu kelulut.",
    }
    return {**data, **overrides}


class TestMonthlyReportScoping(ScopedViewsCase):
    writers = STAFF_AND_LIBRARIAN

    def make(self, library):
        return make_report(library, dt.date(2025, 1, 1))

    def view_urls(self, obj):
        return [reverse("reports:monthlyreport_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("reports:monthlyreport_edit", args=[obj.pk])]

    def list_url(self):
        return reverse("reports:monthlyreport_list")


class TestReturnPageScoping(ScopedViewsCase):
    writers = VERIFIERS

    def make(self, library):
        return make_report(library, dt.date(2025, 1, 1), status=ReportStatus.SUBMITTED)

    def view_urls(self, obj):
        return [reverse("reports:monthlyreport_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("reports:monthlyreport_return", args=[obj.pk])]


def test_new_report_is_prefilled_with_the_months_activities(client_as):
    library = library_at("own_village")
    make_activity(library, date=dt.date(2025, 2, 3), strategy="community_engagement", participants_male=4)
    make_activity(library, date=dt.date(2025, 2, 17), strategy="community_engagement", participants_female=12)
    make_activity(library, date=dt.date(2025, 2, 20), strategy="advocacy", participants_male=2, participants_female=1)
    make_activity(library, date=dt.date(2025, 3, 1), strategy="advocacy")  # next month: not counted
    make_report(library, dt.date(2025, 1, 1), books=1111, digital_books=22)

    response = client_as(LIBRARIAN).get(reverse("reports:monthlyreport_add"), {"period": "2025-02"})
    initial = response.context["form"].initial
    assert initial["activities_community_engagement"] == 2
    assert initial["activities_advocacy"] == 1
    assert initial["activities_media_publication"] == 0
    assert initial["participants_male"] == 4 + 3 + 2
    assert initial["participants_female"] == 7 + 12 + 1
    assert (initial["books"], initial["digital_books"]) == (1111, 22)  # carried over from January
    assert 'value="2025-02"' in response.content.decode()


def test_librarian_saves_and_submits_in_one_step(client_as):
    client = client_as(LIBRARIAN)
    response = client.post(reverse("reports:monthlyreport_add"), report_data(submit_report="1"))
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=dt.date(2025, 2, 1))
    assert response.status_code == 302
    assert report.status == ReportStatus.SUBMITTED
    assert report.visitors == 315
    assert list(report.events.values_list("action", flat=True)) == [ReportAction.CREATED, ReportAction.SUBMITTED]


def test_draft_then_submit_button(client_as):
    client = client_as(LIBRARIAN)
    client.post(reverse("reports:monthlyreport_add"), report_data(save_draft="1"))
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=dt.date(2025, 2, 1))
    assert report.status == ReportStatus.DRAFT
    client.post(reverse("reports:monthlyreport_submit", args=[report.pk]))
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_second_report_for_the_same_month_is_refused_with_a_link(client_as):
    client = client_as(LIBRARIAN)
    existing = make_report(library_at("own_village"), dt.date(2025, 2, 1))
    response = client.post(reverse("reports:monthlyreport_add"), report_data())
    assert response.status_code == 200
    assert existing.get_absolute_url() in response.content.decode()
    assert MonthlyReport.objects.filter(library=library_at("own_village"), period=dt.date(2025, 2, 1)).count() == 1
    # opening the form for that month goes to the existing report
    response = client.get(reverse("reports:monthlyreport_add"), {"period": "2025-02"})
    assert response.status_code == 302
    assert response["Location"] == existing.get_absolute_url()


def test_a_repeated_create_returns_the_first_report(client_as):
    client = client_as(LIBRARIAN)
    data = report_data(submit_report="1", client_token=str(uuid.uuid4()))
    first = client.post(reverse("reports:monthlyreport_add"), data, HTTP_ACCEPT="application/json")
    assert first.json()["ok"] is True
    again = client.post(reverse("reports:monthlyreport_add"), data, HTTP_ACCEPT="application/json")
    assert again.json() == first.json()
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=dt.date(2025, 2, 1))
    assert report.status == ReportStatus.SUBMITTED
    assert report.events.count() == 2  # created, submitted: nothing twice

    # another form (another token) for the same month is refused, pointing to the report
    other = client.post(
        reverse("reports:monthlyreport_add"),
        {**data, "client_token": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )
    assert other.status_code == 400
    assert other.json()["existing_url"] == report.get_absolute_url()
    assert "<a" not in other.json()["errors"]["__all__"][0]["message"]


def test_future_months_cannot_be_reported(client_as):
    next_year = f"{dt.date.today().year + 1}-01"
    response = client_as(LIBRARIAN).post(reverse("reports:monthlyreport_add"), report_data(period=next_year))
    assert "period" in response.context["form"].errors


def test_librarian_cannot_edit_a_submitted_or_verified_report(client_as, user):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    client = client_as(LIBRARIAN)
    url = reverse("reports:monthlyreport_edit", args=[report.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, report_data(period="2025-01", visitors="9999")).status_code == 403
    workflow.verify(report, user("dispus.bangka"))
    assert client.post(url, report_data(period="2025-01", visitors="9999")).status_code == 403
    report.refresh_from_db()
    assert report.visitors == 120
    detail = client.get(report.get_absolute_url()).content.decode()
    assert url not in detail


def test_librarian_corrects_a_returned_report(client_as, user):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    workflow.return_report(report, user("dispus.bangka"), "Pengunjung terlalu sedikit?")
    client = client_as(LIBRARIAN)
    page = client.get(reverse("reports:monthlyreport_edit", args=[report.pk]))
    assert "Pengunjung terlalu sedikit?" in page.content.decode()
    response = client.post(
        reverse("reports:monthlyreport_edit", args=[report.pk]), report_data(period="2025-01", submit_report="1")
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.visitors) == (ReportStatus.SUBMITTED, 315)
    assert report.events.last().action == ReportAction.RESUBMITTED


def test_return_without_comment_is_refused_and_nothing_changes(client_as, user):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    client = client_as("dispus.bangka")
    response = client.post(reverse("reports:monthlyreport_return", args=[report.pk]), {"comment": ""})
    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    response = client.post(reverse("reports:monthlyreport_return", args=[report.pk]), {"comment": "Cek buku tamu."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.return_comment) == (ReportStatus.RETURNED, "Cek buku tamu.")


@pytest.mark.parametrize(
    ("username", "expected"),
    [("dispus.bangka", 302), ("dkpus.babel", 302), (LIBRARIAN, 403), ("konsultan", 403), ("dkpus.bali", 404)],
)
def test_who_may_verify_through_the_page(client_as, user, username, expected):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    response = client_as(username).post(reverse("reports:monthlyreport_verify", args=[report.pk]))
    assert response.status_code == expected
    report.refresh_from_db()
    assert report.status == (ReportStatus.VERIFIED if expected == 302 else ReportStatus.SUBMITTED)


def test_verifying_a_draft_explains_why_not(client_as):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    response = client_as("dispus.bangka").post(reverse("reports:monthlyreport_verify", args=[report.pk]), follow=True)
    assert MonthlyReport.objects.get(pk=report.pk).status == ReportStatus.DRAFT
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_submit_is_post_only(client_as):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    assert client_as(LIBRARIAN).get(reverse("reports:monthlyreport_submit", args=[report.pk])).status_code == 405


def test_detail_shows_history_and_recorded_activities(client_as, user, django_assert_max_num_queries):
    library = library_at("own_village")
    make_activity(library, date=dt.date(2025, 1, 9), strategy="advocacy")
    report = make_report(library, dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    workflow.return_report(report, user("dispus.bangka"), "Tolong lengkapi kendala.")
    client = client_as("dkpus.babel")
    with django_assert_max_num_queries(8):
        response = client.get(report.get_absolute_url())
    assert response.context["recorded"]["activities_advocacy"] == 1
    content = response.content.decode()
    assert "Tolong lengkapi kendala." in content
    assert [e.action for e in response.context["events"]] == [ReportAction.SUBMITTED, ReportAction.RETURNED]


def test_list_filters_by_status_period_and_timeliness(client_as):
    client = client_as("dkpus.babel")
    url = reverse("reports:monthlyreport_list")
    august = MonthlyReport.objects.filter(library__province_id="19", period=dt.date(2021, 8, 1))

    response = client.get(url, {"period": "2021-08", "status": "returned", "per_page": 100})
    shown = {row.record.pk for row in response.context["table"].paginated_rows}
    assert shown == set(august.filter(status="returned").values_list("pk", flat=True))
    assert shown

    for value in ("on_time", "late"):
        response = client.get(url, {"period": "2021-08", "timeliness": value, "per_page": 100})
        shown = {row.record.pk for row in response.context["table"].paginated_rows}
        assert shown == {r.pk for r in august.submitted() if r.on_time == (value == "on_time")}
        assert shown

    response = client.get(url, {"timeliness": "late", "per_page": 500})
    assert all(row.record.on_time is False for row in response.context["table"].paginated_rows)


def test_list_shows_missing_reports_for_a_month(client_as):
    response = client_as("dispus.bangka").get(reverse("reports:monthlyreport_list"), {"period": "2021-08"})
    outstanding = response.context["outstanding"]
    reported = set(
        MonthlyReport.objects.filter(period=dt.date(2021, 8, 1), library__regency_id="19.01")
        .exclude(status__in=["draft", "returned"])
        .values_list("library_id", flat=True)
    )
    assert {library.regency_id for library in outstanding} == {"19.01"}
    assert {library.pk for library in outstanding}.isdisjoint(reported)
    assert len(outstanding) + len(reported) == 11  # Bangka's village libraries


def test_list_library_filter(client_as):
    library = library_at("own_village")
    response = client_as("dkpus.babel").get(reverse("reports:monthlyreport_list"), {"library": library.pk})
    assert {row.record.library_id for row in response.context["table"].paginated_rows} == {library.pk}


@pytest.mark.parametrize("username", ["admin", "dkpus.babel", "dispus.bangka", LIBRARIAN])
def test_list_query_count(client_as, username, django_assert_max_num_queries):
    client = client_as(username)
    with django_assert_max_num_queries(11):
        response = client.get(reverse("reports:monthlyreport_list"), {"per_page": 100, "period": "2021-08"})
    assert response.status_code == 200
    with django_assert_max_num_queries(11):
        response = client.get(reverse("reports:monthlyreport_list"), {"timeliness": "late"})
    assert response.status_code == 200


def test_return_page_query_count(client_as, user, django_assert_max_num_queries):
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    workflow.submit(report, user(LIBRARIAN))
    client = client_as("dispus.bangka")
    with django_assert_max_num_queries(6):
        assert client.get(reverse("reports:monthlyreport_return", args=[report.pk])).status_code == 200


def test_form_query_counts(client_as, django_assert_max_num_queries):
    client = client_as(LIBRARIAN)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("reports:monthlyreport_add"), {"period": "2025-02"}).status_code == 200
    report = make_report(library_at("own_village"), dt.date(2025, 1, 1))
    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:monthlyreport_edit", args=[report.pk])).status_code == 200


def test_activity_count_is_aggregated_in_one_query(django_assert_num_queries):
    library = library_at("own_village")
    with django_assert_num_queries(1):
        counts = Activity.objects.filter(library=library).in_month(dt.date(2021, 8, 1)).month_counts()
    assert sum(v for k, v in counts.items() if k.startswith("activities_")) == (
        Activity.objects.filter(library=library, date__year=2021, date__month=8).count()
    )


def test_outstanding_libraries_are_counted_in_full_and_listed_in_part(client_as, monkeypatch):
    from reports.monthly import views

    client = client_as("dkpus.babel")
    response = client.get(reverse("reports:monthlyreport_list"), {"period": "2021-08"})
    total = response.context["outstanding_total"]
    assert total == len(response.context["outstanding"]) > 3
    monkeypatch.setattr(views, "OUTSTANDING_LISTED", 3)
    response = client.get(reverse("reports:monthlyreport_list"), {"period": "2021-08"})
    assert len(response.context["outstanding"]) == 3
    assert response.context["outstanding_total"] == total
    html = response.content.decode()
    assert f": {total}</summary>" in html and 'data-testid="outstanding-more"' in html


def test_a_months_reports_are_listed_in_the_libraries_order_unless_sorted(client_as):
    client = client_as("dkpus.babel")
    url = reverse("reports:monthlyreport_list")
    rows = [row.record for row in client.get(url, {"period": "2021-08"}).context["table"].paginated_rows]
    keys = [(r.library.province_id, r.library.regency_id or "", r.library.name, r.library_id) for r in rows]
    assert len(rows) > 5 and keys == sorted(keys)
    by_visitors = client.get(url, {"period": "2021-08", "sort": "-visitors"}).context["table"].paginated_rows
    visitors = [row.record.visitors for row in by_visitors]
    assert visitors == sorted(visitors, reverse=True)


def test_the_list_reads_everything_entered_or_verified_only(client_as, user):
    library = library_at("own_village")
    reports = [make_report(library, dt.date(2025, month, 1)) for month in (1, 2, 3)]
    for report in reports[:2]:
        workflow.submit(report, user(LIBRARIAN))
    workflow.verify(reports[0], user("dispus.bangka"))
    client = client_as("dispus.bangka")
    url = reverse("reports:monthlyreport_list")
    entered = client.get(url, {"library": library.pk, "period": "2025-01"})
    assert entered.context["reading"].entered == 1 and entered.context["reading"].verified == 1
    every = client.get(url, {"library": library.pk})
    assert {r.pk for r in reports} <= {row.record.pk for row in every.context["table"].paginated_rows}
    only = client.get(url, {"library": library.pk, "verified": "1"})
    rows = {row.record.pk for row in only.context["table"].paginated_rows}
    assert reports[0].pk in rows and not {reports[1].pk, reports[2].pk} & rows
    assert only.context["reading"].verified_only
    assert 'data-testid="reading-share"' in only.content.decode()


def test_visitors_by_sex_are_optional_and_must_add_up(client_as):
    client = client_as(LIBRARIAN)
    url = reverse("reports:monthlyreport_add")
    response = client.post(url, report_data(visitors_male="150", visitors_female="100"))
    assert response.status_code == 200 and response.context["form"].errors
    content = response.content.decode()
    assert 'value="150"' in content and 'value="100"' in content  # kept as typed
    assert client.post(url, report_data(visitors="0", visitors_male="150", visitors_female="165")).status_code == 302
    report = MonthlyReport.objects.get(library=library_at("own_village"), period=dt.date(2025, 2, 1))
    assert (report.visitors, report.visitors_male, report.visitors_female) == (315, 150, 165)
    assert report.verification == "unverified"
