"""A person's own page: their name and contacts, their roles, how notifications reach them, and the API
tokens they hold, each of which they can revoke."""

from datetime import timedelta

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from knox.models import AuthToken
from knox.settings import knox_settings

from foundation.api.tokens import TokenAuthentication
from notifications.forms import PreferencesForm

from .models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["first_name", "last_name", "email", "phone"]
        widgets = {"phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"})}


class ProfileView(View):
    template_name = "accounts/profile.html"

    def get(self, request):
        return self.page(request, ProfileForm(instance=request.user, prefix="account"), self.preferences(request))

    def post(self, request):
        if "token" in request.POST:
            return self.revoke(request)
        account = ProfileForm(request.POST, instance=request.user, prefix="account")
        preferences = self.preferences(request, request.POST)
        if account.is_valid() and preferences.is_valid():
            with transaction.atomic():
                account.save()
                preferences.save()
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
        return self.page(request, account, preferences, status=400)

    @staticmethod
    def preferences(request, data=None) -> PreferencesForm:
        return PreferencesForm(data, user=request.user, prefix="notify")

    def page(self, request, account, preferences, status=200):
        tokens = list(AuthToken.objects.filter(user=request.user).order_by("-created"))
        idle: timedelta = knox_settings.TOKEN_TTL
        for token in tokens:
            # Each use moves the expiry on by the idle time (at most once an hour): it tells when it was last used.
            token.last_used = token.expiry - idle if token.expiry else None
        context = {
            "account_form": account,
            "preferences_form": preferences,
            "assignments": list(request.user.role_assignments.select_related("province", "regency", "library")),
            "tokens": tokens,
            "idle_days": idle.days,
        }
        return render(request, self.template_name, context, status=status)

    def revoke(self, request):
        """Revoke one token (``token`` is its first characters, as listed) or all of them."""
        tokens = AuthToken.objects.filter(user=request.user)
        key = request.POST.get("token", "")
        if key != "all":
            tokens = tokens.filter(token_key=key[: TokenAuthentication.key_length])
        count, _deleted = tokens.delete()
        if count:
            messages.success(request, _("The token was revoked: programs using it can no longer sign in with it."))
        return redirect("accounts:profile")
