"""Work plans on the dashboards: each area's plans against their actuals (as each plan's own page counts them), the
nation's added up from its provinces' kept figures, a change of a plan or of a record counting its province alone
again, and the section on the page."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity, Replication
from foundation.scope import Place
from reports.dashboards import cache as dashboard_cache
from reports.models import WorkPlan
from reports.plans.actuals import actuals
from reports.plans.totals import PlanTotals, area_totals
from tests.conftest import LIBRARIAN
from tests.scoping import library_at

pytestmark = pytest.mark.django_db

DEMO_RANGE = {"period_from": "2021-06", "period_to": "2021-09"}
MONTH = dt.date(2021, 9, 1)  # the range's last month: the plans of 2021, actuals from January to September
NATION = Place("national", "ID")


@pytest.fixture(autouse=True)
def fresh_cache():
    dashboard_cache.invalidate_all()


def url(scope, code, **query):
    query = {**DEMO_RANGE, **query}
    return (
        reverse("reports:dashboard_detail", args=[scope, code]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())
    )


def plans_on(client, scope, code):
    response = client.get(url(scope, code))
    assert response.status_code == 200
    return response.context["d"].plans


def plan_statements(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "reports_workplan" in q["sql"] and "WITH p AS" in q["sql"]]


def from_each_plans_page(plans) -> dict[str, PlanTotals]:
    """The plans' figures added up from each plan's own actuals (``reports.plans.actuals``, grouped by month)."""
    found = {"library": PlanTotals(), "regency": PlanTotals()}
    for plan in plans:
        lines = [line for line in actuals(plan) if line.target is not None]
        kind = "regency" if plan.is_regency_plan else "library"
        found[kind] += PlanTotals(
            1,
            int(plan.status == "agreed"),
            {line.name: line.target for line in lines},
            {line.name: sum(line.monthly[: MONTH.month]) for line in lines},
        )
    return found


def test_the_demo_area_shows_its_plans_as_each_plans_page_counts_them(client_as):
    bangka = WorkPlan.objects.filter(regency_id="19.01", year=2021)
    assert bangka.filter(library__isnull=True).count() == 1 and bangka.filter(library__isnull=False).count() >= 4
    expected = from_each_plans_page(bangka)
    regency = plans_on(client_as("dispus.bangka"), "regency", "19.01")
    assert (regency.library, regency.regency) == (expected["library"], expected["regency"])
    assert regency.regency.targets["replication_villages"] == 3  # a regency's plan counts replication villages
    province = plans_on(client_as("dkpus.babel"), "province", "19")
    expected = from_each_plans_page(WorkPlan.objects.filter(province_id="19", year=2021))
    assert (province.library, province.regency) == (expected["library"], expected["regency"])
    rebo = library_at("own_village")
    own = plans_on(client_as(LIBRARIAN), "library", str(rebo.pk))
    assert own.library == from_each_plans_page(WorkPlan.objects.filter(library=rebo, year=2021))["library"]
    assert own.library.plans == 1 and own.regency.plans == 0
    nation = plans_on(client_as("konsultan"), "national", "ID")
    assert (nation.library, nation.regency) == (province.library, province.regency)  # only Babel has plans


def test_the_sections_on_the_page(client_as):
    client = client_as("dispus.bangka")
    html = client.get(url("regency", "19.01")).content.decode()
    for testid in ("dashboard-plans", "plans-library", "plans-regency", "plan-line-regency-replication_villages"):
        assert f'data-testid="{testid}"' in html, testid
    assert "Rencana kerja 2021: target dan capaian" in html
    regency = WorkPlan.objects.get(regency_id="19.01", library__isnull=True, year=2021)
    line = re.search(r'data-testid="plan-line-regency-visitors">(.*?)</tr>', html, re.S).group(1)
    cells = [int(re.sub(r"\D", "", cell)) for cell in re.findall(r'<td class="text-end">([^<]*)</td>', line)]
    visitors = from_each_plans_page([regency])["regency"].actuals["visitors"]
    assert cells == [regency.visitors, visitors, 100 * visitors // regency.visitors]
    # The link lists the plans it adds up, in the reader's scope.
    link = re.search(r'href="([^"]+)" data-testid="plans-list"', html).group(1).replace("&amp;", "&")
    listed = client.get(link)
    assert listed.status_code == 200
    listed_html = listed.content.decode()
    assert all(plan.get_absolute_url() in listed_html for plan in WorkPlan.objects.filter(regency_id="19.01"))
    # An area without plans says so.
    html = client_as("dkpus.bali").get(url("province", "51")).content.decode()
    assert 'data-testid="plans-none"' in html and 'data-testid="plans-library"' not in html


def test_the_nation_added_up_from_cached_provinces_equals_a_fresh_count_of_plans(client_as):
    bali = library_at("bali_village")
    WorkPlan.objects.create(library=bali, year=2021, engagement_events=12, visitors=2400, status="agreed")
    client = client_as("konsultan")
    before = plans_on(client, "national", "ID")  # every province's plans are now kept apart
    assert before.library.plans >= 6
    # Changes in Babel: a record of a library with a plan, a new plan, a changed target of the regency's plan.
    rebo = library_at("own_village")
    Activity.objects.create(
        library=rebo, date=dt.date(2021, 7, 3), strategy="community_engagement", title="Kelas", participants=20
    )
    WorkPlan.objects.create(library=library_at("belitung_village"), year=2021, publications=6)
    regency = WorkPlan.objects.get(regency_id="19.01", library__isnull=True, year=2021)
    regency.visitors += 1000
    regency.save()
    with CaptureQueriesContext(connection) as queries:
        kept = plans_on(client, "national", "ID")
    # Only Babel's plans were counted again.
    statements = plan_statements(queries)
    assert len(statements) == 1 and "IN ('19')" in statements[0] and "'51'" not in statements[0]
    assert kept.library.plans == before.library.plans + 1
    assert kept.regency.targets["visitors"] == before.regency.targets["visitors"] + 1000
    assert kept.library.actuals["engagement_participants"] == before.library.actuals["engagement_participants"] + 20
    # The same as the nation counted at once, and as a dashboard computed from nothing.
    fresh = area_totals(NATION, MONTH)
    assert (kept.library, kept.regency) == (fresh.library, fresh.regency)
    dashboard_cache.invalidate_all()
    assert plans_on(client, "national", "ID") == kept


def test_a_plan_moved_or_deleted_leaves_both_provinces_right(client_as):
    client = client_as("konsultan")
    plan = WorkPlan.objects.get(library=library_at("own_village"), year=2021)
    babel_before = plans_on(client, "province", "19")
    bali_before = plans_on(client, "province", "51")
    nation_before = plans_on(client, "national", "ID")
    plan.library = library_at("bali_village")  # a plan given to another library, in another province
    plan.save()
    babel, bali = plans_on(client, "province", "19"), plans_on(client, "province", "51")
    assert (babel.library.plans, bali.library.plans) == (babel_before.library.plans - 1, bali_before.library.plans + 1)
    for place, found in ((Place.of_region(province="19"), babel), (Place.of_region(province="51"), bali)):
        assert found == area_totals(place, MONTH)
    assert plans_on(client, "national", "ID").library.plans == nation_before.library.plans
    WorkPlan.objects.get(pk=plan.pk).delete()
    assert plans_on(client, "province", "51") == area_totals(Place.of_region(province="51"), MONTH)
    assert plans_on(client, "national", "ID").library.plans == nation_before.library.plans - 1


def test_a_replication_programme_counts_for_its_regencys_plan(client_as):
    client = client_as("dispus.bangka")
    before = plans_on(client, "regency", "19.01").regency.actuals["replication_villages"]
    Replication.objects.create(province_id="19", regency_id="19.01", year=2021, villages=2)
    assert plans_on(client, "regency", "19.01").regency.actuals["replication_villages"] == before + 2


def test_a_change_elsewhere_keeps_an_areas_plans(client_as):
    client = client_as("dkpus.babel")
    plans_on(client, "province", "19")
    WorkPlan.objects.create(library=library_at("bali_village"), year=2021, visitors=2000)
    with CaptureQueriesContext(connection) as queries:
        plans_on(client, "province", "19")
    assert plan_statements(queries) == []
