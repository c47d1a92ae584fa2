"""Records of every kind, waiting in a library, for the queue's tests (pages, API, browser)."""

import datetime as dt

from django.utils import timezone

from activities.models import Activity, Advocacy, Publication, Replication, ServiceSnapshot
from reports.models import MonthlyReport

DAY = dt.date(2025, 2, 10)


def quiet() -> None:
    """Verify everything the demo left waiting, so that the queue holds only what a test puts in it."""
    for model in (Activity, ServiceSnapshot, Replication):
        model.objects.update(verification="verified")
    MonthlyReport.objects.filter(status="submitted").update(status="verified")


def entered(days_ago: int) -> dict:
    return {"entered_on": timezone.localdate() - dt.timedelta(days=days_ago)}


def engagement(library, days_ago=10, **fields):
    defaults = {
        "date": DAY,
        "strategy": "community_engagement",
        "title": "Pelatihan menganyam pandan",
        "participants": 15,
        "participants_male": 2,
        "participants_female": 13,
        "field": "economy",
    }
    return Activity.objects.create(library=library, **entered(days_ago), **{**defaults, **fields})


def advocacy(library, days_ago=9, **fields):
    defaults = {"date": DAY, "title": "Audiensi dengan kepala desa", "result": "funds", "amount": 25_000_000}
    return Advocacy.objects.create(library=library, **entered(days_ago), **{**defaults, **fields})


def publication(library, days_ago=8, **fields):
    defaults = {"date": DAY, "title": "Berita pojok baca", "publication_kind": "online", "media_outlet": "Babel Pos"}
    return Publication.objects.create(library=library, **entered(days_ago), **{**defaults, **fields})


def snapshot(library, days_ago=7, **fields):
    defaults = {"period": DAY.replace(day=1), "books": 1200, "digital_books": 40, "computers": 3, "bandwidth_mbps": 20}
    return ServiceSnapshot.objects.create(library=library, **entered(days_ago), **{**defaults, **fields})


def replication(library, days_ago=6, **fields):
    defaults = {"year": DAY.year, "funds": 150_000_000, "funding_source": "apbd", "villages": 5}
    return Replication.objects.create(
        province_id=library.province_id, regency_id=library.regency_id, **entered(days_ago), **{**defaults, **fields}
    )


def submitted_report(library, period=dt.date(2025, 1, 1), submitted_at=None, **fields):
    return MonthlyReport.objects.create(
        library=library,
        period=period,
        visitors=120,
        loans=40,
        status="submitted",
        submitted_at=submitted_at or timezone.now(),
        **fields,
    )


def every_kind(library) -> list:
    """One waiting record of each kind in ``library`` (the replication: its regency's), the oldest first."""
    return [
        engagement(library),
        advocacy(library),
        publication(library),
        snapshot(library),
        replication(library),
        submitted_report(library),
    ]
