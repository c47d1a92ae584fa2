"""A person's own profile: their name and contact details, their roles, and how notifications reach them."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from notifications.forms import PreferencesForm

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}


def profile(request):
    user = request.user
    data = request.POST if request.method == "POST" else None
    account = ProfileForm(data, instance=user, prefix="account")
    preferences = PreferencesForm(data, user=user, prefix="notify")
    if data is not None and account.is_valid() and preferences.is_valid():
        with transaction.atomic():
            account.save()
            preferences.save()
        messages.success(request, _("Your profile was saved."))
        return redirect("accounts:profile")
    context = {
        "account_form": account,
        "preferences_form": preferences,
        "assignments": list(user.role_assignments.select_related("province", "regency", "library")),
    }
    return render(request, "accounts/profile.html", context, status=400 if data is not None else 200)
