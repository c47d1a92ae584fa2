"""Celery tasks of notifications: thin wrappers around ``notifications.mail``."""

from celery import shared_task


@shared_task(name="notifications.tasks.send_pending_mail")
def send_pending_mail() -> dict:
    """Mail the notifications waiting to go at once; also run every few minutes by beat, as a sweep."""
    from .mail import send_pending

    return send_pending()


@shared_task(name="notifications.tasks.send_daily_digests")
def send_daily_digests() -> dict:
    """Once a day: each person's digest of the notifications they chose to receive that way."""
    from .mail import send_digests

    return send_digests()
