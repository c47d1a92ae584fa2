"""The IPLM contribution: each figure against the dataset computed by hand, unknown apart from zero, the verified
reading, completeness, the regencies' totals, the page, the workbook's documented layout, scope and bad input."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from foundation.scope import Place
from libraries.models import Library
from libraries.places import find_place
from reports import kept
from reports.iplm import figures
from reports.iplm import forms as iplm_forms
from tests.conftest import LIBRARIAN
from tests.scoping import ScopedViewsCase

from .. import dataset

pytestmark = pytest.mark.django_db
YEAR = 2031
KEYS = figures.KEYS


@pytest.fixture(autouse=True)
def today(monkeypatch):
    """The page's today: March 2032, so that 2031 is the last whole year (the default)."""
    monkeypatch.setattr(iplm_forms, "today", lambda: dt.date(2032, 3, 10))


@pytest.fixture(autouse=True)
def nothing_kept():
    """Pages kept by an earlier test (their rows rolled back without signals) are not read."""
    kept.invalidate_all()


@pytest.fixture
def libs():
    return dataset.build()


def by_key(libs, rows) -> dict:
    names = {lib.name: key for key, lib in libs.items()}
    return {names[row["name"]]: row for row in rows}


def values(row, *keys) -> tuple:
    return tuple(row["figures"][key] for key in keys)


# What each partner of 2031 recorded in the dataset, by hand (None: no source record in the year).
ENTERED = {
    #      activities, participants, partnerships, policy, visitors, loans, ict, books, digital, computers
    "A": (2, 125, 1, 0, 100, 40, 20, 1250, 0, 0),  # Feb snapshot is the year's latest; Feb event (100) counts
    "B": (2, 20, 0, 0, 50, 10, 8, None, None, None),
    "C": (0, 0, 0, 0, None, None, None, None, None, None),  # a returned activity; its report returned
    "E": (None, None, None, None, None, None, None, None, None, None),  # a draft report only
    "G": (2, 65, 1, 1, 30, 5, 3, 800, 0, 2),
    "H": (None, None, None, None, 12, 0, 0, None, None, None),
    "J": (0, 0, 0, 0, 70, 20, 10, None, None, None),
    "R": (0, 0, 1, 0, None, None, None, None, None, None),  # non-funds advocacy, a publication
    "PV": (None, None, None, None, 500, 200, 50, None, None, None),
}


def test_every_partner_figure_as_counted_by_hand(libs):
    rows = by_key(libs, figures.library_rows(find_place("national", "ID"), YEAR))
    assert set(rows) == set(ENTERED)  # D (2032), F (inactive) and I (no cohort) are not partners in 2031
    for key, expected in ENTERED.items():
        assert values(rows[key], *KEYS) == expected, key
    assert rows["A"]["months_reported"] == 1 and rows["E"]["months_reported"] == 0


def test_the_verified_reading_counts_verified_records_and_reports_only(libs):
    rows = by_key(libs, figures.library_rows(find_place("national", "ID"), YEAR, verified_only=True))
    assert values(rows["A"], "literacy_activities", "literacy_participants", "partnerships") == (1, 25, 1)
    assert values(rows["A"], "visitors", "books", "digital_books", "computers") == (None, 1200, 40, 3)
    assert values(rows["B"], "literacy_activities", "visitors") == (None, 50)
    assert values(rows["G"], "literacy_activities", "literacy_participants", "policy_documents") == (2, 65, 1)
    assert values(rows["G"], "visitors", "books") == (None, 800)
    assert values(rows["J"], "visitors", "loans", "ict_users") == (70, 20, 10)


def test_another_year_counts_its_own_records(libs):
    rows = by_key(libs, figures.library_rows(find_place("national", "ID"), 2030))
    assert values(rows["A"], "literacy_activities", "literacy_participants", "visitors") == (
        2,
        116,
        80,
    )  # 30 November and 31 December
    assert "B" not in rows  # joined in 2031


def test_a_regency_total_and_its_completeness(libs):
    rows = figures.library_rows(find_place("regency", "51.71"), YEAR)
    assert [row["name"] for row in rows] == [libs[k].name for k in "ABC"]
    total = figures.total(rows)
    assert total["partners"] == 3
    assert values(total, "literacy_activities", "literacy_participants", "visitors", "books") == (4, 145, 150, 1250)
    assert total["known"]["visitors"] == 2 and total["completeness"]["visitors"] == pytest.approx(2 / 3)
    assert total["completeness"]["books"] == pytest.approx(1 / 3)


def test_nobody_known_stays_unknown_not_zero(libs):
    total = figures.total(figures.library_rows(find_place("regency", "51.03"), YEAR))  # E only
    assert total["partners"] == 1 and total["figures"]["visitors"] is None
    assert total["completeness"]["visitors"] == 0


def test_the_regencies_totals_equal_their_libraries(libs):
    province = find_place("province", "52")
    regencies = {row["code"]: row for row in figures.regency_rows(province, YEAR)}
    assert set(regencies) == {"52.71", "52.72"}
    for code, row in regencies.items():
        expected = figures.total(figures.library_rows(find_place("regency", code), YEAR))
        assert row["figures"] == expected["figures"], code
        assert row["known"] == expected["known"] and row["partners"] == expected["partners"], code
    summed = figures.sum_regencies(list(regencies.values()))
    assert summed["partners"] == 4 and summed["figures"]["visitors"] == 30 + 12 + 70


def test_npp_keys_the_rows(libs):
    Library.objects.filter(pk=libs["A"].pk).update(npp="5171001D1000001")
    rows = by_key(libs, figures.library_rows(find_place("regency", "51.71"), YEAR))
    assert rows["A"]["npp"] == "5171001D1000001" and rows["B"]["npp"] == ""
    assert figures.total(list(rows.values()))["with_npp"] == 1


def test_one_library(libs):
    rows = figures.library_rows(Place.of_library(libs["G"]), YEAR)
    assert len(rows) == 1 and values(rows[0], "policy_documents", "computers") == (1, 2)


def page(client, scope, code, **query):
    return client.get(reverse("reports:iplm_detail", args=[scope, code]), query)


def test_the_regency_page(libs, client_as, django_assert_max_num_queries):
    client = client_as("dkpus.bali")
    page(client, "regency", "51.71")
    with django_assert_max_num_queries(8):
        response = page(client, "regency", "51.71")
    assert response.status_code == 200
    html = response.content.decode()
    assert libs["A"].name in html and libs["D"].name not in html
    assert 'data-testid="iplm-row"' in html and html.count('data-testid="iplm-row"') == 3
    assert 'data-testid="complete-visitors">67%' in html
    assert f"?year={YEAR}&amp;reading=entered" in html  # the default: the last whole year


def test_the_province_page_lists_its_regencies(libs, client_as, django_assert_max_num_queries):
    client = client_as("admin")
    page(client, "province", "52", year=YEAR)
    with django_assert_max_num_queries(8):
        response = page(client, "province", "52", year=YEAR)
    html = response.content.decode()
    assert response.status_code == 200 and html.count('data-testid="iplm-row"') == 2
    assert reverse("reports:iplm_detail", args=["regency", "52.72"]) in html


def test_the_query_count_does_not_grow_with_the_libraries(libs, client_as, django_assert_max_num_queries):
    client = client_as("admin")
    page(client, "national", "ID", year=YEAR)
    Library.objects.update(is_active=True)
    with django_assert_max_num_queries(8):
        assert page(client, "national", "ID", year=YEAR).status_code == 200


@pytest.mark.parametrize("query", [{"year": "9999"}, {"year": "x"}, {"reading": "all"}, {"year": "1999"}])
def test_a_bad_query_is_a_clear_error(libs, client_as, query):
    response = page(client_as("admin"), "national", "ID", **query)
    assert response.status_code == 400
    assert 'data-testid="error-' in response.content.decode()


def test_the_workbook_has_the_documented_layout(libs, client_as):
    Library.objects.filter(pk=libs["A"].pk).update(npp="5171001D1000001")
    client = client_as("dkpus.bali")
    response = client.get(reverse("reports:iplm_export", args=["regency", "51.71"]), {"year": YEAR})
    assert response.status_code == 200
    assert 'filename="iplm-regency-51-71-2031-entered.xlsx"' in response["Content-Disposition"]
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["IPLM", "Kelengkapan", "Sumber"]
    sheet = book["IPLM"]
    header = [cell.value for cell in sheet[3]]
    assert header == [
        "NPP",
        "Perpustakaan",
        "Tingkat",
        "Kode kabupaten/kota",
        "Bulan yang dilaporkan",
        *(WORKBOOK_COLUMNS),
    ]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=4)]
    first = rows[0]
    assert first[0] == "5171001D1000001" and first[1] == libs["A"].name and first[3] == "51.71"
    assert first[5:] == list(ENTERED["A"])
    assert rows[-1][5:] == [4, 145, 1, 0, 150, 50, 28, 1250, 0, 0]
    completeness = {row[0].value: row[3].value for row in book["Kelengkapan"].iter_rows(min_row=2)}
    assert completeness["Pengunjung"] == pytest.approx(2 / 3)


#: The figures' columns of the workbook, in Indonesian whatever the user's language (docs/iplm.md).
WORKBOOK_COLUMNS = [
    "Kegiatan literasi",
    "Peserta kegiatan literasi",
    "Kemitraan dengan pihak luar",
    "Dokumen kebijakan",
    "Pengunjung",
    "Peminjaman",
    "Pengguna TIK",
    "Buku",
    "Buku digital",
    "Komputer",
]


def test_the_page_is_kept_until_a_record_of_its_area_changes(libs, client_as):
    from activities.models import Activity

    client = client_as("dkpus.bali")
    first = page(client, "regency", "51.71", year=YEAR).content.decode()
    assert ">145<" in first
    with CaptureQueriesContext(connection) as queries:
        page(client, "regency", "51.71", year=YEAR)
    assert not [q for q in queries.captured_queries if "WITH lib AS" in q["sql"]]  # kept: no figures statement
    Activity.objects.create(library=libs["B"], date=dt.date(2031, 5, 1), strategy="community_engagement",
                            title="Lomba baca", participants=5)  # fmt: skip
    assert ">150<" in page(client, "regency", "51.71", year=YEAR).content.decode()


def test_the_sources_page_explains_every_figure(db, client_as):
    html = client_as(LIBRARIAN).get(reverse("reports:iplm_sources")).content.decode()
    for indicator in figures.INDICATORS:
        assert str(indicator.how) in html.replace("&#x27;", "'")


@pytest.mark.parametrize(("role", "landing"), [("admin", "national/ID"), ("dispus.bangka", "regency/19.01"),
                                               (LIBRARIAN, "library/")])  # fmt: skip
def test_the_menu_leads_to_the_users_area(db, client_as, role, landing):
    response = client_as(role).get(reverse("reports:iplm"))
    assert response.status_code == 302 and f"/iplm/{landing}" in response["Location"]


class TestLibraryIplmScoping(ScopedViewsCase):
    writers = set()

    def make(self, library):
        return library

    def view_urls(self, obj):
        return [
            reverse("reports:iplm_detail", args=["library", obj.pk]),
            reverse("reports:iplm_export", args=["library", obj.pk]),
        ]


@pytest.mark.parametrize(
    ("role", "status"), [("admin", 200), ("dkpus.babel", 200), ("dispus.bangka", 200), ("dkpus.bali", 404),
                         (LIBRARIAN, 404)],
)  # fmt: skip
def test_a_regency_page_is_for_its_area(db, client_as, role, status):
    client = client_as(role)
    assert page(client, "regency", "19.01").status_code == status
    export = client.get(reverse("reports:iplm_export", args=["regency", "19.01"]))
    assert export.status_code == status
