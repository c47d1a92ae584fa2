"""Taking SIM TPBIS exports in: the one path of the command (``import_sim``) and the import page.

    files ──read──▶ rows ──parse──▶ records ──place──▶ plan (created / updated / unchanged, problems,
    unplaced libraries with their candidate villages) ──apply──▶ one transaction

All or nothing: a plan with any problem, or a library not placed for sure, writes nothing. ``--places`` (a
``PLACES.csv``) or the page's choices settle the unplaced libraries; applied choices are remembered.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext_lazy as _

from foundation.scope import NATIONAL, Area
from libraries.models.geography import is_region_code

from .files import FileProblem, SimFile, read
from .names import is_empty, library_key
from .places import SKIP, Choice, Unplaced
from .plan import Plan, build
from .records import Problem
from .writing import apply

PLACES_HEADER = ["perpus_nama", "village"]


def load(sources: list[tuple[str, bytes]]) -> tuple[list[SimFile], list[Problem]]:
    """Read every file; a file that cannot be read is one problem (the others are still checked)."""
    files, problems = [], []
    for name, data in sources:
        try:
            files.append(read(name, data))
        except FileProblem as exc:
            problems.append(Problem(name, 0, "", str(exc.message)))
    return files, problems


def check(sources: list[tuple[str, bytes]], area: Area = NATIONAL, choices: list[Choice] | None = None) -> Plan:
    """The plan of importing ``sources`` (name, content) for someone who may change ``area``; writes nothing."""
    files, problems = load(sources)
    plan = build(files, area, choices) if files else Plan()
    plan.problems[:0] = problems
    return plan


def import_sim(
    sources: list[tuple[str, bytes]],
    area: Area = NATIONAL,
    choices: list[Choice] | None = None,
    user=None,
    dry_run: bool = False,
) -> Plan:
    """Check, and when nothing stands in the way and it is not a dry run, write."""
    plan = check(sources, area, choices)
    if plan.ok and not dry_run:
        apply(plan, user, ", ".join(name for name, _data in sources))
    return plan


def read_places(name: str, data: bytes) -> tuple[list[Choice], list[Problem]]:
    """``PLACES.csv``: ``perpus_nama,village`` (a village's Kemendagri code, or ``skip``); ``#`` lines are notes."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [Problem(name, 0, "", str(_("The file is not UTF-8 text: save it again as UTF-8.")))]
    lines = [line for line in text.splitlines() if not line.lstrip().startswith("#")]
    reader = csv.reader(io.StringIO("\n".join(lines)))
    header = [cell.strip().lower() for cell in next(reader, [])]
    if header[:2] != PLACES_HEADER:
        return [], [Problem(name, 1, "", str(_("The first line must be: perpus_nama,village")))]
    choices, problems, seen = [], [], {}
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        library, village = [*cells, "", ""][:2]
        library, village = library.strip(), village.strip()
        if not library:
            problems.append(Problem(name, number, "perpus_nama", str(_("missing required value"))))
            continue
        if is_empty(village) or village.lower() == SKIP:
            choice = Choice(library_key(library), None, None, SKIP, "", name)
        elif is_region_code(village) and village.count(".") == 3:
            choice = Choice(library_key(library), None, None, "village", village, name)
        else:
            message = _("give a village's Kemendagri code (e.g. 19.01.03.2003) or skip")
            problems.append(Problem(name, number, "village", str(message), village[:100]))
            continue
        earlier = seen.setdefault(choice.name_key, (number, choice))
        if earlier[1] != choice:
            message = _("%(library)s already has a place in row %(row)s: keep one row for each library") % {
                "library": library,
                "row": earlier[0],
            }
            problems.append(Problem(name, number, "perpus_nama", str(message)))
            continue
        choices.append(choice)
    return choices, problems


def places_rows(unplaced: list[Unplaced]) -> list[str]:
    """The lines of a ``PLACES.csv`` to settle the unplaced libraries: one row per candidate, a note above each."""
    lines = [",".join(PLACES_HEADER)]
    for item in unplaced:
        where = f"{item.village} ({item.district})" if item.district else item.village
        candidates = "; ".join(f"{c.code} {c.name} ({c.district})" for c in item.candidates) or "-"
        lines.append(f"# {item.name}, {where}: {item.reason}. {_('Candidates')}: {candidates}")
        rows = [[item.name, c.code] for c in item.candidates] or [[item.name, SKIP]]
        for row in rows:
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="").writerow(row)
            lines.append(buffer.getvalue())
    return lines
