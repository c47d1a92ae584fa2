"""Numbers as Indonesians write them: Rp 1.500.000."""

from decimal import Decimal, InvalidOperation


def rupiah(value) -> str:
    """``Rp 1.500.000`` for any number; an empty string for None or blanks."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value)).quantize(Decimal(1))
    except InvalidOperation:
        return str(value)
    sign = "-" if number < 0 else ""
    return f"{sign}Rp {abs(int(number)):,}".replace(",", ".")


def thousands(value) -> str:
    """``12.345``: an integer with Indonesian thousands separators."""
    if value is None or value == "":
        return ""
    return f"{int(value):,}".replace(",", ".")
