import datetime as dt

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.months import MonthInput

from .exporting import MAX_MONTHS, parse_range
from .files import EXTENSIONS


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple) and data:
            return [single(item, initial) for item in data]
        return [single(data or None, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label=_("SIM TPBIS files"),
        help_text=_(
            "The exports of SIM TPBIS as they come (pelibatan, advokasi, publikasi, peningkatan, pengunjung, "
            "replikasi, iku; JSON), or spreadsheets (XLSX, CSV) with the same column names. Several at once."
        ),
    )

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.TPBIS_SIM_MAX_FILES:
            raise forms.ValidationError(
                _("Upload at most %(count)s files at once.") % {"count": settings.TPBIS_SIM_MAX_FILES}
            )
        limit = settings.TPBIS_SIM_MAX_FILE_BYTES
        for file in files:
            if not file.name.lower().endswith(EXTENSIONS):
                raise forms.ValidationError(_("%(file)s: give JSON, XLSX or CSV files.") % {"file": file.name})
            if file.size > limit:
                raise forms.ValidationError(
                    _("%(file)s is larger than %(size)s MB.") % {"file": file.name, "size": limit // (1024 * 1024)}
                )
        return files


class ExportForm(forms.Form):
    """The months to give back: ``from`` and ``to`` (``YYYY-MM``), at most ``MAX_MONTHS`` of them."""

    start = forms.CharField(label=_("From month"), widget=MonthInput())
    end = forms.CharField(label=_("To month"), widget=MonthInput())

    def __init__(self, data=None, **kwargs):
        if data is not None:
            data = {"start": data.get("from", ""), "end": data.get("to", "")}
        super().__init__(data, **kwargs)

    @staticmethod
    def defaults() -> dict:
        today = timezone.localdate()
        return {"start": dt.date(today.year, 1, 1).strftime("%Y-%m"), "end": today.strftime("%Y-%m")}

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            data["range"] = parse_range(f"{data['start']}..{data['end']}")
        except ValueError:
            raise forms.ValidationError(
                _("Give two months as YYYY-MM, the first not after the second, at most %(months)s months apart.")
                % {"months": MAX_MONTHS}
            ) from None
        return data
