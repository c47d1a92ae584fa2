"""Records of every kind waiting in the librarian's Bangka village, with nothing else waiting anywhere."""

import datetime as dt

import pytest
from django.utils import timezone

from activities.models import Activity, Advocacy, Publication, Replication, ServiceSnapshot
from reports.models import MonthlyReport

from ...scoping import library_at

DAY = dt.date(2025, 2, 10)


@pytest.fixture
def quiet(db):
    """Everything the demo left waiting is verified: the queue holds only what the test puts in it."""
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


def submitted_report(library, period=dt.date(2025, 1, 1), **fields):
    return MonthlyReport.objects.create(
        library=library, period=period, visitors=120, loans=40, status="submitted", submitted_at=timezone.now(), **fields
    )


@pytest.fixture
def village():
    return library_at("own_village")


@pytest.fixture
def every_kind(quiet, village):
    """One waiting record of each kind in the librarian's village (the replication: its regency's), oldest first."""
    return [
        engagement(village),
        advocacy(village),
        publication(village),
        snapshot(village),
        replication(village),
        submitted_report(village),
    ]
