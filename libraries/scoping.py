"""Records that serve a whole region: changed by its staff, seen by everyone working inside it.

A synergy team of Kabupaten Bangka, its meetings and commitments, or a training held in Babel
concern every library of that region: the village librarians of Bangka and the regency staff
may read the Babel provincial team without being able to change it. ``restrict(user, "view")``
therefore adds, to the usual rule (``foundation.scope``), the records located in the regions
that contain part of the user's area; ``restrict(user, "change")`` is the usual rule unchanged.
"""

from django.db.models import Q

from foundation.scope import VIEW, Area, ScopedQuerySet, scope_for


class RegionWideQuerySet(ScopedQuerySet):
    """For models located by a province and an optional regency (``prefix`` leads to them)."""

    prefix = ""

    def restrict(self, user, action: str = VIEW):
        area = scope_for(user).area(action, self.model)
        if area.is_empty:
            return self.none()
        q = self.area_filter(area)
        if action == VIEW and not area.national:
            q |= self.view_filter(area)
        return self.filter(q)

    def view_filter(self, area: Area) -> Q:
        p = self.prefix
        q = Q(pk__in=[])
        if area.touched_regencies:
            q |= Q(**{f"{p}regency__in": sorted(area.touched_regencies)})
        if area.touched_provinces:
            q |= Q(**{f"{p}regency__isnull": True, f"{p}province__in": sorted(area.touched_provinces)})
        return q
