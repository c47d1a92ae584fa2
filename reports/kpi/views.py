"""The KPI pages: the partners' scores over any period for a place within the user's area, their export, and the
formula with its thresholds."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foundation.months import month_start
from foundation.scope import Place, PlaceKind
from foundation.spreadsheets import table_response
from libraries.places import visible_place_or_404
from reports import kept
from reports.models import KpiThreshold
from reports.models.kpi import KpiColour

from ..landing import land
from . import formula
from .forms import KpiForm
from .period import PeriodScores

PAGE_SIZE = 100
NOT_SCORED_SHOWN = 200


def kpi_home(request):
    """The KPI of the user's area (the widest they may see), or a choice when they follow several."""
    return land(request, "reports:kpi_detail", "reports/kpi/choose.html")


def _query(form: KpiForm, **changes) -> str:
    """The page's query string (the period as months, the reading, the order, the state) with ``changes``."""
    period = form.period()
    query = {
        "period_from": f"{period.start:%Y-%m}",
        "period_to": f"{period.end:%Y-%m}",
        "reading": form.cleaned_data.get("reading") or "",
        "sort": form.order,
        "state": form.chosen_state,
    }
    query.update(changes)
    return urlencode({k: v for k, v in query.items() if v})


def kpi_detail(request, scope, code):
    place = visible_place_or_404(request.user, scope, code)
    form = KpiForm(request.GET or None)
    if request.GET and not form.is_valid():
        return render(request, "reports/kpi/detail.html", {"place": place, "form": form}, status=400)
    if not request.GET:
        form = KpiForm({})
        form.is_valid()
    period = form.period()
    state = form.chosen_state
    shown = _kept_page(place, period, form, _page_number(request.GET.get("page")))
    summary, rows, not_scored, thresholds = shown["summary"], shown["rows"], shown["not_scored"], shown["thresholds"]
    page = Paginator(range(shown["count"]), PAGE_SIZE).get_page(shown["number"])
    sort_urls = {key: "?" + _query(form, sort=_toggle(form.order, key)) for key in _sort_keys()}
    context = {
        "place": place,
        "form": form,
        "period": period,
        "summary": summary,
        "states": [
            {
                "key": colour.value,
                "label": colour.label,
                "value": summary["states"][colour.value],
                "url": "?" + _query(form, state=colour.value),
            }
            for colour in KpiColour
        ],
        "rows": rows,
        "not_scored": not_scored,
        "page_obj": page,
        "page_query": _query(form),
        "state": state,
        "state_label": KpiColour(state).label if state else "",
        "all_url": "?" + _query(form, state=""),
        "sort_urls": sort_urls,
        "indicator_columns": [
            {"name": name, "label": label, "url": sort_urls[name]} for name, (label, _c) in formula.INDICATORS.items()
        ],
        "not_scored_url": "?" + _query(form, state="not_scored"),
        "sort": form.order,
        "presets": [
            (key, label, "?" + _query(form, period_from=f"{p.start:%Y-%m}", period_to=f"{p.end:%Y-%m}"), p == period)
            for key, label, p in form.presets
        ],
        "export_query": _query(form),
        "formula": formula.formula_rows(thresholds, period.months),
        "thresholds": thresholds,
        "show_regency": place.scope in (PlaceKind.NATIONAL, PlaceKind.PROVINCE),
        "dashboard_url": reverse("reports:dashboard_detail", args=[place.scope, place.code]),
    }
    return render(request, "reports/kpi/detail.html", context)


def _page_number(raw: str | None) -> int:
    """The page asked for: digits only (anything else the first page; past the last, the last)."""
    return int(raw) if raw and raw.isascii() and raw.isdigit() and len(raw) <= 6 else 1


def _kept_page(place: Place, period, form: KpiForm, number: int) -> dict:
    """What the page shows of the scores: the summary, the page of rows, the partners not yet scored and the
    thresholds — one statement (for the nation, with the counts of each province kept apart: a province whose records
    changed is counted again first, ``reports.kpi.inputs``), kept in the cache for (place, period, reading, order,
    state, page) until a record of the place's area changes (the province's; any for the nation), as the dashboards
    keep their figures."""
    reading = "verified" if form.verified_only else "entered"
    name = f"kpi:{period.start:%Y%m}-{period.end:%Y%m}:{reading}:{form.order}:{form.chosen_state}:{number}"
    key = kept.place_key(place, name, kept.area_key(kept.place_area(place)))
    return kept.cached(key, lambda: _page_of_scores(place, period, form, number))


def _page_of_scores(place: Place, period, form: KpiForm, number: int) -> dict:
    scores = PeriodScores(place, period, form.verified_only, kept_inputs=True)
    shown = scores.page(form.order, form.chosen_state, number, PAGE_SIZE, NOT_SCORED_SHOWN)
    names = list(formula.INDICATORS)
    for row in [*shown["rows"], *shown["not_scored"]]:
        row["cells"] = [(row["inputs"][name], row["points"][name]) for name in names]
    return {**shown, "thresholds": scores.thresholds.as_dict()}


def _sort_keys() -> list[str]:
    return ["name", "regency", "score", "sim", *formula.INDICATORS]


def _toggle(current: str, key: str) -> str:
    """Sorting by a column: descending first for numbers, ascending for names; again reverses it."""
    if current.lstrip("-") == key:
        return key if current.startswith("-") else f"-{key}"
    return key if key in ("name", "regency") else f"-{key}"


def kpi_export(request, scope, code, fmt):
    if fmt not in ("csv", "xlsx"):
        raise Http404
    place = visible_place_or_404(request.user, scope, code)
    form = KpiForm(request.GET or {})
    if not form.is_valid():
        return render(request, "reports/kpi/detail.html", {"place": place, "form": form}, status=400)
    period = form.period()
    rows = PeriodScores(place, period, form.verified_only).rows(form.order, form.chosen_state)
    names = list(formula.INDICATORS)
    keys = [
        _("Library"),
        _("Library id"),
        _("Regency/city"),
        _("Cohort year"),
        *(str(formula.INDICATORS[name][0]) for name in names),
        *(_("Points: %(indicator)s") % {"indicator": formula.INDICATORS[name][0]} for name in names),
        _("Score"),
        _("KPI"),
        _("SIM TPBIS score"),
        _("SIM TPBIS score as of"),
    ]

    def values():
        for row in rows:
            yield [
                row["name"],
                row["id"],
                row["regency"],
                row["cohort_year"],
                *(row["inputs"][name] for name in names),
                *(_number(row["points"][name]) for name in names),
                _number(row["score"]),
                str(KpiColour(row["colour"]).label),
                _number(row["sim_score"]),
                row["sim_as_of"],
            ]

    reading = "terverifikasi" if form.verified_only else "semua"
    name = f"kpi-{place.scope}-{place.code.replace('.', '-')}-{period.start:%Y-%m}-{period.end:%Y-%m}-{reading}"
    return table_response(name, fmt, keys, values())


def _number(value):
    return None if value is None else float(value)


def kpi_formula(request):
    """The KPI formula and thresholds, for everyone to read (administrators edit them in the admin)."""
    current = KpiThreshold.for_period(month_start(timezone.localdate()))
    history = KpiThreshold.objects.all()
    context = {"current": current, "formula": formula.formula_rows(current.as_dict()), "history": history}
    return render(request, "reports/kpi/formula_page.html", context)


def this_year(today: dt.date | None = None):
    """The library page's period: this year so far."""
    month = month_start(today or timezone.localdate())
    return month.replace(month=1), month
