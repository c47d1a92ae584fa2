"""The import page: upload, preview with places to pick, confirm; for every role, within its area."""

import datetime as dt

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from activities.choices import RecordSource
from activities.models import Activity
from libraries.models import Library
from sim.models import SimPlace, SimUpload

from ..conftest import LIBRARIAN as LIBRARIAN_ROLE
from .conftest import SAMPLE_FILES, UNPLACED, sources

pytestmark = pytest.mark.django_db
UPLOAD = reverse("sim:upload")


def upload(client, files=None):
    files = files if files is not None else sources()
    payload = {"files": [SimpleUploadedFile(name, data) for name, data in files]}
    return client.post(UPLOAD, payload)


def sim_records() -> int:
    return Activity.objects.filter(source=RecordSource.SIM).count()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("admin", 200),
        ("dkpus.babel", 200),
        ("dkpus.bali", 200),
        ("dispus.bangka", 200),
        ("konsultan", 403),
        (LIBRARIAN_ROLE, 403),
    ],
)
def test_the_page_is_for_staff_and_administrators(client_as, role, status):
    client = client_as(role)
    assert client.get(UPLOAD).status_code == status
    if status == 403:
        assert upload(client).status_code == 403
        assert not SimUpload.objects.exists()


def test_anonymous_users_are_sent_to_log_in(client):
    response = client.get(UPLOAD)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("role", ["admin", "dkpus.babel", "dispus.bangka"])
def test_staff_of_the_regency_import_the_sample_picking_the_places(client_as, user, role):
    client = client_as(role)
    response = upload(client)
    assert response.status_code == 302
    pending = SimUpload.objects.get(user=user(role))
    preview = client.get(response["Location"])
    content = preview.content.decode()
    assert preview.status_code == 200
    assert content.count('data-testid="sim-unplaced"') == 3
    for name, villages in UNPLACED.items():
        assert name in content
        for code in villages:
            assert f'value="village:{code}"' in content
    assert 'data-testid="sim-confirm"' not in content
    assert sim_records() == 0

    picks = {"Perpustakaan Cahaya Riding Panjang": "19.01.03.2003", "Perpustakaan Desa Tiang Tarah": "19.01.06.2005"}
    form = {}
    for index, unplaced in enumerate(preview.context["plan"].unplaced):
        form[f"key-{index}"] = unplaced.key
        form[f"place-{index}"] = f"village:{picks[unplaced.name]}" if unplaced.name in picks else "skip"
    assert client.post(response["Location"], form).status_code == 302
    ready = client.get(response["Location"])
    assert 'data-testid="sim-confirm"' in ready.content.decode()

    done = client.post(reverse("sim:confirm", args=[pending.token]))
    assert done.status_code == 302
    assert sim_records() == 79
    assert Library.objects.filter(name="Perpustakaan Cahaya Riding Panjang", village_id="19.01.03.2003").exists()
    assert not Library.objects.filter(name="Perpustakaan Desa Air Duren").exists()
    assert SimPlace.objects.filter(chosen_by=user(role)).count() == 3
    assert not SimUpload.objects.exists()
    assert not any(default_storage.exists(f["path"]) for f in pending.files)

    again = upload(client)
    preview = client.get(again["Location"])
    counts = {kind: c for kind, _label, c in preview.context["plan"].rows()}
    assert counts["pelibatan"].unchanged == 50 and counts["pelibatan"].created == 0
    assert not preview.context["plan"].unplaced
    client.post(reverse("sim:confirm", args=[SimUpload.objects.get().token]))
    assert sim_records() == 79


def test_records_outside_the_users_area_are_refused_naming_the_place(client_as):
    client = client_as("dkpus.bali")
    response = upload(client)
    preview = client.get(response["Location"])
    content = preview.content.decode()
    assert 'data-testid="sim-problems"' in content and "Kabupaten Bangka" in content
    token = SimUpload.objects.get().token
    assert client.post(reverse("sim:confirm", args=[token])).status_code == 302
    assert sim_records() == 0 and not Library.objects.filter(name="Taman Bacaan Pelangi Rebo").exists()


def test_a_regency_user_cannot_import_another_regencys_records(client_as, tmp_path):
    belitung = [(name, data.replace(b"Kab. Bangka", b"Kab. Belitung")) for name, data in sources()]
    client = client_as("dispus.bangka")
    preview = client.get(upload(client, belitung)["Location"])
    assert "Kabupaten Belitung" in preview.content.decode()
    assert preview.context["plan"].problems


def test_an_upload_is_only_its_uploaders(client_as):
    location = upload(client_as("dispus.bangka"))["Location"]
    token = SimUpload.objects.get().token
    other = client_as("dkpus.babel")
    assert other.get(location).status_code == 404
    assert other.post(reverse("sim:confirm", args=[token])).status_code == 404
    assert other.get(reverse("sim:preview", args=["x" * 40])).status_code == 404


def test_an_expired_upload_is_forgotten_with_its_files(client_as):
    client = client_as("dispus.bangka")
    location = upload(client)["Location"]
    pending = SimUpload.objects.get()
    SimUpload.objects.filter(pk=pending.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(location)
    assert response.status_code == 302 and response["Location"] == UPLOAD
    assert not SimUpload.objects.exists()
    assert not any(default_storage.exists(f["path"]) for f in pending.files)


def test_a_place_not_offered_is_not_taken(client_as):
    client = client_as("dispus.bangka")
    location = upload(client)["Location"]
    plan = client.get(location).context["plan"]
    form = {}
    for index, unplaced in enumerate(plan.unplaced):
        form[f"key-{index}"] = unplaced.key
        form[f"place-{index}"] = "village:19.02.01.2001"  # a village of another regency, never offered
    client.post(location, form)
    assert SimUpload.objects.get().choices == {}
    assert len(client.get(location).context["plan"].unplaced) == 3


def test_the_preview_keeps_nothing_the_browser_could_change(client_as):
    """The counts come from the stored files: the preview page carries only the token."""
    client = client_as("dispus.bangka")
    location = upload(client)["Location"]
    content = client.get(location).content.decode()
    assert "perpus_nama" not in content and 'name="files"' not in content


def test_sample_files_are_all_offered(client_as):
    client = client_as("dispus.bangka")
    upload(client)
    assert [f["name"] for f in SimUpload.objects.get().files] == [p.name for p in SAMPLE_FILES]


def test_a_place_picked_that_no_longer_fits_is_asked_again(client_as):
    client = client_as("dispus.bangka")
    location = upload(client)["Location"]
    plan = client.get(location).context["plan"]
    form = {}
    for index, unplaced in enumerate(plan.unplaced):
        form[f"key-{index}"] = unplaced.key
        village = "19.01.06.2005" if "Tiang Tarah" in unplaced.name else "19.01.03.2003"
        form[f"place-{index}"] = "skip" if "Air Duren" in unplaced.name else f"village:{village}"
    client.post(location, form)
    assert not client.get(location).context["plan"].unplaced
    # Meanwhile Tiang Tarah got a village library and a reading park of other names.
    Library.objects.create(name="Perpustakaan Tiang", level="village", province_id="19", village_id="19.01.06.2005")
    Library.objects.create(name="TBM Tiang", level="tbm", province_id="19", village_id="19.01.06.2005")
    plan = client.get(location).context["plan"]
    assert not plan.problems
    assert [u.name for u in plan.unplaced] == ["Perpustakaan Desa Tiang Tarah"]
