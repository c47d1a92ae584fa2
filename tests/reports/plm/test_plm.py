"""Peer Learning Meetings: scoped CRUD with presentations and follow-ups, the briefing pack, the Babel demo."""

import datetime as dt
import io

import pytest
from django.db.models import Count
from django.urls import reverse
from pypdf import PdfReader

from libraries.models import Library
from reports.demo import PLM_DATE, PLM_PERIOD
from reports.models import MonthlyReport, PeerLearningMeeting, PlmFollowUp, PlmPresentation, ProgressReport
from reports.progress.compile import compile_reports
from tests.conftest import LIBRARIAN
from tests.scoping import ScopedViewsCase


class TestPlmScoping(ScopedViewsCase):
    """A regency meeting where the library took part: staff of the area manage it, its librarian reads it."""

    def make(self, library):
        meeting = PeerLearningMeeting.objects.create(
            level="regency",
            regency=library.regency,
            title=f"PLM {library.regency}",
            date=dt.date(2021, 9, 21),
            host="Dinas Perpustakaan",
            period=dt.date(2021, 8, 1),
        )
        meeting.libraries.add(library)
        return meeting

    def view_urls(self, obj):
        return [obj.get_absolute_url()]

    def change_urls(self, obj):
        return [reverse("reports:plm_edit", args=[obj.pk]), reverse("reports:plm_delete", args=[obj.pk])]

    def list_url(self):
        return reverse("reports:plm_list")


def management(prefix, total=2, initial=0):
    return {f"{prefix}-TOTAL_FORMS": total, f"{prefix}-INITIAL_FORMS": initial, f"{prefix}-MIN_NUM_FORMS": 0,
            f"{prefix}-MAX_NUM_FORMS": 1000}  # fmt: skip


def plm_post(**overrides):
    library = Library.objects.filter(regency_id="19.06", level="village").first()
    data = {
        "title": "PLM Belitung Timur",
        "level": "regency",
        "province": "19",
        "regency": "19.06",
        "date": "2021-10-12",
        "mode": "hybrid",
        "host": "Dinas Perpustakaan Kabupaten Belitung Timur",
        "place": "Manggar",
        "period": "2021-09",
        "libraries": [library.pk],
        **management("presentations"),
        "presentations-0-kind": "tips",
        "presentations-0-library": library.pk,
        "presentations-0-title": "Lapak baca di pasar",
        "presentations-0-summary": "Membuka lapak baca setiap hari pasar.",
        **management("follow_ups"),
        "follow_ups-0-action": "Menambah koleksi buku pertanian",
        "follow_ups-0-owner": "Dinas Perpustakaan",
        "follow_ups-0-due_date": "2021-12-01",
        "follow_ups-0-status": "open",
        "follow_ups-1-status": "open",  # as a browser sends the untouched extra form
    }
    data.update(overrides)
    return data


def test_dkpus_records_a_meeting_with_presentations_and_follow_ups(client_as):
    client = client_as("dkpus.babel")
    assert client.get(reverse("reports:plm_add")).status_code == 200
    response = client.post(reverse("reports:plm_add"), plm_post())
    assert response.status_code == 302, response.context and (
        response.context["form"].errors,
        response.context["presentation_formset"].errors,
        response.context["follow_up_formset"].errors,
    )
    meeting = PeerLearningMeeting.objects.get(title="PLM Belitung Timur")
    assert (meeting.level, meeting.province_id, meeting.regency_id, meeting.period) == (
        "regency",
        "19",
        "19.06",
        dt.date(2021, 9, 1),
    )
    assert meeting.created_by.username == "dkpus.babel"
    assert list(meeting.presentations.values_list("title", flat=True)) == ["Lapak baca di pasar"]
    assert list(meeting.follow_ups.values_list("owner", flat=True)) == ["Dinas Perpustakaan"]
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert "Lapak baca di pasar" in html and "Menambah koleksi buku pertanian" in html


def test_a_rejected_meeting_keeps_what_was_typed(client_as):
    client = client_as("dkpus.babel")
    response = client.post(reverse("reports:plm_add"), plm_post(title="", **{"follow_ups-0-due_date": "besok"}))
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert response.context["follow_up_formset"].errors[0]["due_date"]
    html = response.content.decode()
    assert "Dinas Perpustakaan Kabupaten Belitung Timur" in html and "Lapak baca di pasar" in html
    assert not PeerLearningMeeting.objects.filter(host__contains="Belitung Timur").exists()


def test_dkpus_cannot_record_a_meeting_outside_its_province(client_as):
    response = client_as("dkpus.babel").post(
        reverse("reports:plm_add"), plm_post(level="province", province="51", regency="")
    )
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not PlmPresentation.objects.filter(title="Lapak baca di pasar").exists()


def test_editing_deletes_and_adds_follow_ups(client_as):
    meeting = PeerLearningMeeting.objects.get(date=PLM_DATE, province_id="19")
    client = client_as("dkpus.babel")
    data = plm_post(level="province", regency="", title=meeting.title, date="2021-09-21", period="2021-08")
    data.update(management("presentations", total=0))
    follow_ups = list(meeting.follow_ups.all())
    data.update(management("follow_ups", total=len(follow_ups) + 1, initial=len(follow_ups)))
    for index, item in enumerate(follow_ups):
        data.update({f"follow_ups-{index}-id": item.pk, f"follow_ups-{index}-action": item.action,
                     f"follow_ups-{index}-owner": item.owner, f"follow_ups-{index}-due_date": item.due_date,
                     f"follow_ups-{index}-status": "done"})  # fmt: skip
    data[f"follow_ups-{len(follow_ups) - 1}-DELETE"] = "on"
    index = len(follow_ups)
    data.update({f"follow_ups-{index}-action": "Evaluasi triwulan", f"follow_ups-{index}-owner": "DKPUS",
                 f"follow_ups-{index}-due_date": "2022-01-10", f"follow_ups-{index}-status": "open"})  # fmt: skip
    response = client.post(reverse("reports:plm_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.context and response.context["follow_up_formset"].errors
    statuses = list(meeting.follow_ups.order_by("due_date").values_list("action", "status"))
    assert len(statuses) == len(follow_ups)
    assert ("Evaluasi triwulan", "open") in statuses
    assert all(status == "done" for action, status in statuses if action != "Evaluasi triwulan")


def test_librarians_see_the_meetings_their_library_attended(client_as):
    response = client_as(LIBRARIAN).get(reverse("reports:plm_list"))
    assert response.status_code == 200
    titles = {row.record.title for row in response.context["table"].paginated_rows}
    assert titles == {"Peer Learning Meeting TPBIS Provinsi Kepulauan Bangka Belitung 2021"}
    assert client_as("dkpus.bali").get(reverse("reports:plm_list")).context["table"].paginator.count == 0


def test_the_babel_demo_meeting(client_as):
    meeting = PeerLearningMeeting.objects.get(date=PLM_DATE, province_id="19")
    assert (meeting.level, meeting.mode, meeting.period) == ("province", "virtual", PLM_PERIOD)
    counts = dict(meeting.libraries.values_list("level").annotate(n=Count("pk")))
    assert counts == {"regency": 6, "village": 45}
    assert set(meeting.presentations.values_list("kind", flat=True)) == {"achievement", "tips", "challenge"}
    assert meeting.follow_ups.count() == 3
    html = client_as("dkpus.babel").get(meeting.get_absolute_url()).content.decode()
    assert "21 Sep 2021" in html  # the portal's one date style
    assert 'data-testid="plm-reviewed-report"' in html  # the demo compiled its month's reports
    assert "45" in html and "6" in html


def test_plm_pages_query_counts(client_as, django_assert_max_num_queries):
    meeting = PeerLearningMeeting.objects.get(date=PLM_DATE, province_id="19")
    client = client_as("dkpus.babel")
    for url, limit in [
        (reverse("reports:plm_list"), 10),
        (meeting.get_absolute_url(), 14),
        (reverse("reports:plm_edit", args=[meeting.pk]), 16),
        (reverse("reports:plm_add"), 12),
        (reverse("reports:plm_briefing", args=["2021-08", "province", "19"]), 14),
    ]:
        client.get(url)
        with django_assert_max_num_queries(limit):
            assert client.get(url).status_code == 200, url


@pytest.fixture
def briefing_data(db):
    """Babel in September 2022, a month the demo leaves empty: one strong, one late, one returned, the rest missing."""
    villages = list(Library.objects.filter(province_id="19", level="village").order_by("pk")[:3])
    strong, late, weak = villages
    from activities.models import Activity

    plan = [(3, "community_engagement", 60), (9, "community_engagement", 45), (12, "advocacy", 4),
            (20, "media_publication", 0)]  # fmt: skip
    for day, strategy, people in plan:
        Activity.objects.create(
            library=strong,
            date=dt.date(2022, 9, day),
            strategy=strategy,
            title=f"Kegiatan {day}",
            participants_female=people,
            media_kind="social_media",
        )
    Activity.objects.create(library=late, date=dt.date(2022, 9, 15), strategy="community_engagement",
                            title="Kelas menjahit", skill_area="menjahit", participants_female=30)  # fmt: skip
    tz = dt.timezone(dt.timedelta(hours=7))
    MonthlyReport.objects.create(library=strong, period=dt.date(2022, 9, 1), status="verified",
                                 submitted_at=dt.datetime(2022, 10, 2, tzinfo=tz))  # fmt: skip
    MonthlyReport.objects.create(library=late, period=dt.date(2022, 9, 1), status="submitted",
                                 submitted_at=dt.datetime(2022, 10, 20, tzinfo=tz))  # fmt: skip
    MonthlyReport.objects.create(library=weak, period=dt.date(2022, 9, 1), status="returned",
                                 submitted_at=dt.datetime(2022, 10, 3, tzinfo=tz),
                                 problems="Listrik sering padam", next_steps="Minta genset ke desa")  # fmt: skip
    compile_reports(dt.date(2022, 9, 1), "province", "19")
    return strong, late, weak


def test_briefing_pack_ranks_libraries_and_shows_laggards_problems(briefing_data, client_as):
    strong, late, weak = briefing_data
    response = client_as("dkpus.babel").get(reverse("reports:plm_briefing", args=["2022-09", "province", "19"]))
    assert response.status_code == 200
    ranked = response.context["ranked"]
    # Only partners that recorded something are scored: the strong one and the late one.
    assert [row.library_id for row in ranked] == [strong.pk, late.pk]
    assert ranked[0].kpi_colour == "green"
    # The returned report is not counted: the weak one recorded nothing, is not yet scored, and needs support
    # first among those not scored, since it told us what is wrong.
    laggards = response.context["laggards"]
    assert laggards[0].library_id == weak.pk and laggards[0].kpi_colour == "not_scored"
    babel = ProgressReport.objects.get(period=dt.date(2022, 9, 1), scope="province", code="19")
    assert response.context["not_scored"] == babel.figures["kpi"]["not_scored"] > 40
    html = response.content.decode()
    assert "Listrik sering padam" in html and "Minta genset ke desa" in html
    assert 'data-testid="briefing-records"' in html and "Pelibatan masyarakat menurut bidang kegiatan" in html
    practices = response.context["practices"]
    assert practices[0].reached == 60 and practices[0].library_id == strong.pk


def test_briefing_pack_pdf(briefing_data, client_as):
    response = client_as("dispus.bangka").get(reverse("reports:plm_briefing_pdf", args=["2022-09", "province", "19"]))
    assert response.status_code == 404  # a regency's staff cannot open the province's pack
    response = client_as("dkpus.babel").get(reverse("reports:plm_briefing_pdf", args=["2022-09", "province", "19"]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Bahan pengarahan PLM" in text and "September 2022" in text
    assert "Listrik sering padam" in text
    assert "1 / " in text


def test_follow_up_overdue_badge(client_as):
    meeting = PeerLearningMeeting.objects.get(date=PLM_DATE, province_id="19")
    PlmFollowUp.objects.filter(meeting=meeting).update(status="open", due_date=dt.date(2021, 10, 1))
    html = client_as("admin").get(meeting.get_absolute_url()).content.decode()
    assert html.count("lewat batas waktu") == 3


def test_editing_keeps_the_attending_libraries_outside_the_editors_area(client_as):
    """A guest library from Bali attended the Babel meeting (national staff added it); Babel's staff save the
    meeting with their own libraries changed, and the guest stays on the list though they never saw it."""
    meeting = PeerLearningMeeting.objects.get(date=PLM_DATE, province_id="19")
    guest = Library.objects.filter(province_id="51").first()
    meeting.libraries.add(guest)
    client = client_as("dkpus.babel")
    form = client.get(reverse("reports:plm_edit", args=[meeting.pk])).context["form"]
    assert guest not in form.fields["libraries"].queryset
    babel = list(meeting.libraries.filter(province_id="19").values_list("pk", flat=True))
    data = plm_post(level="province", regency="", title=meeting.title, date="2021-09-21", period="2021-08",
                    libraries=babel[:3])  # fmt: skip
    data.update(management("presentations", total=0))
    data.update(management("follow_ups", total=0))
    response = client.post(reverse("reports:plm_edit", args=[meeting.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    assert set(meeting.libraries.values_list("pk", flat=True)) == {*babel[:3], guest.pk}
