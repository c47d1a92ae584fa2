"""Records the evidence tests make: an activity of March 2025 entered 40 days after its date (back-dated)."""

import datetime as dt

from activities.models import Activity
from libraries.models import Library


def late_activity(library: Library, day: int, title="Kelas") -> Activity:
    date = dt.date(2025, 3, day)
    return Activity.objects.create(
        library=library,
        date=date,
        strategy="community_engagement",
        title=f"{title} {day}",
        participants=10,
        entered_on=date + dt.timedelta(days=40),
    )
