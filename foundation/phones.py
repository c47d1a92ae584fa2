"""Indonesian phone numbers: validated, kept in one form (+62…), and turned into a WhatsApp link.

What people type — ``0812-3456-7890``, ``+62 812 3456 7890``, ``62812…``, ``(0717) 43 21 00`` — becomes
``+6281234567890`` / ``+62717432100``. A mobile number (``+628…``) can be reached on WhatsApp (``wa.me``); a
landline cannot.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

SEPARATORS = re.compile(r"[\s\-.()/]")
#: After the country code: an area or mobile prefix not starting with 0, then the subscriber; 7 to 12 digits.
NATIONAL = re.compile(r"[1-9][0-9]{6,11}")
MESSAGE = _("Enter an Indonesian phone number, e.g. 0812 3456 7890 or +62 812 3456 7890.")


def normalise(text: str) -> str:
    """``text`` as ``+62…``; ValidationError when it is not an Indonesian phone number. Empty stays empty."""
    raw = (text or "").strip()
    if not raw:
        return ""
    digits = SEPARATORS.sub("", raw)
    if digits.startswith("+62"):
        national = digits[3:]
    elif digits.startswith("62"):
        national = digits[2:]
    elif digits.startswith("0"):
        national = digits[1:]
    else:
        raise ValidationError(MESSAGE, code="phone")
    national = national.removeprefix("0")  # +62 0812… is written often enough
    if not NATIONAL.fullmatch(national):
        raise ValidationError(MESSAGE, code="phone")
    return f"+62{national}"


def validate(text: str) -> None:
    normalise(text)


def whatsapp_url(phone: str, message: str = "") -> str | None:
    """``https://wa.me/628…`` for a mobile number (with a prefilled message), None for a landline or junk."""
    try:
        number = normalise(phone)
    except ValidationError:
        return None
    if not number.startswith("+628"):
        return None
    url = f"https://wa.me/{number[1:]}"
    if message:
        url += f"?text={quote(message)}"
    return url


HELP = _("Saved as +62…; a mobile number gets a WhatsApp link.")
