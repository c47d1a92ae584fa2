"""Importing SIM TPBIS exports at scale: a province's files with ``sim_records`` records, twice.

The first import places every library, creates what is new and writes every record; the second finds
every record again and changes nothing. Both are timed whole: reading the JSON, checking every row,
placing, comparing and writing.
"""

from __future__ import annotations

import time

from .basics import Cast, Options, log


def sim_import_figures(options: Options, cast: Cast) -> dict:
    from django.utils import timezone

    from perf.sim_files import sim_files
    from sim.importing import import_sim

    files = sim_files(cast.province, options.sim_records, options.seed, cast.period, timezone.localdate())
    sources = sorted(files.items())
    started = time.perf_counter()
    first = import_sim(sources)
    first_seconds = time.perf_counter() - started
    if not first.ok:
        raise RuntimeError(f"the SIM files were refused: {first.problems[:3]} {first.unplaced[:3]}")
    started = time.perf_counter()
    again = import_sim(sources)
    again_seconds = time.perf_counter() - started
    if again.changes:
        raise RuntimeError("importing the same SIM files again changed records")
    rows = sum(c.total for c in first.counts.values())
    log(f"SIM import: {rows:,} records in {first_seconds:.1f} s, again in {again_seconds:.1f} s")
    return {
        "records": rows,
        "files": len(sources),
        "province": cast.province,
        "libraries_created": len(first.new_libraries),
        "created": sum(c.created for c in first.counts.values()),
        "seconds": round(first_seconds, 2),
        "again_seconds": round(again_seconds, 2),
    }
