"""The evidence checks as background jobs: a save asks for them once its transaction is committed."""

from celery import shared_task
from django.db import OperationalError


@shared_task(name="evidence.tasks.check_records", autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def check_records(activities=(), libraries=(), snapshots=()) -> int:
    """Check again these activities, every activity of these libraries and these snapshots; flags changed."""
    from . import refresh

    changed = 0
    if activities or libraries:
        changed += refresh.activities(pks=activities, libraries=libraries)
    if snapshots:
        changed += refresh.snapshots(pks=snapshots)
    return changed


@shared_task(name="evidence.tasks.check_everything", autoretry_for=(OperationalError,), retry_backoff=True)
def check_everything() -> int:
    """Every record of the country again (an administrator changed the thresholds)."""
    from . import refresh

    return refresh.everything()
