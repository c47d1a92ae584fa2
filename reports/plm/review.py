"""A Peer Learning Meeting over a period (e.g. January to September): who attended, by regency/city; the partners'
KPI over the period; award shortlists from verified records; and pairs of libraries needing support with
successful libraries nearby working in the same field.

Shortlists (``SHORTLIST`` each, ties by name) count **verified** records only, so that an award rests on what the
program staff checked: most participants of engagement events, the largest growth in visitors against the period
of the same length before (verified monthly reports in both), most advocacy results, most publications.

Pairs: each partner needing support (red, or not yet scored) is paired with a green partner of the same
regency/city — first one whose engagement events share a field with it, else the green partner of the regency
with most events in a field — and, when its regency has none, of the same province sharing a field. A green
partner mentors at most ``MENTEES`` libraries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count

from activities.choices import AdvocacyResult, EngagementField, Strategy, Verification
from activities.models import Activity
from foundation.months import add_months
from foundation.scope import Place
from libraries.models import Library, Regency
from reports.choices import ReportStatus
from reports.kpi.period import STATES, Period, PeriodScores, place_filter
from reports.models import MonthlyReport
from reports.models.kpi import KpiColour

SHORTLIST = 5
MENTEES = 3
PAIRS_SHOWN = 30
CATEGORIES = ("participants", "visitor_growth", "advocacy", "publications")


def attendance(meeting) -> list[dict]:
    """The meeting's libraries counted by regency/city (one query)."""
    rows = (
        meeting.libraries.values("regency_id", "regency__name")
        .annotate(libraries=Count("pk"))
        .order_by("regency__name", "regency_id")
    )
    return [{"code": r["regency_id"], "name": r["regency__name"] or "", "libraries": r["libraries"]} for r in rows]


def _bounds(period: Period) -> tuple:
    before = add_months(period.start, -period.months)
    return tuple(connection.ops.adapt_datefield_value(day) for day in (before, period.start, period.stop))


def shortlist_rows(place: Place, period: Period) -> list[dict]:
    """Every partner of ``place`` with its verified figures of the period (one statement)."""
    before, start, stop = _bounds(period)
    where, params = place_filter(place)
    eng, adv, pub = Strategy.COMMUNITY_ENGAGEMENT.value, Strategy.ADVOCACY.value, Strategy.MEDIA_PUBLICATION.value
    results = ", ".join(f"'{value}'" for value in AdvocacyResult.values)
    verified = Verification.VERIFIED.value
    sql = f"""WITH lib AS (
  SELECT l.id, l.name, l.regency_id FROM {Library._meta.db_table} l
  WHERE l.is_active AND l.cohort_year <= %s AND {where}
),
act AS (
  SELECT a.library_id,
    SUM(CASE WHEN a.strategy = '{eng}' THEN a.participants ELSE 0 END) AS participants,
    SUM(CASE WHEN a.strategy = '{adv}' AND a.result IN ({results}) THEN 1 ELSE 0 END) AS advocacy,
    SUM(CASE WHEN a.strategy = '{pub}' THEN 1 ELSE 0 END) AS publications
  FROM {Activity._meta.db_table} a JOIN lib ON lib.id = a.library_id
  WHERE a.verification = '{verified}' AND a.date >= %s AND a.date < %s
  GROUP BY a.library_id
),
rep AS (
  SELECT r.library_id,
    SUM(CASE WHEN r.period >= %s THEN r.visitors END) AS now,
    SUM(CASE WHEN r.period < %s THEN r.visitors END) AS before
  FROM {MonthlyReport._meta.db_table} r JOIN lib ON lib.id = r.library_id
  WHERE r.status = '{ReportStatus.VERIFIED.value}' AND r.period >= %s AND r.period < %s
  GROUP BY r.library_id
)
SELECT lib.id, lib.name, rg.name, COALESCE(act.participants, 0), COALESCE(act.advocacy, 0),
  COALESCE(act.publications, 0), rep.now, rep.before
FROM lib LEFT JOIN act ON act.library_id = lib.id LEFT JOIN rep ON rep.library_id = lib.id
LEFT JOIN {Regency._meta.db_table} rg ON rg.code = lib.regency_id
ORDER BY lib.name, lib.id"""
    with connection.cursor() as cursor:
        cursor.execute(sql, [period.end.year, *params, start, stop, start, start, before, stop])
        rows = cursor.fetchall()
    result = []
    for library_id, name, regency, participants, advocacy, publications, now, earlier in rows:
        growth = int(now) - int(earlier) if now is not None and earlier is not None else None
        result.append(
            {
                "id": library_id,
                "name": name,
                "regency": regency or "",
                "participants": int(participants),
                "advocacy": int(advocacy),
                "publications": int(publications),
                "visitor_growth": growth,
                "visitors": None if now is None else int(now),
                "visitors_before": None if earlier is None else int(earlier),
            }
        )
    return result


def shortlists(rows: list[dict]) -> dict[str, list[dict]]:
    """Per category the ``SHORTLIST`` partners with the most (above 0), ties by name (rows come by name)."""
    lists = {}
    for category in CATEGORIES:
        ranked = [row for row in rows if (row[category] or 0) > 0]
        ranked.sort(key=lambda row: -row[category])  # stable: by name among equals
        lists[category] = [{**row, "value": row[category]} for row in ranked[:SHORTLIST]]
    return lists


@dataclass
class Pair:
    needing: dict
    mentor: dict
    field: str
    nearby: str  # "regency" or "province"


def _fields(place: Place, period: Period) -> dict[int, Counter]:
    """Each library's engagement events of the period by field (one query)."""
    filters = {
        "province": {"library__province_id": place.province_id},
        "regency": {"library__regency_id": place.regency_id},
    }.get(place.scope, {})
    rows = (
        Activity.objects.filter(
            strategy=Strategy.COMMUNITY_ENGAGEMENT, date__gte=period.start, date__lt=period.stop, **filters
        )
        .exclude(field="")
        .values("library_id", "field")
        .annotate(n=Count("pk"))
        .order_by()
    )
    fields: dict[int, Counter] = defaultdict(Counter)
    for row in rows:
        fields[row["library_id"]][row["field"]] = row["n"]
    return fields


def support_pairs(place: Place, period: Period, scored: list[dict]) -> list[Pair]:
    """Pairs of a partner needing support and a green partner nearby in the same field (rules above)."""
    fields = _fields(place, period)
    province_of = dict(Library.objects.filter(pk__in=[row["id"] for row in scored]).values_list("pk", "province_id"))
    greens = [row for row in scored if row["colour"] == KpiColour.GREEN.value]
    needing = [row for row in scored if row["colour"] in (KpiColour.RED.value, KpiColour.NOT_SCORED.value)]
    load: Counter = Counter()
    pairs = []
    for weak in needing:
        own = set(fields.get(weak["id"], {}))
        choice = None
        for nearby in ("regency", "province"):
            candidates = [
                green
                for green in greens
                if load[green["id"]] < MENTEES
                and (
                    green["regency_id"] == weak["regency_id"]
                    if nearby == "regency"
                    else province_of.get(green["id"]) == province_of.get(weak["id"])
                )
            ]
            shared = [green for green in candidates if own & set(fields.get(green["id"], {}))]
            if shared:
                mentor = max(shared, key=lambda g: (sum(fields[g["id"]][f] for f in own), -g["name_rank"]))
                field = max(own & set(fields[mentor["id"]]), key=lambda f: fields[mentor["id"]][f])
                choice = Pair(weak, mentor, field, nearby)
            elif nearby == "regency" and candidates:
                mentor = max(candidates, key=lambda g: (sum(fields.get(g["id"], {}).values()), -g["name_rank"]))
                top = fields.get(mentor["id"])
                if top:
                    choice = Pair(weak, mentor, top.most_common(1)[0][0], nearby)
            if choice:
                break
        if choice:
            load[choice.mentor["id"]] += 1
            pairs.append(choice)
        if len(pairs) >= PAIRS_SHOWN:
            break
    return pairs


def field_label(value: str) -> str:
    return str(EngagementField(value).label) if value in EngagementField.values else value


def review(meeting, place: Place) -> dict:
    """Everything the period review shows: a few statements, whatever the number of libraries."""
    period = Period(meeting.period, meeting.last_month)
    scored = PeriodScores(place, period).rows()
    states = Counter(row["colour"] for row in scored)
    summary = {"states": {state: states.get(state, 0) for state in STATES}, "partners": len(scored)}
    rows = shortlist_rows(place, period)
    pairs = support_pairs(place, period, scored)
    totals = {name: sum(row["inputs"][name] for row in scored) for name in scored[0]["inputs"]} if scored else {}
    return {
        "period": period,
        "attendance": attendance(meeting),
        "summary": summary,
        "totals": totals,
        "shortlists": shortlists(rows),
        "pairs": [{"pair": pair, "field_label": field_label(pair.field)} for pair in pairs],
    }
