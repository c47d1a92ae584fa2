"""A decompression bomb is refused before decoding, an upload's memory is bounded, and ten photos are ten."""

import io
import subprocess
import sys
import textwrap
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from PIL import Image

from activities.models import ActivityPhoto
from activities.photos import MAX_PIXELS, clean_photo, save_photo

from ..api.uploads import photo_upload
from ..scoping import library_at
from .factories import jpeg_bytes, make_activity


def png_bomb(side: int = 7000) -> bytes:
    """A few kilobytes of PNG that decode to ``side`` by ``side`` pixels."""
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def test_a_pixel_bomb_is_refused_with_a_clear_message():
    bomb = png_bomb()
    assert len(bomb) < 100_000  # tiny on the wire
    with pytest.raises(ValidationError) as refused:
        clean_photo(photo_upload(bomb, "bom.png"))
    assert refused.value.code == "too_many_pixels"
    assert "40" in refused.value.messages[0]


def test_a_bomb_beyond_pillows_own_limit_is_refused_the_same_way():
    with pytest.raises(ValidationError) as refused:
        clean_photo(photo_upload(png_bomb(20_000), "bom.png"))
    assert refused.value.code == "too_many_pixels"


PEAK = textwrap.dedent(
    """
    import io, resource, sys
    import django
    django.setup()
    from activities.photos import clean_photo
    from django.core.files.uploadedfile import SimpleUploadedFile
    data = open(sys.argv[1], "rb").read()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    from django.core.exceptions import ValidationError
    try:
        clean_photo(SimpleUploadedFile("x", data))
        outcome = "accepted"
    except ValidationError:
        outcome = "refused"
    print(outcome, (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
    """
)


def peak(tmp_path, content: bytes) -> tuple[str, int]:
    """Whether a fresh process accepts the upload, and how much checking it raised its peak memory (MB)."""
    path = tmp_path / "upload"
    path.write_bytes(content)
    done = subprocess.run([sys.executable, "-c", PEAK, str(path)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    outcome, megabytes = done.stdout.split()[-2:]
    return outcome, int(megabytes)


@pytest.mark.parametrize(
    ("name", "make", "expected"),
    [
        ("the bomb", lambda: png_bomb(), ("refused", 20)),
        # The largest PNG accepted (decoded in full, 4 bytes a pixel: 156 MB) and a JPEG (decoded at a reduced scale).
        ("a 39 MP PNG", lambda: _png(7200, 5400), ("accepted", 220)),
        ("a 39 MP JPEG", lambda: jpeg_bytes(size=(7200, 5400), gps=False), ("accepted", 60)),
    ],
)
def test_an_uploads_peak_memory_is_bounded(tmp_path, name, make, expected):
    outcome, megabytes = peak(tmp_path, make())
    assert outcome == expected[0], name
    assert megabytes < expected[1], (name, megabytes)


def _png(width: int, height: int) -> bytes:
    assert width * height < MAX_PIXELS
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (30, 120, 60)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_concurrent_uploads_keep_the_photo_limit(demo_db, settings, tmp_path):
    """Fourteen uploads to one activity at once, each on its own database connection: ten are stored."""
    settings.MEDIA_ROOT = tmp_path
    activity = make_activity(library_at("own_village"))
    cleaned = clean_photo(photo_upload(jpeg_bytes(size=(64, 48), gps=False)))
    barrier = threading.Barrier(14)
    outcomes = []

    def upload(number: int):
        try:
            barrier.wait()
            cleaned.image.seek(0)
            save_photo(activity, None, None, token=f"thread-{number}", cleaned=_copy(cleaned))
            outcomes.append("stored")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload, args=(n,)) for n in range(14)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["stored"] * settings.TPBIS_PHOTOS_PER_ACTIVITY + ["too_many"] * 4
    assert ActivityPhoto.objects.filter(activity=activity).count() == settings.TPBIS_PHOTOS_PER_ACTIVITY
    stored = list((tmp_path / "activity-photos").rglob("*.jpg"))
    assert len(stored) == 2 * settings.TPBIS_PHOTOS_PER_ACTIVITY  # the refused ones left no files behind


def _copy(cleaned):
    from django.core.files.base import ContentFile

    from activities.photos import CleanPhoto

    cleaned.image.seek(0)
    cleaned.thumbnail.seek(0)
    return CleanPhoto(
        image=ContentFile(cleaned.image.read(), name="photo.jpg"),
        thumbnail=ContentFile(cleaned.thumbnail.read(), name="thumb.jpg"),
        width=cleaned.width,
        height=cleaned.height,
    )
