"""The largest figures a record may hold: far above anything an honest record reaches, far below overflow.

Each bound is a validator on the model field (so forms, the API and imports refuse a figure beyond it with
the same message) and a CHECK constraint in the database (so nothing else writes one either). With them,
no sum the reports make over the nation's records (in 64-bit arithmetic) can overflow. The README's
security section lists them.
"""

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q

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
#: An amount in rupiah (Rp 1 trillion: a hundred times a province library's yearly budget).
RUPIAH = 1_000_000_000_000


def at_most(limit: int) -> list:
    return [MaxValueValidator(limit)]


def check(model_name: str, limits: dict[str, int]) -> models.CheckConstraint:
    """One CHECK constraint holding each field to its bound."""
    condition = Q()
    for field, limit in limits.items():
        condition &= Q(**{f"{field}__lte": limit}) | Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=f"{model_name}_figures_within_bounds")
