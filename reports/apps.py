from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from reports.dashboards import signals as dashboard_signals  # noqa: F401
        from reports.kpi import panels

        panels.install()  # the library page's KPI panel
