"""What a library import understands: the words people type for levels, kinds of support and funding sources
(Indonesian or English, as SIM TPBIS and Excel lists write them), and the sheet of village codes a template
offers."""

from functools import cache

from django.utils.translation import gettext_lazy as _

from foundation.importing import Reference, choice_lookup
from foundation.scope import VIEW

from .choices import FundingSource, LibraryLevel, PartnerType
from .models import Village


@cache
def levels() -> dict[str, str]:
    return choice_lookup(
        LibraryLevel.choices,
        ("provinsi", LibraryLevel.PROVINCE),
        ("kabupaten", LibraryLevel.REGENCY),
        ("kota", LibraryLevel.REGENCY),
        ("kabupaten/kota", LibraryLevel.REGENCY),
        ("desa", LibraryLevel.VILLAGE),
        ("kelurahan", LibraryLevel.VILLAGE),
        ("desa/kelurahan", LibraryLevel.VILLAGE),
        ("pojok baca", LibraryLevel.READING_CORNER),
    )


@cache
def partner_types() -> dict[str, str]:
    return choice_lookup(
        PartnerType.choices,
        ("full support", PartnerType.FULL_SUPPORT),
        ("bantuan buku", PartnerType.BOOK_AID),
        ("replikasi mandiri", PartnerType.SELF_REPLICATION),
        ("replikasi", PartnerType.SELF_REPLICATION),
    )


@cache
def funding_sources() -> dict[str, str]:
    return choice_lookup(
        FundingSource.choices,
        ("dana desa", FundingSource.DANA_DESA),
        ("dd", FundingSource.DANA_DESA),
        ("lainnya", FundingSource.OTHER),
    )


#: A template lists the villages of the user's area up to this many (a whole province; not the nation).
TEMPLATE_VILLAGES = 15_000


def village_reference(user, column: str = "") -> list[Reference]:
    """The template sheet of the villages the user may register libraries in, with their codes."""
    villages = Village.objects.all() if user is None else Village.objects.restrict(user, VIEW)
    rows = list(
        villages.order_by("code").values_list("code", "name", "district__name", "regency__name")[
            : TEMPLATE_VILLAGES + 1
        ]
    )
    if not rows or len(rows) > TEMPLATE_VILLAGES:
        return []
    headers = [_("Village code"), _("Village"), _("District"), _("Regency/city")]
    return [Reference(str(_("Village codes")), headers, rows, column)]
