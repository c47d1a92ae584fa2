"""The evidence flags on a queue record: what the checks found, shown first, with links to the related records."""

from __future__ import annotations

from django.urls import reverse

from activities import verification
from evidence import resolving


def flag_context(user, kind, record, accept_form=None, error_flag=None) -> dict:
    """The record's flags (open first), the related records' links, and whether the user may accept them."""
    if not hasattr(record, "evidence_flags"):
        return {"flags": []}
    flags = resolving.flags_of(record)
    model = type(record)._meta.concrete_model._meta.model_name
    for flag in flags:
        flag.related_links = [(pk, reverse(f"activities:{model}_detail", args=[pk])) for pk in flag.related or []]
    may_accept = bool(flags) and verification.can_verify(user, record)
    return {
        "flags": flags,
        "open_flags": sum(1 for flag in flags if not flag.is_resolved),
        "may_accept": may_accept,
        "accept_form": accept_form,
        "error_flag": error_flag,
    }
