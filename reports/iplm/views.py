"""The IPLM pages: a place's contribution to the literacy development index per year, its workbook, and where
each figure comes from."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation

from foundation.scope import Place, PlaceKind
from foundation.spreadsheets import xlsx_response
from libraries.places import visible_place_or_404
from reports import kept

from ..landing import land
from . import figures, workbook
from .forms import IplmForm
from .sources import SOURCES

#: Places whose page lists libraries; the others (the nation, a province) list regencies/cities.
LIBRARY_LEVEL = (PlaceKind.REGENCY, PlaceKind.LIBRARY)


def iplm_home(request):
    """The IPLM of the user's area (the widest they may see), or a choice when they follow several."""
    return land(request, "reports:iplm_detail", "reports/iplm/choose.html")


def _figures(place: Place, form: IplmForm) -> tuple[list[dict], dict]:
    """The rows and the total, kept in the cache for (place, year, reading) until a record of the place's area
    changes (the province's; any for the nation), as the dashboards and the KPI page keep theirs."""
    name = f"iplm:{form.year_chosen}:{form.reading_chosen}"
    key = kept.place_key(place, name, kept.area_key(kept.place_area(place)))
    return kept.cached(key, lambda: _compute(place, form))


def _compute(place: Place, form: IplmForm) -> tuple[list[dict], dict]:
    year, verified_only = form.year_chosen, form.verified_only
    if place.scope in LIBRARY_LEVEL:
        rows = figures.library_rows(place, year, verified_only)
        return rows, figures.total(rows)
    rows = figures.regency_rows(place, year, verified_only)
    return rows, figures.sum_regencies(rows)


def iplm_detail(request, scope, code):
    place = visible_place_or_404(request.user, scope, code)
    form = IplmForm(request.GET or {})
    if not form.is_valid():
        return render(request, "reports/iplm/detail.html", {"place": place, "form": form}, status=400)
    rows, total = _figures(place, form)
    query = f"year={form.year_chosen}&reading={form.reading_chosen}"
    context = {
        "place": place,
        "form": form,
        "year": form.year_chosen,
        "rows": rows,
        "total": total,
        "indicators": figures.INDICATORS,
        "completeness": [(indicator, total["completeness"][indicator.key]) for indicator in figures.INDICATORS],
        "libraries": place.scope in LIBRARY_LEVEL,
        "query": query,
        "export_url": reverse("reports:iplm_export", args=[place.scope, place.code]) + f"?{query}",
    }
    for row in rows:
        row["cells"] = [row["figures"][key] for key in figures.KEYS]
        if "code" in row:
            row["url"] = reverse("reports:iplm_detail", args=[PlaceKind.REGENCY, row["code"]]) + f"?{query}"
    total["cells"] = [total["figures"][key] for key in figures.KEYS]
    return render(request, "reports/iplm/detail.html", context)


def iplm_export(request, scope, code):
    """The workbook for the library census, always in Indonesian (its documented layout)."""
    place = visible_place_or_404(request.user, scope, code)
    form = IplmForm(request.GET or {})
    if not form.is_valid():
        return render(request, "reports/iplm/detail.html", {"place": place, "form": form}, status=400)
    rows, total = _figures(place, form)
    make = workbook.library_workbook if place.scope in LIBRARY_LEVEL else workbook.regency_workbook
    with translation.override("id"):
        content = make(place, form.year_chosen, form.verified_only, rows, total)
    name = f"iplm-{place.scope}-{place.code.replace('.', '-')}-{form.year_chosen}-{form.reading_chosen}"
    return xlsx_response(name, content)


def iplm_sources(request):
    """Where each figure comes from, for everyone to read."""
    sources = [
        {
            "label": label,
            "explanation": explanation,
            "indicators": [indicator for indicator in figures.INDICATORS if indicator.source == key],
        }
        for key, (label, explanation) in SOURCES.items()
    ]
    return render(request, "reports/iplm/sources.html", {"sources": sources})
