import contextlib

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from foundation import bounds, phones
from foundation.models import Stamped
from foundation.scope import ScopedQuerySet, ScopePaths

from ..choices import NON_PHYSICAL_AID, AidItem, AidKind, FundingSource, LibraryLevel, PartnerType
from .cohort import follow_library
from .geography import District, Province, Regency, Village

#: The levels that sit in a village (desa/kelurahan) rather than at a regency or province.
VILLAGE_LEVELS = frozenset({LibraryLevel.VILLAGE, LibraryLevel.TBM, LibraryLevel.READING_CORNER})


class LibraryQuerySet(ScopedQuerySet):
    def active(self):
        return self.filter(is_active=True)

    def with_places(self):
        return self.select_related("province", "regency", "district", "village")


class Library(Stamped):
    """A library taking part in TPBIS, at province, regency/city or village level."""

    name = models.CharField(_("name"), max_length=200)
    npp = models.CharField(
        _("NPP"),
        max_length=30,
        null=True,
        blank=True,
        unique=True,
        validators=[RegexValidator(r"^[0-9A-Za-z.\-]+$", _("Letters, digits, dots and dashes only."))],
        help_text=_("Nomor Pokok Perpustakaan: the library's national number from Perpusnas' library census."),
    )
    level = models.CharField(_("level"), max_length=20, choices=LibraryLevel.choices)
    province = models.ForeignKey(Province, models.PROTECT, related_name="libraries", verbose_name=_("province"))
    regency = models.ForeignKey(
        Regency, models.PROTECT, null=True, blank=True, related_name="libraries", verbose_name=_("regency/city")
    )
    district = models.ForeignKey(
        District, models.PROTECT, null=True, blank=True, related_name="libraries", verbose_name=_("district")
    )
    village = models.ForeignKey(
        Village, models.PROTECT, null=True, blank=True, related_name="libraries", verbose_name=_("village")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    cohort_year = models.PositiveSmallIntegerField(
        _("cohort year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(2011), MaxValueValidator(2100), bounds.a_program_year],
        help_text=_("The year the library first joined the program (tahun bergabung): its first cohort's year."),
    )
    partner_type = models.CharField(_("partner type"), max_length=20, choices=PartnerType.choices, blank=True)
    funding_source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices, blank=True)
    funding_amount = models.DecimalField(
        _("funding amount (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(bounds.RUPIAH)],
    )
    decree_number = models.CharField(_("decree number (SK)"), max_length=100, blank=True)
    decree_date = models.DateField(_("decree date"), null=True, blank=True, validators=[bounds.in_the_past])
    manager_name = models.CharField(_("manager"), max_length=150, blank=True)
    contact_phone = models.CharField(
        _("contact phone"), max_length=30, blank=True, validators=[phones.validate], help_text=phones.HELP
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    members_count = models.PositiveIntegerField(
        _("members"), null=True, blank=True, validators=bounds.at_most(bounds.PEOPLE)
    )
    population_served = models.PositiveIntegerField(
        _("population served"), null=True, blank=True, validators=bounds.at_most(bounds.PEOPLE)
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = LibraryQuerySet.as_manager()
    scope_paths = ScopePaths(province="province", regency="regency", library="pk")

    class Meta:
        # By the keys themselves (not the related regions' codes, which would need their tables to sort), so
        # that ``library_place_name`` serves the order.
        ordering = ["province_id", "regency_id", "name"]
        verbose_name = _("library")
        verbose_name_plural = _("libraries")
        indexes = [
            models.Index(fields=["province", "regency", "name"], name="library_place_name"),
            models.Index(fields=["province", "level", "cohort_year"], name="library_province_level"),
            models.Index(fields=["regency", "level"], name="library_regency_level"),
            models.Index(fields=["cohort_year"], name="library_cohort"),
            models.Index(fields=["partner_type"], name="library_partner_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["village"], condition=Q(level=LibraryLevel.VILLAGE), name="one_village_library_per_village"
            ),
            models.UniqueConstraint(
                fields=["regency"], condition=Q(level=LibraryLevel.REGENCY), name="one_regency_library_per_regency"
            ),
            models.UniqueConstraint(
                fields=["province"],
                condition=Q(level=LibraryLevel.PROVINCE),
                name="one_provincial_library_per_province",
            ),
            bounds.check(
                "library",
                {"funding_amount": bounds.RUPIAH, "members_count": bounds.PEOPLE, "population_served": bounds.PEOPLE},
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.fill_places_from_village()
        with contextlib.suppress(ValidationError):  # else kept as typed: the forms, the import and the API refuse it
            self.contact_phone = phones.normalise(self.contact_phone)
        before = None
        if self.pk is not None and not self._state.adding:
            before = Library.objects.filter(pk=self.pk).values("cohort_year", "partner_type").first()
        super().save(*args, **kwargs)
        follow_library(self, before)

    def get_absolute_url(self) -> str:
        return reverse("libraries:library_detail", args=[self.pk])

    def clean(self):
        errors = {}
        if self.level in VILLAGE_LEVELS and not self.village_id:
            errors["village"] = _("A village-level library needs its village.")
        if self.level == LibraryLevel.REGENCY and not self.regency_id:
            errors["regency"] = _("A regency/city library needs its regency or city.")
        if self.level == LibraryLevel.PROVINCE and (self.regency_id or self.village_id):
            errors["regency"] = _("A provincial library belongs to the province, not to a regency.")
        if self.village_id and self.regency_id and not self.village_id.startswith(self.regency_id + "."):
            errors["village"] = _("This village is not in the chosen regency/city.")
        if self.regency_id and self.province_id and not self.regency_id.startswith(self.province_id + "."):
            errors["regency"] = _("This regency/city is not in the chosen province.")
        if self.funding_amount and not self.funding_source:
            errors["funding_source"] = _("Say where the funding comes from.")
        if errors:
            raise ValidationError(errors)

    def fill_places_from_village(self):
        """A library's district, regency and province follow from its village code."""
        code = self.village_id
        if code:
            parts = code.split(".")
            self.district_id = ".".join(parts[:3])
            self.regency_id = ".".join(parts[:2])
            self.province_id = parts[0]
        elif self.regency_id:
            self.province_id = self.regency_id.split(".")[0]

    @property
    def place(self) -> str:
        """Where the library is, as users say it: village, regency, province."""
        parts = [p for p in (self.village, self.regency, self.province) if p]
        return ", ".join(str(p) for p in parts)


class AidQuerySet(ScopedQuerySet):
    pass


class Aid(models.Model):
    """Support a library received in a year: books, equipment, or guidance."""

    library = models.ForeignKey(Library, models.CASCADE, related_name="aid", verbose_name=_("library"))
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(2011), MaxValueValidator(2100), bounds.a_program_year]
    )
    item = models.CharField(_("item"), max_length=30, choices=AidItem.choices)
    quantity = models.PositiveIntegerField(_("quantity"), default=1, validators=bounds.at_most(bounds.AID_ITEMS))
    value = models.DecimalField(
        _("value (Rp)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(bounds.RUPIAH)],
    )
    source = models.CharField(_("source"), max_length=150, blank=True, help_text=_("e.g. Perpusnas, APBD, CSR"))
    received_on = models.DateField(_("received on"), null=True, blank=True, validators=[bounds.in_the_past])
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()
    objects = AidQuerySet.as_manager()
    scope_paths = ScopePaths(province="library__province", regency="library__regency", library="library")

    class Meta:
        ordering = ["-year", "library"]
        verbose_name = _("aid")
        verbose_name_plural = _("aid")
        indexes = [models.Index(fields=["library", "year"], name="aid_library_year")]
        constraints = [bounds.check("aid", {"quantity": bounds.AID_ITEMS, "value": bounds.RUPIAH})]

    def __str__(self) -> str:
        return f"{self.get_item_display()} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("libraries:aid_detail", args=[self.pk])

    def clean(self):
        """Aid is recorded once received: neither its year nor its date may be in the future.

        The fields' validators refuse a date in the future and a year past next year (``foundation.bounds``);
        next year is refused here, with the reason.
        """
        today = timezone.localdate()
        errors = {}
        if self.year and self.year == today.year + 1:
            errors["year"] = _("Aid is recorded once received: the year cannot be in the future.")
        if (
            self.received_on
            and self.received_on <= today
            and self.year
            and "year" not in errors
            and self.received_on.year != self.year
        ):
            errors["received_on"] = _("The date received is not in the aid's year.")
        if errors:
            raise ValidationError(errors)

    @property
    def kind(self) -> str:
        return AidKind.NON_PHYSICAL if self.item in NON_PHYSICAL_AID else AidKind.PHYSICAL

    def get_kind_display(self) -> str:
        return AidKind(self.kind).label
