"""The daily notice of synergy-team commitments nearing their due date, to the staff who keep the team."""

import datetime as dt

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from foundation.scope import Place
from notifications.models import Kind
from notifications.recipients import staff_covering
from notifications.service import in_default_language, notify

from .models import Commitment


def due_soon(today: dt.date | None = None):
    """Open commitments of active teams due between today and ``TPBIS_COMMITMENT_NOTICE_DAYS`` days from now."""
    today = today or timezone.localdate()
    until = today + dt.timedelta(days=settings.TPBIS_COMMITMENT_NOTICE_DAYS)
    return (
        Commitment.objects.open()
        .filter(due_date__gte=today, due_date__lte=until, team__is_active=True)
        .select_related("team")
        .order_by("team_id", "due_date", "pk")
    )


@in_default_language
def notify_due(today: dt.date | None = None) -> dict:
    """Tell each team's staff of every commitment due soon, once per commitment and due date.

    Run daily by beat; running it again the same day (or on a later one) tells nobody twice, and a due date
    moved later is announced again when it comes near.
    """
    result = {"commitments": 0, "notified": 0}
    staff_by_team = {}
    for commitment in due_soon(today):
        team = commitment.team
        if team.pk not in staff_by_team:
            staff_by_team[team.pk] = list(staff_covering(Place.of_region(team.province_id, team.regency_id)))
        subject = _("%(team)s: %(commitment)s, due %(date)s") % {
            "team": team.name,
            "commitment": commitment,
            "date": formats.date_format(commitment.due_date, "j F Y"),
        }
        result["commitments"] += 1
        result["notified"] += notify(
            Kind.COMMITMENT_DUE,
            commitment,
            staff_by_team[team.pk],
            subject=subject,
            once=f"{commitment.pk}:{commitment.due_date:%Y%m%d}",
        )
    return result
