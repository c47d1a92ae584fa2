from django.db import models
from django.utils.translation import gettext_lazy as _


class LibraryLevel(models.TextChoices):
    PROVINCE = "province", _("Provincial library")
    REGENCY = "regency", _("Regency/city library")
    VILLAGE = "village", _("Village/kelurahan library")
    TBM = "tbm", _("Community reading park (TBM)")
    READING_CORNER = "reading_corner", _("Community reading corner")


class PartnerType(models.TextChoices):
    FULL_SUPPORT = "full_support", _("Full support partner")
    BOOK_AID = "book_aid", _("Quality book aid")
    SELF_REPLICATION = "self_replication", _("Self-funded replication")


class FundingSource(models.TextChoices):
    APBN = "apbn", _("National budget (APBN)")
    APBD = "apbd", _("Regional budget (APBD)")
    DANA_DESA = "dana_desa", _("Village fund (Dana Desa)")
    OTHER = "other", _("Other")


class AidKind(models.TextChoices):
    PHYSICAL = "physical", _("Physical")
    NON_PHYSICAL = "non_physical", _("Non-physical")


class AidItem(models.TextChoices):
    BOOKS = "books", _("Ready-to-lend books")
    SHELVES = "shelves", _("Shelves")
    COMPUTER = "computer", _("Computer/PC")
    SERVER = "server", _("Server")
    PRINTER = "printer", _("Printer")
    SMART_TV = "smart_tv", _("Smart TV")
    MODEM = "modem", _("Modem")
    DATA_PACKAGE = "data_package", _("Data package")
    TECHNICAL_GUIDANCE = "technical_guidance", _("Technical guidance (Bimtek)")
    SOCIALIZATION = "socialization", _("Socialisation")
    MENTORING = "mentoring", _("Mentoring")
    OTHER = "other", _("Other")


NON_PHYSICAL_AID = frozenset({AidItem.TECHNICAL_GUIDANCE, AidItem.SOCIALIZATION, AidItem.MENTORING})


class TeamLevel(models.TextChoices):
    PROVINCE = "province", _("Province")
    REGENCY = "regency", _("Regency/city")


class Sector(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    ACADEMIA = "academia", _("Academia")
    COMMUNITY = "community", _("Community")
    BUSINESS = "business", _("Business")
    MEDIA = "media", _("Media")


class MemberRole(models.TextChoices):
    CHAIR = "chair", _("Chair (ketua)")
    SECRETARY = "secretary", _("Secretary (sekretaris)")
    MEMBER = "member", _("Member (anggota)")


class MeetingKind(models.TextChoices):
    MEETING = "meeting", _("Meeting (rapat)")
    COORDINATION = "coordination", _("Coordination meeting (rakor)")
    STAKEHOLDER = "stakeholder", _("Stakeholder meeting")


class MeetingMode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    VIRTUAL = "virtual", _("Virtual")
    HYBRID = "hybrid", _("Hybrid")


class CommitmentKind(models.TextChoices):
    MOU = "mou", _("MoU/PKS (cooperation agreement)")
    REGULATION = "regulation", _("Regulation (Pergub/Perbup/Perdes)")
    BUDGET = "budget", _("Budget allocation")
    INTERNET = "internet", _("Free internet for village libraries")
    KKN = "kkn", _("Students placed in villages (KKN)")
    OTHER = "other", _("Other")


class CommitmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_COMMITMENT_STATUSES = (CommitmentStatus.PLANNED, CommitmentStatus.IN_PROGRESS)
