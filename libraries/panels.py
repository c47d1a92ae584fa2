"""Sections that other parts of the portal add to a library's page, without the library app knowing them.

A panel is a function ``(request, library) -> dict | None``: a dict with the ``template`` to include and
whatever it shows (the template gets it as ``panel``), or None to show nothing. Apps register theirs when they
start (``AppConfig.ready``); the library page shows them in the order registered.
"""

from __future__ import annotations

from collections.abc import Callable

Panel = Callable[[object, object], dict | None]
_PANELS: list[Panel] = []


def register(panel: Panel) -> Panel:
    if panel not in _PANELS:
        _PANELS.append(panel)
    return panel


def panels_for(request, library) -> list[dict]:
    return [shown for panel in _PANELS if (shown := panel(request, library)) is not None]
