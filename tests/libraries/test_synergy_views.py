"""Synergy teams, members, meetings and commitments: scope per role, forms, tracker, query counts."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from libraries.models import Commitment, Meeting, SynergyTeam, TeamMember

from ..conftest import LIBRARIAN
from ..scoping import ROLES, STAFF, ScopedViewsCase, library_at
from .factories import commitment_at, meeting_at, member_at, team_at


def urls(name: str, obj) -> list[str]:
    return [reverse(f"libraries:{name}_edit", args=[obj.pk]), reverse(f"libraries:{name}_delete", args=[obj.pk])]


class TestSynergyTeamScoping(ScopedViewsCase):
    def make(self, library):
        return team_at(library)

    def view_urls(self, obj):
        return [reverse("libraries:synergyteam_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return urls("synergyteam", obj)

    def list_url(self):
        return reverse("libraries:synergyteam_list")


class TestTeamMemberScoping(ScopedViewsCase):
    def make(self, library):
        return member_at(library)

    def view_urls(self, obj):
        return [reverse("libraries:teammember_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return urls("teammember", obj)

    def list_url(self):
        return reverse("libraries:teammember_list")


class TestMeetingScoping(ScopedViewsCase):
    def make(self, library):
        return meeting_at(library)

    def view_urls(self, obj):
        return [reverse("libraries:meeting_detail", args=[obj.pk])]

    def change_urls(self, obj):
        return urls("meeting", obj)

    def list_url(self):
        return reverse("libraries:meeting_list")


class TestCommitmentScoping(ScopedViewsCase):
    def make(self, library):
        commitment = commitment_at(library)
        commitment.evidence_file = SimpleUploadedFile("bukti.pdf", b"%PDF-1.4 bukti")
        commitment.save()
        return commitment

    def view_urls(self, obj):
        return [
            reverse("libraries:commitment_detail", args=[obj.pk]),
            reverse("libraries:commitment_evidence", args=[obj.pk]),
        ]

    def change_urls(self, obj):
        return urls("commitment", obj)

    def list_url(self):
        return reverse("libraries:commitment_list")


ADD_PAGES = ["synergyteam_add", "teammember_add", "meeting_add", "commitment_add"]


@pytest.mark.parametrize("page", ADD_PAGES)
@pytest.mark.parametrize("role", ROLES)
def test_add_pages_are_for_staff_only(client_as, role, page):
    expected = 200 if role in STAFF else 403
    assert client_as(role).get(reverse(f"libraries:{page}")).status_code == expected


def test_regency_staff_and_librarians_read_their_province_team_but_cannot_change_it(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    for role in ("dispus.bangka", LIBRARIAN):
        client = client_as(role)
        assert client.get(reverse("libraries:synergyteam_detail", args=[babel.pk])).status_code == 200
        assert client.get(reverse("libraries:synergyteam_edit", args=[babel.pk])).status_code == 403
    assert client_as("dkpus.bali").get(reverse("libraries:synergyteam_detail", args=[babel.pk])).status_code == 404


def test_team_dropdown_lists_only_teams_the_user_may_change(client_as):
    bangka = team_at(library_at("own_village"), name="Tim Sinergi Bangka")
    team_at(library_at("belitung_village"), name="Tim Sinergi Belitung")
    response = client_as("dispus.bangka").get(reverse("libraries:commitment_add"))
    assert list(response.context["form"].fields["team"].queryset) == [bangka]
    babel = client_as("dkpus.babel").get(reverse("libraries:commitment_add")).context["form"].fields["team"]
    assert {team.province_id for team in babel.queryset} == {"19"}
    assert babel.queryset.count() == 3


def test_team_region_dropdowns_are_scoped_and_checked(client_as):
    client = client_as("dispus.bangka")
    form = client.get(reverse("libraries:synergyteam_add")).context["form"]
    assert list(form.fields["regency"].queryset.values_list("code", flat=True)) == ["19.01"]
    # a regency user may not set up a provincial team, even in the province they can see
    data = {"name": "Tim Provinsi", "level": "province", "province": "19", "is_active": "on"}
    response = client.post(reverse("libraries:synergyteam_add"), data)
    assert response.status_code == 200
    assert "province" in response.context["form"].errors
    assert not SynergyTeam.objects.filter(name="Tim Provinsi").exists()


def test_team_form_validates_level_and_dates(client_as):
    client = client_as("dkpus.babel")
    tomorrow = timezone.localdate() + timedelta(days=1)
    data = {"name": "Tim Kab", "level": "regency", "province": "19", "decree_date": tomorrow.isoformat()}
    response = client.post(reverse("libraries:synergyteam_add"), data)
    errors = response.context["form"].errors
    assert set(errors) == {"regency", "decree_date"}
    assert 'value="Tim Kab"' in response.content.decode()


def test_dkpus_creates_a_regency_team_with_history(client_as, user):
    client = client_as("dkpus.babel")
    data = {"name": "Tim Sinergi Bangka Barat", "level": "regency", "province": "19", "regency": "19.03"}
    response = client.post(reverse("libraries:synergyteam_add"), data)
    team = SynergyTeam.objects.get(name="Tim Sinergi Bangka Barat")
    assert response.status_code == 302 and response["Location"] == team.get_absolute_url()
    record = team.history.get()
    assert (record.history_type, record.history_user) == ("+", user("dkpus.babel"))


def test_commitment_form_rules(client_as):
    client = client_as("dkpus.babel")
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    bali_meeting = Meeting.objects.filter(team__province_id="51").first()
    data = {
        "team": babel.pk,
        "meeting": bali_meeting.pk,
        "kind": "budget",
        "party": "Bappeda",
        "description": "Anggaran",
        "amount": "satu juta",
        "status": "done",
    }
    response = client.post(reverse("libraries:commitment_add"), data)
    errors = response.context["form"].errors
    assert set(errors) == {"meeting", "amount", "evidence_link"}
    assert 'value="satu juta"' in response.content.decode()


def test_commitment_amount_typed_indonesian_style_is_shown_as_rupiah(client_as):
    client = client_as("dkpus.babel")
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    data = {
        "team": babel.pk,
        "kind": "budget",
        "party": "Bappeda Babel",
        "description": "Alokasi APBD untuk perpustakaan desa",
        "amount": "Rp 1.500.000",
        "due_date": "2030-12-31",
        "status": "planned",
    }
    response = client.post(reverse("libraries:commitment_add"), data)
    commitment = Commitment.objects.get(party="Bappeda Babel")
    assert commitment.amount == 1_500_000
    page = client.get(response["Location"]).content.decode()
    assert "Rp 1.500.000" in page
    edit = client.get(reverse("libraries:commitment_edit", args=[commitment.pk])).content.decode()
    assert 'value="1.500.000"' in edit


def test_done_commitment_with_evidence_gets_completion_date(client_as):
    client = client_as("dkpus.babel")
    commitment = Commitment.objects.get(team__province_id="19", kind="regulation")
    data = {
        "team": commitment.team_id,
        "kind": "regulation",
        "party": commitment.party,
        "description": commitment.description,
        "status": "done",
        "evidence_file": SimpleUploadedFile("pergub.pdf", b"%PDF-1.4 pergub"),
    }
    response = client.post(reverse("libraries:commitment_edit", args=[commitment.pk]), data)
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.completed_on == timezone.localdate()
    download = client.get(reverse("libraries:commitment_evidence", args=[commitment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 pergub"
    assert (
        client_as("dkpus.bali").get(reverse("libraries:commitment_evidence", args=[commitment.pk])).status_code == 404
    )


def test_evidence_of_the_wrong_kind_is_refused(client_as):
    client = client_as("dkpus.babel")
    commitment = Commitment.objects.get(team__province_id="19", kind="regulation")
    data = {
        "team": commitment.team_id,
        "kind": "regulation",
        "party": commitment.party,
        "description": commitment.description,
        "status": "in_progress",
        "evidence_file": SimpleUploadedFile("virus.exe", b"MZ"),
    }
    response = client.post(reverse("libraries:commitment_edit", args=[commitment.pk]), data)
    assert "evidence_file" in response.context["form"].errors


def test_member_form_allows_one_chair(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    data = {"team": babel.pk, "name": "Ketua Kedua", "institution": "Bappeda", "sector": "government", "role": "chair"}
    response = client_as("dkpus.babel").post(reverse("libraries:teammember_add"), {**data, "is_active": "on"})
    assert "role" in response.context["form"].errors


def test_meeting_minutes_cannot_be_recorded_before_the_meeting(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    later = timezone.localdate() + timedelta(days=7)
    data = {"team": babel.pk, "date": later, "kind": "meeting", "mode": "virtual", "agenda": "A", "minutes": "B"}
    response = client_as("dkpus.babel").post(reverse("libraries:meeting_add"), data)
    assert "date" in response.context["form"].errors
    data["minutes"] = ""
    assert client_as("dkpus.babel").post(reverse("libraries:meeting_add"), data).status_code == 302


def test_add_from_a_team_page_preselects_the_team(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    client = client_as("dkpus.babel")
    form = client.get(reverse("libraries:commitment_add"), {"team": babel.pk}).context["form"]
    assert form.initial["team"] == babel
    assert {m.team_id for m in form.fields["meeting"].queryset} == {babel.pk}
    bali = SynergyTeam.objects.get(province_id="51")
    assert "team" not in client.get(reverse("libraries:commitment_add"), {"team": bali.pk}).context["form"].initial


def test_tracker_puts_overdue_then_open_commitments_first(client_as):
    library = library_at("own_village")
    team = team_at(library)
    today = timezone.localdate()
    before = client_as("dispus.bangka").get(reverse("libraries:commitment_list")).context["counts"]
    done = commitment_at(library, team=team, party="Selesai", status="done", evidence_link="https://example.org/a")
    later = commitment_at(library, team=team, party="Nanti", due_date=today + timedelta(days=30))
    overdue = commitment_at(library, team=team, party="Terlambat", due_date=today - timedelta(days=3))
    undated = commitment_at(library, team=team, party="Tanpa tenggat", status="in_progress")
    response = client_as("dispus.bangka").get(reverse("libraries:commitment_list"), {"team": team.pk})
    order = [row.record for row in response.context["table"].paginated_rows]
    assert order == [overdue, later, undated, done]
    # the summary counts the whole tracker of the user's area
    after = response.context["counts"]
    assert (after["open"], after["overdue"], after["total"]) == (
        before["open"] + 3,
        before["overdue"] + 1,
        before["total"] + 4,
    )
    overdue_only = client_as("dispus.bangka").get(reverse("libraries:commitment_list"), {"overdue": "true"})
    overdue_rows = [row.record for row in overdue_only.context["table"].paginated_rows]
    assert overdue in overdue_rows and all(c.is_overdue for c in overdue_rows)
    assert len(overdue_rows) == after["overdue"]


def test_babel_pergub_commitment_is_overdue_in_the_demo(client_as):
    response = client_as("dkpus.babel").get(reverse("libraries:commitment_list"))
    first = next(iter(response.context["table"].paginated_rows)).record
    assert first.kind == "regulation" and first.is_overdue
    assert "Biro Hukum" in response.content.decode()


def test_team_history_shows_member_changes_readably_and_only_in_scope(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    client = client_as("dkpus.babel")
    member = TeamMember.objects.get(team=babel, name="Feryandi")
    data = {
        "team": babel.pk,
        "name": "Feryandi",
        "position": "Ketua",
        "institution": member.institution,
        "sector": "media",
        "role": "member",
        "is_active": "on",
    }
    assert client.post(reverse("libraries:teammember_edit", args=[member.pk]), data).status_code == 302
    response = client.get(reverse("libraries:synergyteam_detail", args=[babel.pk]))
    entry = response.context["history"][0]
    assert entry.user == "DKPUS Babel" and entry.action == "~"
    assert [(c.label, c.old, c.new) for c in entry.changes] == [("Sektor", "Komunitas", "Media")]
    assert "Komunitas" in response.content.decode() and "<ins>Media</ins>" in response.content.decode()
    assert client_as("dkpus.bali").get(reverse("libraries:synergyteam_detail", args=[babel.pk])).status_code == 404


def test_deleting_a_commitment_stays_in_the_team_history(client_as):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    commitment = Commitment.objects.filter(team=babel).first()
    client = client_as("dkpus.babel")
    assert client.post(reverse("libraries:commitment_delete", args=[commitment.pk])).status_code == 302
    history = client.get(reverse("libraries:synergyteam_detail", args=[babel.pk])).context["history"]
    assert (history[0].action, history[0].object_label) == ("-", str(commitment))


@pytest.mark.parametrize(
    "name,limit", [("synergyteam_list", 10), ("teammember_list", 10), ("meeting_list", 10), ("commitment_list", 11)]
)
def test_list_query_counts(client_as, django_assert_max_num_queries, name, limit):
    client = client_as("dkpus.babel")
    for place in ("own_village", "belitung_village"):
        for _ in range(3):
            commitment_at(library_at(place))
            member_at(library_at(place))
            meeting_at(library_at(place))
    with django_assert_max_num_queries(limit):
        assert client.get(reverse(f"libraries:{name}"), {"per_page": 100}).status_code == 200


def test_detail_query_counts(client_as, django_assert_max_num_queries):
    client = client_as("dkpus.babel")
    team = SynergyTeam.objects.get(province_id="19", level="province")
    pages = {
        "synergyteam_detail": (team.pk, 16),
        "teammember_detail": (team.members.first().pk, 11),
        "meeting_detail": (team.meetings.last().pk, 11),
        "commitment_detail": (team.commitments.first().pk, 11),
    }
    for name, (pk, limit) in pages.items():
        with django_assert_max_num_queries(limit):
            assert client.get(reverse(f"libraries:{name}", args=[pk])).status_code == 200, name


def test_demo_has_the_public_record(db):
    babel = SynergyTeam.objects.get(province_id="19", level="province")
    assert babel.formed_on == date(2021, 4, 22)
    assert {m.sector for m in babel.members.all()} == {"government", "academia", "community"}
    assert babel.meetings.count() >= 5
    bali = SynergyTeam.objects.get(province_id="51")
    meeting = bali.meetings.get(date=date(2021, 3, 9))
    assert meeting.mode == "virtual"
    assert sorted(meeting.commitments.values_list("kind", flat=True)) == ["internet", "kkn", "mou"]
