from django.conf import settings
from django.contrib.auth.middleware import LoginRequiredMiddleware
from django.http import JsonResponse
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import resolve_url
from django.utils import translation
from django.utils.translation import gettext as _


class PortalLocaleMiddleware(LocaleMiddleware):
    """Indonesian first: pages follow the user's chosen language (cookie), not the browser's.

    Many users' phones are set to English while they expect the portal in Indonesian; the
    language switcher stores an explicit choice. API clients may still ask for a language
    with Accept-Language.
    """

    def process_request(self, request):
        if request.path.startswith("/api/"):
            return super().process_request(request)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PortalLoginRequiredMiddleware(LoginRequiredMiddleware):
    """Every page needs a login; a script asking for JSON gets a 401 it can act on instead of the login page.

    A form sent again from the phone's queue after the session ended must stay queued while its user logs in
    (``static/js/outbox.js``): the answer says so plainly and names the login page.
    """

    def handle_no_permission(self, request, view_func):
        if "application/json" in request.headers.get("Accept", ""):
            login_url = resolve_url(self.get_login_url(view_func))
            body = {"ok": False, "login_required": True, "login_url": login_url, "detail": _("Please log in again.")}
            return JsonResponse(body, status=401)
        return super().handle_no_permission(request, view_func)
