"""Who is told about a monthly report's step: submitted → the verifiers of its area; returned or verified → the
library's librarians (``notifications.service.notify_library_record``). Called by ``workflow`` once the step is
committed."""

from django.utils import formats
from django.utils.translation import gettext as _

from notifications.models import Kind
from notifications.service import in_default_language, notify_library_record


@in_default_language
def subject(report) -> str:
    month = formats.date_format(report.period, "F Y")
    return _("Monthly report for %(month)s, %(library)s") % {"month": month, "library": report.library.name}


def submitted(report, actor) -> None:
    notify_library_record(Kind.SUBMITTED, report, actor=actor, subject=subject(report))


def returned(report, actor, comment: str) -> None:
    notify_library_record(Kind.RETURNED, report, actor=actor, comment=comment, subject=subject(report))


def verified(report, actor, comment: str = "") -> None:
    notify_library_record(Kind.VERIFIED, report, actor=actor, comment=comment, subject=subject(report))
