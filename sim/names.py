"""Names as SIM users type them, reduced to what identifies them.

Libraries, districts and villages are typed by hand in SIM: any case, extra spaces and punctuation, a cohort
prefix (``B24 Perpustakaan …``), the district inside the library's name (``… Kecamatan Bakam``), a village's
name spelt together (``Lemahkembar`` for *Lemah Kembar*). ``words`` keeps the words of a name (``lemah
kembar``), ``joined`` drops the spaces as well (``lemahkembar``): two names are the same when their words
are, and the same spelt differently when only their joined forms are.
"""

from __future__ import annotations

import re

from .vocabulary import EMPTY

COHORT_PREFIX = re.compile(r"^\s*b\s?(\d{2})\b[\s.:_-]*", re.IGNORECASE)
DISTRICT_SUFFIX = re.compile(r"\s+(kecamatan|kec\.?)\s+.*$", re.IGNORECASE)
REGENCY_KINDS = (
    (re.compile(r"^(kabupaten|kab\.?)\s*", re.IGNORECASE), "kabupaten"),
    (re.compile(r"^(kota|kot\.)\s*", re.IGNORECASE), "kota"),
)
PROVINCE_PREFIX = re.compile(r"^(provinsi|prov\.?)\s+", re.IGNORECASE)
#: How provinces are also written (keys of ``joined``).
PROVINCE_ALIASES = {
    "dkijakarta": "daerahkhususibukotajakarta",
    "jakarta": "daerahkhususibukotajakarta",
    "diyogyakarta": "daerahistimewayogyakarta",
    "yogyakarta": "daerahistimewayogyakarta",
    "diy": "daerahistimewayogyakarta",
    "babel": "kepulauanbangkabelitung",
    "bangkabelitung": "kepulauanbangkabelitung",
}


def words(text) -> str:
    """Lower case, punctuation as spaces, single spaces: ``" Batu  Rusa."`` → ``"batu rusa"``."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", str(text or "").lower()).split())


def joined(text) -> str:
    return words(text).replace(" ", "")


def is_empty(text) -> bool:
    """SIM's "no value": nothing, or a dash (``" - "``)."""
    return text is None or str(text).strip() in EMPTY


def cohort_year(name: str) -> int | None:
    """``"B24 Perpustakaan …"`` → 2024: the cohort a library joined with, as SIM's names carry it."""
    match = COHORT_PREFIX.match(name or "")
    return 2000 + int(match.group(1)) if match else None


def library_name(name: str) -> str:
    """A library's name without the cohort prefix, as the portal registers it."""
    return " ".join(COHORT_PREFIX.sub("", name or "", count=1).split())


def library_key(name: str) -> str:
    """What identifies a library's name: no cohort prefix, no district, spacing and punctuation aside."""
    return joined(DISTRICT_SUFFIX.sub("", library_name(name)))


def regency_parts(name: str) -> tuple[str | None, str]:
    """``"Kab. Bangka"`` → ``("kabupaten", "bangka")``; ``"Kota Pangkal Pinang"`` → ``("kota", "pangkalpinang")``."""
    text = (name or "").strip()
    for pattern, kind in REGENCY_KINDS:
        if pattern.match(text):
            return kind, joined(pattern.sub("", text, count=1))
    return None, joined(text)


def province_key(name: str) -> str:
    key = joined(PROVINCE_PREFIX.sub("", (name or "").strip(), count=1))
    return PROVINCE_ALIASES.get(key, key)


def sim_regency_name(name: str, kind: str) -> str:
    """The portal's ``Kabupaten Bangka`` as SIM writes it: ``Kab. Bangka`` (a city stays ``Kota …``)."""
    if kind == "kabupaten" and name.lower().startswith("kabupaten "):
        return "Kab. " + name[len("kabupaten ") :]
    return name
