from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from foundation.fields import RupiahField

from ..models import Aid, Library, Province, Regency, Village
from ..models.geography import is_region_code
from .common import DATE_INPUT, LibraryChoiceField, RegistryFormMixin


class VillageChoiceField(forms.ModelChoiceField):
    """Validates against every village the user may pick, but lists only those of one regency.

    A national user may pick from 83,762 villages; the page lists the chosen regency's villages and
    ``static/js/village_picker.js`` reloads them from ``libraries:village_options`` when the regency
    changes.
    """

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} — {obj.district.name} ({obj.code})"

    def show_villages_of(self, regency_code: str | None) -> None:
        valid = is_region_code(regency_code)
        shown = self.queryset.filter(regency_id=regency_code).select_related("district") if valid else []
        self.widget.choices = [("", "---------"), *((v.code, self.label_from_instance(v)) for v in shown)]


class LibraryForm(RegistryFormMixin, forms.ModelForm):
    village = VillageChoiceField(
        queryset=Village.objects.all(),
        required=False,
        label=_("Village"),
        help_text=_("Choose the regency/city first; its villages are then listed."),
    )
    funding_amount = RupiahField(required=False, label=_("funding amount (Rp)"))

    class Meta:
        model = Library
        fields = [
            "name",
            "level",
            "province",
            "regency",
            "village",
            "address",
            "latitude",
            "longitude",
            "cohort_year",
            "partner_type",
            "funding_source",
            "funding_amount",
            "decree_number",
            "decree_date",
            "manager_name",
            "contact_phone",
            "contact_email",
            "members_count",
            "population_served",
            "is_active",
        ]
        widgets = {"decree_date": DATE_INPUT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["province"].required = False
        self.fields["province"].help_text = _("Filled from the regency/city or village when left empty.")
        self.fields["level"].widget.attrs["data-level-select"] = ""
        self.fields["province"].widget.attrs["data-province-select"] = ""
        self.fields["regency"].widget.attrs["data-regency-select"] = ""
        self.fields["village"].widget.attrs.update(
            {"data-village-select": "", "data-options-url": reverse_lazy("libraries:village_options")}
        )
        self.fields["village"].show_villages_of(self._selected_regency())

    def _selected_regency(self) -> str | None:
        if self.is_bound:
            regency = self.data.get(self.add_prefix("regency"))
            village = self.data.get(self.add_prefix("village"))
        else:
            regency = self.initial.get("regency") or self.instance.regency_id
            village = self.initial.get("village") or self.instance.village_id
        if not regency and village:
            regency = ".".join(str(village).split(".")[:2])
        return getattr(regency, "pk", regency) or None

    def clean(self):
        cleaned = super().clean()
        village, regency = cleaned.get("village"), cleaned.get("regency")
        if village and not regency and "regency" not in self.errors:
            cleaned["regency"] = regency = Regency.objects.get(pk=village.regency_id)
        if regency and not cleaned.get("province") and "province" not in self.errors:
            cleaned["province"] = Province.objects.get(pk=regency.province_id)
        if not cleaned.get("province") and "province" not in self.errors:
            self.add_error("province", _("Choose the province, regency/city or village."))
        if cleaned.get("province") and not self.errors:
            self.check_area(Library, cleaned["province"], regency, field="regency" if regency else "province")
        return cleaned


class AidForm(RegistryFormMixin, forms.ModelForm):
    library = LibraryChoiceField(queryset=Library.objects.with_places(), label=_("Library"))
    value = RupiahField(required=False, label=_("value (Rp)"))
    change_scoped_fields = ("library",)

    class Meta:
        model = Aid
        fields = ["library", "year", "item", "quantity", "value", "source", "received_on", "notes"]
        widgets = {"received_on": DATE_INPUT, "notes": forms.Textarea(attrs={"rows": 3})}
