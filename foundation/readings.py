"""Two readings of the program's figures: everything entered (the default, with the share verified shown), or
only what the verifiers verified (``?verified=1``).

A page or a dashboard reads the choice with ``verified_only(request.GET)``, narrows what it counts with
``read(queryset, verified_only)`` (the querysets of verifiable records know ``verified()``), and shows the
switch with ``Reading`` (``generic/reading_switch.html``). List pages of records take
``foundation.views.mixins.VerifiedReadingMixin``, which does all three.
"""

from __future__ import annotations

from dataclasses import dataclass

PARAM = "verified"
ON = ("1", "true")


def verified_only(params) -> bool:
    """``?verified=1`` (or ``true``): verified records only; anything else, or nothing: everything entered."""
    return params.get(PARAM, "") in ON


def read(queryset, only_verified: bool):
    """``queryset`` as the reading wants it."""
    return queryset.verified() if only_verified else queryset


def switched(params, only_verified: bool) -> str:
    """The query string of the same page in the other reading (back to its first page)."""
    query = params.copy()
    query.pop("page", None)
    query.pop(PARAM, None)
    if only_verified:
        query[PARAM] = "1"
    return query.urlencode()


@dataclass(frozen=True)
class Reading:
    """The reading a page is in, how many records it counts either way, and the links to switch."""

    verified_only: bool
    entered: int
    verified: int
    entered_query: str = ""
    verified_query: str = ""

    @classmethod
    def of(cls, params, entered: int, verified: int) -> Reading:
        return cls(verified_only(params), entered, verified, switched(params, False), switched(params, True))

    @property
    def percent(self) -> int | None:
        return round(100 * self.verified / self.entered) if self.entered else None
