"""Checking records once they are saved through the forms, the API or the admin (bulk writes call ``refresh``).

The checks read whole libraries and may reach across the country (a photo's twin), so they do not run in the
request: the records a transaction saved are gathered, and once it is committed one job checks them all
(``tasks.check_records``; at once where tasks run eagerly, as with ``make run``). A form that saves an activity
and then its photos asks for one check. A deletion checks again the libraries its flags named.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver
from kombu.exceptions import OperationalError as BrokerError

from activities.models import Activity, ActivityPhoto, AttachmentLink, ServiceSnapshot

from . import refresh
from .checks import activity_scope
from .models import EvidenceSettings

logger = logging.getLogger(__name__)

#: The activities being deleted: their photos' deletion checks nothing (the activity's checks follow).
_deleting: set[int] = set()


class Batch:
    """What one transaction saved, checked by one job once it is committed."""

    def __init__(self):
        self.activities: set[int] = set()
        self.libraries: set[int] = set()
        self.snapshots: set[int] = set()
        self.sent = False

    def send(self) -> None:
        from .tasks import check_records

        if self.sent:
            return
        self.sent = True
        _run(
            check_records,
            activities=sorted(self.activities),
            libraries=sorted(self.libraries),
            snapshots=sorted(self.snapshots),
        )


def _run(task, **arguments) -> None:
    """Queue ``task`` for the worker; without a broker (tasks run eagerly) or with it away, run it here."""
    if task.app.conf.task_always_eager:
        task(**arguments)
        return
    try:
        task.delay(**arguments)
    except (BrokerError, OSError) as error:  # the broker is away: check here rather than not at all
        logger.warning("Evidence checks not queued (%s); checking now.", error)
        task(**arguments)


def _check(activities=(), libraries=(), snapshots=()) -> None:
    """Ask for these records' checks once the current transaction is committed (at once in autocommit).

    The records a transaction saves gather in one batch; each save asks for it on the commit, and the first
    to run sends it all (the others find it sent). A batch whose transaction was rolled back is sent with the
    next one (its records, gone, are checked as nothing).
    """
    connection = transaction.get_connection()
    batch = getattr(connection, "_evidence_batch", None)
    if batch is None or batch.sent:
        batch = connection._evidence_batch = Batch()
    batch.activities.update(activities)
    batch.libraries.update(libraries)
    batch.snapshots.update(snapshots)
    if connection.in_atomic_block:
        transaction.on_commit(batch.send, robust=True)
    else:
        batch.send()


@receiver(post_save, sender=Activity, dispatch_uid="evidence-activity-saved")
def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _check(activities=[instance.pk])


@receiver(pre_delete, sender=Activity, dispatch_uid="evidence-activity-deleting")
def activity_deleting(sender, instance, **kwargs):
    _deleting.add(instance.pk)
    instance._evidence_libraries = activity_scope([instance.pk]) | refresh.related_libraries(Activity, [instance.pk])


@receiver(post_delete, sender=Activity, dispatch_uid="evidence-activity-deleted")
def activity_deleted(sender, instance, **kwargs):
    _deleting.discard(instance.pk)
    libraries = getattr(instance, "_evidence_libraries", set())
    if libraries:
        _check(libraries=libraries)


@receiver(post_save, sender=ActivityPhoto, dispatch_uid="evidence-photo-saved")
@receiver(post_delete, sender=ActivityPhoto, dispatch_uid="evidence-photo-deleted")
@receiver(post_save, sender=AttachmentLink, dispatch_uid="evidence-link-saved")
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.activity_id not in _deleting:
        _check(activities=[instance.activity_id])


@receiver(post_save, sender=ServiceSnapshot, dispatch_uid="evidence-snapshot-saved")
def snapshot_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _check(snapshots=[instance.pk])


@receiver(post_save, sender=EvidenceSettings, dispatch_uid="evidence-settings-saved")
def settings_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        transaction.on_commit(_check_everything, robust=True)


def _check_everything() -> None:
    from .tasks import check_everything

    _run(check_everything)
