"""Viewsets that apply the one scoping rule at every door of the API.

- list: only the records in the user's view area;
- retrieve, update, delete of a record outside the view area: 404 (it does not exist for them);
- a write by a role that may only look at that kind of record: 403;
- create: a role that may change nothing of that kind gets 403; a reference (library,
  province, village…) the user cannot see is a 400 field error ("does not exist"); a record
  built only from visible references that would still fall outside the user's change area is
  rolled back and answered 403, exactly as the HTML forms do.
"""

from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from simple_history.models import HistoricalRecords

from foundation.scope import CHANGE, VIEW, can_change, scope_for


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The record conflicts with the current state of the data.")
    default_code = "conflict"


class MayChange(BasePermission):
    """Writes need a role that may change this kind of record, and, for one record, that record."""

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS or view.is_detail():
            # A single record is judged once it has been found in the view area (else 404).
            return True
        return not scope_for(request.user).area(CHANGE, view.queryset.model).is_empty

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or can_change(request.user, obj)


class ScopedViewSetMixin:
    """Reads go through ``Model.objects.restrict(user, "view")``; ``queryset`` is the unscoped base."""

    lookup_value_regex = r"[0-9]+"
    permission_classes = [IsAuthenticated, MayChange]
    # No OPTIONS: the schema at /api/schema/ describes every operation.
    http_method_names = ["get", "post", "put", "patch", "delete", "head"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # The audit trail (django-simple-history) names the author of each change from the request its
        # middleware saw; Django's authentication ran before DRF's token authentication did. Name the API
        # user explicitly, whether the credentials were a token or a session.
        request._request.user = request.user
        if getattr(HistoricalRecords.context, "request", None) is not request._request:  # no middleware ran
            HistoricalRecords.context.request = request._request
            self._bound_history_request = True

    def finalize_response(self, request, response, *args, **kwargs):
        if getattr(self, "_bound_history_request", False):
            del HistoricalRecords.context.request
        return super().finalize_response(request, response, *args, **kwargs)

    def get_queryset(self):
        return super().get_queryset().restrict(self.request.user, VIEW)

    def is_detail(self) -> bool:
        return (self.lookup_url_kwarg or self.lookup_field) in self.kwargs


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    pass


class ScopedModelViewSet(ScopedViewSetMixin, viewsets.ModelViewSet):
    """Create, read, update and delete within the user's scope."""

    def perform_create(self, serializer):
        self.save_in_area(serializer)

    def perform_update(self, serializer):
        self.save_in_area(serializer)

    def save_in_area(self, serializer, then=None, **extra):
        """Save, and undo the save if the record would leave the area the user may change.

        ``then(instance)`` runs in the same transaction, once the record is known to be in the area.
        """
        try:
            with transaction.atomic():
                instance = serializer.save(**extra)
                if not can_change(self.request.user, instance):
                    raise PermissionDenied(_("The record would be outside the area you may change."))
                if then is not None:
                    then(instance)
        except IntegrityError as error:
            # Two requests raced past validation; the database kept the data consistent.
            raise Conflict() from error
        # Answer with the record as a read shows it (annotations, places filled in on save).
        serializer.instance = self.get_queryset().get(pk=instance.pk)
        return serializer.instance

    def perform_destroy(self, instance):
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            raise Conflict(_("Other records still refer to this one; it cannot be deleted.")) from error
