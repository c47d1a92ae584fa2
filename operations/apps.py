from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "operations"
    verbose_name = _("Operations")

    def ready(self):
        from django.core.signals import request_finished

        from . import task_signals  # noqa: F401 - connects the Celery signal receivers
        from .context import leave_request

        request_finished.connect(leave_request, dispatch_uid="tpbis-leave-request")
