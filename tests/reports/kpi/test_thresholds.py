"""KPI thresholds: validated when edited, chosen by month, shown read-only in the admin."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse

from reports.kpi.formula import formula_rows
from reports.models import KpiThreshold

pytestmark = pytest.mark.django_db


def test_weights_must_add_up_to_100():
    thresholds = KpiThreshold(valid_from=dt.date(2030, 1, 1), visitors_weight=50)
    with pytest.raises(ValidationError) as error:
        thresholds.full_clean()
    assert "engagement_weight" in error.value.message_dict
    with pytest.raises(IntegrityError):
        thresholds.save()


def test_yellow_cannot_start_above_green():
    thresholds = KpiThreshold(valid_from=dt.date(2030, 1, 1), green_above=60, yellow_above=70)
    with pytest.raises(ValidationError) as error:
        thresholds.full_clean()
    assert "yellow_above" in error.value.message_dict


def test_a_target_must_be_above_zero():
    thresholds = KpiThreshold(valid_from=dt.date(2030, 1, 1), advocacy_target=0)
    with pytest.raises(ValidationError) as error:
        thresholds.full_clean()
    assert "advocacy_target" in error.value.message_dict
    with pytest.raises(IntegrityError):
        thresholds.save()


def test_thresholds_in_force_for_a_month():
    demo = KpiThreshold.objects.get(valid_from=dt.date(2018, 1, 1))  # from the demo
    later = KpiThreshold.objects.create(valid_from=dt.date(2030, 1, 1), green_above=80)
    assert KpiThreshold.for_period(dt.date(2029, 12, 1)) == demo
    assert KpiThreshold.for_period(dt.date(2030, 1, 1)) == later
    assert KpiThreshold.for_period(dt.date(2017, 5, 1)).pk is None  # the defaults, unsaved


def test_formula_rows_list_every_indicator_with_the_documented_defaults():
    rows = formula_rows(KpiThreshold().as_dict(), months=3)
    defaults = {row["indicator"]: (str(row["target"]), str(row["period_target"]), row["weight"]) for row in rows}
    assert defaults == {
        "engagement": ("2", "6", 30),
        "participants": ("40", "120", 20),
        "advocacy": ("0.5", "1.5", 20),
        "publication": ("1", "3", 15),
        "services": ("1", "3", 5),
        "visitors": ("1", "3", 10),
    }
    assert sum(r["weight"] for r in rows) == 100
    assert (KpiThreshold().green_above, KpiThreshold().yellow_above) == (75, 25)


def test_admin_edits_thresholds_and_sees_the_formula(client_as):
    client = client_as("admin")
    thresholds = KpiThreshold.objects.get(valid_from=dt.date(2018, 1, 1))
    url = reverse("admin:reports_kpithreshold_change", args=[thresholds.pk])
    html = client.get(url).content.decode()
    assert "min(1" in html  # the read-only formula
    response = client.get(reverse("admin:reports_kpithreshold_add"))
    assert response.status_code == 200
    assert client_as("dkpus.babel").get(url).status_code == 302  # not staff: sent to the admin login
