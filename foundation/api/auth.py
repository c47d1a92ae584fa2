"""Token login for API clients, guarded by a throttle and by django-axes' lockout."""

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from .parsers import PortalJSONParser
from .schema import ErrorSerializer, FieldErrorsSerializer
from .serializers import StrictCharField
from .tokens import issue_token

LOCKED_OUT = _("Too many failed login attempts: this account is locked for one hour.")


class TokenCreationThrottle(SimpleRateThrottle):
    """Every token request counts against the client's address (``token`` rate), whatever its outcome."""

    scope = "token"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = LOCKED_OUT
    default_code = "locked_out"


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: JSON for the API, the lockout page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(LOCKED_OUT)}, status=status.HTTP_429_TOO_MANY_REQUESTS)
    return render(request, settings.AXES_LOCKOUT_TEMPLATE, status=settings.AXES_HTTP_RESPONSE_CODE)


class CredentialsSerializer(serializers.Serializer):
    username = StrictCharField(label=_("Username"), max_length=150)
    password = StrictCharField(label=_("Password"), trim_whitespace=False, max_length=4096)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(read_only=True, help_text=_("Send it as the header `Authorization: Token <token>`."))


@method_decorator(never_cache, name="dispatch")
class ObtainTokenView(APIView):
    """Exchange a username and password for the user's API token."""

    authentication_classes = []
    permission_classes = [AllowAny]
    throttle_classes = [TokenCreationThrottle]
    parser_classes = [PortalJSONParser, FormParser, MultiPartParser]

    @extend_schema(
        operation_id="auth_token_create",
        tags=["auth"],
        auth=[],
        request=CredentialsSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(FieldErrorsSerializer, description=_("Missing fields or wrong credentials.")),
            429: OpenApiResponse(ErrorSerializer, description=_("Too many attempts from this address or account.")),
        },
    )
    def post(self, request):
        serializer = CredentialsSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # django-axes counts failures and locks out by username and address; it needs the HttpRequest.
        http_request = request._request
        user = authenticate(http_request, **serializer.validated_data)
        if getattr(http_request, "axes_locked_out", False):
            raise LockedOut()
        if user is None:
            raise ValidationError(
                {"non_field_errors": [_("Unable to log in with the username and password given.")]},
                code="authorization",
            )
        return Response({"token": issue_token(user)})
