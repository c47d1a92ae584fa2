"""A village librarian's home page: the report due now, this month's activities, reports returned for correction."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from foundation.months import previous_month
from libraries.models import Library
from reports.deadlines import deadline_for
from tests.activities.factories import make_activity, make_report
from tests.conftest import LIBRARIAN


def own_library(user):
    return Library.objects.get(pk=user(LIBRARIAN).role_assignments.get().library_id)


def this_month():
    return timezone.localdate().replace(day=1)


def test_a_librarian_sees_what_is_due_not_library_counts(client_as, user):
    library = own_library(user)
    month = this_month()
    before = library.activities.filter(date__gte=month).count()
    make_activity(library, date=month)
    make_activity(library, date=timezone.localdate())
    make_activity(library, date=previous_month(month))  # last month's: not counted
    make_report(library, period=dt.date(2020, 3, 1), status="returned")
    response = client_as(LIBRARIAN).get(reverse("home"))
    assert response.status_code == 200
    [task] = response.context["month_tasks"]
    assert task.library == library
    assert task.period == previous_month(month)
    assert task.deadline == deadline_for(previous_month(month))
    assert task.activities == before + 2
    assert task.returned == library.monthly_reports.filter(status="returned").count() >= 1
    assert "counts" not in response.context  # no "libraries in your scope" for one library
    html = response.content.decode()
    assert 'data-testid="month-tasks"' in html
    assert "Belum dimulai" in html  # no report yet for the month that just ended (Indonesian first)
    add = f"{reverse('reports:monthlyreport_add')}?library={library.pk}&amp;period={previous_month(month):%Y-%m}"
    assert add in html
    assert f"{reverse('reports:monthlyreport_list')}?library={library.pk}&amp;status=returned" in html


def test_the_due_report_shows_its_state_and_links_to_it(client_as, user):
    library = own_library(user)
    report = make_report(library, period=previous_month(this_month()), status="submitted")
    report.submitted_at = timezone.now()
    report.save()
    response = client_as(LIBRARIAN).get(reverse("home"))
    [task] = response.context["month_tasks"]
    assert (task.report_id, task.report_status, task.report_done, task.overdue) == (report.pk, "submitted", True, False)
    html = response.content.decode()
    assert reverse("reports:monthlyreport_detail", args=[report.pk]) in html
    assert "Lihat laporan" in html


def test_links_from_the_tasks_open_the_right_forms(client_as, user):
    library = own_library(user)
    client = client_as(LIBRARIAN)
    [task] = client.get(reverse("home")).context["month_tasks"]
    form = client.get(task.report_url).context["form"]
    assert (form.initial["library"], form.initial["period"]) == (library.pk, task.period)
    assert client.get(task.activity_url).status_code == 200
    returned = client.get(task.returned_url)
    assert returned.status_code == 200
    assert all(row.record.status == "returned" for row in returned.context["table"].paginated_rows)


def test_staff_land_on_their_queue_and_consultants_keep_the_library_counts(client_as):
    response = client_as("dkpus.babel").get(reverse("home"))
    assert response.templates[0].name == "reports/queue/queue.html"
    assert 'data-testid="month-tasks"' not in response.content.decode()
    response = client_as("konsultan").get(reverse("home"))
    assert response.context["month_tasks"] == []
    assert response.context["counts"]["village"] == Library.objects.filter(level="village").count()
    assert 'data-testid="month-tasks"' not in response.content.decode()


def test_a_staff_activity_form_takes_the_library_from_the_address(client_as):
    client = client_as("dkpus.babel")
    babel = Library.objects.filter(province_id="19", level="village").order_by("pk").last()
    bali = Library.objects.filter(province_id="51").first()
    url = reverse("activities:activity_add")
    assert client.get(f"{url}?library={babel.pk}").context["form"]["library"].value() == babel.pk
    assert client.get(f"{url}?library={bali.pk}").context["form"]["library"].value() is None


def test_librarian_home_query_count(client_as, django_assert_max_num_queries, user):
    client = client_as(LIBRARIAN)
    client.get(reverse("home"))
    # session, user, roles, the library, its month (one statement), what came back (one union), unread notices;
    # the KPI coach (the thresholds, the year's score: one statement), the year's work plan (and its actuals)
    with django_assert_max_num_queries(11):
        assert client.get(reverse("home")).status_code == 200
    make_activity(own_library(user), date=this_month())
    with django_assert_max_num_queries(11):
        assert client.get(reverse("home")).status_code == 200
