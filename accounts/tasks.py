"""Background jobs of the accounts app."""

from celery import shared_task
from django.core.mail import send_mail


@shared_task(name="accounts.tasks.send_email", autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_email(subject: str, body: str, from_email: str | None, to: list[str]) -> None:
    """One e-mail, rendered by the web process; a mail server that does not answer is tried again later."""
    send_mail(subject, body, from_email, to)
