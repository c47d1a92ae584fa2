"""The data-quality figure (records flagged, settled, open) per library and region, on the dashboards and in
the PLM briefing, which lists the open flags of its area."""

import datetime as dt

import pytest
from django.urls import reverse

from activities.models import Activity, Flag
from evidence import resolving
from evidence.quality import panel, quality
from libraries.models import Library

from .records import late_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def flagged(user, committed):
    """Only the flags made here: three late records of two Bangka libraries (their demo records gone), one
    of them settled."""
    rebo = Library.objects.get(village_id="19.01.01.2007")
    other = Library.objects.filter(regency_id="19.01", level="village").exclude(pk=rebo.pk).order_by("pk").first()
    Activity.objects.filter(library__in=[rebo, other]).delete()
    Flag.objects.all().delete()
    with committed():
        records = [late_activity(rebo, 3), late_activity(rebo, 10), late_activity(other, 5)]
    resolving.accept(
        records[0].evidence_flags.get(), records[0], user("dispus.bangka"), "Diinput setelah sinyal pulih."
    )
    return rebo, other, records


def test_the_figure_per_region_and_library(flagged):
    rebo, other, _records = flagged
    total, parts = quality("regency", "19.01")
    assert (total.flagged, total.resolved, total.open) == (3, 1, 2)
    assert {key: (q.flagged, q.resolved, q.open) for key, q in parts.items()} == {
        rebo.pk: (2, 1, 1),
        other.pk: (1, 0, 1),
    }
    total, parts = quality("national", "id")
    assert {key: q.open for key, q in parts.items()} == {"19": 2}
    assert quality("library", str(rebo.pk))[0].resolved == 1
    assert quality("province", "51")[0].flagged == 0


def test_a_record_with_two_flags_counts_once_and_is_settled_when_both_are(flagged, user, committed):
    rebo, _other, records = flagged
    record = records[1]
    with committed():
        twin = Activity.objects.create(
            library=rebo,
            date=dt.date(2025, 3, 11),
            strategy="community_engagement",
            title="Kelas 10",
            participants=9,
            entered_on=dt.date(2025, 3, 12),
        )
    assert record.evidence_flags.count() == 2  # late, and a duplicate of the twin a day after
    assert twin.evidence_flags.get().related == [record.pk]
    assert quality("library", str(rebo.pk))[0].flagged == 3
    for flag in record.evidence_flags.all():
        resolving.accept(flag, record, user("dispus.bangka"), "Sudah dicek.")
    figure = quality("library", str(rebo.pk))[0]
    assert (figure.flagged, figure.resolved, figure.open) == (3, 2, 1)


def test_the_regency_dashboard_shows_the_figure_and_follows_an_acceptance(flagged, client_as, user):
    rebo, other, records = flagged
    client = client_as("dispus.bangka")
    url = reverse("reports:dashboard_detail", args=["regency", "19.01"])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="data-quality"' in html
    assert "3 catatan ditandai, 1 sudah diselesaikan verifikatornya, 2 masih terbuka." in html
    assert html.count('data-testid="quality-row"') == 2
    resolving.accept(records[2].evidence_flags.get(), records[2], user("dispus.bangka"), "Benar.")
    assert (
        "3 catatan ditandai, 2 sudah diselesaikan verifikatornya, 1 masih terbuka." in client.get(url).content.decode()
    )
    assert [name for name, _q in panel("regency", "19.01")["rows"]] == [rebo.name, other.name]


def test_the_plm_briefing_lists_the_open_flags_of_its_area(flagged, client_as, committed):
    _rebo, other, records = flagged
    bali = Library.objects.filter(province_id="51").first()
    with committed():
        late_activity(bali, 7)
    url = reverse("reports:plm_briefing", args=["2021-08", "province", "19"])
    client = client_as("dkpus.babel")
    response = client.get(url)
    assert response.status_code == 200
    listed = response.context["open_flags"]
    assert sorted(flag.object_id for flag in listed) == sorted([records[1].pk, records[2].pk])
    html = response.content.decode()
    assert 'data-testid="briefing-flags"' in html and other.name in html
    assert "Diinput 40 hari setelah tanggal catatan." in html
    assert "3 catatan ditandai, 1 sudah diselesaikan verifikatornya, 2 masih terbuka." in html


def test_the_progress_report_shows_the_figure_of_its_area(flagged, client_as):
    response = client_as("dkpus.babel").get(reverse("reports:progress_detail", args=["2021-08", "province", "19"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="data-quality"' in html
    assert "3 catatan ditandai, 1 sudah diselesaikan verifikatornya, 2 masih terbuka." in html
    assert html.count('data-testid="quality-row"') == 1  # Kabupaten Bangka, the one regency with flags
