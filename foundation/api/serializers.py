"""Serializer bases: dropdown-like references limited to the user's scope, model validation on write."""

import copy
import re

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import AutoField, IntegerField, Manager
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import get_error_detail
from rest_framework.relations import ManyRelatedField, RelatedField
from rest_framework.settings import api_settings

from foundation.months import PERIOD_PATTERN, PeriodOutOfRange, parse_period, period_out_of_range
from foundation.scope import VIEW, ScopedQuerySet


@extend_schema_field({"type": "string", "pattern": PERIOD_PATTERN, "example": "2021-09"})
class PeriodField(serializers.Field):
    """A month as ``YYYY-MM``, stored as the first day of that month."""

    default_error_messages = {"invalid": _("Enter a month as YYYY-MM, for example 2021-09.")}

    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(PERIOD_PATTERN, data):
            self.fail("invalid")
        try:
            return parse_period(data)
        except PeriodOutOfRange:
            raise serializers.ValidationError(period_out_of_range().messages) from None
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value):
        return f"{value.year:04d}-{value.month:02d}"


class StrictCharField(serializers.CharField):
    """Text must come as text: the number ``0`` or ``true`` is not the name ``"0"``."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictDecimalField(serializers.DecimalField):
    """A decimal the schema gives as text (``"12.50"``, as the API answers it) must come as text, as the schema
    says; one given as a number (``coerce_to_string=False``) may come either way."""

    def to_internal_value(self, data):
        as_text = getattr(self, "coerce_to_string", api_settings.COERCE_DECIMAL_TO_STRING)
        if as_text and not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference by primary key that must have the key's type: ``1.5`` is not library 1.

    Integer keys take JSON integers only (and, from a multipart form, whole numbers written out);
    text keys (region codes) take strings without NUL, which PostgreSQL cannot even compare.
    """

    def to_internal_value(self, data):
        model = self.get_queryset().model
        if isinstance(model._meta.pk, AutoField | IntegerField):
            if isinstance(data, str) and self.from_form() and re.fullmatch(r"[0-9]{1,18}", data):
                data = int(data)
            valid = isinstance(data, int) and not isinstance(data, bool)
        else:
            valid = isinstance(data, str) and "\x00" not in data
        if not valid:
            self.fail("incorrect_type", data_type=type(data).__name__)
        return super().to_internal_value(data)

    def from_form(self) -> bool:
        request = self.context.get("request")
        return request is not None and request.content_type.startswith(("multipart/form-data", "application/x-www"))


def restrict_serializer_fields(fields, user) -> None:
    """Limit every writable reference to the records ``user`` may see (as form dropdowns are)."""
    for field in fields.values():
        target = field.child_relation if isinstance(field, ManyRelatedField) else field
        if isinstance(target, RelatedField) and not target.read_only:
            queryset = target.queryset
            if isinstance(queryset, Manager):  # ModelSerializer passes the default manager
                queryset = queryset.all()
            if isinstance(queryset, ScopedQuerySet):
                target.queryset = queryset.restrict(user, VIEW) if user is not None else queryset.none()


class ScopedModelSerializer(serializers.ModelSerializer):
    """A model serializer whose references are scoped and whose writes pass the model's own ``clean()``.

    The model's ``full_clean()`` is the rule the HTML forms apply too; running it here keeps
    one place for each validation rule. Fields the client cannot write are left out of it,
    as a ``ModelForm`` leaves out fields it does not show. A field the form disables for an
    existing record (``fixed_fields``) may be sent unchanged, but not changed.
    """

    serializer_related_field = StrictPrimaryKeyRelatedField
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DecimalField: StrictDecimalField,
    }

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        restrict_serializer_fields(fields, getattr(request, "user", None))
        return fields

    def fixed_fields(self) -> dict[str, str]:
        """Fields an existing record keeps (name → why), as the forms disable them; empty by default."""
        return {}

    def validate(self, attrs):
        attrs = super().validate(attrs)
        if self.instance is not None:
            errors = {
                name: [message]
                for name, message in self.fixed_fields().items()
                if name in attrs and attrs[name] != getattr(self.instance, name)
            }
            if errors:
                raise serializers.ValidationError(errors)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {field.name for field in model._meta.many_to_many}
        concrete = {field.name for field in model._meta.concrete_fields}
        for name, value in attrs.items():
            if name in concrete:
                setattr(instance, name, value)
        writable = {field.source for field in self.fields.values() if not field.read_only}
        exclude = [field.name for field in model._meta.concrete_fields if field.name not in writable]
        try:
            instance.full_clean(exclude=exclude)
        except DjangoValidationError as error:
            raise serializers.ValidationError(as_field_errors(error)) from error
        # ``clean()`` may normalise what it was given (a national meeting drops its province), as it does
        # for a form's instance: keep what it decided.
        for field in model._meta.concrete_fields:
            if field.name in writable and field.name not in many_to_many:
                value = getattr(instance, field.attname)
                if field.name in attrs or (
                    self.instance is not None and value != getattr(self.instance, field.attname)
                ):
                    attrs[field.name] = getattr(instance, field.name)
        return attrs

    def update(self, instance, validated_data):
        # A many-to-many reference lists only what the user may see; the records it cannot see stay linked.
        for field in self.fields.values():
            if isinstance(field, ManyRelatedField) and not field.read_only and field.source in validated_data:
                visible = field.child_relation.queryset.values("pk")
                kept = getattr(instance, field.source).exclude(pk__in=visible)
                validated_data[field.source] = [*validated_data[field.source], *kept]
        return super().update(instance, validated_data)


def as_field_errors(error: DjangoValidationError) -> dict:
    """A Django ``ValidationError`` as DRF field errors (``__all__`` → ``non_field_errors``)."""
    detail = get_error_detail(error)
    if isinstance(detail, dict) and NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    if not isinstance(detail, dict):
        detail = {api_settings.NON_FIELD_ERRORS_KEY: detail}
    return detail


class VerifySerializer(serializers.Serializer):
    comment = StrictCharField(
        label=_("comment"), required=False, allow_blank=True, default="", max_length=2000, trim_whitespace=True
    )


class ReturnSerializer(serializers.Serializer):
    comment = StrictCharField(
        label=_("comment"), max_length=2000, help_text=_("What needs to be corrected; the librarian sees it.")
    )
