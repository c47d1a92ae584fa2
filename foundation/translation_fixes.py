"""Corrections to third-party Indonesian translations: our catalogue (LOCALE_PATHS) takes precedence.

Django's own Indonesian catalogue renders "already exists" as "tidak ada" ("does not exist"),
which would tell a librarian the opposite of what happened when a month is reported twice.
"""

from django.utils.translation import gettext_noop

CORRECTED = [gettext_noop("%(model_name)s with this %(field_labels)s already exists.")]
