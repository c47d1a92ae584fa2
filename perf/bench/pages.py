"""Every main page's time and queries, for the users of each role and area (``Page``: name, URL, user)."""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

from .basics import Cast, Options, log, ms, p95, timed


@dataclass
class Page:
    name: str
    url_name: str
    user: str
    args: tuple = ()
    query: dict = field(default_factory=dict)
    post: Callable[[], dict] | None = None
    before: Callable[[], None] | None = None
    ok: tuple = (200,)


def pages(cast: Cast) -> list[Page]:
    from django.core.cache import cache

    from activities.models import Activity
    from foundation.months import add_months
    from reports.models.progress import NATIONAL_CODE

    month = f"{cast.period:%Y-%m}"

    def new_activity():
        return {
            "client_token": str(uuid.uuid4()),
            "library": cast.library,
            "date": cast.period.isoformat(),
            "strategy": "community_engagement",
            "title": "Pelatihan menganyam pandan",
            "skill_area": "kerajinan pandan",
            "target_group": "women",
            "participants_male": "3",
            "participants_female": "17",
        }

    def librarian_records_an_activity():
        """A change in every measured area, as the portal makes it (signals invalidate what it touches)."""
        activity = Activity.objects.filter(library_id=cast.library).order_by("-date", "-pk").first()
        activity.participants += 1
        if activity.participants_female is not None:
            activity.participants_female += 1
        activity.save()

    dashboards = [
        ("national", NATIONAL_CODE, "national"),
        ("province", cast.province, "province"),
        ("regency", cast.regency, "regency"),
    ]
    result = []
    for scope, code, user in dashboards:
        args = (scope, code)
        result.append(Page(f"dashboard_{scope}", "reports:dashboard_detail", user, args))
        result.append(
            Page(f"dashboard_{scope}_after_change", "reports:dashboard_detail", user, args,
                 before=librarian_records_an_activity)
        )  # fmt: skip
        result.append(Page(f"dashboard_{scope}_uncached", "reports:dashboard_detail", user, args, before=cache.clear))
    # The partners' KPI: the nation for the last quarter, a province and a regency for the year so far.
    quarter = {"period_from": f"{add_months(cast.period, -2):%Y-%m}", "period_to": month}
    year = {"period_from": f"{cast.period:%Y}-01", "period_to": month}
    result += [
        Page("kpi_national_quarter", "reports:kpi_detail", "national", ("national", NATIONAL_CODE), query=quarter),
        Page(
            "kpi_national_quarter_after_change",
            "reports:kpi_detail",
            "national",
            ("national", NATIONAL_CODE),
            query=quarter,
            before=librarian_records_an_activity,
        ),
        Page("kpi_province_year", "reports:kpi_detail", "province", ("province", cast.province), query=year),
        Page("kpi_regency_year", "reports:kpi_detail", "regency", ("regency", cast.regency), query=year),
    ]
    # The IPLM contribution of last year: the nation's and a province's regencies, a regency's libraries.
    last_year = {"year": str(cast.period.year - 1)}
    result += [
        Page("iplm_national", "reports:iplm_detail", "national", ("national", NATIONAL_CODE), query=last_year),
        Page("iplm_province", "reports:iplm_detail", "province", ("province", cast.province), query=last_year),
        Page("iplm_regency", "reports:iplm_detail", "regency", ("regency", cast.regency), query=last_year),
        Page("at_risk_province", "reports:kpi_at_risk", "province", ("province", cast.province)),
        Page("at_risk_regency", "reports:kpi_at_risk", "regency", ("regency", cast.regency)),
    ]
    return [
        *result,
        Page("library_list", "libraries:library_list", "national"),
        Page("activity_list", "activities:activity_list", "national"),
        Page("activity_list_province_month", "activities:activity_list", "province", query={"period": month}),
        Page("activity_create", "activities:activity_add", "librarian", post=new_activity, ok=(302,)),
        Page("monthly_report", "reports:monthlyreport_detail", "regency", (cast.report_id,)),
        Page("monthly_report_list_month", "reports:monthlyreport_list", "national", query={"period": month}),
        Page("progress_national", "reports:progress_detail", "national", (month, "national", NATIONAL_CODE)),
        Page("progress_province", "reports:progress_detail", "province", (month, "province", cast.province)),
        Page("progress_regency", "reports:progress_detail", "regency", (month, "regency", cast.regency)),
        Page("trivial", "bench_trivial", "national"),
    ]


def page_figures(options: Options, cast: Cast) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import NoReverseMatch, reverse

    results = {}
    clients = {}
    for name, user in cast.users.items():
        clients[name] = Client(HTTP_HOST="127.0.0.1")
        clients[name].force_login(user)
    for page in pages(cast):
        if options.pages and page.name != "trivial" and not page.name.startswith(options.pages):
            continue
        try:
            url = reverse(page.url_name, args=page.args)
        except NoReverseMatch:
            results[page.name] = {"missing": True, "url_name": page.url_name}
            continue
        client = clients[page.user]

        # What ``before`` does (a librarian's change, an emptied cache) happens between requests: it is neither
        # timed nor counted; the page's own request is.
        def call(page=page, url=url, client=client):
            if page.post:
                return client.post(url, page.post())
            return client.get(url, page.query)

        for _ in range(options.warmup):
            if page.before:
                page.before()
            call()
        if page.before:
            page.before()
        with CaptureQueriesContext(connection) as queries:
            response = call()
        count = len(queries)
        if response.status_code not in page.ok:
            raise RuntimeError(f"{page.name}: {url} answered {response.status_code}")
        times = timed(call, options.repeats, setup=page.before)
        results[page.name] = {
            "url": url + ("?" + "&".join(f"{k}={v}" for k, v in page.query.items()) if page.query else ""),
            "user": page.user,
            "method": "POST" if page.post else "GET",
            "status": response.status_code,
            "queries": count,
            "median_ms": ms(statistics.median(times)),
            "p95_ms": ms(p95(times)),
            "bytes": len(response.content),
        }
        log(f"{page.name}: {results[page.name]['median_ms']} ms, {count} queries")
    return results


def evidence_check_figures(options: Options, cast: Cast) -> dict:
    """What the worker does after a librarian's save (``evidence.tasks.check_records``): the saved activity
    checked with its library's records, its photos compared with the country's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from activities.models import Activity
    from evidence import refresh

    pk = Activity.objects.filter(library_id=cast.library).order_by("-date", "-pk").values_list("pk", flat=True)[0]

    def check():
        refresh.activities(pks=[pk])

    check()
    with CaptureQueriesContext(connection) as queries:
        check()
    times = timed(check, options.repeats)
    result = {
        "queries": len(queries),
        "median_ms": ms(statistics.median(times)),
        "p95_ms": ms(p95(times)),
    }
    log(f"evidence check of one saved activity: {result['median_ms']} ms, {result['queries']} queries")
    return result
