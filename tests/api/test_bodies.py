"""Bodies and files no client should send, to every API write operation and every import: never a 5xx.

Deeply nested JSON, bodies in another character set than declared (or one that does not exist),
truncated and binary bodies, numbers and texts beyond every bound; and for the imports a CSV in an
unknown character set, a cell over 128 KiB, a truncated XLSX. Every API answer is JSON, errors included.
"""

import datetime as dt
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from activities.models import Activity
from libraries.models import Library

from .operations import OPERATIONS

pytestmark = pytest.mark.django_db

DEEP = b"[" * 100_000 + b"]" * 100_000
BODIES = {
    "nested arrays": ("application/json", DEEP),
    "nested objects": ("application/json", b'{"a":' * 20_000 + b"1" + b"}" * 20_000),
    "latin-1 declared utf-8": ("application/json", '{"title": "caf\xe9", "name": "\xe9"}'.encode("latin-1")),
    "unknown charset": ("application/json; charset=x-unknown-9", b'{"title": "x"}'),
    "utf-16 declared": ("application/json; charset=utf-16", '{"title": "x"}'.encode("utf-16")),
    "utf-16 undeclared": ("application/json", '{"title": "x"}'.encode("utf-16")),
    "binary": ("application/json", bytes(range(256)) * 4),
    "truncated": ("application/json", b'{"title": "Pelatihan", "library": 1, "date": "2021-0'),
    "lone surrogate": ("application/json", b'{"title": "\\ud800", "name": "\\udfff"}'),
    "huge numbers": (
        "application/json",
        b'{"library": 1e999, "participants_male": 99999999999999999999999999, "visitors": -1e308, "year": 1e400}',
    ),
    "nul and long text": ("application/json", b'{"title": "a\\u0000b", "name": "' + b"x" * 200_000 + b'"}'),
    "form in unknown charset": ("application/x-www-form-urlencoded; charset=x-unknown-9", b"title=x&library=1"),
    "multipart without boundary": ("multipart/form-data", b"--x\r\n\r\n"),
    "multipart truncated": (
        "multipart/form-data; boundary=xyz",
        b'--xyz\r\nContent-Disposition: form-data; name="image"; filename="a.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n\xff\xd8\xff\xe0\x00\x10JFIF",
    ),
}
WRITES = [(method, path) for method, path in OPERATIONS if method in {"POST", "PUT", "PATCH"}]


def concrete(path: str, pk: int) -> str:
    return path.replace("{id}", str(pk)).replace("{code}", "19")


@pytest.fixture
def record_ids(db):
    library = Library.objects.filter(regency_id="19.01", level="village").first()
    activity = Activity.objects.create(
        library=library, date=dt.date(2021, 9, 10), strategy="advocacy", title="Audiensi"
    )
    return activity.pk


@pytest.mark.parametrize("kind", list(BODIES))
def test_no_write_operation_answers_a_bad_body_with_a_server_error(kind, api_as, record_ids, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    content_type, body = BODIES[kind]
    client = api_as("admin")
    client.raise_request_exception = False
    failures = []
    for method, path in WRITES:
        response = client.generic(method, concrete(path, record_ids), body, content_type=content_type)
        if response.status_code >= 500 or not response["Content-Type"].startswith("application/json"):
            failures.append(f"{method} {path}: {response.status_code} {response['Content-Type']}")
    assert not failures, failures


def test_the_token_login_refuses_bad_bodies_in_json(api):
    api.raise_request_exception = False
    for kind, (content_type, body) in BODIES.items():
        response = api.generic("POST", "/api/v1/auth/token/", body, content_type=content_type)
        assert response.status_code in {400, 415, 429}, kind  # 429: the login throttle, after ten
        assert response["Content-Type"].startswith("application/json"), kind


def test_a_server_error_in_the_api_is_json(client, db):
    from foundation.views.site import server_error

    request = client.get("/api/v1/").wsgi_request
    response = server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"


# -- imports ------------------------------------------------------------------------------------------------------


def truncated_xlsx() -> bytes:
    workbook = Workbook()
    workbook.active.append(["name", "level", "province"])
    for number in range(200):
        workbook.active.append([f"Perpustakaan {number}", "village", "19"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()[:-400]


def damaged_sheet_xlsx() -> bytes:
    """A workbook whose zip is whole but whose sheet is cut off: openpyxl fails only when reading rows."""
    workbook = Workbook()
    workbook.active.append(["name", "level", "province"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = data[: len(data) // 2]
            target.writestr(item, data)
    return out.getvalue()


BAD_FILES = {
    "unknown charset.csv": b"name;level;province\n\x81\x8d\x8f\x90\x9d;village;19\n",
    "cell over 128 KiB.csv": b"name,level,province\n" + b"x" * 200_000 + b",village,19\n",
    "nul byte.csv": b"name,level,province\nPerpus\x00takaan,village,19\n",
    "truncated.xlsx": truncated_xlsx(),
    "damaged sheet.xlsx": damaged_sheet_xlsx(),
    "not a workbook.xlsx": b"PK\x03\x04" + b"\x00" * 100,
    "empty.csv": b"",
}


@pytest.mark.parametrize("name", list(BAD_FILES))
@pytest.mark.parametrize("page", ["libraries:library_import", "accounts:user_import"])
def test_an_import_page_names_what_is_wrong_with_a_bad_file(client_as, name, page):
    client = client_as("admin")
    client.raise_request_exception = False
    before = Library.objects.count()
    upload = SimpleUploadedFile(name, BAD_FILES[name])
    response = client.post(reverse(page), {"file": upload})
    assert response.status_code == 200
    result = response.context["result"]
    assert response.context["form"].errors.get("file") or (result and result.errors), name
    assert not response.context["token"]  # nothing to confirm
    assert Library.objects.count() == before


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_the_import_command_names_what_is_wrong_with_a_bad_file(db, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(BAD_FILES[name])
    with pytest.raises(CommandError):
        call_command("import_libraries", str(path), verbosity=0)
