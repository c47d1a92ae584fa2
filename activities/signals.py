"""Model signals of the records app.

Saving an ``Advocacy`` or a ``Publication`` (proxies of ``Activity``) sends Django's model signals with the
proxy as sender; whatever listens to ``Activity`` — its history, the dashboards' invalidation — must hear
them too, so they are sent again for ``Activity``.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save
from django.dispatch import receiver

from .models import Activity, ActivityPhoto, Advocacy, Publication

PROXIES = (Advocacy, Publication)
FORWARDED = (post_init, pre_save, post_save, pre_delete, post_delete)


def _forward(signal):
    def forward(sender, **kwargs):
        kwargs.pop("signal", None)
        signal.send(sender=Activity, **kwargs)

    return forward


for _proxy in PROXIES:
    for _signal in FORWARDED:
        _signal.connect(_forward(_signal), sender=_proxy, weak=False, dispatch_uid=f"forward-{_proxy.__name__}")


@receiver(post_delete, sender=ActivityPhoto)
def delete_photo_files(sender, instance: ActivityPhoto, **kwargs):
    """Photos of villagers are not kept once their record is gone (also when the activity is deleted)."""
    transaction.on_commit(instance.delete_files)


@receiver(post_delete, sender=Activity)
def delete_document_file(sender, instance: Activity, **kwargs):
    """A record's signed document goes with it."""
    if instance.document:
        document = instance.document
        transaction.on_commit(lambda: document.delete(save=False))
