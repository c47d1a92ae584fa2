"""The forms of the records that are not events: advocacy, publications, service snapshots, replication programmes.

Each keeps what was typed when it refuses something (a Django form does), limits its dropdowns to the user's
area, and asks for a record type's own facts in SIM TPBIS's vocabulary. The rules that bind the API too
(``rules``) are plain functions the serializers call as well.
"""

import re

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from foundation.fields import RupiahField
from foundation.months import MonthField
from foundation.views.generic import ScopedFormMixin
from libraries.forms.common import LibraryChoiceMixin, LibraryPickerField, RegistryFormMixin
from libraries.models import Library

from .choices import AdvocacyResult, AdvocacyTarget, PublicationKind
from .documents import ACCEPT as DOCUMENT_ACCEPT
from .documents import clean_document
from .models import Advocacy, Publication, Replication, ServiceSnapshot
from .rules import advocacy_problems, publication_problems

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
NUMBER = {"inputmode": "numeric", "min": 0}
HALF = "col-12 col-md-6"
PUBLICATION_FIELDS = [
    "library",
    "date",
    "title",
    "publication_kind",
    "media_outlet",
    "media_link",
    "media_kind",
    "description",
]


class RecordFormMixin(LibraryChoiceMixin, ScopedFormMixin):
    """A record of one library: its library among those the user may write in, a crispy layout."""

    layout: tuple = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_library(self._meta.model)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*self.layout)


class StoredDocument:
    """The document a record already has, as the file input shows it: a link to the view that serves it."""

    def __init__(self, url: str, name: str):
        self.url, self.name = url, name

    def __str__(self) -> str:
        return self.name


class AdvocacyForm(RecordFormMixin, forms.ModelForm):
    targets = forms.MultipleChoiceField(
        label=_("Addressed to"), choices=AdvocacyTarget.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    amount = RupiahField(required=False, label=_("amount (Rp)"))
    document = forms.FileField(
        label=_("Signed document"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": DOCUMENT_ACCEPT}),
        help_text=_("The regulation or agreement as signed: PDF, or a JPEG/PNG photo of it (up to 10 MB)."),
    )

    class Meta:
        model = Advocacy
        fields = [
            "library",
            "date",
            "title",
            "targets",
            "partners",
            "result",
            "regulation_kind",
            "regulation_title",
            "amount",
            "resource_persons",
            "goods",
            "issued_on",
            "document",
            "description",
            "outcome",
        ]
        widgets = {
            "date": DATE,
            "issued_on": DATE,
            "result": forms.RadioSelect,
            "resource_persons": forms.NumberInput(attrs=NUMBER),
            "goods": forms.NumberInput(attrs=NUMBER),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    layout = (
        "library",
        "date",
        "title",
        "targets",
        "partners",
        Fieldset(
            _("What it obtained"),
            "result",
            Row(Column("regulation_kind", css_class=HALF), Column("issued_on", css_class=HALF)),
            "regulation_title",
            "amount",
            Row(Column("resource_persons", css_class="col-6"), Column("goods", css_class="col-6")),
            "document",
        ),
        "description",
        "outcome",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["result"].choices = [("", _("Not recorded yet")), *AdvocacyResult.choices]
        self.fields["partners"].label = _("Whom it met (names, offices)")
        if self.instance.pk and self.instance.document:
            # Stored privately (no public address): the form links to the scoped view instead.
            url = reverse("activities:advocacy_document", args=[self.instance.pk])
            self.initial["document"] = StoredDocument(url, str(_("the signed document")))
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if isinstance(upload, StoredDocument):
            return self.instance.document  # kept as it is
        return clean_document(upload) if isinstance(upload, UploadedFile) else upload

    def clean(self):
        data = super().clean()
        problems = advocacy_problems(data.get("result", ""), data.get("regulation_kind", ""), data.get("amount"))
        for name, message in problems.items():
            if name not in self.errors:
                self.add_error(name, message)
        return data


class PublicationForm(RecordFormMixin, forms.ModelForm):
    media_link = forms.URLField(
        label=_("Link"),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )

    class Meta:
        model = Publication
        fields = [
            "library",
            "date",
            "title",
            "publication_kind",
            "media_outlet",
            "media_link",
            "media_kind",
            "description",
        ]
        widgets = {
            "date": DATE,
            "publication_kind": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    layout = ("library", "date", "title", "publication_kind", "media_outlet", "media_link", "media_kind", "description")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["publication_kind"].required = True
        self.fields["publication_kind"].choices = PublicationKind.choices
        self.fields["media_outlet"].help_text = _("The newspaper, station, website or account, e.g. Bangka Pos.")
        self.fields["media_kind"].help_text = _("Optional: the channel within the kind of media.")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("date", timezone.localdate())

    def clean(self):
        data = super().clean()
        for name, message in publication_problems(data.get("publication_kind"), data.get("media_kind")).items():
            self.add_error(name, message)
        return data


class ServiceSnapshotForm(RecordFormMixin, forms.ModelForm):
    period = MonthField(label=_("Month"), help_text=_("The month the figures describe."))

    class Meta:
        model = ServiceSnapshot
        fields = ["library", "period", "books", "digital_books", "computers", "bandwidth_mbps", "notes"]
        widgets = {
            **{name: forms.NumberInput(attrs=NUMBER) for name in ("books", "digital_books", "computers")},
            "bandwidth_mbps": forms.NumberInput(attrs={"inputmode": "decimal", "min": 0, "step": "0.01"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    layout = (
        "library",
        "period",
        Row(Column("books", css_class="col-6"), Column("digital_books", css_class="col-6")),
        Row(Column("computers", css_class="col-6"), Column("bandwidth_mbps", css_class="col-6")),
        "notes",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("period", timezone.localdate().replace(day=1))

    def clean_period(self):
        period = self.cleaned_data["period"]
        if period and period > timezone.localdate().replace(day=1):
            raise ValidationError(_("This month has not started yet."))
        return period


REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2})?")


def region_code(value) -> str:
    """A province or regency code as sent ("19", "19.01"); anything else (a stray character, NUL) is none."""
    value = str(value or "")
    return value if REGION_CODE.fullmatch(value) else ""


class ReplicationForm(RegistryFormMixin, forms.ModelForm):
    funds = RupiahField(required=False, label=_("funds (Rp)"))
    libraries = LibraryPickerField(
        required=False,
        label=_("Libraries covered"),
        help_text=_("Where known. Choose the regency/city first: its libraries are listed after saving."),
    )

    class Meta:
        model = Replication
        fields = [
            "province",
            "regency",
            "year",
            "funds",
            "funding_source",
            "funding_source_other",
            "villages",
            "libraries",
            "notes",
        ]
        widgets = {
            "year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 2011}),
            "villages": forms.NumberInput(attrs=NUMBER),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].required = False
        self.fields["province"].help_text = _("Filled from the regency/city when left empty.")
        self.fields["libraries"].queryset = self._libraries()
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("year", timezone.localdate().year)
        self.helper.layout = Layout(
            Row(Column("province", css_class=HALF), Column("regency", css_class=HALF)),
            Row(Column("year", css_class="col-6"), Column("villages", css_class="col-6")),
            "funds",
            Row(
                Column("funding_source", css_class=HALF),
                Column("funding_source_other", css_class=HALF),
            ),
            "libraries",
            "notes",
        )

    def _libraries(self):
        """The libraries of the programme's regency (or province) that the user may see; none until one is chosen."""
        regency = region_code(self.data.get("regency")) if self.is_bound else self.instance.regency_id
        province = region_code(self.data.get("province")) if self.is_bound else self.instance.province_id
        libraries = Library.objects.select_related("regency", "province")
        if self.user is not None:
            libraries = libraries.restrict(self.user)
        if regency:
            return libraries.filter(regency_id=regency).order_by("name")
        if province and self.instance.pk:
            return libraries.filter(province_id=province, regency__isnull=True).order_by("name")
        return libraries.none()

    def clean(self):
        cleaned = super().clean()
        regency = cleaned.get("regency")
        if regency and not cleaned.get("province") and "province" not in self.errors:
            cleaned["province"] = regency.province
        if not cleaned.get("province") and "province" not in self.errors:
            self.add_error("province", _("Choose the province or the regency/city."))
        if cleaned.get("funds") is None:
            cleaned["funds"] = 0
        if cleaned.get("province") and not self.errors:
            self.check_area(Replication, cleaned["province"], regency, field="regency" if regency else "province")
        return cleaned
