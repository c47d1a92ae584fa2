from django.db import models
from django.utils.translation import gettext_lazy as _


class Strategy(models.TextChoices):
    SERVICE_IMPROVEMENT = "service_improvement", _("Service improvement")
    COMMUNITY_ENGAGEMENT = "community_engagement", _("Community engagement")
    ADVOCACY = "advocacy", _("Advocacy")
    MEDIA_PUBLICATION = "media_publication", _("Media publication")


class TargetGroup(models.TextChoices):
    YOUTH = "youth", _("Youth")
    WOMEN = "women", _("Women")
    MSME = "msme", _("Micro and small businesses (UMKM)")
    FARMERS = "farmers", _("Farmers")
    CHILDREN = "children", _("Children")
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("People with disabilities")
    GENERAL = "general", _("General public")


class MediaKind(models.TextChoices):
    SOCIAL_MEDIA = "social_media", _("Social media")
    ONLINE_NEWS = "online_news", _("Online news")
    PRINT = "print", _("Print")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Television")


class TrainingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")
