import datetime as dt

from django.db import transaction
from django.db.models import Count, Sum

from activities.models import Activity
from libraries.models import Library
from reports.models import MonthlyReport
from reports.synthetic import generate


def fingerprint() -> tuple:
    synthetic = Library.objects.filter(name__startswith="Perpustakaan Desa", cohort_year__gte=2018)
    return (
        tuple(synthetic.order_by("village_id").values_list("village_id", flat=True)),
        Activity.objects.aggregate(n=Count("pk"), m=Sum("participants_male"), f=Sum("participants_female")),
        tuple(
            MonthlyReport.objects.values("status").annotate(n=Count("pk")).order_by("status").values_list("status", "n")
        ),
    )


def run_once() -> tuple:
    with transaction.atomic():
        result = generate(libraries=30, months=4, activities=2, seed=5, end=dt.date(2024, 6, 1))
        snapshot = fingerprint()
        transaction.set_rollback(True)
    return result, snapshot


def test_generate_data_makes_the_requested_volume_deterministically(db):
    first, first_print = run_once()
    _, second_print = run_once()
    assert (first.libraries, first.activities) == (30, 30 * 4 * 2)
    assert 0 < first.monthly_reports <= 30 * 4
    assert first_print == second_print


def test_generated_rows_are_valid_and_in_their_months(db):
    generate(libraries=10, months=2, activities=3, seed=9, end=dt.date(2024, 2, 1))
    activities = Activity.objects.filter(library__cohort_year__isnull=False, title__startswith="Kegiatan ")
    assert activities.count() == 10 * 2 * 3
    assert activities.filter(date__lt=dt.date(2024, 1, 1)).count() == 0
    assert activities.filter(date__gte=dt.date(2024, 3, 1)).count() == 0
    for library in Library.objects.filter(activities__isnull=False).distinct()[:5]:
        library.full_clean()
        assert library.village_id.startswith(library.regency_id + ".")
    assert not MonthlyReport.objects.filter(status="draft", submitted_at__isnull=False).exists()
