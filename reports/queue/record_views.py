"""One record of the queue: everything it holds, its verification steps, and "verify and next" / "return and
next", walking the queue in its order with the filters it was opened with.

The library's side is here too: a returned record is sent back for verification by correcting it (the record
forms call ``activities.verification.corrected``) or, when the correction was made elsewhere (a photo added),
with "send back for verification".
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from activities import verification
from activities.models import ActivityPhoto
from evidence import resolving
from foundation.scope import can_change
from reports.monthly import workflow

from .details import details
from .flags import flag_context
from .forms import AcceptFlagForm, QueueFilterForm, ReturnForm
from .kinds import RECORD_KINDS, RETURNED, WAITING
from .queue import Queue, Row, load_record
from .views import back_to

TRANSITION_ERRORS = (verification.TransitionError, workflow.TransitionError)


def _record(request, slug: str, pk: int):
    kind, record = load_record(request.user, slug, pk)
    if record is None:
        raise Http404
    return kind, record


def _filters(request):
    return QueueFilterForm(request.GET or None, request.user).filters()


def _record_url(slug: str, pk: int, query: str) -> str:
    url = reverse("reports:queue_record", args=[slug, pk])
    return f"{url}?{query}" if query else url


def record_page(request, kind: str, pk: int, return_form=None, accept_form=None, error_flag=None):
    kind, record = _record(request, kind, pk)
    filters = _filters(request)
    query = urlencode(filters.query())
    actions = kind.actions(request.user, record)
    photos, links = [], []
    if kind.slug in ("activities", "advocacy", "publications"):
        photos = list(ActivityPhoto.objects.filter(activity=record))
        links = list(record.attachment_links.all())
        record.photo_total, record.link_total = len(photos), len(links)
    state = kind.state(record)
    context = {
        "kind": kind,
        "row": Row(kind, record, can_verify=bool(actions)),
        "record": record,
        "details": details(record),
        "photos": photos,
        "links": links,
        "events": kind.events(record),
        "actions": actions,
        "waiting": state == WAITING,
        "returned": state == RETURNED,
        "return_form": return_form or (ReturnForm() if "return" in actions else None),
        "may_resubmit": state == RETURNED and kind.slug in RECORD_KINDS and _may_resubmit(request.user, record),
        "query": query,
        "remaining": Queue(request.user, filters).count(),
        "own_page": kind.page_url(record),
        "correct_url": kind.correct_url(record) if state == RETURNED else None,
        **flag_context(request.user, kind, record, accept_form, error_flag),
    }
    return render(request, "reports/queue/record.html", context)


def _may_resubmit(user, record) -> bool:
    return not verification.can_verify(user, record) and can_change(user, record)


def _next(request, kind, record, query: str):
    """To the record after this one in the queue, or back to the queue when none is left."""
    following = Queue(request.user, _filters(request)).after(kind, record)
    if following is None:
        messages.info(request, _("Nothing else is waiting here."))
        url = reverse("reports:queue")
        return redirect(f"{url}?{query}" if query else url)
    return redirect(_record_url(*following, query))


@require_POST
def record_verify(request, kind: str, pk: int):
    kind, record = _record(request, kind, pk)
    query = urlencode(_filters(request).query())
    try:
        kind.verify(record, request.user)
    except TRANSITION_ERRORS as error:
        messages.error(request, error.message)
        return redirect(_record_url(kind.slug, record.pk, query))
    messages.success(request, _("Verified: %(title)s.") % {"title": kind.title(record)})
    return _next(request, kind, record, query)


@require_POST
def record_return(request, kind: str, pk: int):
    kind, record = _record(request, kind, pk)
    if not kind.can_verify(request.user, record):
        raise PermissionDenied(_("Only regency or provincial staff of this library may return its records."))
    form = ReturnForm(request.POST)
    if not form.is_valid():
        return record_page(request, kind.slug, pk, return_form=form)
    query = urlencode(_filters(request).query())
    try:
        kind.return_record(record, request.user, form.cleaned_data["comment"])
    except TRANSITION_ERRORS as error:
        messages.error(request, error.message)
        return redirect(_record_url(kind.slug, record.pk, query))
    messages.success(request, _("Returned to the library: %(title)s.") % {"title": kind.title(record)})
    return _next(request, kind, record, query)


def record_next(request, kind: str, pk: int):
    """Skip this record for now: the next one in the queue."""
    kind, record = _record(request, kind, pk)
    return _next(request, kind, record, urlencode(_filters(request).query()))


@require_POST
def record_resubmit(request, kind: str, pk: int):
    """The library sends a returned record back for verification (its correction was made)."""
    kind, record = _record(request, kind, pk)
    if kind.slug not in RECORD_KINDS or not can_change(request.user, record):
        raise PermissionDenied(_("You may not change this record."))
    with transaction.atomic():
        if kind.state(record) == RETURNED and verification.corrected(record, request.user):
            record.save(update_fields=["verification", "verified_by", "verified_at", "updated_at"])
            verification.record_correction(record, request.user)
            messages.success(request, _("Sent back for verification: %(title)s.") % {"title": kind.title(record)})
        else:
            messages.info(request, _("This record is not waiting for a correction."))
    return redirect(back_to(request, reverse("reports:queue_record", args=[kind.slug, record.pk])))


@require_POST
def accept_flag(request, kind: str, pk: int, flag: int):
    found_kind, record = load_record(request.user, kind, pk)
    if record is None or not hasattr(record, "evidence_flags"):
        raise Http404
    target = record.evidence_flags.filter(pk=flag).first()
    if target is None:
        raise Http404
    if not verification.can_verify(request.user, record):
        raise PermissionDenied(_("Only regency or provincial staff of this library may accept its flags."))
    form = AcceptFlagForm(request.POST)
    if not form.is_valid():
        return record_page(request, kind, pk, accept_form=form, error_flag=target.pk)
    try:
        resolving.accept(target, record, request.user, form.cleaned_data["note"])
    except resolving.AcceptError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Flag accepted: %(flag)s.") % {"flag": target.get_code_display()})
    query = urlencode(_filters(request).query())
    return redirect(_record_url(found_kind.slug, record.pk, query) + "#flags")
