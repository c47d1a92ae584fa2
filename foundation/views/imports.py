"""Upload → preview → confirm, for any importer built on ``foundation.importing.TableImport``.

The uploaded file is kept in storage between the preview and the confirmation (its name in the
session); confirming reads and validates it again through the same path, so what is saved is
exactly what passes validation at that moment.
"""

import os
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.db import IntegrityError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View

from ..scope import CHANGE, scope_for
from ..spreadsheets import FileError, RowError

MAX_ERRORS_SHOWN = 500


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLSX or CSV)"),
        help_text=_("Use the template: one row per record, the first row holds the column names."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if not file.name.lower().endswith((".xlsx", ".csv")):
            raise forms.ValidationError(_("Upload an XLSX or CSV file."))
        if file.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return file


class BaseImportView(View):
    importer_class = None
    model = None
    session_key = ""
    template_name = ""
    template_download = ""
    list_url = ""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and scope_for(request.user).area(CHANGE, self.model).is_empty:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def importer(self):
        return self.importer_class(self.request.user)

    def render_page(self, form, result=None, token="", source=""):
        errors = result.errors if result else []
        context = {
            "form": form,
            "result": result,
            "errors": errors[:MAX_ERRORS_SHOWN],
            "errors_hidden": max(0, len(errors) - MAX_ERRORS_SHOWN),
            "error_rows": len({e.row for e in errors}),
            "token": token,
            "source": source,
            "columns": self.importer_class.columns,
            "template_download": self.template_download,
            "list_url": self.list_url,
        }
        return render(self.request, self.template_name, context)

    def get(self, request):
        return self.render_page(ImportForm())

    def post(self, request):
        if "token" in request.POST:
            return self.confirm(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(form)
        upload = form.cleaned_data["file"]
        importer = self.importer()
        try:
            result = importer.validate(importer.read(upload))
        except FileError as exc:
            form.add_error("file", str(exc))
            return self.render_page(form)
        if not result.ok:
            return self.render_page(form, result, source=upload.name)
        self.forget_upload()
        token = uuid.uuid4().hex
        extension = os.path.splitext(upload.name)[1].lower()
        stored = default_storage.save(f"imports/{token}{extension}", upload)
        request.session[self.session_key] = {"token": token, "stored": stored, "source": upload.name}
        return self.render_page(ImportForm(), result, token=token, source=upload.name)

    def confirm(self, request):
        pending = request.session.get(self.session_key)
        if not pending or pending["token"] != request.POST.get("token"):
            messages.error(request, _("This preview has expired: upload the file again."))
            return redirect(request.path)
        importer = self.importer()
        with default_storage.open(pending["stored"]) as stored:
            try:
                result = importer.validate(importer.read(stored))
            except FileError as exc:
                result = None
                messages.error(request, str(exc))
        if result is None or not result.ok:
            self.forget_upload()
            return self.render_page(ImportForm(), result, source=pending["source"])
        try:
            saved = importer.save(result, pending["source"])
        except IntegrityError:
            result.errors.append(RowError(0, "", str(_("Another user registered the same records meanwhile."))))
            return self.render_page(ImportForm(), result, source=pending["source"])
        self.forget_upload()
        return self.done(saved, pending["source"])

    def done(self, saved, source):
        messages.success(
            self.request, _("%(count)s records imported from %(file)s.") % {"count": len(saved), "file": source}
        )
        return redirect(self.list_url)

    def forget_upload(self):
        pending = self.request.session.pop(self.session_key, None)
        if pending and default_storage.exists(pending["stored"]):
            default_storage.delete(pending["stored"])


def template_download(importer_class, filename: str):
    """A view returning the import template: column names, one example row and, in XLSX, a Guide sheet."""

    def view(request, fmt):
        return importer_class(request.user).template_response(filename, fmt)

    return view
