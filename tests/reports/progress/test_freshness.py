"""A compiled report says when its records changed after the compilation, and offers to compile it again."""

import datetime as dt

import pytest
from django.urls import reverse

from libraries.models import Commitment
from reports.models import ProgressReport
from reports.progress import jobs
from reports.progress.freshness import changed_since_compiled
from tests.activities.factories import make_activity, make_report
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

PERIOD = dt.date(2019, 3, 1)  # before the demo data: nothing else happened in it
KEY = "2019-03"
SCOPES = [("national", "ID"), ("province", "19"), ("regency", "19.01"), ("regency", "19.02"), ("province", "51")]


def compile_month(scope="national", code=None):
    """A finished compile job, as the compile button or the monthly beat job leaves it."""
    job = jobs.new_job(PERIOD, scope, code)
    assert jobs.run_job(job.pk, exports=False).status == "done"
    return job


def report(scope, code) -> ProgressReport:
    return ProgressReport.objects.get(period=PERIOD, scope=scope, code=code)


def stale() -> set[tuple[str, str]]:
    return {(scope, code) for scope, code in SCOPES if changed_since_compiled(report(scope, code))}


@pytest.fixture
def compiled(db):
    compile_month()


def test_a_report_just_compiled_is_up_to_date(compiled, client_as):
    assert stale() == set()
    page = client_as("dkpus.babel").get(report("province", "19").get_absolute_url()).content.decode()
    assert 'data-testid="report-fresh"' in page and 'data-testid="report-stale"' not in page


def test_a_new_activity_of_the_month_marks_the_reports_of_its_places(compiled):
    activity = make_activity(library_at("own_village"), date=dt.date(2019, 3, 9))
    assert stale() == {("national", "ID"), ("province", "19"), ("regency", "19.01")}
    own = report("library", str(activity.library_id))
    changed = changed_since_compiled(own)
    assert changed == activity.history.latest().history_date
    assert changed > own.compiled_at


def test_other_months_and_places_are_left_alone(compiled):
    make_activity(library_at("own_village"), date=dt.date(2019, 2, 27))  # the month before
    make_report(library_at("belitung_village"), period=dt.date(2019, 4, 1))  # the month after
    assert stale() == set()


def test_a_deletion_counts_too(db):
    activity = make_activity(library_at("belitung_village"), date=dt.date(2019, 3, 2))
    compile_month()
    activity.delete()
    assert stale() == {("national", "ID"), ("province", "19"), ("regency", "19.02")}


def test_a_monthly_report_returned_or_a_library_leaving_marks_them(compiled):
    make_report(library_at("bali_village"), period=PERIOD)
    assert stale() == {("national", "ID"), ("province", "51")}
    compile_month()
    bangka = library_at("own_village")
    bangka.is_active = False
    bangka.save()
    assert stale() == {("national", "ID"), ("province", "19"), ("regency", "19.01")}


def test_a_commitment_marks_the_regional_reports_only(compiled):
    commitment = Commitment.objects.filter(team__province_id="19", team__regency__isnull=True).first()
    commitment.notes = "Ditindaklanjuti"
    commitment.save()
    assert stale() == {("national", "ID"), ("province", "19")}
    library = report("library", str(library_at("own_village").pk))
    assert changed_since_compiled(library) is None


def test_compiling_again_settles_it_even_when_no_figure_moved(compiled):
    """A recompilation keeps unchanged reports as they were (their old time): the job's start settles them."""
    activity = make_activity(library_at("own_village"), date=dt.date(2019, 3, 9), description="Draf")
    compile_month("province", "19")
    activity.description = "Sebuah keterangan tidak mengubah angka apa pun"
    activity.save()
    before = report("regency", "19.01").compiled_at
    assert stale() == {("national", "ID"), ("province", "19"), ("regency", "19.01")}
    compile_month("province", "19")
    assert report("regency", "19.01").compiled_at == before  # nothing in it moved: not rewritten
    assert stale() == {("national", "ID")}  # the one the province's job did not cover


def test_it_costs_one_query(compiled, django_assert_num_queries):
    make_activity(library_at("own_village"), date=dt.date(2019, 3, 9))
    national = report("national", "ID")
    with django_assert_num_queries(1):
        assert changed_since_compiled(national) is not None


@pytest.mark.parametrize(
    ("role", "button"), [("dkpus.babel", True), ("dispus.bangka", True), ("konsultan", True), (LIBRARIAN, False)]
)
def test_the_page_says_so_and_offers_a_recompile_to_those_who_may(
    compiled, client_as, django_capture_on_commit_callbacks, role, button
):
    library = library_at("own_village")
    make_activity(library, date=dt.date(2019, 3, 9))
    url = report("library", str(library.pk)).get_absolute_url()
    page = client_as(role).get(url).content.decode()
    assert 'data-testid="report-stale"' in page
    assert ('data-testid="recompile"' in page) == button
    if button:
        with django_capture_on_commit_callbacks(execute=True):  # the job is sent (and run, eagerly) on commit
            response = client_as(role).post(
                reverse("reports:compile_start"), {"period": KEY, "target": f"library:{library.pk}", "next": url}
            )
        assert response.status_code == 302
        assert client_as(role).get(url).context["changed_at"] is None
