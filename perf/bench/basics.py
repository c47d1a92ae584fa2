"""What every measurement shares: the options, timing helpers and the cast of users who open the pages."""

from __future__ import annotations

import datetime as dt
import math
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Options:
    libraries: int
    months: int = 60
    activities: int = 3
    seed: int = 1
    end: dt.date | None = None
    repeats: int = 20
    warmup: int = 2
    compile_repeats: int = 3
    export_repeats: int = 3
    import_rows: int = 10_000
    sim_records: int = 100_000
    load_seconds: float = 10.0
    #: only these pages (names or their beginnings, e.g. ``kpi``), and none of the other figures; empty: everything
    pages: tuple[str, ...] = ()
    #: the database gunicorn connects to (the same one this process uses)
    database_url: str = ""
    work: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tpbis-bench-")))


def ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def timed(function: Callable, repeats: int, setup: Callable | None = None) -> list[float]:
    """How long ``function`` takes, ``repeats`` times; ``setup`` runs before each, untimed."""
    times = []
    for _ in range(repeats):
        if setup is not None:
            setup()
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return times


def log(message: str) -> None:
    print(f"  {message}", flush=True)


@dataclass
class Cast:
    """Who the pages are measured for, and which province, regency, library and month they show."""

    users: dict
    province: str
    regency: str
    library: int
    period: dt.date
    report_id: int


def make_cast(period: dt.date) -> Cast:
    from django.db.models import Count

    from accounts.models import RoleAssignment, User
    from foundation.scope import Role
    from libraries.models import Library
    from reports.models import MonthlyReport

    villages = Library.objects.filter(level="village", is_active=True)
    province = villages.values("province_id").annotate(n=Count("pk")).order_by("-n", "province_id")[0]["province_id"]
    regency = (
        villages.filter(province_id=province)
        .values("regency_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "regency_id")[0]["regency_id"]
    )
    report = (
        MonthlyReport.objects.filter(library__in=villages.filter(regency_id=regency), period=period)
        .order_by("library_id")
        .first()
    )
    users = {}
    for name, role, where in (
        ("national", Role.ADMIN, {}),
        ("province", Role.PROVINCE_STAFF, {"province_id": province}),
        ("regency", Role.REGENCY_STAFF, {"regency_id": regency}),
        ("librarian", Role.LIBRARIAN, {"library_id": report.library_id}),
    ):
        user, _ = User.objects.get_or_create(username=f"bench.{name}")
        RoleAssignment.objects.get_or_create(user=user, role=role, **where)
        users[name] = user
    return Cast(users, province, regency, report.library_id, period, report.pk)
