"""What an uploaded photo says about itself: a fingerprint of its picture and the day its camera took it.

The fingerprint is a difference hash (dHash) of 64 bits: the picture shrunk to 9 by 8 grey pixels, each bit
saying whether a pixel is brighter than its right neighbour. Resizing, re-encoding or a little brightening
leave it (almost) unchanged; another picture differs in many bits. Two fingerprints are compared by the number
of bits they differ in (``distance``).

The capture date comes from the EXIF data, which must be read before the photo is re-encoded without it.
"""

from __future__ import annotations

import datetime as dt

from PIL import Image

HASH_SIZE = 8
BITS = HASH_SIZE * HASH_SIZE
#: Fewer bits set (or unset) than this: a featureless picture, like any other plain one; it is not compared.
FEATURE_BITS = 8
#: EXIF tags: the sub-directory of the camera's own data, and the dates in it and in the main directory.
EXIF_IFD = 0x8769
DATE_TIME_ORIGINAL = 0x9003
DATE_TIME_DIGITIZED = 0x9004
DATE_TIME = 0x0132


def fingerprint(image: Image.Image) -> int:
    """The 64-bit difference hash of ``image``, as a signed integer (it fits a PostgreSQL ``bigint``)."""
    grey = image.convert("L").resize((HASH_SIZE + 1, HASH_SIZE), Image.Resampling.LANCZOS)
    pixels = grey.tobytes()
    value = 0
    for row in range(HASH_SIZE):
        for column in range(HASH_SIZE):
            left = pixels[row * (HASH_SIZE + 1) + column]
            right = pixels[row * (HASH_SIZE + 1) + column + 1]
            value = (value << 1) | (left > right)
    return value - (1 << BITS) if value >= 1 << (BITS - 1) else value


def distance(first: int, second: int) -> int:
    """How many of the 64 bits two fingerprints differ in."""
    return ((first ^ second) & ((1 << BITS) - 1)).bit_count()


def is_featureless(value: int) -> bool:
    """A picture of one colour or one smooth gradient: its fingerprint is (nearly) all zeros or all ones."""
    ones = (value & ((1 << BITS) - 1)).bit_count()
    return ones < FEATURE_BITS or ones > BITS - FEATURE_BITS


def bands(value: int, count: int) -> list[tuple[int, int]]:
    """``value`` cut into ``count`` slices: two fingerprints at most ``count - 1`` bits apart share a slice."""
    unsigned = value & ((1 << BITS) - 1)
    width, cuts = BITS // count, []
    for index in range(count):
        size = width if index < count - 1 else BITS - width * (count - 1)
        cuts.append((index, (unsigned >> (width * index)) & ((1 << size) - 1)))
    return cuts


#: The fingerprint's four 16-bit quarters are indexed (``ActivityPhoto``). Two fingerprints at most ``d`` bits
#: apart have a quarter at most ``d // 4`` bits apart (pigeonhole), so a photo's near twins are found by looking
#: up, for each quarter, the few values that close to its own, instead of reading every fingerprint.
QUARTERS = 4
QUARTER_BITS = BITS // QUARTERS
QUARTER_MASK = (1 << QUARTER_BITS) - 1


def quarter(value: int, index: int) -> int:
    """Bits ``16 * index`` to ``16 * index + 15`` of ``value`` (as ``(value >> 16 * index) & 65535`` in SQL)."""
    return (value >> (QUARTER_BITS * index)) & QUARTER_MASK


def near_quarters(value: int, radius: int) -> list[int]:
    """Every 16-bit value at most ``radius`` bits from the 16-bit ``value`` (itself included)."""
    found = {value}
    for _step in range(radius):
        found |= {near ^ (1 << bit) for near in found for bit in range(QUARTER_BITS)}
    return sorted(found)


def _parse(text) -> dt.date | None:
    if isinstance(text, bytes):
        text = text.decode("ascii", "ignore")
    if not isinstance(text, str):
        return None
    try:
        return dt.datetime.strptime(text.strip().rstrip("\x00")[:19], "%Y:%m:%d %H:%M:%S").date()
    except ValueError:
        return None


def capture_date(image: Image.Image) -> dt.date | None:
    """The day the camera took the photo (EXIF ``DateTimeOriginal``, else the file's own date), if it says."""
    try:
        exif = image.getexif()
        camera = exif.get_ifd(EXIF_IFD)
    except (AttributeError, OSError, ValueError, SyntaxError):
        return None
    for value in (camera.get(DATE_TIME_ORIGINAL), camera.get(DATE_TIME_DIGITIZED), exif.get(DATE_TIME)):
        found = _parse(value)
        if found is not None:
            return found
    return None
