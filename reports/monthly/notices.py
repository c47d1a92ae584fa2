"""Who is told about a monthly report's step: submitted → the verifiers of its area; returned or verified → the
library's librarians. Called by ``workflow`` once the step is committed."""

from django.utils import formats
from django.utils.translation import gettext as _

from foundation.scope import Place
from notifications.models import Kind
from notifications.recipients import librarians_of, staff_covering
from notifications.service import in_default_language, notify


def subject(report) -> str:
    month = formats.date_format(report.period, "F Y")
    return _("Monthly report for %(month)s, %(library)s") % {"month": month, "library": report.library.name}


@in_default_language
def submitted(report, actor) -> None:
    verifiers = staff_covering(Place.of_library(report.library))
    notify(Kind.SUBMITTED, report, verifiers, actor=actor, subject=subject(report))


@in_default_language
def returned(report, actor, comment: str) -> None:
    librarians = librarians_of(report.library_id)
    notify(Kind.RETURNED, report, librarians, actor=actor, comment=comment, subject=subject(report))


@in_default_language
def verified(report, actor) -> None:
    notify(Kind.VERIFIED, report, librarians_of(report.library_id), actor=actor, subject=subject(report))
