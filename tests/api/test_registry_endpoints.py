"""Synergy teams and their parts, trainings, activity photos and success stories through the API."""

import datetime as dt
import io

import pytest
from PIL import Image

from accounts.models import RoleAssignment
from activities.models import Activity, ActivityPhoto, SuccessStory, Training
from libraries.models import Commitment, Library, SynergyTeam, TeamMember

from ..activities.factories import GPS_IFD, image_bytes, jpeg_bytes
from ..conftest import LIBRARIAN
from .uploads import photo_upload

PHOTOS = "/api/v1/activity-photos/"


@pytest.fixture
def own_library(db):
    return RoleAssignment.objects.get(user__username=LIBRARIAN).library


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def babel_team(db):
    return SynergyTeam.objects.get(province_id="19", level="province")


# --- synergy teams ---------------------------------------------------------------------------------------------


def test_teams_with_their_summary(api_as, babel_team):
    rows = api_as("konsultan").get("/api/v1/synergy-teams/", {"province": "19", "level": "province"}).json()
    [team] = rows["results"]
    assert team["id"] == babel_team.pk
    assert team["active_members"] == babel_team.members.filter(is_active=True).count()
    assert team["open_commitments"] == babel_team.commitments.open().count()


def test_a_librarian_reads_the_provincial_team_but_does_not_change_it(api_as, babel_team):
    client = api_as(LIBRARIAN)
    assert client.get(f"/api/v1/synergy-teams/{babel_team.pk}/").status_code == 200
    assert client.patch(f"/api/v1/synergy-teams/{babel_team.pk}/", {"name": "x"}, format="json").status_code == 403
    members = client.get("/api/v1/team-members/", {"team": babel_team.pk, "page_size": 100}).json()
    assert members["count"] == babel_team.members.count() > 0


def test_a_team_has_one_chair(api_as, babel_team):
    TeamMember.objects.create(team=babel_team, name="Ketua", institution="Bappeda", sector="government", role="chair")
    body = {
        "team": babel_team.pk,
        "name": "Ketua kedua",
        "institution": "DPMD",
        "sector": "government",
        "role": "chair",
    }
    response = api_as("dkpus.babel").post("/api/v1/team-members/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"role": ["This team already has a chair."]}


def test_a_commitment_marked_done_needs_evidence(api_as, babel_team):
    client = api_as("dkpus.babel")
    body = {"team": babel_team.pk, "kind": "regulation", "party": "Biro Hukum", "description": "Pergub TPBIS"}
    created = client.post("/api/v1/commitments/", body, format="json").json()
    url = f"/api/v1/commitments/{created['id']}/"
    response = client.patch(url, {"status": "done"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"evidence_link": ["A commitment marked done needs evidence: a file or a link."]}
    done = client.patch(url, {"status": "done", "evidence_link": "https://jdih.babelprov.go.id/pergub"}, format="json")
    assert done.status_code == 200
    assert done.json()["completed_on"] == dt.date.today().isoformat()
    assert Commitment.objects.get(pk=created["id"]).status == "done"


def test_a_commitment_stays_with_its_team(api_as, babel_team):
    commitment = babel_team.commitments.first()
    other = SynergyTeam.objects.create(name="Tim Bangka", level="regency", province_id="19", regency_id="19.01")
    response = api_as("dkpus.babel").patch(
        f"/api/v1/commitments/{commitment.pk}/", {"team": other.pk}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400
    assert response.json() == {"team": ["A record does not move to another synergy team."]}


# --- trainings -------------------------------------------------------------------------------------------------


def test_a_training_keeps_the_libraries_the_editor_cannot_see(api_as):
    bangka = Library.objects.filter(regency_id="19.01", level="village").first()
    belitung = Library.objects.filter(regency_id="19.02", level="village").first()
    training = Training.objects.create(
        title="Bimtek SPP-TIK",
        organiser="DKPUS",
        start_date=dt.date(2021, 5, 22),
        end_date=dt.date(2021, 5, 25),
        province_id="19",
        regency_id="19.01",
    )
    training.libraries.add(bangka, belitung)
    client = api_as("dispus.bangka")
    shown = client.get(f"/api/v1/trainings/{training.pk}/").json()
    assert (shown["libraries"], shown["libraries_total"]) == ([bangka.pk], 2)
    response = client.patch(f"/api/v1/trainings/{training.pk}/", {"libraries": []}, format="json")
    assert response.status_code == 200
    assert set(training.libraries.values_list("pk", flat=True)) == {belitung.pk}


def test_a_librarian_sees_a_training_their_library_attended(api_as, own_library):
    training = Training.objects.create(
        title="Bimtek nasional", organiser="Perpusnas", start_date=dt.date(2021, 7, 27), end_date=dt.date(2021, 7, 29)
    )
    listed = {row["id"] for row in api_as(LIBRARIAN).get("/api/v1/trainings/").json()["results"]}
    assert training.pk not in listed
    training.libraries.add(own_library)
    listed = {row["id"] for row in api_as(LIBRARIAN).get("/api/v1/trainings/").json()["results"]}
    assert training.pk in listed


# --- photos ----------------------------------------------------------------------------------------------------


@pytest.fixture
def activity(own_library):
    return Activity.objects.create(
        library=own_library, date=dt.date(2019, 9, 14), strategy="advocacy", title="Audiensi"
    )


def upload(client, activity, content, **extra):
    body = {"activity": activity.pk, "image": photo_upload(content), **extra}
    return client.post(PHOTOS, body, format="multipart", HTTP_ACCEPT_LANGUAGE="en")


def test_a_photo_is_cleaned_like_on_the_form_and_served_only_in_scope(api_as, activity):
    response = upload(api_as(LIBRARIAN), activity, jpeg_bytes(size=(2400, 1800)), caption="Audiensi")
    assert response.status_code == 201, response.content
    photo = response.json()
    assert (photo["width"], photo["height"], photo["caption"]) == (1600, 1200, "Audiensi")
    listed = api_as("dkpus.babel").get(f"/api/v1/activities/{activity.pk}/").json()["photos"]
    assert [p["id"] for p in listed] == [photo["id"]]
    served = api_as("dkpus.babel").get(photo["file_url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(b"".join(served.streaming_content))) as image:
        assert GPS_IFD not in image.getexif()
        assert image.size == (1600, 1200)
    thumb = api_as(LIBRARIAN).get(photo["thumbnail_url"], HTTP_ACCEPT="image/jpeg")
    with Image.open(io.BytesIO(b"".join(thumb.streaming_content))) as image:
        assert max(image.size) == 480
    outsider = api_as("dkpus.bali").get(photo["file_url"], HTTP_ACCEPT="image/jpeg")
    assert (outsider.status_code, outsider["Content-Type"]) == (404, "application/json")
    assert api_as(LIBRARIAN).get(photo["file_url"], {"size": "huge"}).status_code == 400


def test_what_is_not_a_photo_is_refused(api_as, activity):
    response = upload(api_as(LIBRARIAN), activity, image_bytes("GIF"))
    assert response.status_code == 400
    assert response.json() == {"image": ["Only JPEG, PNG or WebP photos are accepted."]}
    response = upload(api_as(LIBRARIAN), activity, b"MZ\x90\x00 not a photo")
    assert response.json() == {"image": ["This file is not a photo: upload a JPEG, PNG or WebP image."]}
    assert not activity.photos.exists()


def test_a_repeated_upload_stores_the_photo_once(api_as, activity):
    client = api_as(LIBRARIAN)
    first = upload(client, activity, jpeg_bytes(size=(300, 200)), client_token="hp-rebo-1")
    again = upload(client, activity, jpeg_bytes(size=(300, 200)), client_token="hp-rebo-1")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert activity.photos.count() == 1


def test_photos_per_activity_are_limited(api_as, activity, settings):
    settings.TPBIS_PHOTOS_PER_ACTIVITY = 1
    client = api_as(LIBRARIAN)
    assert upload(client, activity, jpeg_bytes(size=(300, 200))).status_code == 201
    response = upload(client, activity, jpeg_bytes(size=(300, 200)))
    assert response.status_code == 400
    assert response.json() == {"image": ["An activity can have at most 1 photos."]}


def test_only_those_who_may_change_the_activity_add_or_remove_photos(api_as, activity):
    assert upload(api_as("konsultan"), activity, jpeg_bytes(size=(300, 200))).status_code == 403
    photo = upload(api_as("dispus.bangka"), activity, jpeg_bytes(size=(300, 200))).json()
    assert api_as("konsultan").delete(f"{PHOTOS}{photo['id']}/").status_code == 403
    assert api_as(LIBRARIAN).delete(f"{PHOTOS}{photo['id']}/").status_code == 204
    assert not ActivityPhoto.objects.filter(pk=photo["id"]).exists()


# --- success stories -------------------------------------------------------------------------------------------


def test_a_story_links_only_an_activity_of_its_library(api_as, own_library, activity):
    elsewhere = Activity.objects.create(
        library=Library.objects.filter(regency_id="19.01").exclude(pk=own_library.pk).first(),
        date=dt.date(2019, 9, 1),
        strategy="advocacy",
        title="Lain",
    )
    body = {
        "library": own_library.pk,
        "activity": elsewhere.pk,
        "date": "2019-09-20",
        "person_name": "Ibu Sari",
        "title": "Anyaman pandan",
        "story": "Penghasilan naik",
    }
    client = api_as("dispus.bangka")
    response = client.post("/api/v1/success-stories/", body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json() == {"activity": ["The activity belongs to another library."]}
    created = client.post("/api/v1/success-stories/", {**body, "activity": activity.pk}, format="json")
    assert created.status_code == 201
    assert SuccessStory.objects.get(pk=created.json()["id"]).created_by.username == "dispus.bangka"


def test_stories_filter_by_consent(api_as, own_library):
    make = SuccessStory.objects.create
    agreed = make(
        library=own_library, date=dt.date(2019, 9, 2), person_name="A", title="Ya", story="x", consent_to_publish=True
    )
    make(library=own_library, date=dt.date(2019, 9, 3), person_name="B", title="Tidak", story="y")
    query = {"library": own_library.pk, "period": "2019-09", "consent_to_publish": "true"}
    rows = api_as("dkpus.babel").get("/api/v1/success-stories/", query).json()["results"]
    assert [row["id"] for row in rows] == [agreed.pk]
    assert api_as("dkpus.babel").get("/api/v1/success-stories/", {"consent_to_publish": "maybe"}).status_code == 400


# --- rules the models keep (the forms and the API alike) -------------------------------------------------------


def test_aid_and_decree_dates_may_not_lie_in_the_future(api_as, own_library):
    client = api_as("dkpus.babel")
    next_year = dt.date.today().year + 1
    aid = {"library": own_library.pk, "year": next_year, "item": "books", "quantity": 10}
    answer = client.post("/api/v1/aid/", aid, format="json")
    assert answer.status_code == 400 and "year" in answer.json()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    aid = {**aid, "year": tomorrow.year, "received_on": tomorrow.isoformat()}
    answer = client.post("/api/v1/aid/", aid, format="json")
    assert answer.status_code == 400 and "received_on" in answer.json()
    answer = client.patch(f"/api/v1/libraries/{own_library.pk}/", {"decree_date": tomorrow.isoformat()}, format="json")
    assert answer.status_code == 400 and "decree_date" in answer.json()
    own_library.refresh_from_db()
    assert own_library.decree_date != tomorrow
