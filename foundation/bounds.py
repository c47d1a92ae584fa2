"""The largest figures a record may hold: far above anything an honest record reaches, far below overflow.

Each bound is a validator on the model field (so forms, the API and imports refuse a figure beyond it with
the same message) and a CHECK constraint in the database (so nothing else writes one either). With them,
no sum the reports make over the nation's records (in 64-bit arithmetic) can overflow. The README's
security section lists them.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

#: People at one activity (a whole village's festival stays far below).
PARTICIPANTS = 100_000
#: Visitors, loans, new members or computer users of one library in one month (a provincial library: ~50,000).
MONTHLY_COUNT = 1_000_000
#: Activities of one library in one month.
MONTHLY_ACTIVITIES = 10_000
#: Books or digital books one library holds (the national library holds some 5 million).
COLLECTION = 50_000_000
#: Members of, or people served by, one library (Indonesia's largest province has about 50 million people).
PEOPLE = 100_000_000
#: Items of aid in one delivery.
AID_ITEMS = 1_000_000
#: Computers of one library (a provincial library has some hundreds), or Mbps of its internet connection.
EQUIPMENT = 100_000
#: Villages of one replication programme (Indonesia has some 84,000 in all).
VILLAGES = 100_000
#: An amount in rupiah (Rp 1 trillion: a hundred times a province library's yearly budget).
RUPIAH = 1_000_000_000_000


#: The first year a record may be dated in (the program's oldest records are later).
FIRST_YEAR = 2000


def in_the_past(value: dt.date | None) -> None:
    """For the date of something that has happened: from ``FIRST_YEAR`` to today."""
    if value is None:
        return
    if value > timezone.localdate():
        raise ValidationError(_("This date is in the future."), code="future")
    if value.year < FIRST_YEAR:
        raise ValidationError(_("Enter a date from %(year)s on.") % {"year": FIRST_YEAR}, code="too_early")


def a_program_year(value: int | None) -> None:
    """For a year of the program's records: from ``FIRST_YEAR`` to next year."""
    if value is None:
        return
    last = timezone.localdate().year + 1
    if not FIRST_YEAR <= value <= last:
        raise ValidationError(
            _("Enter a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last}, code="year"
        )


def from_first_year(field: str) -> Q:
    """A CHECK condition: ``field`` (a date) is not before ``FIRST_YEAR`` (or empty)."""
    return Q(**{f"{field}__gte": dt.date(FIRST_YEAR, 1, 1)}) | Q(**{f"{field}__isnull": True})


def at_most(limit: int) -> list:
    return [MaxValueValidator(limit)]


class DatabaseCheck(models.CheckConstraint):
    """A CHECK constraint the database enforces, not re-checked by ``full_clean()``.

    The fields' validators already refuse the same values with a message on the field; Django would
    otherwise ask the database once per constraint on every form and API save.
    """

    def validate(self, *args, **kwargs) -> None:
        return


def check(model_name: str, limits: dict[str, int]) -> DatabaseCheck:
    """One CHECK constraint holding each field to its bound."""
    condition = Q()
    for field, limit in limits.items():
        condition &= Q(**{f"{field}__lte": limit}) | Q(**{f"{field}__isnull": True})
    return DatabaseCheck(condition=condition, name=f"{model_name}_figures_within_bounds")
