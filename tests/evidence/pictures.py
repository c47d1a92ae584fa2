"""Photos with a picture in them (a plain one has no fingerprint worth comparing), saved as a phone would."""

import datetime as dt
import io

from PIL import Image, ImageDraw

EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003


def picture(seed: int, size=(1600, 1200)) -> Image.Image:
    """A scene of blocks and discs, different for each ``seed``."""
    width, height = size
    image = Image.new("RGB", size, (40 + seed * 23 % 150, 90, 140))
    draw = ImageDraw.Draw(image)
    for index in range(12):
        step = (seed * 7 + index * 13) % 17
        left, top = (step * width) // 20, ((index * 5 + seed * 3) % 11) * height // 14
        box = (left, top, left + width // 5, top + height // 4)
        colour = ((seed * 50 + index * 40) % 256, (index * 90) % 256, (seed * 30 + index * 20) % 256)
        (draw.ellipse if (index + seed) % 2 else draw.rectangle)(box, fill=colour)
    return image


def jpeg(image: Image.Image, quality=90, taken_on: dt.date | None = None, scale: float = 1.0) -> bytes:
    if scale != 1.0:
        image = image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.BICUBIC)
    exif = Image.Exif()
    exif[0x010F] = "Kamera HP"
    if taken_on is not None:
        exif[EXIF_IFD] = {DATE_TIME_ORIGINAL: taken_on.strftime("%Y:%m:%d 09:30:00")}
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, exif=exif)
    return buffer.getvalue()
