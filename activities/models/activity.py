"""The dated records of a library's work, one table for the four TPBIS strategies.

Engagement events, service-improvement activities, advocacy and media publications share what a verifier,
a figure or a photo needs: the library, the date, the title, the verification and the history. They are one
table discriminated by ``strategy``; each strategy's own fields (SIM TPBIS's ``pelibatan``, ``advokasi``,
``publikasi``) are blank for the others. ``Advocacy`` and ``Publication`` are proxies of ``Activity``: their
own managers, labels and rules over the same rows, so that an advocacy activity recorded before advocacy had
its own fields simply is an advocacy record whose result was not recorded.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds
from foundation.months import next_month
from foundation.scope import ScopedQuerySet, ScopePaths
from libraries.models import Library

from ..choices import (
    PUBLICATION_KIND_OF_MEDIA,
    AdvocacyResult,
    AdvocacyTarget,
    EngagementField,
    EventKind,
    MediaKind,
    PublicationKind,
    RegulationKind,
    Strategy,
    TargetGroup,
    Verification,
)
from ..storage import document_path, photo_storage
from .base import LIBRARY_SCOPE, RECORD_WRITERS, VerifiableRecord, sim_key_constraint

#: The pages of the strategies that have their own (``Advocacy``, ``Publication``); the others are activities.
RECORD_PAGES = {Strategy.ADVOCACY: "advocacy", Strategy.MEDIA_PUBLICATION: "publication"}


class ActivityQuerySet(ScopedQuerySet):
    def in_month(self, period):
        """Activities dated in the month that starts on ``period`` (a date on the 1st)."""
        start = period.replace(day=1)
        return self.filter(date__gte=start, date__lt=next_month(start))

    def verified(self):
        return self.filter(verification=Verification.VERIFIED)

    def awaiting_verification(self):
        return self.filter(verification=Verification.UNVERIFIED)

    def month_counts(self) -> dict[str, int]:
        """Activities by strategy and participants (in all, and by sex where known), in one aggregate query."""
        return self.aggregate(
            **{f"activities_{value}": Count("pk", filter=Q(strategy=value)) for value in Strategy.values},
            participants=Coalesce(Sum("participants"), 0),
            participants_male=Coalesce(Sum("participants_male"), 0),
            participants_female=Coalesce(Sum("participants_female"), 0),
        )


class Activity(VerifiableRecord):
    """Something a library did for its community, under one of the four TPBIS strategies."""

    # Indexed by activity_library_date (library first).
    library = models.ForeignKey(
        Library, models.PROTECT, related_name="activities", verbose_name=_("library"), db_index=False
    )
    date = models.DateField(_("date"), validators=[bounds.in_the_past])
    strategy = models.CharField(_("strategy"), max_length=30, choices=Strategy.choices)
    title = models.CharField(_("activity name"), max_length=200)
    # Community engagement (SIM: pelibatan).
    field = models.CharField(
        _("field"), max_length=20, choices=EngagementField.choices, blank=True, default="", db_default=""
    )
    event_kind = models.CharField(
        _("kind of event"), max_length=20, choices=EventKind.choices, blank=True, default="", db_default=""
    )
    skill_area = models.CharField(
        _("skill area"), max_length=100, blank=True, help_text=_("e.g. pandan weaving, beekeeping, food processing")
    )
    target_group = models.CharField(_("target group"), max_length=20, choices=TargetGroup.choices, blank=True)
    participants = models.PositiveIntegerField(
        _("participants"), default=0, db_default=0, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    participants_male = models.PositiveIntegerField(
        _("male participants"),
        null=True,
        blank=True,
        help_text=_("Optional: leave empty when not counted by sex."),
        validators=bounds.at_most(bounds.PARTICIPANTS),
    )
    participants_female = models.PositiveIntegerField(
        _("female participants"),
        null=True,
        blank=True,
        help_text=_("Optional: leave empty when not counted by sex."),
        validators=bounds.at_most(bounds.PARTICIPANTS),
    )
    partners = models.CharField(_("partners"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    outcome = models.TextField(_("outcome"), blank=True)
    # Advocacy (SIM: advokasi).
    targets = models.JSONField(_("addressed to"), default=list, blank=True, db_default=models.Value("[]"))
    result = models.CharField(
        _("result"), max_length=20, choices=AdvocacyResult.choices, blank=True, default="", db_default=""
    )
    regulation_kind = models.CharField(
        _("kind of regulation"), max_length=30, choices=RegulationKind.choices, blank=True, default="", db_default=""
    )
    regulation_title = models.CharField(
        _("regulation or agreement"),
        max_length=200,
        blank=True,
        default="",
        db_default="",
        help_text=_("Its name or number, as issued."),
    )
    amount = models.DecimalField(
        _("amount (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), *bounds.at_most(bounds.RUPIAH)],
    )
    resource_persons = models.PositiveIntegerField(
        _("resource persons"), null=True, blank=True, validators=bounds.at_most(bounds.PARTICIPANTS)
    )
    goods = models.PositiveIntegerField(
        _("goods received"), null=True, blank=True, validators=bounds.at_most(bounds.AID_ITEMS)
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True, validators=[bounds.in_the_past])
    document = models.FileField(
        _("signed document"),
        storage=photo_storage,
        upload_to=document_path,
        max_length=200,
        blank=True,
        default="",
        db_default="",
    )
    # Media publication (SIM: publikasi).
    publication_kind = models.CharField(
        _("kind of media"), max_length=20, choices=PublicationKind.choices, blank=True, default="", db_default=""
    )
    media_kind = models.CharField(_("channel"), max_length=20, choices=MediaKind.choices, blank=True)
    media_outlet = models.CharField(_("media outlet"), max_length=150, blank=True)
    media_link = models.URLField(_("link"), max_length=500, blank=True)
    # Generated with the form: a second submit of the same form (a retry on a weak connection)
    # finds the activity the first one created instead of creating it twice.
    client_token = models.UUIDField(_("submission token"), null=True, blank=True, unique=True, editable=False)

    history = HistoricalRecords()
    objects = ActivityQuerySet.as_manager()
    scope_paths = LIBRARY_SCOPE
    scope_writers = RECORD_WRITERS
    #: The field a missing "where was it published" is reported on (the activity form asks for the channel).
    PUBLICATION_FIELD = "media_kind"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            # Covering what the dashboards add up (advocacy by result too), so that a region's activities are read
            # library by library from the index alone (a province at 10,000 libraries: 145 to 30 ms,
            # docs/performance.md).
            models.Index(
                fields=["library", "date"],
                include=[
                    "strategy",
                    "participants",
                    "participants_male",
                    "participants_female",
                    "verification",
                    "result",
                ],
                name="activity_library_date",
            ),
            models.Index(fields=["date", "strategy"], name="activity_date_strategy"),
            # The verification queue: the records still waiting, oldest first.
            models.Index(
                fields=["library", "created_at"],
                condition=Q(verification=Verification.UNVERIFIED),
                name="activity_awaiting",
            ),
            # The same publication link on two records (the evidence checks): few records have a link.
            models.Index(fields=["media_link"], condition=~Q(media_link=""), name="activity_media_link"),
        ]
        constraints = [
            models.CheckConstraint(
                name="activity_split_adds_up",
                condition=Q(participants_male__isnull=True, participants_female__isnull=True)
                | Q(
                    participants_male__isnull=False,
                    participants_female__isnull=False,
                    participants=models.F("participants_male") + models.F("participants_female"),
                ),
            ),
            sim_key_constraint("activity_one_per_sim_key"),
            bounds.check(
                "activity",
                {
                    "participants": bounds.PARTICIPANTS,
                    "participants_male": bounds.PARTICIPANTS,
                    "participants_female": bounds.PARTICIPANTS,
                    "resource_persons": bounds.PARTICIPANTS,
                    "goods": bounds.AID_ITEMS,
                    "amount": bounds.RUPIAH,
                },
            ),
            bounds.DatabaseCheck(condition=bounds.from_first_year("date"), name="activity_date_from_first_year"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        """The record type's own page: advocacy and publications have theirs."""
        page = RECORD_PAGES.get(self.strategy, "activity")
        return reverse(f"activities:{page}_detail", args=[self.pk])

    @property
    def participants_total(self) -> int:
        return self.participants

    @property
    def has_split(self) -> bool:
        return self.participants_male is not None and self.participants_female is not None

    def fill_total(self) -> None:
        """Complete what the split by sex implies.

        Clients that only know the split (the API before the total existed) give the total through it; given
        the total and one sex, the other is the rest of the total (none without a total).
        """
        male, female = self.participants_male, self.participants_female
        if (male is None) != (female is None):
            given = male if female is None else female
            rest = max((self.participants or 0) - given, 0)
            if female is None:
                self.participants_female = rest
            else:
                self.participants_male = rest
            male, female = self.participants_male, self.participants_female
        if male is not None and female is not None and not self.participants:
            self.participants = male + female

    def clean(self):
        errors = {}
        self.fill_total()
        male, female = self.participants_male, self.participants_female
        if male is not None and self.participants is not None and male + female != self.participants:
            errors["participants"] = _(
                "The men and women (%(split)s) do not add up to the participants (%(total)s)."
            ) % {"split": male + female, "total": self.participants}
        if self.strategy == Strategy.MEDIA_PUBLICATION:
            if not self.publication_kind and self.media_kind:
                self.publication_kind = PUBLICATION_KIND_OF_MEDIA[self.media_kind]
            if not self.publication_kind:
                errors[self.PUBLICATION_FIELD] = _("Say where the activity was published.")
        unknown = [value for value in self.targets or [] if value not in AdvocacyTarget.values]
        if not isinstance(self.targets, list) or unknown:
            errors["targets"] = _("Choose whom the advocacy addressed from the list.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.fill_total()
        if self.strategy == Strategy.MEDIA_PUBLICATION and not self.publication_kind and self.media_kind:
            self.publication_kind = PUBLICATION_KIND_OF_MEDIA[self.media_kind]
        super().save(*args, **kwargs)


class StrategyManager(models.Manager.from_queryset(ActivityQuerySet)):
    """The records of one strategy (``model.STRATEGY``)."""

    def get_queryset(self):
        return super().get_queryset().filter(strategy=self.model.STRATEGY)


class StrategyRecord(Activity):
    """A proxy of ``Activity`` for one strategy: its own manager, and saved under that strategy."""

    STRATEGY: str = ""

    objects = StrategyManager()

    class Meta:
        proxy = True

    def save(self, *args, **kwargs):
        self.strategy = self.STRATEGY
        super().save(*args, **kwargs)


class Advocacy(StrategyRecord):
    """Advocacy to decision makers and partners, and what it obtained (SIM: advokasi)."""

    STRATEGY = Strategy.ADVOCACY

    class Meta:
        proxy = True
        verbose_name = _("advocacy")
        verbose_name_plural = _("advocacy")

    def get_absolute_url(self) -> str:
        return reverse("activities:advocacy_detail", args=[self.pk])

    def get_targets_display(self) -> str:
        labels = dict(AdvocacyTarget.choices)
        return ", ".join(str(labels.get(value, value)) for value in self.targets or [])


class Publication(StrategyRecord):
    """A media publication about the library (SIM: publikasi)."""

    STRATEGY = Strategy.MEDIA_PUBLICATION
    PUBLICATION_FIELD = "publication_kind"

    class Meta:
        proxy = True
        verbose_name = _("publication")
        verbose_name_plural = _("publications")

    def get_absolute_url(self) -> str:
        return reverse("activities:publication_detail", args=[self.pk])


class AttachmentLink(models.Model):
    """Evidence kept on SIM TPBIS's server (a photo or a signed document): the portal keeps its address.

    SIM names a file with a random 10-character token, ``_`` and the file's original name; the original name
    is kept apart so that the same file attached to two records can be recognised.
    """

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="attachment_links", verbose_name=_("record"))
    url = models.CharField(_("address"), max_length=500)
    original_name = models.CharField(_("original file name"), max_length=300, blank=True, db_index=True)

    scope_paths = ScopePaths(
        province="activity__library__province", regency="activity__library__regency", library="activity__library"
    )

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("attachment link")
        verbose_name_plural = _("attachment links")

    def __str__(self) -> str:
        return self.original_name or self.url

    @staticmethod
    def original_name_of(url: str) -> str:
        """``…/iYtDLzkKHd_IMG.20260703.164450.png`` → ``IMG.20260703.164450.png``."""
        name = url.rstrip("/").rsplit("/", 1)[-1]
        token, sep, rest = name.partition("_")
        return rest if sep and len(token) == 10 and token.isalnum() and rest else name
