from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

from .serializers import as_field_errors


def exception_handler(exc, context):
    """DRF's handler, with Django validation errors as 400 field errors and a plain, translated 404.

    A 404 says only "Not found." in the requested language: whether a record is missing or
    outside the user's area must not be told apart, and model names are no business of clients.
    """
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_field_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
