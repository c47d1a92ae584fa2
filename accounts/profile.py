"""A person's own page: their roles, and the API tokens they hold, each of which they can revoke."""

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views import View
from knox.models import AuthToken
from knox.settings import knox_settings

from foundation.api.tokens import TokenAuthentication


class ProfileView(View):
    template_name = "accounts/profile.html"

    def get(self, request):
        tokens = list(AuthToken.objects.filter(user=request.user).order_by("-created"))
        idle: timedelta = knox_settings.TOKEN_TTL
        for token in tokens:
            # Each use moves the expiry on by the idle time (at most once an hour): it tells when it was last used.
            token.last_used = token.expiry - idle if token.expiry else None
        context = {
            "assignments": request.user.role_assignments.select_related("province", "regency", "library"),
            "tokens": tokens,
            "idle_days": idle.days,
        }
        return render(request, self.template_name, context)

    def post(self, request):
        """Revoke one token (``token`` is its first characters, as listed) or all of them."""
        tokens = AuthToken.objects.filter(user=request.user)
        key = request.POST.get("token", "")
        if key != "all":
            tokens = tokens.filter(token_key=key[: TokenAuthentication.key_length])
        count, _deleted = tokens.delete()
        if count:
            messages.success(request, _("The token was revoked: programs using it can no longer sign in with it."))
        return redirect("accounts:profile")
