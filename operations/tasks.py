"""Beat's heartbeat: a task beat sends every minute; its last run tells that beat (and a worker) is alive."""

from celery import shared_task

from .metrics import record_beat_heartbeat


@shared_task(name="operations.tasks.beat_heartbeat", ignore_result=True)
def beat_heartbeat() -> None:
    record_beat_heartbeat()
