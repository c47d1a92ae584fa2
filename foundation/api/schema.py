"""OpenAPI details drf-spectacular cannot guess: the error responses every operation can give."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension, OpenApiSerializerExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text=_("What went wrong, in the requested language."))


class FieldErrorsSerializer(serializers.Serializer):
    """Invalid input: each field name (or ``non_field_errors``) with its messages."""


class FieldErrorsExtension(OpenApiSerializerExtension):
    target_class = FieldErrorsSerializer

    def get_name(self, auto_schema, direction):
        return "FieldErrors"

    def map_serializer(self, auto_schema, direction):
        return {
            "type": "object",
            "description": str(
                _(
                    "Invalid input: each field name (or non_field_errors) with its messages, in the language "
                    "asked for with Accept-Language; a request that could not be read at all has a detail message."
                )
            ),
            # Messages per field; a list of records (a meeting's follow-ups) has its errors per row.
            "additionalProperties": {
                "anyOf": [
                    {"type": "array", "items": {"anyOf": [{"type": "string"}, {"type": "object"}]}},
                    {"type": "string"},
                    {"type": "object"},
                ],
            },
        }


class TokenScheme(OpenApiAuthenticationExtension):
    """``Authorization: Token <token>`` (django-rest-knox's tokens), as the schema has always described it."""

    target_class = "foundation.api.tokens.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")


def error_response(serializer, description):
    return OpenApiResponse(serializer, description=description)


class PortalAutoSchema(AutoSchema):
    """Adds the documented error responses (400, 401, 403, 404, 409, 415, 429) to each operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in self.error_responses().items():
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(response, str(code), direction=direction)
        return responses

    def error_responses(self) -> dict:
        method = self.method.upper()
        writes = method in {"POST", "PUT", "PATCH", "DELETE"}
        detail = "{" in self.path  # only single-record routes have path parameters
        public = any(permission is AllowAny for permission in self.view.permission_classes)
        errors = {}
        if method in {"POST", "PUT", "PATCH"}:
            errors[400] = error_response(FieldErrorsSerializer, _("Invalid input; nothing was saved."))
        elif method == "GET" and not detail:
            errors[400] = error_response(FieldErrorsSerializer, _("An invalid filter value."))
        if not public:
            errors[401] = error_response(ErrorSerializer, _("No or invalid credentials."))
            if writes:
                errors[403] = error_response(
                    ErrorSerializer, _("Your role may not make this change, or the result would be outside your area.")
                )
                errors[409] = error_response(
                    ErrorSerializer, _("The change conflicts with other records (for example, they still refer to it).")
                )
        if detail:
            errors[404] = error_response(ErrorSerializer, _("No such record in your area."))
        elif method == "GET":
            errors[404] = error_response(ErrorSerializer, _("No such page."))
        if method in {"POST", "PUT", "PATCH"}:
            errors[415] = error_response(ErrorSerializer, _("The request body is not in a supported format."))
        if self.view.throttle_classes:
            errors[429] = error_response(ErrorSerializer, _("Too many requests; try again later."))
        return errors


def allow_empty_filter_values(result, generator, request, public):
    """Postprocessing hook: an empty query value means "any" (as in the HTML filter forms) or the first page."""
    for item in result.get("paths", {}).values():
        for operation in item.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "query" and not parameter.get("required"):
                    parameter["allowEmptyValue"] = True
    return result
