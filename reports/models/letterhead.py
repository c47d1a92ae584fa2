"""The heading of a province's printed reports: its office's logo and lines of text.

Progress reports and PLM briefing packs of the province, its regencies and libraries carry it; the
nation's reports, and provinces that have none, carry the Perpusnas heading.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from foundation.models import Recorded
from foundation.scope import Role, ScopedQuerySet, ScopePaths
from libraries.models import Province

MAX_LOGO_BYTES = 1024 * 1024
MAX_LINES = 5


def validate_logo_size(file) -> None:
    if file and file.size > MAX_LOGO_BYTES:
        raise ValidationError(_("The logo may be at most 1 MB."))


class Letterhead(Recorded):
    province = models.OneToOneField(
        Province, models.CASCADE, related_name="letterhead", verbose_name=_("province"), primary_key=True
    )
    logo = models.ImageField(
        _("logo"),
        upload_to="letterheads/",
        blank=True,
        validators=[validate_logo_size],
        help_text=_("PNG or JPEG, at most 1 MB; printed about 2 cm high."),
    )
    lines = models.TextField(
        _("lines of text"),
        max_length=400,
        help_text=_("One line per row (at most five): the office's name, its address, its contacts."),
    )

    objects = ScopedQuerySet.as_manager()
    scope_paths = ScopePaths(province="province")
    scope_writers = frozenset({Role.ADMIN, Role.PROVINCE_STAFF})

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self) -> str:
        return str(self.province)

    def clean(self):
        if len(self.text_lines) > MAX_LINES:
            raise ValidationError({"lines": _("Write at most five lines.")})

    @property
    def text_lines(self) -> list[str]:
        return [line.strip() for line in self.lines.splitlines() if line.strip()]
