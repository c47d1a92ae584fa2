"""axe-core inside the browser journeys: every page a journey opens has no serious or critical WCAG 2.2 A/AA
violation.

axe-core is vendored from npm into ``vendor/axe-core`` (MPL-2.0, its licence beside it) and evaluated through the
DevTools protocol, so the portal's Content Security Policy (no inline script) stays as it is. A journey calls
``assert_accessible(page)`` after each navigation, once the page shows what it is there for; ``watch(page)``
(done for the ``page`` fixture by ``conftest.py``) notes every page load, and ``unchecked(page)`` names the loads
no check followed, so that a journey cannot skip a page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

from playwright.sync_api import Page

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = ("serious", "critical")

RUN = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary}`),
  }));
}"""


@dataclass
class Visits:
    pending: str | None = None  # the last page loaded, until a check follows
    missed: list[str] = field(default_factory=list)
    checked: int = 0


_visits: WeakKeyDictionary[Page, Visits] = WeakKeyDictionary()


def watch(page: Page) -> Visits:
    """Note each page ``page`` loads (main frame), so that ``unchecked`` can name those never checked."""
    if page in _visits:
        return _visits[page]
    visits = _visits[page] = Visits()

    def loaded(loaded_page: Page) -> None:
        if visits.pending is not None:
            visits.missed.append(visits.pending)
        visits.pending = loaded_page.url

    page.on("load", loaded)
    return visits


def unchecked(page: Page) -> list[str]:
    visits = _visits.get(page)
    if visits is None:
        return []
    return visits.missed + ([visits.pending] if visits.pending else [])


#: Waits for the page's finite CSS transitions and animations: a button just clicked or hovered is measured in its
#: final colours, not halfway through its transition (which axe would report as too little contrast).
SETTLE = """async () => {
  const finite = document.getAnimations().filter(
    (a) => a.effect && Number.isFinite(a.effect.getComputedTiming().endTime));
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""


def violations(page: Page) -> list[dict]:
    """axe-core's violations of WCAG 2.0-2.2 A and AA on the page as it is now (its transitions finished)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_SOURCE)
    page.evaluate(SETTLE)
    return page.evaluate(RUN, TAGS)


def assert_accessible(page: Page) -> list[dict]:
    """No serious or critical violation on this page; returns the minor ones (for a journey that wants them)."""
    found = violations(page)
    visits = _visits.get(page)
    if visits is not None:
        visits.pending = None
        visits.checked += 1
    blocking = [v for v in found if v["impact"] in BLOCKING]
    assert not blocking, f"{page.url}:\n" + "\n".join(
        f"- {v['impact']} {v['id']}: {v['help']}\n    " + "\n    ".join(v["nodes"]) for v in blocking
    )
    return [v for v in found if v["impact"] not in BLOCKING]
