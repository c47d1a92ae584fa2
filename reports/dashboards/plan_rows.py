"""The work plans on a dashboard page: the area's library plans and regency/city plans, each indicator's targets
against its actuals, with a link to the plans they add up."""

from __future__ import annotations

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from reports.models.progress import ReportScope
from reports.plans.totals import LIBRARY, REGENCY
from reports.progress.presenters import safe_reverse

#: (kind of plan, dashboard scope) -> heading; a kind not named for a scope takes its heading for any scope.
PLAN_HEADINGS = {
    (LIBRARY, None): _("Library plans"),
    (LIBRARY, ReportScope.LIBRARY): _("The library's plan"),
    (REGENCY, None): _("Regency/city plans"),
    (REGENCY, ReportScope.REGENCY): _("The regency's/city's own plan"),
}


class PlanRows:
    """Rows of the dashboard page (``DashboardPage``) about the area's work plans (``Dashboard.plans``)."""

    @property
    def plans(self):
        return self.d.plans

    @cached_property
    def plan_sections(self) -> list[dict]:
        """One section per kind of plan the area has: its plans, how many are agreed, and its lines."""
        plans = self.plans
        if plans is None:
            return []
        sections = []
        for kind, totals in plans.by_kind():
            if not totals.plans:
                continue
            heading = PLAN_HEADINGS.get((kind, self.place.scope)) or PLAN_HEADINGS[(kind, None)]
            sections.append(
                {
                    "key": kind,
                    "heading": heading,
                    "plans": totals.plans,
                    "agreed": totals.agreed,
                    "lines": [{**line, "bar": min(line["percent"] or 0, 100)} for line in totals.lines()],
                }
            )
        return sections

    @property
    def plans_url(self) -> str | None:
        """The plans the section adds up, in the plans list (scoped to the reader, as every list)."""
        plans = self.plans
        if plans is None:
            return None
        return safe_reverse("reports:workplan_list", {"year": plans.year, **self.place.area_query()})
