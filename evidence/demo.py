"""The demo's evidence flags: the demo records are written in bulk (no save signal), so they are checked here,
once, as an import checks its records."""

from . import refresh


def load() -> dict:
    return {"flags": refresh.everything()}
