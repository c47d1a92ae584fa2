"""Background jobs of the libraries app: thin wrappers around plain functions that tests call directly."""

from celery import shared_task


@shared_task(name="libraries.tasks.notify_commitments_due")
def notify_commitments_due() -> dict:
    """Daily: tell synergy teams' staff of the commitments due within the coming days."""
    from .commitments import notify_due

    return notify_due()
