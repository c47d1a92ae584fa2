"""What every page of a verifiable record adds to the generic views.

- ``CorrectionMixin`` (edit pages): a librarian's change to a verified or returned record sends it back to its
  verifiers (``verification.corrected`` / ``record_correction``), in the same transaction as the change; the
  API's save path does the same (``api.verification.VerificationActionsMixin``).
- ``RecordDetailMixin`` (detail pages): where the record stands, the return comment, each verification step,
  and the History tab.
- ``RecordListMixin`` (lists): the heading and the "add" button of ``activities/record_list.html``.
- ``RecordCreateMixin``: who entered the record, and the library chosen by ``?library=``.
- ``record_pages``: the addresses of a record type's pages, for the templates they share.
"""

from django.contrib import messages
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from foundation.views.mixins import HistoryMixin, InitialFromQueryMixin
from libraries.models import Library

from . import verification
from .models import RecordEvent


def record_pages(model, obj=None) -> dict:
    """``{"list": url, "add": url, "edit": url, "delete": url, "label": "Advocacy"}`` of a record type."""
    name = model._meta.model_name
    pages = {"label": capfirst(model._meta.verbose_name_plural), "name": name}
    for page in ("list", "add"):
        pages[page] = reverse(f"activities:{name}_{page}")
    if obj is not None:
        for page in ("edit", "delete"):
            try:
                pages[page] = reverse(f"activities:{name}_{page}", args=[obj.pk])
            except NoReverseMatch:  # pragma: no cover - every record type has both
                pages[page] = ""
    return pages


class RecordListMixin:
    """A record type's list: its heading and its "add" button (``add_label``) for ``activities/record_list.html``."""

    template_name = "activities/record_list.html"
    add_label = ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.get_queryset().model
        context["heading"] = capfirst(model._meta.verbose_name_plural)
        context["add_url"] = reverse(f"activities:{model._meta.model_name}_add")
        context["add_label"] = self.add_label
        return context


class CorrectionMixin:
    """For an update view of a verifiable record (``form_valid`` saves ``self.object``)."""

    def form_valid(self, form):
        user = self.request.user
        with transaction.atomic():
            back_in_queue = verification.corrected(form.instance, user)
            response = super().form_valid(form)
            if back_in_queue:
                verification.record_correction(form.instance, user)
        if back_in_queue:
            messages.info(self.request, _("The corrected record goes back to its verifiers."))
        return response


class RecordFormPageMixin:
    """The name of the record type and where "cancel" leads, for ``activities/record_form.html``."""

    template_name = "activities/record_form.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        model = self.model
        context["record_name"] = model._meta.verbose_name
        context["cancel_url"] = (
            self.object.get_absolute_url()
            if getattr(self, "object", None) is not None
            else reverse(f"activities:{model._meta.model_name}_list")
        )
        return context


class RecordCreateMixin(RecordFormPageMixin, InitialFromQueryMixin):
    initial_from_query = (("library", Library),)

    def form_valid(self, form):
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class RecordDetailMixin(HistoryMixin):
    """The verification state and steps, the history and the record type's pages."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        record = self.object
        context["record_events"] = list(RecordEvent.objects.of(record).select_related("actor"))
        context["pages"] = record_pages(type(record), record)
        context["may_verify"] = verification.can_verify(self.request.user, record)
        context["queue_kind"] = queue_kind(record)
        return context


#: The verification queue's name for each kind of record (``reports:queue_record``), by strategy for activities.
QUEUE_KINDS = {"advocacy": "advocacy", "media_publication": "publications"}


def queue_kind(record) -> str:
    """The slug under which the verification queue opens ``record``."""
    strategy = getattr(record, "strategy", None)
    if strategy is not None:
        return QUEUE_KINDS.get(strategy, "activities")
    return {"servicesnapshot": "service-snapshots", "replication": "replications"}[record._meta.model_name]
