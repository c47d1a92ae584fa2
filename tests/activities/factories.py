"""Small builders shared by the activity, report and browser tests."""

import datetime as dt
import io

from PIL import Image

from activities.models import Activity
from reports.models import MonthlyReport

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def jpeg_bytes(size=(2400, 1800), gps=True, orientation=None, color=(30, 120, 60)) -> bytes:
    """A JPEG as a phone makes it: EXIF with the camera, optionally the GPS position and a rotation flag."""
    image = Image.new("RGB", size, color)
    exif = Image.Exif()
    exif[0x010F] = "Kamera HP"  # Make
    if gps:
        exif[GPS_IFD] = {1: "S", 2: (2.0, 5.0, 30.0), 3: "E", 4: (106.0, 7.0, 12.0)}
    if orientation:
        exif[ORIENTATION] = orientation
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def image_bytes(kind: str, size=(300, 200), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 100, 50, 128) if mode == "RGBA" else (200, 100, 50)).save(buffer, format=kind)
    return buffer.getvalue()


def make_activity(library, **fields) -> Activity:
    defaults = {
        "date": dt.date(2025, 1, 15),
        "strategy": "community_engagement",
        "title": f"Pelatihan uji {library.pk}",
        "participants_male": 3,
        "participants_female": 7,
    }
    return Activity.objects.create(library=library, **{**defaults, **fields})


def make_report(library, period=dt.date(2025, 1, 1), **fields) -> MonthlyReport:
    return MonthlyReport.objects.create(library=library, period=period, visitors=120, loans=40, **fields)


def make_advocacy(library, **fields):
    from activities.models import Advocacy

    defaults = {
        "date": dt.date(2025, 2, 3),
        "title": f"Audiensi dengan kepala desa {library.pk}",
        "targets": ["village_head"],
        "result": "funds",
        "amount": 15_000_000,
    }
    return Advocacy.objects.create(library=library, **{**defaults, **fields})


def make_publication(library, **fields):
    from activities.models import Publication

    defaults = {
        "date": dt.date(2025, 2, 10),
        "title": f"Berita perpustakaan {library.pk}",
        "publication_kind": "online",
        "media_outlet": "Bangka Pos",
        "media_link": f"https://bangka.tribunnews.com/berita-{library.pk}",
    }
    return Publication.objects.create(library=library, **{**defaults, **fields})


def make_snapshot(library, **fields):
    from activities.models import ServiceSnapshot

    defaults = {
        "period": dt.date(2025, 2, 1),
        "books": 1200,
        "digital_books": 300,
        "computers": 3,
        "bandwidth_mbps": 20,
    }
    return ServiceSnapshot.objects.create(library=library, **{**defaults, **fields})


def make_replication(library, **fields):
    """A replication programme of the library's regency, covering the library."""
    from activities.models import Replication

    defaults = {"year": 2025, "funds": 250_000_000, "funding_source": "apbd", "villages": 12}
    replication = Replication.objects.create(
        province_id=library.province_id, regency_id=library.regency_id, **{**defaults, **fields}
    )
    replication.libraries.add(library)
    return replication


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
