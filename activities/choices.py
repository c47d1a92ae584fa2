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
    FARMERS = "farmers", _("Farmers/fishers")
    CHILDREN = "children", _("Children")
    ELDERLY = "elderly", _("Elderly")
    DISABLED = "disabled", _("People with disabilities")
    GENERAL = "general", _("General public")
    PUPILS = "pupils", _("School pupils")
    UNIVERSITY_STUDENTS = "university_students", _("University students")


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


class EngagementField(models.TextChoices):
    """The field of a community-engagement event (SIM's ``bidang_kegiatan``)."""

    ECONOMY = "economy", _("Economy")
    EDUCATION = "education", _("Education")
    HEALTH = "health", _("Health")
    SPORT = "sport", _("Sport")
    ARTS_CULTURE = "arts_culture", _("Arts and culture")
    AGRICULTURE = "agriculture", _("Agriculture")
    DIGITAL_INCLUSION = "digital_inclusion", _("Digital inclusion")
    OTHER = "other", _("Other")


class EventKind(models.TextChoices):
    """What kind of event it was (SIM's ``jenis``)."""

    TRAINING = "training", _("Training")
    PROMOTION = "promotion", _("Promotion")


class AdvocacyTarget(models.TextChoices):
    """Whom the advocacy addressed (SIM's ``sasaran``, several possible)."""

    REGIONAL_GOVERNMENT = "regional_government", _("Regional government agencies")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    VILLAGE_HEAD = "village_head", _("Village head")
    OTHER = "other", _("Other")


class AdvocacyResult(models.TextChoices):
    """What the advocacy obtained (SIM's ``hasil``)."""

    FUNDS = "funds", _("Funds")
    NON_FUNDS = "non_funds", _("Non-funds")
    REGULATION = "regulation", _("Regulation")


class RegulationKind(models.TextChoices):
    """The kind of regulation or agreement an advocacy obtained (SIM's ``hasil_regulasi``)."""

    VILLAGE_REGULATION = "village_regulation", _("Village regulation (Perdes)")
    VILLAGE_HEAD_REGULATION = "village_head_regulation", _("Village head/lurah regulation")
    VILLAGE_HEAD_DECREE = "village_head_decree", _("Village head decree (SK)")
    REGIONAL_HEAD_REGULATION = "regional_head_regulation", _("Regent/mayor or governor regulation")
    REGIONAL_REGULATION = "regional_regulation", _("Regional regulation (Perda)")
    AGREEMENT = "agreement", _("Memorandum or cooperation agreement (MoU/PKS)")
    OTHER = "other", _("Other")


class PublicationKind(models.TextChoices):
    """Where a publication appeared (SIM's ``jenis_publikasi``)."""

    PRINT = "print", _("Print media")
    ONLINE = "online", _("Online media")
    ELECTRONIC = "electronic", _("Electronic media (radio, TV)")


#: The finer channels of the portal, each within one of SIM's publication kinds.
PUBLICATION_KIND_OF_MEDIA = {
    MediaKind.SOCIAL_MEDIA: PublicationKind.ONLINE,
    MediaKind.ONLINE_NEWS: PublicationKind.ONLINE,
    MediaKind.PRINT: PublicationKind.PRINT,
    MediaKind.RADIO: PublicationKind.ELECTRONIC,
    MediaKind.TV: PublicationKind.ELECTRONIC,
}


class Verification(models.TextChoices):
    """Where a record stands with the regency's program staff, who verify every record on its own."""

    UNVERIFIED = "unverified", _("Not yet verified")
    VERIFIED = "verified", _("Verified")
    RETURNED = "returned", _("Returned for correction")


class RecordSource(models.TextChoices):
    PORTAL = "portal", _("Entered in the portal")
    SIM = "sim", _("Imported from SIM TPBIS")
