"""KPI thresholds: validated when edited, chosen by month, shown read-only in the admin."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from reports.models import KpiThreshold
from reports.progress.kpi import formula_rows

pytestmark = pytest.mark.django_db


def test_weights_must_add_up_to_100():
    thresholds = KpiThreshold(valid_from=dt.date(2030, 1, 1), reporting_weight=50)
    with pytest.raises(ValidationError) as error:
        thresholds.full_clean()
    assert "reporting_weight" in error.value.message_dict
    with pytest.raises(IntegrityError):
        thresholds.save()


def test_yellow_cannot_start_above_green():
    thresholds = KpiThreshold(valid_from=dt.date(2030, 1, 1), green_min=60, yellow_min=70)
    with pytest.raises(ValidationError) as error:
        thresholds.full_clean()
    assert "yellow_min" in error.value.message_dict


def test_thresholds_in_force_for_a_month():
    demo = KpiThreshold.objects.get(valid_from=dt.date(2018, 1, 1))  # from the demo
    later = KpiThreshold.objects.create(valid_from=dt.date(2030, 1, 1), green_min=80)
    assert KpiThreshold.for_period(dt.date(2029, 12, 1)) == demo
    assert KpiThreshold.for_period(dt.date(2030, 1, 1)) == later
    assert KpiThreshold.for_period(dt.date(2017, 5, 1)).pk is None  # the defaults, unsaved


def test_formula_rows_list_every_indicator():
    rows = formula_rows(KpiThreshold().as_dict())
    assert [r["indicator"] for r in rows] == ["reporting", "engagement", "participants", "advocacy", "publication"]
    assert sum(r["weight"] for r in rows) == 100


def test_admin_edits_thresholds_and_sees_the_formula(client_as):
    client = client_as("admin")
    thresholds = KpiThreshold.objects.get(valid_from=dt.date(2018, 1, 1))
    url = reverse("admin:reports_kpithreshold_change", args=[thresholds.pk])
    html = client.get(url).content.decode()
    assert "min(1" in html  # the read-only formula
    response = client.get(reverse("admin:reports_kpithreshold_add"))
    assert response.status_code == 200
    assert client_as("dkpus.babel").get(url).status_code == 302  # not staff: sent to the admin login
