"""Dashboard pages: the user's landing dashboard, one area's dashboard, the libraries behind a figure, map, Excel."""

from __future__ import annotations

import gzip

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from evidence import quality as evidence_quality
from foundation.months import previous_month
from foundation.scope import VIEW, scope_for
from reports.deadlines import last_overdue_period
from reports.models.kpi import KpiColour
from reports.models.progress import ReportScope

from . import cache
from . import figures as dashboards
from . import sql as dashboard_sql
from .export import render_dashboard_xlsx
from .figures import Filters, Place, find_place
from .forms import DashboardFilterForm, RecordsForm
from .labels import RECORD_LABELS, STATE_LABELS
from .links import with_query
from .presenter import DashboardPage

RECORDS_PAGE_SIZE = 100
#: No area has this many pages of libraries; a larger page number is read as the last page.
MAX_PAGE = 10_000


def page_number_from(raw: str | None) -> int:
    """A page number from the query string: digits only, 1 to ``MAX_PAGE`` (anything else: the first page)."""
    if not raw or not raw.isascii() or not raw.isdigit():
        return 1
    return min(max(1, int(raw[:6])), MAX_PAGE)


def _place_or_404(request, scope: str, code: str) -> Place:
    place = find_place(scope, code)
    if place is None or not scope_for(request.user).area(VIEW).covers(place):
        raise Http404
    return place


def dashboard_home(request):
    """The user's dashboard: the nation, their province, regency/city or library; a choice when they have several."""
    place, choices = dashboards.home_place(request.user)
    if place is not None:
        return redirect("reports:dashboard_detail", place.scope, place.code)
    if not choices:
        raise Http404
    links = [(name, reverse("reports:dashboard_detail", args=[scope, code])) for scope, code, name in choices]
    return render(request, "reports/dashboards/choose.html", {"links": links})


def _filters(request, place: Place) -> tuple[DashboardFilterForm, Filters | None]:
    form = DashboardFilterForm(request.GET, place=place)
    return form, form.filters() if form.is_valid() else None


def dashboard_detail(request, scope, code):
    place = _place_or_404(request, scope, code)
    # A user's page is kept whole, compressed, until their area's records change: rendering it costs ten times
    # serving it, and the compressed page is a tenth of the HTML (browsers all accept gzip).
    page_key = cache.page_key(request, place)
    accepts_gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    compressed = cache.get_many([page_key]).get(page_key) if page_key else None
    if compressed is None:
        response = _render_dashboard(request, place)
        if page_key and response.status_code == 200:
            compressed = gzip.compress(response.content, compresslevel=6)
            cache.set_many({page_key: compressed}, settings.TPBIS_DASHBOARD_CACHE_SECONDS)
        if compressed is None or not accepts_gzip:
            return response
    elif not accepts_gzip:
        return HttpResponse(gzip.decompress(compressed))
    response = HttpResponse(compressed, headers={"Content-Encoding": "gzip"})
    patch_vary_headers(response, ["Accept-Encoding"])
    return response


def _render_dashboard(request, place):
    form, filters = _filters(request, place)
    nav = DashboardPage(place, request.user, filters=filters)
    context = {"place": place, "form": form, "filters": filters, "moved_to": form.moved_to, "nav": nav}
    if filters is not None:
        page_number = request.GET.get("page") or "1"
        compiled = dashboards.compiled_months(place, filters)
        signature = ",".join(f"{m:%Y%m}" for m in sorted(compiled))
        # The rendered figures are kept with the figures: the same area, filters, data, page and language.
        fragment = cache.place_key(
            place,
            f"html:{filters.key}:{page_number}:{get_language()}:{signature}",
            cache.area_key(cache.place_area(place)),
        )
        dashboard = SimpleLazyObject(lambda: dashboards.build(place, filters, request.user))
        context.update(
            d=dashboard,
            p=SimpleLazyObject(lambda: DashboardPage(place, request.user, dashboard, page_number)),
            compiled=compiled,
            fragment_key=fragment,
            fragment_seconds=settings.TPBIS_DASHBOARD_CACHE_SECONDS,
            tile_url=settings.TPBIS_MAP_TILE_URL,
            tile_attribution=settings.TPBIS_MAP_TILE_ATTRIBUTION,
            library_url=nav.url(place=(ReportScope.LIBRARY, "0")),
            quality=SimpleLazyObject(lambda: evidence_quality.panel(place.scope, place.code)),
        )
    return render(request, "reports/dashboards/detail.html", context)


def dashboard_map(request, scope, code):
    """The libraries of the area with coordinates and their KPI colour, for the map (JSON)."""
    place = _place_or_404(request, scope, code)
    form, filters = _filters(request, place)
    if filters is None:
        return JsonResponse({"errors": form.errors}, status=400)
    month = dashboards.kpi_month_for(filters)
    versions = [cache.area_key(cache.place_area(place))]
    if month:
        versions += [cache.month_key(cache.place_area(place), m) for m in (month, previous_month(month))]
    key = cache.place_key(place, f"map:{filters.month_key}:{month}", *versions)
    points = cache.cached(key, lambda: dashboard_sql.map_points(place, filters, month))
    return JsonResponse(
        {
            "month": f"{month:%Y-%m}" if month else None,
            "labels": {c.value: str(c.label) for c in KpiColour} | {"": str(_("No KPI this month"))},
            "points": points,
        }
    )


def dashboard_export(request, scope, code):
    place = _place_or_404(request, scope, code)
    form, filters = _filters(request, place)
    if filters is None:
        messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in form.errors.items())
        return HttpResponseBadRequest(messages, content_type="text/plain; charset=utf-8")
    dashboard = dashboards.build(place, filters, request.user)
    content = render_dashboard_xlsx(DashboardPage(place, request.user, dashboard))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    name = f"dasbor-{place.scope}-{place.code.replace('.', '-')}-{filters.start:%Y-%m}-{filters.end:%Y-%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def dashboard_libraries(request, scope, code):
    """The libraries behind a month's reporting or KPI figure, by the same rules as the dashboard."""
    place = _place_or_404(request, scope, code)
    form = RecordsForm(request.GET)
    nav = DashboardPage(place, request.user)
    if not form.is_valid():
        context = {"place": place, "form": form, "p": nav}
        return render(request, "reports/dashboards/libraries.html", context, status=400)
    data = form.cleaned_data
    last_due = last_overdue_period(dashboards.clock())
    month = data.get("month") or last_due
    state = data.get("state") or "expected"
    filters = Filters(start=month, end=month, cohort=data.get("cohort"), partner_type=data.get("partner_type") or "")
    page_number = page_number_from(request.GET.get("page"))
    offset = (page_number - 1) * RECORDS_PAGE_SIZE
    versions = [cache.area_key(cache.place_area(place))]
    versions += [cache.month_key(cache.place_area(place), m) for m in (month, previous_month(month))]
    key = cache.place_key(place, f"records:{filters.month_key}:{month:%Y%m}:{state}:{offset}", *versions)
    total, rows = cache.cached(
        key, lambda: dashboard_sql.library_records(place, filters, month, state, offset, RECORDS_PAGE_SIZE)
    )
    page = Paginator(range(total), RECORDS_PAGE_SIZE).get_page(page_number)  # page arithmetic; rows from SQL
    due = month <= last_due
    for row in rows:
        report_state = row["report_state"]
        if report_state == "missing" and not due:
            report_state = "not_due"
        row["state_label"] = STATE_LABELS.get(report_state or "not_expected")
        row["state"] = report_state or "not_expected"
        report = row["report_id"]
        row["report_url"] = reverse("reports:monthlyreport_detail", args=[report]) if report else None
        row["library_url"] = reverse("libraries:library_detail", args=[row["id"]])
        row["dashboard_url"] = reverse("reports:dashboard_detail", args=["library", row["id"]])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "place": place,
        "p": nav,
        "form": form,
        "month": month,
        "state": state,
        "state_label": RECORD_LABELS[state],
        "due": due,
        "total": total,
        "rows": rows,
        "page_obj": page,
        "page_query": query.urlencode(),
        "states": [
            (key, label, with_query(request.path, {**query.dict(), "state": key}))
            for key, label in RECORD_LABELS.items()
        ],
        "dashboard_url": with_query(
            reverse("reports:dashboard_detail", args=[place.scope, place.code]),
            {"period_from": f"{month:%Y-%m}", "period_to": f"{month:%Y-%m}", **filters.library_query()},
        ),
    }
    return render(request, "reports/dashboards/libraries.html", context)
