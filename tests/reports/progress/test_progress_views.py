"""Report pages: scoping for every role, drill-down to the records, breadcrumbs, compile and job pages, query counts."""

import datetime as dt
import re
from html import escape, unescape
from urllib.parse import urlsplit

import pytest
from django.urls import resolve, reverse
from django.utils import timezone

from activities.choices import Strategy
from activities.models import SuccessStory
from libraries.models import Commitment, Library, SynergyTeam
from reports.models import CompileJob, ProgressReport
from reports.progress import jobs
from reports.progress.compile import compile_reports
from reports.progress.presenters import ReportPresenter
from tests.conftest import LIBRARIAN
from tests.scoping import ROLES, ScopedViewsCase

from .. import dataset

PERIOD = dt.date(2031, 1, 1)
KEY = "2031-01"


def detail_url(scope, code, period=KEY):
    return reverse("reports:progress_detail", args=[period, scope, code])


class TestLibraryReportScoping(ScopedViewsCase):
    writers = set()

    def make(self, library):
        compile_reports(PERIOD, "library", str(library.pk))
        return ProgressReport.objects.get(period=PERIOD, scope="library", code=str(library.pk))

    def view_urls(self, obj):
        return [
            obj.get_absolute_url(),
            obj.url("progress_records", "all"),
            obj.url("progress_export", "xlsx"),
        ]


class TestCompileJobScoping(ScopedViewsCase):
    writers = set()

    def make(self, library):
        return jobs.new_job(PERIOD, "library", str(library.pk))

    def view_urls(self, obj):
        return [obj.get_absolute_url(), reverse("reports:compile_job_status", args=[obj.pk])]


REGIONAL = {
    ("national", "ID"): {"admin", "konsultan"},
    ("province", "19"): {"admin", "konsultan", "dkpus.babel"},
    ("regency", "19.01"): {"admin", "konsultan", "dkpus.babel", "dispus.bangka"},
    ("regency", "19.02"): {"admin", "konsultan", "dkpus.babel"},
    ("province", "51"): {"admin", "konsultan", "dkpus.bali"},
}


@pytest.fixture
def compiled(db):
    compile_reports(PERIOD)


@pytest.mark.parametrize("role", ROLES)
def test_regional_reports_are_limited_to_scope(compiled, client_as, role):
    client = client_as(role)
    for (scope, code), allowed in REGIONAL.items():
        report = ProgressReport.objects.get(period=PERIOD, scope=scope, code=code)
        expected = 200 if role in allowed else 404
        for url in (report.get_absolute_url(), report.url("progress_records", "missing")):
            assert client.get(url).status_code == expected, (url, role)


@pytest.mark.parametrize("role", ROLES)
def test_pdf_export_is_limited_to_scope(compiled, client_as, role):
    report = ProgressReport.objects.get(period=PERIOD, scope="regency", code="19.01")
    response = client_as(role).get(report.url("progress_export", "pdf"))
    allowed = REGIONAL[("regency", "19.01")]
    assert response.status_code == (200 if role in allowed else 404)
    if role in allowed:
        assert response["Content-Type"] == "application/pdf"
        assert "laporan-perkembangan-regency-19-01-2031-01.pdf" in response["Content-Disposition"]


@pytest.fixture
def babel(db):
    """The known dataset's Bali and NTB plus Babel's demo libraries, compiled for January 2031."""
    Library.objects.update(is_active=True)
    compile_reports(PERIOD)
    return ProgressReport.objects.get(period=PERIOD, scope="province", code="19")


def test_report_page_shows_every_figure_with_a_link_to_its_records(babel, client_as):
    response = client_as("dkpus.babel").get(babel.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    missing_url = babel.url("progress_records", "missing")
    assert f'href="{missing_url}" data-testid="figure-reports_missing">45<' in html
    libraries_url = reverse("libraries:library_list") + "?province=19&amp;is_active=true"
    assert f'href="{libraries_url}" data-testid="figure-libraries">52<' in html
    for key in ("reports_expected", "reports_on_time", "reports_late", "visitors", "kpi-red"):
        assert re.search(rf'href="[^"]+" data-testid="figure-{key}"', html), key
    # every chart has its numbers as a table beside it
    assert html.count("<canvas") == len(re.findall(r'<table class="[^"]*js-chart', html)) == 4
    assert "Kabupaten Belitung Timur" in html  # the regencies table
    assert 'data-testid="table-formula"' in html


def test_following_a_figure_lists_exactly_its_records(babel, client_as):
    client = client_as("dkpus.babel")
    response = client.get(babel.url("progress_records", "missing"))
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == babel.figures["reports_missing"] == 45
    names = {row.name for row in response.context["rows"]}
    assert names == set(Library.objects.filter(province_id="19", level="village").values_list("name", flat=True))
    libraries = client.get(reverse("libraries:library_list"), {"province": "19", "is_active": "true", "per_page": 100})
    assert libraries.context["table"].paginator.count == babel.figures["libraries"]


def test_records_follow_the_snapshot_kinds(db, client_as):
    dataset.build()
    compile_reports(PERIOD)
    report = ProgressReport.objects.get(period=PERIOD, scope="regency", code="51.71")
    client = client_as("admin")

    def names(kind):
        rows = client.get(report.url("progress_records", kind)).context["rows"]
        return sorted(row.name.removeprefix("Perpustakaan Uji ") for row in rows)

    assert names("expected") == ["A", "B", "C"]
    assert names("submitted") == ["A", "B"]
    assert names("on_time") == ["A"]
    assert names("late") == ["B"]
    assert names("missing") == ["C"]
    assert names("received") == ["A", "B", "D"]  # whose visitors are counted: 100 + 50 + 5 = 155
    assert names("green") == ["A"] and names("yellow") == ["B"] and names("red") == ["C"]
    assert names("partners") == ["A", "B", "C"]  # D joins the program next year
    assert names("all") == ["A", "B", "C", "D"]
    assert client.get(report.url("progress_records", "nonsense")).status_code == 404
    mataram = ProgressReport.objects.get(period=PERIOD, scope="regency", code="52.71")
    rows = client.get(mataram.url("progress_records", "unknown")).context["rows"]
    assert [row.name for row in rows] == ["Perpustakaan Uji H"]  # taken in from SIM
    badung = ProgressReport.objects.get(period=PERIOD, scope="regency", code="51.03")
    rows = client.get(badung.url("progress_records", "not_scored")).context["rows"]
    assert [row.name for row in rows] == ["Perpustakaan Uji E"]


def test_library_report_shows_its_kpi_inputs_and_formula(db, client_as):
    libs = dataset.build()
    compile_reports(PERIOD)
    report = ProgressReport.objects.get(period=PERIOD, scope="library", code=str(libs["B"].pk))
    html = client_as("admin").get(report.get_absolute_url()).content.decode()
    assert 'data-testid="kpi-colour">Kuning<' in html
    assert 'data-testid="kpi-score">50,0<' in html
    assert "30,0 / 30" in html  # two engagement events: the month's target
    assert "10,0 / 20" in html  # 20 participants of 40
    assert "10,0 / 10" in html  # visitors reported (the report was late: the KPI does not ask when)
    assert 'data-testid="table-formula"' in html
    e = ProgressReport.objects.get(period=PERIOD, scope="library", code=str(libs["E"].pk))
    html = client_as("admin").get(e.get_absolute_url()).content.decode()
    assert 'data-testid="kpi-colour">Belum dinilai' in html and 'data-testid="kpi-score"' not in html


def test_breadcrumbs_link_only_what_the_user_may_open(babel, client_as):
    library = Library.objects.get(pk=ProgressReport.objects.filter(period=PERIOD, regency_id="19.01", scope="library")
                                  .values_list("library_id", flat=True).first())  # fmt: skip
    report = ProgressReport.objects.get(period=PERIOD, scope="library", code=str(library.pk))
    crumbs = client_as("dispus.bangka").get(report.get_absolute_url()).context["breadcrumbs"]
    assert [name for name, _ in crumbs] == ["Nasional", "Kepulauan Bangka Belitung", "Kabupaten Bangka", library.name]
    assert [url is not None for _, url in crumbs] == [False, False, True, False]
    crumbs = client_as("admin").get(report.get_absolute_url()).context["breadcrumbs"]
    assert [url is not None for _, url in crumbs] == [True, True, True, False]


def test_a_month_not_compiled_offers_to_compile_it(db, client_as):
    response = client_as("dkpus.babel").get(detail_url("province", "19", "2030-03"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="compile-form"' in html and 'value="province:19"' in html and 'value="2030-03"' in html
    response = client_as("dkpus.babel").get(detail_url("regency", "19.02", "2030-03"))
    assert 'value="regency:19.02"' in response.content.decode()
    assert client_as("dkpus.babel").get(detail_url("province", "51", "2030-03")).status_code == 404
    assert client_as("dkpus.babel").get(detail_url("province", "77", "2030-03")).status_code == 404


@pytest.mark.parametrize(
    ("role", "target", "started"),
    [
        ("admin", "national:ID", True),
        ("dkpus.babel", "province:19", True),
        ("dkpus.babel", "regency:19.02", True),
        ("dkpus.babel", "province:51", False),
        ("dkpus.babel", "national:ID", False),
        ("dispus.bangka", "regency:19.01", True),
        ("dispus.bangka", "province:19", False),
        ("dkpus.bali", "regency:19.01", False),
        ("konsultan", "national:ID", True),  # compiling changes no record: consultants may ask for any month
        ("konsultan", "province:51", True),
    ],
)
def test_staff_compile_their_own_scope(db, client_as, django_capture_on_commit_callbacks, role, target, started):
    client = client_as(role)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:compile_start"), {"period": "2020-02", "target": target})
    assert response.status_code == 302
    job = CompileJob.objects.filter(period=dt.date(2020, 2, 1)).first()
    if started:
        assert response["Location"] == job.get_absolute_url()
        job.refresh_from_db()
        assert job.status == "done"  # eager without a broker; with one, a worker does it
        assert (job.scope, job.code) == tuple(target.split(":"))
        assert job.created_by.username == role
    else:
        assert job is None
        messages = [str(m) for m in response.wsgi_request._messages]
        assert any("tidak berwenang" in m for m in messages)


@pytest.mark.parametrize("target", ["national:ID", "library:1"])
def test_librarians_cannot_compile(db, client_as, target):
    response = client_as(LIBRARIAN).post(reverse("reports:compile_start"), {"period": KEY, "target": target})
    assert response.status_code == 403
    assert not CompileJob.objects.exists()


def test_compile_form_refuses_a_bad_month(db, client_as):
    client = client_as("dkpus.babel")
    for period in ["2031-13", "", "bulan lalu", f"{timezone.localdate().year + 1}-01"]:
        data = {"period": period, "target": "province:19", "next": "https://example.com/"}
        response = client.post(reverse("reports:compile_start"), data)
        assert response["Location"] == reverse("reports:progress_index")  # never back to another site
    assert not CompileJob.objects.exists()


def test_job_page_and_status(db, client_as):
    job = jobs.new_job(PERIOD, "province", "19")
    client = client_as("dkpus.babel")
    html = client.get(job.get_absolute_url()).content.decode()
    assert 'data-testid="job-progress"' in html and "js/progress.js" in html
    assert "<script>" not in html  # no inline scripts (CSP)
    status = client.get(reverse("reports:compile_job_status", args=[job.pk])).json()
    assert (status["status"], status["progress"], status["report_url"]) == ("queued", 0, None)
    jobs.run_job(job.pk, exports=False)
    status = client.get(reverse("reports:compile_job_status", args=[job.pk])).json()
    assert (status["status"], status["progress"]) == ("done", 100)
    assert status["report_url"] == detail_url("province", "19")


@pytest.mark.parametrize(
    ("role", "expected"),
    [("admin", 302), ("dkpus.babel", 302), ("dispus.bangka", 302), ("konsultan", 302), ("dkpus.bali", 404),
     (LIBRARIAN, 404)],
)  # fmt: skip
def test_retry_needs_the_right_to_change_the_job(db, client_as, role, expected):
    job = jobs.new_job(PERIOD, "regency", "19.01")
    CompileJob.objects.filter(pk=job.pk).update(status="failed", error="boom")
    response = client_as(role).post(reverse("reports:compile_job_retry", args=[job.pk]))
    assert response.status_code == expected
    job.refresh_from_db()
    assert job.status == ("queued" if expected == 302 else "failed")


def test_index_lists_the_users_reports_and_jobs(babel, client_as):
    response = client_as("dkpus.babel").get(reverse("reports:progress_index"))
    reports = list(response.context["reports"])
    assert {(r.scope, r.code) for r in reports} == {("province", "19")}
    assert "compile-form" in response.content.decode()
    choices = dict(response.context["form"].target_choices)
    assert list(choices) == ["province:19"]
    librarian = client_as(LIBRARIAN).get(reverse("reports:progress_index"))
    assert librarian.context["form"] is None
    assert {r.scope for r in librarian.context["reports"]} == {"library"}


def test_kpi_formula_page(db, client_as):
    html = client_as("konsultan").get(reverse("reports:kpi_formula")).content.decode()
    assert "Rumus KPI" in html or "rumusnya" in html
    assert 'data-testid="table-formula"' in html
    assert reverse("admin:reports_kpithreshold_changelist") not in html
    assert (
        reverse("admin:reports_kpithreshold_changelist")
        in client_as("admin").get(reverse("reports:kpi_formula")).content.decode()
    )


@pytest.mark.parametrize(
    ("name", "args", "limit"),
    [
        ("reports:progress_index", [], 10),
        # a report's page: 10, one more for its area's evidence flags (the data-quality panel) and one for the
        # area's work plans against their actuals
        ("reports:progress_detail", [KEY, "national", "ID"], 12),
        ("reports:progress_detail", [KEY, "province", "19"], 12),
        ("reports:progress_detail", [KEY, "regency", "19.01"], 12),
        ("reports:progress_records", [KEY, "province", "19", "missing"], 10),
        ("reports:kpi_formula", [], 8),
    ],
)
def test_pages_have_a_bounded_query_count(babel, client_as, django_assert_max_num_queries, name, args, limit):
    client = client_as("admin")
    client.get(reverse(name, args=args))  # warm the session
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(name, args=args)).status_code == 200


def test_library_report_and_job_pages_query_count(babel, client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    library = ProgressReport.objects.filter(period=PERIOD, scope="library", province_id="19").first()
    job = jobs.new_job(PERIOD, "province", "19")
    for url in (
        library.get_absolute_url(),
        job.get_absolute_url(),
        reverse("reports:compile_job_status", args=[job.pk]),
    ):
        client.get(url)
        # one more on a report's page: its area's evidence flags (the data-quality panel); one for its work plans
        with django_assert_max_num_queries(12):
            assert client.get(url).status_code == 200


def test_commitments_and_consented_stories_show_on_the_report(db, client_as):
    """The synergy teams' commitments and the month's consented success stories, compiled from their records."""
    Commitment.objects.all().delete()
    team = SynergyTeam.objects.create(name="Tim Sinergi Uji Bangka", level="regency", regency_id="19.01")
    for status, due in [("planned", dt.date(2025, 6, 30)), ("in_progress", None), ("done", None)]:
        Commitment.objects.create(team=team, kind="budget", party="Bappeda", description="Anggaran", status=status,
                                  due_date=due, evidence_link="https://example.org/sk")  # fmt: skip
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    told = SuccessStory.objects.create(library=library, date=dt.date(2031, 1, 12), person_name="Pak Darmawan",
                                       title="Omzet madu naik", story="Dari Rp500.000 menjadi Rp2.000.000 sebulan.",
                                       consent_to_publish=True)  # fmt: skip
    SuccessStory.objects.create(library=library, date=dt.date(2031, 1, 13), person_name="Ibu Sari",
                                title="Belum boleh terbit", story="Tanpa izin.")  # fmt: skip
    compile_reports(PERIOD, "province", "19")
    client = client_as("dispus.bangka")
    html = client.get(detail_url("regency", "19.01")).content.decode()
    table = re.search(r'data-testid="table-commitments">(.*?)</table>', html, re.S).group(1)
    assert re.findall(r'<td class="text-end">(\d+)</td>', table) == ["2", "1", "1"]  # open, done, overdue
    story_url = reverse("activities:successstory_detail", args=[told.pk])
    assert f'<a href="{story_url}" data-testid="highlight-{told.pk}">Omzet madu naik</a>' in html
    assert "Pak Darmawan" in html and "Belum boleh terbit" not in html
    assert client.get(story_url).status_code == 200  # the highlight leads to the story
    library_html = client.get(detail_url("library", str(library.pk))).content.decode()
    assert "Omzet madu naik" in library_html and "table-commitments" not in library_html


FIGURE_LINK = re.compile(r'<a href="([^"]+)" data-testid="(?:figure|stat)-([\w-]+)">([\d.]+)<')
PARTICIPANTS = {
    "participants_male": ["participants_male"],
    "participants_female": ["participants_female"],
    "participants": ["participants"],
}
SERVICES = {"visitors", "visitors_male", "visitors_female", "loans", "new_members", "ict_users"}


def records_behind(client, url: str, key: str) -> int:
    """Follow a figure's link and add up what the linked page lists the way the figure counts it."""
    response = client.get(url)
    assert response.status_code == 200, url
    view = resolve(urlsplit(url).path).view_name
    if view == "activities:activity_list":
        listed = response.context["filter"].qs
        assert response.context["table"].paginator.count == listed.count()
        if key in PARTICIPANTS:
            return sum(sum(v or 0 for v in values) for values in listed.values_list(*PARTICIPANTS[key]))
        if key == "advocacy_amount":
            return sum(amount or 0 for amount in listed.values_list("amount", flat=True))
        return listed.count()
    if view == "activities:replication_list":
        listed = response.context["filter"].qs
        field = {"replication_funds": "funds", "replication_villages": "villages"}[key]
        return sum(listed.values_list(field, flat=True))
    if view == "reports:progress_records":
        page = response.context["page_obj"]
        assert not page.has_other_pages()
        if key in SERVICES:
            return sum(row.figures[key] for row in page.object_list)
        return page.paginator.count
    if view == "libraries:library_list":
        return response.context["table"].paginator.count
    if view == "libraries:library_detail":
        return 1
    raise AssertionError(f"figure {key} links to {view}")


def assert_every_figure_leads_to_its_records(client, report) -> set[str]:
    html = client.get(report.get_absolute_url()).content.decode()
    checked = set()
    for href, key, shown in FIGURE_LINK.findall(html):
        url = unescape(href)
        assert records_behind(client, url, key) == int(shown.replace(".", "")), (key, url)
        checked.add(key)
    strategies = {s.value for s in Strategy}
    assert {"libraries", "activities", "participants", "visitors", "reports_missing", *strategies} <= checked
    # The program's records by field, kind and result, and the advocacy amount, lead to them too.
    breakdowns = {f"{key}-{value}" for key in dataset.BREAKDOWN_KEYS for value in report.figures.get(key, {})}
    assert breakdowns | {"advocacy_amount", "kpi-partners"} <= checked or report.scope == "library"
    for strategy in strategies:  # the strategy links are the activity list filtered by area, month and strategy
        value = report.figures["activities_by_strategy"][strategy]
        assert records_behind(client, ReportPresenter(report).activities_url(strategy), strategy) == value
    return checked


def monthly_reports(client, report, **query) -> list:
    response = client.get(ReportPresenter(report).monthly_reports_url(**query))
    assert response.status_code == 200
    listed = response.context["filter"].qs
    assert response.context["table"].paginator.count == listed.count()
    return list(listed)


def assert_monthly_reports_add_up(client, report) -> None:
    """The monthly-report list of the month holds the reports the figures count, by status and timeliness."""
    html = client.get(report.get_absolute_url()).content.decode()
    assert escape(ReportPresenter(report).monthly_reports_url()) in html
    figures = report.figures
    counted = monthly_reports(client, report, status="submitted") + monthly_reports(client, report, status="verified")
    assert len(counted) == figures["reports_received"]
    for key in SERVICES:  # visitors by sex: the sums of the split where given
        assert sum(getattr(r, key) or 0 for r in counted) == figures[key], key
    # Every report counted here comes from a library expected to report, so timeliness adds up as well.
    assert figures["reports_received"] == figures["reports_submitted"]
    for timeliness, key in [("on_time", "reports_on_time"), ("late", "reports_late")]:
        listed = sum(
            len(monthly_reports(client, report, status=status, timeliness=timeliness))
            for status in ("submitted", "verified")
        )
        assert listed == figures[key], key


@pytest.mark.parametrize(
    ("role", "scope", "code"),
    [("dkpus.babel", "province", "19"), ("dispus.bangka", "regency", "19.01"), (LIBRARIAN, "library", "rebo")],
)
def test_the_demo_august_figures_lead_to_exactly_their_records(db, client_as, role, scope, code):
    """The demo's compiled August 2021 (Babel's activities and monthly reports): every link adds up to its figure."""
    if code == "rebo":
        code = str(Library.objects.get(name="Perpustakaan Desa Rebo").pk)
    report = ProgressReport.objects.get(period=dt.date(2021, 8, 1), scope=scope, code=code)
    assert report.figures["activities"] > 0  # the demo's records
    client = client_as(role)
    assert_every_figure_leads_to_its_records(client, report)
    assert_monthly_reports_add_up(client, report)


def test_figures_of_a_known_month_lead_to_exactly_their_records(db, client_as):
    """Also an inactive library's activities, a provincial library's report and a library not yet expected."""
    dataset.build()
    compile_reports(PERIOD)
    client = client_as("dkpus.bali")
    for scope, code in [("province", "51"), ("regency", "51.71"), ("regency", "51.03")]:
        report = ProgressReport.objects.get(period=PERIOD, scope=scope, code=code)
        assert_every_figure_leads_to_its_records(client, report)
    bali = ProgressReport.objects.get(period=PERIOD, scope="province", code="51")
    counted = monthly_reports(client, bali, status="submitted") + monthly_reports(client, bali, status="verified")
    assert len(counted) == bali.figures["reports_received"] == 4
    assert sum(r.visitors for r in counted) == bali.figures["visitors"] == 655
