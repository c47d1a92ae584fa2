import uuid

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Div, Field, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from foundation.views.generic import ScopedFormMixin
from libraries.forms.common import LibraryChoiceMixin

from .choices import Strategy
from .models import Activity, SuccessStory
from .photos import clean_photo

PHOTO_ACCEPT = "image/jpeg,image/png,image/webp"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked later, one by one, so one bad photo loses nothing else."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ActivityForm(LibraryChoiceMixin, ScopedFormMixin, forms.ModelForm):
    client_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    media_link = forms.URLField(
        label=capfirst(Activity._meta.get_field("media_link").verbose_name),
        max_length=500,
        required=False,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"inputmode": "url", "placeholder": "https://"}),
    )
    photos = MultipleFileField(
        label=_("Photos (documentation)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": PHOTO_ACCEPT}),
        help_text=_("JPEG, PNG or WebP. Location data is removed from photos when they are saved."),
    )

    class Meta:
        model = Activity
        fields = [
            "library",
            "strategy",
            "date",
            "title",
            "skill_area",
            "target_group",
            "participants_male",
            "participants_female",
            "partners",
            "description",
            "outcome",
            "media_kind",
            "media_outlet",
            "media_link",
        ]
        widgets = {
            "strategy": forms.RadioSelect,
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "participants_male": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "participants_female": forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_library(Activity)
        if not self.is_bound:
            self.initial.setdefault("client_token", uuid.uuid4())
            if not self.instance.pk:
                self.initial.setdefault("date", timezone.localdate())
        self.fields["strategy"].choices = Strategy.choices
        self.fields["photos"].widget.attrs["data-max-bytes"] = settings.TPBIS_PHOTO_MAX_BYTES
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        self.helper.layout = Layout(
            "client_token",
            "library",
            Field("strategy", css_class="js-strategy"),
            "date",
            "title",
            "skill_area",
            "target_group",
            Row(
                Column("participants_male", css_class="col-6"),
                Column("participants_female", css_class="col-6"),
                css_class="align-items-end",
            ),
            "partners",
            "description",
            "outcome",
            Div(
                Fieldset(_("Media publication"), "media_kind", "media_outlet", "media_link"),
                css_class="js-media-fields",
            ),
            "photos",
            HTML('<ul class="list-unstyled small js-photo-list"></ul>'),
        )

    def clean(self):
        data = super().clean()
        if data.get("strategy") != Strategy.MEDIA_PUBLICATION:
            for name in ("media_kind", "media_outlet", "media_link"):
                data[name] = ""
        return data


class PhotoForm(forms.Form):
    image = forms.FileField(label=_("Photo"), widget=forms.ClearableFileInput(attrs={"accept": PHOTO_ACCEPT}))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
    client_token = forms.CharField(max_length=80, required=False, widget=forms.HiddenInput)

    def clean_image(self):
        upload = self.cleaned_data["image"]
        self.cleaned_photo = clean_photo(upload)
        return upload


class SuccessStoryForm(LibraryChoiceMixin, ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = SuccessStory
        fields = [
            "library",
            "activity",
            "date",
            "person_name",
            "person_description",
            "title",
            "story",
            "measure",
            "value_before",
            "value_after",
            "consent_to_publish",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "story": forms.Textarea(attrs={"rows": 4}),
            "value_before": forms.NumberInput(attrs={"inputmode": "decimal"}),
            "value_after": forms.NumberInput(attrs={"inputmode": "decimal"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_library(SuccessStory)
        library = self._library()
        activities = self.fields["activity"].queryset
        # Only that library's activities: a national dropdown of every activity would be enormous.
        self.fields["activity"].queryset = (
            activities.filter(library=library).order_by("-date") if library else activities.none()
        )
        if library is None:
            self.fields["activity"].help_text = _("Open this form from an activity to link it.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True  # the template has the token
        self.helper.layout = Layout(
            "library",
            "activity",
            "date",
            "title",
            "person_name",
            "person_description",
            "story",
            "measure",
            Row(
                Column("value_before", css_class="col-6"),
                Column("value_after", css_class="col-6"),
                css_class="align-items-end",
            ),
            "consent_to_publish",
        )

    def _library(self):
        if self.fixed_library is not None:
            return self.fixed_library
        value = self.data.get("library") if self.is_bound else self.initial.get("library")
        if not value:
            return None
        try:
            return self.fields["library"].queryset.filter(pk=int(value)).first()
        except (TypeError, ValueError):
            return None
