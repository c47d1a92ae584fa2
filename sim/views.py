"""The SIM bridge's pages: upload → preview (and places to pick) → confirm; and a regency's records to download.

Regency and provincial staff and administrators import, each within the area they may change. The files wait
on the server (``SimUpload``) under a token only their uploader can use; every step reads them again and
checks everything again, so nothing the browser sends is trusted beyond the choices it names, and those only
among the candidates offered.
"""

from __future__ import annotations

import os
import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from foundation.scope import CHANGE, STAFF_ROLES, VIEW, Area, Place, scope_for
from libraries.models import Regency
from libraries.models.geography import is_region_code

from .exporting import export_files, zipped
from .forms import ExportForm, UploadForm
from .importing import check
from .models import SimUpload
from .places import PAGE, SKIP, Choice
from .writing import apply

MAX_PROBLEMS_SHOWN = 500


def importer_area(user) -> Area:
    """Where ``user`` may import: the area of their staff roles; none at all is 403."""
    area = scope_for(user).area(CHANGE, roles=STAFF_ROLES)
    if area.is_empty:
        raise PermissionDenied
    return area


@require_http_methods(["GET", "POST"])
def upload(request):
    importer_area(request.user)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if request.method == "POST" and form.is_valid():
        _forget_expired()
        token = uuid.uuid4().hex
        stored = []
        for index, file in enumerate(form.cleaned_data["files"]):
            extension = os.path.splitext(file.name)[1].lower()
            path = default_storage.save(f"sim-imports/{token}/{index}{extension}", file)
            stored.append({"name": os.path.basename(file.name)[:200], "path": path, "size": file.size})
        SimUpload.objects.create(token=token, user=request.user, files=stored)
        return redirect("sim:preview", token=token)
    return render(request, "sim/upload.html", {"form": form})


def _forget_expired() -> None:
    expired = list(SimUpload.objects.filter(expires_at__lte=timezone.now()))
    for pending in expired:
        _delete_files(pending)
    SimUpload.objects.filter(pk__in=[p.pk for p in expired]).delete()


def _delete_files(pending: SimUpload) -> None:
    for stored in pending.files:
        if default_storage.exists(stored["path"]):
            default_storage.delete(stored["path"])


def _pending(request, token: str) -> SimUpload | None:
    pending = SimUpload.objects.filter(token=token, user=request.user).first() if len(token) <= 32 else None
    if pending is None:
        raise Http404
    if pending.expires_at <= timezone.now():
        _delete_files(pending)
        pending.delete()
        messages.error(request, _("This upload has expired: upload the files again."))
        return None
    return pending


def _sources(pending: SimUpload) -> list[tuple[str, bytes]]:
    sources = []
    for stored in pending.files:
        with default_storage.open(stored["path"], "rb") as handle:
            sources.append((stored["name"], handle.read()))
    return sources


def _choices(pending: SimUpload) -> list[Choice]:
    choices = []
    for key, value in pending.choices.items():
        regency, name_key, village_key = key.split("|")
        action, _sep, target = value.partition(":")
        choices.append(Choice(name_key, regency, village_key, action, target, PAGE))
    return choices


def _plan(request, pending: SimUpload):
    return check(_sources(pending), importer_area(request.user), _choices(pending))


def _options(unplaced) -> dict[str, str]:
    """The answers the page offers for an unplaced library: its candidate villages, their libraries, or out."""
    options = {}
    for candidate in unplaced.candidates:
        if candidate.outcome[0] != "taken":
            options[f"village:{candidate.code}"] = candidate.name
        for pk, name in candidate.libraries:
            options[f"library:{pk}"] = name
    options[SKIP] = ""
    return options


@require_http_methods(["GET", "POST"])
def preview(request, token: str):
    pending = _pending(request, token)
    if pending is None:
        return redirect("sim:upload")
    plan = _plan(request, pending)
    if request.method == "POST":
        chosen = 0
        for index, unplaced in enumerate(plan.unplaced):
            value = request.POST.get(f"place-{index}", "")
            if value in _options(unplaced) and request.POST.get(f"key-{index}") == unplaced.key:
                pending.choices[unplaced.key] = value
                chosen += 1
        pending.save(update_fields=["choices"])
        if chosen < len(plan.unplaced):
            messages.warning(request, _("Choose a place, or to leave it out, for every library listed."))
        return redirect("sim:preview", token=token)
    unplaced = [(index, item, _options(item)) for index, item in enumerate(plan.unplaced)]
    context = {
        "pending": pending,
        "plan": plan,
        "problems": plan.problems[:MAX_PROBLEMS_SHOWN],
        "problems_hidden": max(0, len(plan.problems) - MAX_PROBLEMS_SHOWN),
        "unplaced": unplaced,
    }
    return render(request, "sim/preview.html", context)


@require_POST
def confirm(request, token: str):
    pending = _pending(request, token)
    if pending is None:
        return redirect("sim:upload")
    plan = _plan(request, pending)
    if not plan.ok:
        messages.error(request, _("Nothing was imported: settle what the preview shows first."))
        return redirect("sim:preview", token=token)
    try:
        apply(plan, request.user, ", ".join(f["name"] for f in pending.files))
    except IntegrityError:
        messages.error(request, _("Another import changed the same records meanwhile: check the preview again."))
        return redirect("sim:preview", token=token)
    _delete_files(pending)
    pending.delete()
    summary = ", ".join(
        str(_("%(label)s: %(created)s new, %(updated)s updated") % {"label": label, **vars(counts)})
        for _kind, label, counts in plan.rows()
    )
    messages.success(request, _("Imported from SIM TPBIS. %(summary)s.") % {"summary": summary})
    return redirect("sim:upload")


def export(request, code: str):
    """A regency's records as SIM's JSON files in one zip, for whoever may see the regency."""
    regency = Regency.objects.select_related("province").filter(code=code).first() if is_region_code(code) else None
    if regency is None or not scope_for(request.user).area(VIEW).covers(Place.of_region(regency=code)):
        raise Http404
    form = ExportForm(
        request.GET if "from" in request.GET or "to" in request.GET else None, initial=ExportForm.defaults()
    )
    if form.is_bound and form.is_valid():
        first, last = form.cleaned_data["range"]
        content = zipped(export_files(regency, first, last))
        response = HttpResponse(content, content_type="application/zip")
        name = f"sim-tpbis-{code.replace('.', '')}-{first:%Y%m}-{last:%Y%m}.zip"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    status = 400 if form.is_bound else 200
    context = {"form": form, "regency": regency, "action": reverse("sim:export", args=[code])}
    return render(request, "sim/export.html", context, status=status)
