"""Indonesia's administrative regions, keyed by their dotted Kemendagri codes."""

import re

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from foundation.scope import Area, ScopedQuerySet


def is_region_code(value) -> bool:
    """Whether ``value`` looks like a dotted region code (``19``, ``19.01``, ``19.01.01.2001``) worth looking up.

    Raw request values go through it before reaching a query: PostgreSQL refuses text with NUL in it.
    """
    return isinstance(value, str) and re.fullmatch(r"[0-9]{2}(\.[0-9]{2,4}){0,3}", value) is not None


class RegionQuerySet(ScopedQuerySet):
    """Regions are reference data; users pick only from those touching their own area."""

    #: lookups from the region to its province code and its regency code
    province_lookup = "province"
    regency_lookup = "regency"

    def area_filter(self, area: Area) -> Q:
        if area.national:
            return Q()
        q = Q(pk__in=[])
        if area.provinces:
            q |= Q(**{f"{self.province_lookup}__in": sorted(area.provinces)})
        if self.regency_lookup and area.touched_regencies:
            q |= Q(**{f"{self.regency_lookup}__in": sorted(area.touched_regencies)})
        return q


class ProvinceQuerySet(RegionQuerySet):
    def area_filter(self, area: Area) -> Q:
        return Q() if area.national else Q(code__in=sorted(area.touched_provinces))


class RegencyQuerySet(RegionQuerySet):
    regency_lookup = "code"


class SubRegencyQuerySet(RegionQuerySet):
    province_lookup = "regency__province"


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    objects = ProvinceQuerySet.as_manager()
    scope_writers = frozenset()

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Regency (kabupaten)")
        KOTA = "kota", _("City (kota)")

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(Province, models.PROTECT, related_name="regencies", verbose_name=_("province"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    objects = RegencyQuerySet.as_manager()
    scope_writers = frozenset()

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency/city")
        verbose_name_plural = _("regencies/cities")

    def __str__(self) -> str:
        return self.name


class District(models.Model):
    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(Regency, models.PROTECT, related_name="districts", verbose_name=_("regency/city"))
    name = models.CharField(_("name"), max_length=100)

    objects = SubRegencyQuerySet.as_manager()
    scope_writers = frozenset()

    class Meta:
        ordering = ["code"]
        verbose_name = _("district")
        verbose_name_plural = _("districts")

    def __str__(self) -> str:
        return self.name


class Village(models.Model):
    class Kind(models.TextChoices):
        DESA = "desa", _("Village (desa)")
        KELURAHAN = "kelurahan", _("Urban village (kelurahan)")
        DESA_ADAT = "desa_adat", _("Customary village (desa adat)")

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    district = models.ForeignKey(District, models.PROTECT, related_name="villages", verbose_name=_("district"))
    # Denormalised so that villages can be filtered by regency without a join.
    regency = models.ForeignKey(Regency, models.PROTECT, related_name="villages", verbose_name=_("regency/city"))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)

    objects = SubRegencyQuerySet.as_manager()
    scope_writers = frozenset()

    class Meta:
        ordering = ["code"]
        verbose_name = _("village")
        verbose_name_plural = _("villages")

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.code[:2]
