"""Pages and exports show only what the reader's area allows, as the API does."""

import datetime as dt

import pytest
from django.urls import reverse

from accounts.models import RoleAssignment, User
from libraries.models import Library
from reports.models import PeerLearningMeeting

from .conftest import LIBRARIAN
from .scoping import library_at

pytestmark = pytest.mark.django_db


def test_a_national_meeting_lists_only_the_readers_libraries(client_as):
    babel = library_at("own_village")  # a national meeting is seen by the librarians of its libraries
    bali = Library.objects.filter(province_id="51", level="village").order_by("pk").first()
    meeting = PeerLearningMeeting.objects.create(
        title="PLM nasional", level="national", date=dt.date(2021, 9, 21), host="Perpusnas", period=dt.date(2021, 8, 1)
    )
    meeting.libraries.add(babel, bali)
    meeting.presentations.create(kind="achievement", library=bali, title="Kampung literasi Bali")
    meeting.presentations.create(kind="achievement", library=babel, title="Anyaman Bangka")
    url = reverse("reports:plm_detail", args=[meeting.pk])
    html = client_as(LIBRARIAN).get(url).content.decode()
    assert babel.name in html and "Anyaman Bangka" in html
    assert bali.name not in html and "Kampung literasi Bali" not in html
    assert [count for _label, count in client_as(LIBRARIAN).get(url).context["participant_counts"]] == [1]
    html = client_as("admin").get(url).content.decode()
    assert babel.name in html and bali.name in html


@pytest.fixture
def two_province_account():
    """Someone working for DKPUS Babel and, on the side, for DKPUS Bali."""
    account = User.objects.create(username="dua.provinsi", first_name="Dua")
    RoleAssignment.objects.create(user=account, role="province_staff", province_id="19")
    RoleAssignment.objects.create(user=account, role="province_staff", province_id="51")
    return account


def test_user_pages_show_only_the_roles_in_the_readers_area(client_as, two_province_account):
    client = client_as("dkpus.babel")
    detail = client.get(reverse("accounts:user_detail", args=[two_province_account.pk])).content.decode()
    listing = client.get(reverse("accounts:user_list"), {"q": "dua.provinsi"}).content.decode()
    for html in (detail, listing):
        assert "Kepulauan Bangka Belitung" in html
        assert "Bali" not in html
    export = client.get(reverse("accounts:user_list"), {"export": "csv", "q": "dua.provinsi"}).content.decode()
    rows = [line for line in export.splitlines() if line.startswith("dua.provinsi")]
    assert len(rows) == 1 and "Kepulauan Bangka Belitung" in rows[0] and "Bali" not in rows[0]
    admin = client_as("admin").get(reverse("accounts:user_detail", args=[two_province_account.pk])).content.decode()
    assert "Bali" in admin
