"""Activity photos: checked by content, re-encoded without EXIF/GPS, served only within scope."""

import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from activities.models import ActivityPhoto
from activities.photos import clean_photo, save_photo

from ..conftest import LIBRARIAN
from ..scoping import ScopedViewsCase, library_at
from .factories import GPS_IFD, image_bytes, jpeg_bytes, make_activity

pytestmark = pytest.mark.django_db


def upload(content: bytes, name="foto.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def add_photo(client, activity, content, name="foto.jpg", **extra):
    return client.post(
        reverse("activities:activity_photo_add", args=[activity.pk]),
        {"image": upload(content, name), **extra},
        HTTP_ACCEPT="application/json",
    )


def test_a_text_file_named_like_a_photo_is_rejected(client_as):
    activity = make_activity(library_at("own_village"))
    response = add_photo(client_as(LIBRARIAN), activity, b"MZ\x90\x00 not a photo at all", name="foto.jpg")
    assert response.status_code == 400
    assert "image" in response.json()["errors"]
    assert not activity.photos.exists()


def test_a_gif_is_rejected_even_though_it_is_an_image():
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(image_bytes("GIF"), "anim.gif"))
    assert error.value.code == "format"


def test_a_truncated_jpeg_is_rejected():
    content = jpeg_bytes(gps=False)
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(content[: len(content) // 2]))
    assert error.value.code in {"corrupt", "not_an_image"}


def test_a_truncated_jpeg_is_rejected_after_a_pdf_was_rendered():
    """WeasyPrint switches Pillow to accepting truncated images when it is imported; photos stay checked whole."""
    import weasyprint  # noqa: F401

    content = jpeg_bytes(gps=False)
    ImageFile.LOAD_TRUNCATED_IMAGES = True  # as WeasyPrint leaves it
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(content[: len(content) // 2]))
    assert error.value.code == "corrupt"
    assert clean_photo(upload(content)).width == 1600


def test_a_photo_over_the_size_limit_is_rejected(settings):
    settings.TPBIS_PHOTO_MAX_BYTES = 10_000
    with pytest.raises(ValidationError) as error:
        clean_photo(upload(jpeg_bytes()))
    assert error.value.code == "too_large"


def test_jpeg_with_gps_comes_back_without_any_exif(client_as):
    original = jpeg_bytes(size=(2400, 1800), gps=True)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD), "the test photo must carry GPS"
    activity = make_activity(library_at("own_village"))
    client = client_as(LIBRARIAN)

    response = add_photo(client, activity, original)
    assert response.status_code == 200, response.content
    served = b"".join(client.get(response.json()["url"]).streaming_content)

    image = Image.open(io.BytesIO(served))
    assert image.format == "JPEG"
    assert not image.getexif().get_ifd(GPS_IFD)
    assert len(image.getexif()) == 0
    assert b"Exif" not in served[:4096]
    assert max(image.size) == 1600  # resized for phones on a weak connection
    assert image.size == (1600, 1200)


def test_photo_is_turned_upright_before_the_rotation_flag_is_dropped():
    photo = clean_photo(upload(jpeg_bytes(size=(800, 600), orientation=6)))  # "rotate 90°" flag
    assert (photo.width, photo.height) == (600, 800)


@pytest.mark.parametrize(("kind", "mode"), [("PNG", "RGBA"), ("WEBP", "RGB")])
def test_png_and_webp_are_accepted_and_stored_as_jpeg(kind, mode):
    photo = clean_photo(upload(image_bytes(kind, mode=mode), f"x.{kind.lower()}", f"image/{kind.lower()}"))
    assert Image.open(photo.image).format == "JPEG"
    assert (photo.width, photo.height) == (300, 200)


def test_other_province_staff_get_404_for_the_photo(client_as):
    activity = make_activity(library_at("own_village"))
    photo, _ = save_photo(activity, upload(jpeg_bytes(size=(400, 300))), None)
    url = reverse("activities:activity_photo", args=[photo.pk])
    assert client_as("dkpus.bali").get(url).status_code == 404
    assert client_as("dkpus.bali").get(url, {"size": "thumb"}).status_code == 404
    response = client_as("dispus.bangka").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "private" in response["Cache-Control"]


def test_photo_files_have_no_public_url():
    activity = make_activity(library_at("own_village"))
    photo, _ = save_photo(activity, upload(jpeg_bytes(size=(400, 300))), None)
    with pytest.raises(ValueError):
        photo.image.url  # noqa: B018
    assert photo.get_absolute_url() == reverse("activities:activity_photo", args=[photo.pk])


def test_repeating_an_upload_with_its_token_stores_it_once(client_as):
    activity = make_activity(library_at("own_village"))
    client = client_as(LIBRARIAN)
    first = add_photo(client, activity, jpeg_bytes(size=(400, 300)), client_token="abc-0")
    again = add_photo(client, activity, jpeg_bytes(size=(400, 300)), client_token="abc-0")
    assert first.json()["created"] is True
    assert again.json() == {**first.json(), "created": False}
    assert activity.photos.count() == 1


def test_read_only_and_outside_users_cannot_add_photos(client_as):
    activity = make_activity(library_at("own_village"))
    assert add_photo(client_as("konsultan"), activity, jpeg_bytes(size=(400, 300))).status_code == 403
    assert add_photo(client_as("dkpus.bali"), activity, jpeg_bytes(size=(400, 300))).status_code == 404
    assert not activity.photos.exists()


def test_photo_limit_per_activity(settings, client_as):
    settings.TPBIS_PHOTOS_PER_ACTIVITY = 1
    activity = make_activity(library_at("own_village"))
    client = client_as(LIBRARIAN)
    assert add_photo(client, activity, jpeg_bytes(size=(400, 300))).status_code == 200
    response = add_photo(client, activity, jpeg_bytes(size=(400, 300)))
    assert response.status_code == 400
    assert activity.photos.count() == 1


def test_deleting_a_photo_removes_its_files(client_as, django_capture_on_commit_callbacks):
    activity = make_activity(library_at("own_village"))
    photo, _ = save_photo(activity, upload(jpeg_bytes(size=(400, 300))), None)
    paths = [photo.image.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        response = client_as(LIBRARIAN).post(reverse("activities:activity_photo_delete", args=[photo.pk]))
    assert response.status_code == 302
    assert not ActivityPhoto.objects.filter(pk=photo.pk).exists()
    assert not any(os.path.exists(path) for path in paths)


def test_detail_page_shows_thumbnails_through_the_scoped_view(client_as, django_assert_max_num_queries):
    activity = make_activity(library_at("own_village"))
    for _ in range(3):
        save_photo(activity, upload(jpeg_bytes(size=(400, 300))), None)
    client = client_as("dkpus.babel")
    # the page shows the record's verification steps and history too (three queries, whatever the photos)
    with django_assert_max_num_queries(11):
        response = client.get(activity.get_absolute_url())
    content = response.content.decode()
    assert content.count("?size=thumb") == 3
    assert "/media/" not in content


class TestPhotoScoping(ScopedViewsCase):
    writers = {"admin", "dkpus.babel", "dkpus.bali", "dispus.bangka", LIBRARIAN}

    def make(self, library):
        photo, _ = save_photo(make_activity(library), upload(jpeg_bytes(size=(200, 150), gps=False)), None)
        return photo

    def view_urls(self, obj):
        return [reverse("activities:activity_photo", args=[obj.pk])]

    def change_urls(self, obj):
        return [reverse("activities:activity_photo_delete", args=[obj.pk])]


def test_photo_form_without_script_adds_the_photo_and_returns_to_the_activity(client_as):
    activity = make_activity(library_at("own_village"))
    response = client_as(LIBRARIAN).post(
        reverse("activities:activity_photo_add", args=[activity.pk]),
        {"image": upload(jpeg_bytes(size=(400, 300))), "caption": "Praktik di halaman perpustakaan"},
    )
    assert response.status_code == 302
    assert response["Location"] == activity.get_absolute_url()
    assert activity.photos.get().caption == "Praktik di halaman perpustakaan"


def test_serving_a_photo_takes_few_queries(client_as, django_assert_max_num_queries):
    activity = make_activity(library_at("own_village"))
    photo, _ = save_photo(activity, upload(jpeg_bytes(size=(400, 300))), None)
    client = client_as("dispus.bangka")
    with django_assert_max_num_queries(5):
        response = client.get(reverse("activities:activity_photo", args=[photo.pk]), {"size": "thumb"})
    assert Image.open(io.BytesIO(b"".join(response.streaming_content))).size == (400, 300)
