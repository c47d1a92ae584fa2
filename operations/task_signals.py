"""Celery tasks log with the request id and user of the request that sent them, and their outcomes are counted."""

from celery.signals import before_task_publish, task_postrun, task_prerun, task_revoked
from django_guid import clear_guid, set_guid

from .context import UNKNOWN, request_id, set_user_name, user_name
from .metrics import record_task_outcome

REQUEST_ID_HEADER = "tpbis_request_id"
USER_HEADER = "tpbis_user"


@before_task_publish.connect(dispatch_uid="tpbis-task-context-headers")
def add_context_headers(headers: dict, **kwargs) -> None:
    if (current := request_id()) != UNKNOWN:
        headers[REQUEST_ID_HEADER] = current
    if (user := user_name()) != UNKNOWN:
        headers[USER_HEADER] = user


@task_prerun.connect(dispatch_uid="tpbis-task-context")
def enter_task_context(task, task_id, **kwargs) -> None:
    if task.request.is_eager:  # run inside the request (or command) that called it: its context holds
        return
    set_guid(task.request.get(REQUEST_ID_HEADER) or task_id)
    set_user_name(task.request.get(USER_HEADER))


@task_postrun.connect(dispatch_uid="tpbis-task-outcome")
def leave_task_context(task, state=None, **kwargs) -> None:
    record_task_outcome(task.name, state or "UNKNOWN")
    if not task.request.is_eager:
        clear_guid()
        set_user_name(None)


@task_revoked.connect(dispatch_uid="tpbis-task-revoked")
def count_revoked(sender=None, expired=False, **kwargs) -> None:
    record_task_outcome(getattr(sender, "name", "unknown"), "EXPIRED" if expired else "REVOKED")
