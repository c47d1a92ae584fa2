"""Work plans: actuals month by month against the dataset, proposing, agreeing and returning by the level above,
back to proposed after a change, scope for every role, the API, and the library's home."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader
from rest_framework.test import APIClient

from libraries.models import Library
from reports.models import WorkPlan
from reports.plans.actuals import actuals
from tests.conftest import LIBRARIAN
from tests.scoping import STAFF, ScopedViewsCase, library_at

from .. import dataset

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs():
    return dataset.build()


def lines(plan) -> dict:
    return {line.name: line for line in actuals(plan)}


def test_a_librarys_actuals_month_by_month(libs):
    plan = WorkPlan.objects.create(library=libs["A"], year=2031, engagement_events=24, publications=12)
    assert (plan.regency_id, plan.province_id) == ("51.71", "51")  # placed with its library
    found = lines(plan)
    assert found["engagement_events"].monthly[:3] == [1, 1, 0] and found["engagement_events"].total == 2
    assert found["engagement_events"].cumulative[1] == 2
    assert found["engagement_participants"].monthly[:2] == [25, 100]
    assert (found["advocacy_results"].total, found["publications"].total) == (1, 1)
    assert found["visitors"].monthly[0] == 100 and found["visitors"].total == 100
    assert found["service_months"].monthly[:2] == [1, 1]  # two snapshots in January count one month
    assert found["publications"].percent == 8 and found["engagement_participants"].percent is None
    assert "replication_villages" not in found


def test_a_regencys_actuals_add_up_its_libraries_and_replication(libs):
    plan = WorkPlan.objects.create(regency_id="51.71", year=2031, replication_villages=10)
    assert plan.province_id == "51"
    found = lines(plan)
    assert found["engagement_events"].total == 4 and found["engagement_participants"].total == 145
    assert found["visitors"].total == 100 + 50 + 5  # A, B and D; C's report was returned
    assert found["replication_villages"].total == 5 and found["replication_villages"].percent == 50


def post_plan(client, **data):
    return client.post(reverse("reports:workplan_add") + ("?for=regency" if "regency" in data else ""), data)


def test_a_librarian_proposes_the_regency_agrees(db, client_as, user):
    """(``client_as`` logs the one test client in as each user in turn.)"""
    library = library_at("own_village")
    response = post_plan(client_as(LIBRARIAN), year=2026, engagement_events="24", publications="x")
    assert response.status_code == 200 and "publications" in response.context["form"].errors
    assert 'value="24"' in response.content.decode()  # what was typed stays
    data = {"year": 2026, "engagement_events": "24", "publications": "12", "note": "Kelas literasi"}
    response = post_plan(client_as(LIBRARIAN), **data)
    plan = WorkPlan.objects.get(library=library, year=2026)
    assert response.status_code == 302 and plan.status == "proposed" and plan.proposed_by == user(LIBRARIAN)
    librarian = client_as(LIBRARIAN)
    assert librarian.post(reverse("reports:workplan_agree", args=[plan.pk])).status_code == 403
    assert 'data-testid="plan-agree"' not in librarian.get(plan.get_absolute_url()).content.decode()
    regency = client_as("dispus.bangka")
    assert 'data-testid="plan-agree"' in regency.get(plan.get_absolute_url()).content.decode()
    regency.post(reverse("reports:workplan_agree", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "agreed" and plan.agreed_by == user("dispus.bangka")
    # The librarian changes an agreed plan: it goes back to the regency.
    data = {"year": 2026, "engagement_events": "30", "publications": "12", "note": "Lebih banyak kelas"}
    assert client_as(LIBRARIAN).post(reverse("reports:workplan_edit", args=[plan.pk]), data).status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.engagement_events, plan.agreed_by) == ("proposed", 30, None)
    # Returning needs a comment.
    regency = client_as("dispus.bangka")
    response = regency.post(reverse("reports:workplan_return", args=[plan.pk]), {"comment": " "})
    assert response.status_code == 400 and 'data-testid="plan-return"' in response.content.decode()
    regency.post(reverse("reports:workplan_return", args=[plan.pk]), {"comment": "Target pengunjung belum ada"})
    plan.refresh_from_db()
    assert plan.status == "returned" and plan.return_comment == "Target pengunjung belum ada"
    assert "Target pengunjung belum ada" in client_as(LIBRARIAN).get(plan.get_absolute_url()).content.decode()


def test_a_regencys_plan_is_agreed_by_its_province(db, client_as):
    regency = client_as("dispus.bangka")
    assert post_plan(regency, regency="19.01", year=2026, replication_villages="5").status_code == 302
    plan = WorkPlan.objects.get(regency_id="19.01", library__isnull=True, year=2026)
    assert regency.post(reverse("reports:workplan_agree", args=[plan.pk])).status_code == 403
    client_as("dkpus.babel").post(reverse("reports:workplan_agree", args=[plan.pk]))
    plan.refresh_from_db()
    assert plan.status == "agreed"
    # A second plan for the same year is refused with a reason; a librarian has no regency to choose.
    response = post_plan(client_as("dispus.bangka"), regency="19.01", year=2026)
    assert response.status_code == 200 and "year" in response.context["form"].errors
    response = post_plan(client_as(LIBRARIAN), regency="19.01", year=2026)
    assert response.status_code == 200 and "regency" in response.context["form"].errors


def test_a_library_plan_takes_no_replication_villages(db, client_as):
    library = library_at("own_village")
    plan = WorkPlan(library=library, year=2026, replication_villages=3)
    with pytest.raises(Exception, match="replication"):
        plan.full_clean()


class TestWorkPlanScoping(ScopedViewsCase):
    writers = STAFF | {LIBRARIAN}

    def make(self, library):
        return WorkPlan.objects.create(library=library, year=2026, visitors=1200)

    def view_urls(self, obj):
        return [obj.get_absolute_url()]

    def change_urls(self, obj):
        return [reverse("reports:workplan_edit", args=[obj.pk])]

    def list_url(self):
        return reverse("reports:workplan_list")


def api_as(user, name):
    client = APIClient()
    client.force_authenticate(user(name))
    return client


def test_the_api_proposes_agrees_and_gives_actuals(libs, user):
    admin = api_as(user, "admin")
    response = admin.post("/api/v1/work-plans/", {"library": libs["A"].pk, "year": 2026, "publications": 12},
                          format="json")  # fmt: skip
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "proposed" and response.json()["province"] == "51"
    # The dataset's year lies ahead of today: its plan is written directly.
    plan_id = WorkPlan.objects.create(library=libs["A"], year=2031, publications=12).pk
    body = admin.get(f"/api/v1/work-plans/{plan_id}/").json()
    assert body["actuals"]["publications"] == 1 and body["actuals"]["engagement_participants"] == 125
    bali = api_as(user, "dkpus.bali")
    assert bali.post(f"/api/v1/work-plans/{plan_id}/return/", {"comment": ""}, format="json").status_code == 400
    assert bali.post(f"/api/v1/work-plans/{plan_id}/return/", {"comment": "Naikkan target"},
                     format="json").json()["status"] == "returned"  # fmt: skip
    assert bali.post(f"/api/v1/work-plans/{plan_id}/agree/").json()["status"] == "agreed"
    listed = bali.get("/api/v1/work-plans/", {"year": 2031}).json()
    assert [row["id"] for row in listed["results"]] == [plan_id]
    assert api_as(user, "dkpus.babel").get(f"/api/v1/work-plans/{plan_id}/").status_code == 404
    assert api_as(user, "konsultan").post(f"/api/v1/work-plans/{plan_id}/agree/").status_code == 403
    for query in ({"year": "x"}, {"library": "9" * 30}, {"status": "done"}):
        assert bali.get("/api/v1/work-plans/", query).status_code == 400


def test_a_librarians_api_plan_is_proposed_and_they_may_not_agree(db, user):
    library = library_at("own_village")
    client = api_as(user, LIBRARIAN)
    response = client.post("/api/v1/work-plans/", {"library": library.pk, "year": 2026, "visitors": 900},
                           format="json")  # fmt: skip
    assert response.status_code == 201 and response.json()["status"] == "proposed"
    assert client.post(f"/api/v1/work-plans/{response.json()['id']}/agree/").status_code == 403
    other = Library.objects.filter(province_id="51").first()
    response = client.post("/api/v1/work-plans/", {"library": other.pk, "year": 2026}, format="json")
    assert response.status_code == 400 and "library" in response.json()


def test_the_librarians_home_shows_the_plan(demo_db, client_as, django_assert_max_num_queries):
    from django.utils import timezone

    library = library_at("own_village")
    client = client_as(LIBRARIAN)
    html = client.get("/").content.decode()
    assert 'data-testid="task-plan-add"' in html
    WorkPlan.objects.create(library=library, year=timezone.localdate().year, publications=12, visitors=1000)
    with django_assert_max_num_queries(30):
        html = client.get("/").content.decode()
    assert 'data-testid="task-plan-link"' in html and html.count('class="plan-bar') == 2
    assert 'style="' not in html  # the content security policy refuses inline styles


def test_an_areas_plans_in_its_progress_report_and_plm_briefing(libs, client_as):
    from foundation.scope import Place
    from reports.plans.summary import area_plans
    from reports.progress.compile import compile_reports
    from tests.reports.dataset import PERIOD

    WorkPlan.objects.create(library=libs["A"], year=2031, engagement_events=24, visitors=1200, status="agreed")
    WorkPlan.objects.create(library=libs["B"], year=2031, engagement_events=12)
    WorkPlan.objects.create(library=libs["G"], year=2031, engagement_events=24)  # another province
    found = area_plans(Place.of_region(regency="51.71"), PERIOD)
    assert (found["plans"], found["agreed"]) == (2, 1)
    lines = {line["name"]: line for line in found["lines"]}
    # January: A's and B's events (1 and 2), and A's visitors (B set no visitors target)
    assert (lines["engagement_events"]["target"], lines["engagement_events"]["actual"]) == (36, 3)
    assert (lines["visitors"]["target"], lines["visitors"]["actual"]) == (1200, 100)
    assert area_plans(Place.of_region(regency="51.03"), PERIOD) is None
    compile_reports(PERIOD)
    client = client_as("dkpus.bali")
    html = client.get(reverse("reports:progress_detail", args=["2031-01", "regency", "51.71"])).content.decode()
    assert 'data-testid="area-plans"' in html
    html = client.get(reverse("reports:plm_briefing", args=["2031-01", "regency", "51.71"])).content.decode()
    assert 'data-testid="area-plans"' in html
    # The briefing's PDF has the same section: the heading, each indicator's target and actual.
    response = client.get(reverse("reports:plm_briefing_pdf", args=["2031-01", "regency", "51.71"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Rencana kerja 2031: target dan capaian" in text
    assert "2 rencana perpustakaan, 1 di antaranya disepakati" in text
    assert "Kegiatan pelibatan masyarakat 36 3 8%" in text and "Pengunjung 1.200 100 8%" in text


def test_the_demo_has_bangkas_plans_proposed_agreed_and_one_returned(db):
    from django.core.management import call_command

    from activities.models import Activity

    plans = WorkPlan.objects.filter(year=2021).select_related("library", "proposed_by", "agreed_by")
    assert {plan.regency_id for plan in plans} == {"19.01"}
    library_plans = [plan for plan in plans if plan.library_id]
    statuses = sorted(plan.status for plan in library_plans)
    assert statuses.count("returned") == 1 and "agreed" in statuses and "proposed" in statuses
    returned = next(plan for plan in library_plans if plan.status == "returned")
    assert returned.library == library_at("own_village") and returned.return_comment
    for plan in library_plans:
        plan.full_clean()  # within the bounds a form would hold them to
        assert plan.proposed_by.role_assignments.filter(role="librarian", library=plan.library).exists()
        assert Activity.objects.filter(library=plan.library, date__year=2021).exists()  # a library with records
        if plan.status == "agreed":
            assert plan.agreed_by.username == "dispus.bangka"  # the regency's library office
    regency = next(plan for plan in plans if not plan.library_id)
    regency.full_clean()
    assert (regency.status, regency.agreed_by.username, regency.proposed_by.username) == (
        "agreed",
        "dkpus.babel",
        "dispus.bangka",
    )
    before = WorkPlan.objects.count()
    call_command("load_demo", verbosity=0)
    assert WorkPlan.objects.count() == before  # loading the demo again adds nothing
