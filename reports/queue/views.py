"""The verification queue (the home page of regency and provincial staff), its bulk verify, and the list of
records returned to their libraries."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from foundation.scope import Role, scope_for

from .actions import may_verify, verify_selected
from .forms import MAX_SELECTED, QueueFilterForm, parse_keys
from .kinds import KINDS, RETURNED
from .queue import Keys, Queue
from .share import verified_share

PER_PAGE = 50
QUEUE_ROLES = (Role.REGENCY_STAFF, Role.PROVINCE_STAFF)


def is_home_of(user) -> bool:
    """Regency and provincial staff land on their queue; administrators and consultants keep their home."""
    scope = scope_for(user)
    return scope.has_role(*QUEUE_ROLES) and not scope.has_role(Role.ADMIN)


def _filtered(request, state=None):
    form = QueueFilterForm(request.GET or None, request.user)
    filters = form.filters()
    queue = Queue(request.user, filters) if state is None else Queue(request.user, filters, state=state)
    return form, filters, queue


def _with(filters, **changes) -> str:
    """The filters' query string with some changed (``None``: left out)."""
    query = {**filters.query(), **changes}
    return urlencode({name: value for name, value in query.items() if value is not None})


def queue_page(request):
    """The records waiting in the user's area, oldest first, to verify one by one or several at once."""
    form, filters, queue = _filtered(request)
    counts = queue.counts()
    page = Paginator(Keys(queue, counts.total), PER_PAGE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    single = filters.kinds[0] if len(filters.kinds) == 1 else None
    context = {
        "form": form,
        "filters": filters,
        "query": urlencode(filters.query()),
        "rows": queue.rows(page.object_list),
        "page": page,
        "counts": counts,
        "kinds": [
            (slug, kind.label, counts.by_kind[slug], _with(filters, type=slug), slug == single)
            for slug, kind in KINDS.items()
        ],
        "all_kinds": _with(filters, type=None),
        "libraries": [
            (pk, name, n, _with(filters, library=pk), pk == filters.library) for pk, name, n in counts.libraries
        ],
        "all_libraries": _with(filters, library=None),
        "library_choice": form.cleaned_data.get("library") if form.is_bound and form.is_valid() else None,
        "shares": verified_share(request.user, today),
        "month": today,
        "may_verify": may_verify(request.user),
        "read_only": scope_for(request.user).read_only,
        "here": request.get_full_path(),
    }
    return render(request, "reports/queue/queue.html", context)


def returned_page(request):
    """What came back to the libraries and why, the latest first, each with the way to correct it."""
    form, filters, queue = _filtered(request, state=RETURNED)
    page = Paginator(Keys(queue, queue.count()), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "query": urlencode(filters.query()),
        "rows": queue.rows(page.object_list),
        "page": page,
        "here": request.get_full_path(),
    }
    return render(request, "reports/queue/returned.html", context)


def back_to(request, default: str) -> str:
    """The page a form came from (``next``), if it is one of ours."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


@require_POST
def verify_many(request):
    """Verify one record of the list (``one``) or those selected (``selected``), then back to the list."""
    back = back_to(request, reverse("reports:queue"))
    if not may_verify(request.user):
        raise PermissionDenied(_("Only regency or provincial staff may verify records."))
    values = [request.POST["one"]] if request.POST.get("one") else request.POST.getlist("selected")
    if not values:
        messages.warning(request, _("Select the records to verify."))
        return redirect(back)
    keys = parse_keys(values) if len(values) <= MAX_SELECTED else None
    if keys is None:
        messages.error(request, _("The selection could not be read; nothing was verified."))
        return redirect(back)
    result = verify_selected(request.user, keys)
    if result.missing:
        messages.error(request, _("Some of the selected records are not in your area; nothing was verified."))
        return redirect(back)
    messages.success(
        request,
        ngettext("%(count)d record verified.", "%(count)d records verified.", result.verified)
        % {"count": result.verified},
    )
    if result.not_allowed:
        messages.warning(
            request,
            ngettext(
                "%(count)d skipped: you may not verify it.",
                "%(count)d skipped: you may not verify them.",
                result.not_allowed,
            )
            % {"count": result.not_allowed},
        )
    if result.not_waiting:
        messages.info(
            request,
            ngettext("%(count)d was no longer waiting.", "%(count)d were no longer waiting.", result.not_waiting)
            % {"count": result.not_waiting},
        )
    return redirect(back)
