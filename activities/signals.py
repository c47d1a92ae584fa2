from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import ActivityPhoto


@receiver(post_delete, sender=ActivityPhoto)
def delete_photo_files(sender, instance: ActivityPhoto, **kwargs):
    """Photos of villagers are not kept once their record is gone (also when the activity is deleted)."""
    transaction.on_commit(instance.delete_files)
