"""Rules across the fields of a record, shared by the forms and the API serializers.

The model's own ``clean()`` holds what must always be true (a split of participants adds up, a publication
says where it appeared); these are what entering a record asks besides, so that a new record says what it
obtained coherently. Records taken in from SIM TPBIS keep what SIM holds, contradictions included: those are
for the checks to point out, not for the import to refuse.
"""

from django.utils.translation import gettext_lazy as _

from .choices import PUBLICATION_KIND_OF_MEDIA, AdvocacyResult


def advocacy_problems(result: str, regulation_kind: str, amount) -> dict[str, str]:
    """What does not fit together in an advocacy's outcome (field → message)."""
    problems = {}
    if result == AdvocacyResult.REGULATION and not regulation_kind:
        problems["regulation_kind"] = _("Choose the kind of regulation or agreement obtained.")
    if regulation_kind and result != AdvocacyResult.REGULATION:
        problems["regulation_kind"] = _("A kind of regulation goes with the result 'Regulation'.")
    if result == AdvocacyResult.FUNDS and not amount:
        problems["amount"] = _("Give the amount of the funds obtained.")
    if amount and result == AdvocacyResult.NON_FUNDS:
        problems["amount"] = _("An amount goes with the result 'Funds' (or a regulation that allocates funds).")
    return problems


def publication_problems(kind: str, channel: str) -> dict[str, str]:
    if kind and channel and PUBLICATION_KIND_OF_MEDIA.get(channel) != kind:
        return {"media_kind": _("This channel is not of the chosen kind of media.")}
    return {}
