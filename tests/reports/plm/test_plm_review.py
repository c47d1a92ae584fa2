"""A PLM over a period: attendance by regency, the KPI over the period, award shortlists from verified records
against a ranking worked out by hand, pairs for peer support, the period's form rules, and scope."""

import datetime as dt

import pytest
from django.urls import reverse

from activities.models import Activity
from libraries.places import find_place
from reports.kpi.period import Period
from reports.models import MonthlyReport, PeerLearningMeeting
from reports.plm import review as plm_review
from tests.conftest import LIBRARIAN
from tests.scoping import ScopedViewsCase

from .. import dataset
from ..dataset import PERIOD, PREVIOUS

pytestmark = pytest.mark.django_db


@pytest.fixture
def libs():
    libs = dataset.build()
    # Verified reports of December 2030 too, so that visitors can grow: B 10 -> 50, J 20 -> 70.
    MonthlyReport.objects.filter(library=libs["B"], period=PREVIOUS).update(status="verified")
    MonthlyReport.objects.create(library=libs["J"], period=PREVIOUS, status="verified", visitors=20)
    # J's first engagement event, in G's field (agriculture): J and G share it across Nusa Tenggara Barat.
    Activity.objects.create(library=libs["J"], date=dt.date(2031, 1, 20), strategy="community_engagement",
                            title="Sekolah lapang", field="agriculture", event_kind="training")  # fmt: skip
    return libs


def meeting(libs, level="national", **place) -> PeerLearningMeeting:
    plm = PeerLearningMeeting.objects.create(
        title="PLM Januari", level=level, date=dt.date(2031, 2, 20), host="Perpusnas", period=PERIOD,
        period_end=PERIOD, **place,
    )  # fmt: skip
    plm.libraries.add(libs["A"], libs["B"], libs["G"])
    return plm


def names(libs, rows) -> list[str]:
    keys = {lib.name: key for key, lib in libs.items()}
    return [keys[row["name"]] for row in rows]


def test_the_shortlists_rank_verified_records(libs):
    place = find_place("national", "ID")
    rows = plm_review.shortlist_rows(place, Period(PERIOD, PERIOD))
    lists = plm_review.shortlists(rows)
    assert names(libs, lists["participants"]) == ["G", "A"]  # 65 and 25 (B's events are not verified)
    assert [row["value"] for row in lists["participants"]] == [65, 25]
    assert names(libs, lists["advocacy"]) == ["A", "G"]  # one result each: by name
    assert names(libs, lists["publications"]) == ["G"]  # A's and R's are not verified
    assert names(libs, lists["visitor_growth"]) == ["J", "B"]  # +50, +40; C has no verified January
    assert [row["value"] for row in lists["visitor_growth"]] == [50, 40]


def test_a_regency_meeting_lists_its_own_partners_only(libs):
    rows = plm_review.shortlist_rows(find_place("regency", "51.71"), Period(PERIOD, PERIOD))
    assert set(names(libs, rows)) == {"A", "B", "C"}


def test_pairs_for_peer_support(libs):
    plm = meeting(libs)
    found = plm_review.review(plm, find_place("national", "ID"))
    pairs = {
        names(libs, [p["pair"].needing])[0]: p for p in found["pairs"] if p["pair"].needing["name"] != libs["PV"].name
    }
    assert set(pairs) == {"C", "H", "J"}
    assert names(libs, [pairs["C"]["pair"].mentor]) == ["A"] and pairs["C"]["pair"].field == "education"
    assert names(libs, [pairs["H"]["pair"].mentor]) == ["G"] and pairs["H"]["pair"].nearby == "regency"
    assert names(libs, [pairs["J"]["pair"].mentor]) == ["G"] and pairs["J"]["pair"].nearby == "province"
    assert pairs["J"]["pair"].field == "agriculture"
    assert found["summary"]["states"] == {"green": 2, "yellow": 2, "red": 4, "not_scored": 1}
    attendance = {row["code"]: row["libraries"] for row in found["attendance"]}
    assert attendance == {"51.71": 2, "52.71": 1}  # A and B of Denpasar, G of Mataram


def test_the_review_page(libs, client_as, django_assert_max_num_queries):
    plm = meeting(libs, level="province", province_id="51")
    client = client_as("dkpus.bali")
    url = reverse("reports:plm_review", args=[plm.pk])
    client.get(url)
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="shortlist-participants"' in html and libs["A"].name in html
    assert html.count('data-testid="pair"') == 1  # C with A, in Denpasar
    assert client_as("dkpus.babel").get(url).status_code == 404


@pytest.mark.parametrize(
    ("end", "field"), [("2030-11", "period_end"), ("2034-01", "period_end"), ("2031-03", "period_end")]
)
def test_the_period_rules(libs, end, field):
    from django.core.exceptions import ValidationError

    plm = PeerLearningMeeting(title="PLM", level="national", date=dt.date(2031, 2, 20), host="Perpusnas",
                              period=PERIOD, period_end=dt.date.fromisoformat(f"{end}-01"))  # fmt: skip
    with pytest.raises(ValidationError) as error:
        plm.full_clean()
    assert field in error.value.message_dict


class TestPlmReviewScoping(ScopedViewsCase):
    def make(self, library):
        plm = PeerLearningMeeting.objects.create(
            title="PLM", level="regency", regency_id=library.regency_id, province_id=library.province_id,
            date=dt.date(2021, 9, 21), host="Dinas", period=dt.date(2021, 1, 1), period_end=dt.date(2021, 8, 1),
        )  # fmt: skip
        plm.libraries.add(library)
        return plm

    def view_urls(self, obj):
        return [reverse("reports:plm_review", args=[obj.pk])]


def test_a_librarian_sees_the_review_of_a_meeting_they_attended(db, client_as):
    from tests.scoping import library_at

    plm = TestPlmReviewScoping().make(library_at("own_village"))
    assert client_as(LIBRARIAN).get(reverse("reports:plm_review", args=[plm.pk])).status_code == 200
