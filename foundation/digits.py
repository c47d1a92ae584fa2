"""Record ids and codes typed or sent as text: ASCII digits only.

``str.isdigit()`` is true for ``"١٩"`` (Arabic-Indic digits) and ``"²"``, which ``int()`` turns into 19
or refuses with an exception: a record id must be written with the digits 0-9, and fit a database key.
"""


def as_id(text) -> int | None:
    """The record id ``text`` spells (``"42"`` → 42), or None for anything else."""
    text = str(text) if text is not None else ""
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None
