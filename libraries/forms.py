from crispy_forms.helper import FormHelper
from django import forms

from tpbis_portal.generic import ScopedFormMixin

from .models import Library


class LibraryForm(ScopedFormMixin, forms.ModelForm):
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
        widgets = {"decree_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Villages are many: the widget lists only those of the user's area, loaded lazily by code.
        self.fields["village"].widget = forms.TextInput(attrs={"placeholder": "19.01.01.2001"})
        self.fields["village"].help_text = Library._meta.get_field("village").help_text or ""
