"""The "forgot password" page, throttled per client address and per account, its mail sent by a Celery worker.

Per address: more than ``TPBIS_PASSWORD_RESET_PER_ADDRESS`` requests an hour get a 429 page saying to wait.
Per account: at most ``TPBIS_PASSWORD_RESET_PER_ACCOUNT`` links an hour are mailed to one address; further
requests look the same to the requester (as for an unknown address), so the page tells nobody which
addresses have accounts, and nobody can flood a person's inbox. The counters live in the cache (Redis in
production, shared by every web process).
"""

import hashlib

from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.core.cache import cache
from django.template import loader
from django.utils.translation import gettext_lazy as _

from foundation.client_address import client_address

from .tasks import send_email

HOUR = 60 * 60


def _count(key: str) -> int:
    """One more request under ``key`` in the current hour; how many there have been."""
    cache.add(key, 0, HOUR)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, HOUR)
        return 1


class ThrottledPasswordResetForm(auth_forms.PasswordResetForm):
    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        digest = hashlib.sha256(to_email.lower().encode()).hexdigest()
        if _count(f"password-reset:account:{digest}") > settings.TPBIS_PASSWORD_RESET_PER_ACCOUNT:
            return
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.delay(subject, body, from_email, [to_email])


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ThrottledPasswordResetForm

    def post(self, request, *args, **kwargs):
        key = f"password-reset:address:{client_address(request)}"
        if _count(key) > settings.TPBIS_PASSWORD_RESET_PER_ADDRESS:
            form = self.get_form()
            form.is_valid()
            form.add_error(None, _("Too many password reset requests from your address. Try again in an hour."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)
