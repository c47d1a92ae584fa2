"""Where the coach speaks: a library's home (what is missing for the next colour this year, and where its pace
leads), the partners at risk of an area with a WhatsApp link to each, and the API's ``kpi/``."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from foundation.phones import whatsapp_url
from foundation.scope import Place, PlaceKind
from libraries.models import Library
from libraries.places import visible_place_or_404
from reports.models.kpi import KpiColour

from . import coach
from .period import Period, PeriodScores

#: The partners listed at most on the page of those at risk (the rest are counted).
AT_RISK_SHOWN = 300


def today() -> dt.date:
    """Today, as the coach sees it (tests move it)."""
    return timezone.localdate()


def this_year(on: dt.date) -> Period:
    """The coach's period: the calendar year, January to December (its targets are the year's)."""
    return Period(on.replace(month=1, day=1), on.replace(month=12, day=1))


def library_advice(library: Library, on: dt.date | None = None) -> dict:
    """The coach's advice for one library this year (one statement)."""
    on = on or today()
    period = this_year(on)
    scores = PeriodScores(Place.of_library(library), period)
    rows = scores.rows()
    advice = coach.advise(rows[0] if rows else None, scores.thresholds, period, on)
    return {"library": library, "period": period, "advice": advice, "partner": bool(rows)}


#: A province's or a regency's partners: the nation's are followed province by province.
REGIONAL = (PlaceKind.PROVINCE, PlaceKind.REGENCY)


def at_risk_page(request, scope, code):
    """The partners of an area heading for red this year at their pace, and those not yet scored, each with
    what is missing and a one-tap WhatsApp link where a mobile number is known."""
    place = visible_place_or_404(request.user, scope, code, REGIONAL)
    on = today()
    period = this_year(on)
    scores = PeriodScores(place, period)
    rows = scores.rows(sort="name")
    found = []
    for row in rows:  # in Python, no query: the pace first, the advice only for those at risk
        ahead = coach.score(coach.projected(row["inputs"], period, on), scores.thresholds, period.months)
        if row["records"] and coach.colour(ahead, scores.thresholds) != KpiColour.RED.value:
            continue
        advice = coach.advise(row, scores.thresholds, period, on)
        if advice.at_risk:
            found.append((row, advice))
    shown = found[:AT_RISK_SHOWN]
    phones = dict(Library.objects.filter(pk__in=[row["id"] for row, _a in shown]).values_list("pk", "contact_phone"))
    entries = []
    for row, advice in shown:
        message = _("Hello %(name)s: %(advice)s (KPI %(year)s, TPBIS Portal)") % {
            "name": row["name"],
            "advice": advice.sentence(),
            "year": period.start.year,
        }
        entries.append(
            {
                "row": row,
                "advice": advice,
                "colour_label": KpiColour(advice.colour).label,
                "projected_label": KpiColour(advice.projected_colour).label,
                "whatsapp": whatsapp_url(phones.get(row["id"], ""), message),
                "phone": phones.get(row["id"], ""),
                "url": reverse("libraries:library_detail", args=[row["id"]]),
            }
        )
    context = {
        "place": place,
        "period": period,
        "entries": entries,
        "count": len(found),
        "partners": len(rows),
        "not_scored": sum(1 for _r, a in found if a.colour == KpiColour.NOT_SCORED.value),
        "kpi_url": reverse("reports:kpi_detail", args=[place.scope, place.code]),
    }
    return render(request, "reports/kpi/at_risk.html", context)
