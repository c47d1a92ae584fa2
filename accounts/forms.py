"""What staff may change of an account in their area: the person's name and contacts, and whether it is active.

Roles are given by the account import; a password only by its owner (or a password-setting link).
"""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from foundation.views.generic import ScopedFormMixin

from .models import User


class UserForm(ScopedFormMixin, forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["is_active"].help_text = _("An inactive account cannot log in; nothing it recorded is lost.")

    def clean_is_active(self):
        active = self.cleaned_data["is_active"]
        if not active and self.user is not None and self.instance.pk == self.user.pk:
            raise forms.ValidationError(_("You cannot deactivate your own account."))
        return active
