"""Checking records as they are saved through the forms, the API or the admin (bulk writes call ``refresh``).

A save checks the record again with every record it touches, in the same transaction: a form that saves
an activity and then its photos checks it after each. A deletion checks again the records its flags named.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from django.dispatch import receiver

from activities.models import Activity, ActivityPhoto, AttachmentLink, ServiceSnapshot

from . import refresh
from .checks import activity_scope
from .models import EvidenceSettings

#: The activities being deleted: their photos' deletion checks nothing (the activity's checks follow).
_deleting: set[int] = set()


@receiver(post_save, sender=Activity, dispatch_uid="evidence-activity-saved")
def activity_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh.activities(pks=[instance.pk])


@receiver(pre_delete, sender=Activity, dispatch_uid="evidence-activity-deleting")
def activity_deleting(sender, instance, **kwargs):
    _deleting.add(instance.pk)
    instance._evidence_libraries = activity_scope([instance.pk]) | refresh.related_libraries(Activity, [instance.pk])


@receiver(post_delete, sender=Activity, dispatch_uid="evidence-activity-deleted")
def activity_deleted(sender, instance, **kwargs):
    _deleting.discard(instance.pk)
    libraries = getattr(instance, "_evidence_libraries", set())
    if libraries:
        refresh.activities(libraries=libraries)


@receiver(post_save, sender=ActivityPhoto, dispatch_uid="evidence-photo-saved")
@receiver(post_delete, sender=ActivityPhoto, dispatch_uid="evidence-photo-deleted")
@receiver(post_save, sender=AttachmentLink, dispatch_uid="evidence-link-saved")
def part_changed(sender, instance, raw=False, **kwargs):
    if not raw and instance.activity_id not in _deleting:
        refresh.activities(pks=[instance.activity_id])


@receiver(post_save, sender=ServiceSnapshot, dispatch_uid="evidence-snapshot-saved")
def snapshot_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh.snapshots(pks=[instance.pk])


@receiver(post_save, sender=EvidenceSettings, dispatch_uid="evidence-settings-saved")
def settings_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        refresh.everything()
