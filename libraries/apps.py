from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibrariesConfig(AppConfig):
    name = "libraries"
    verbose_name = _("Libraries")

    def ready(self):
        # Every process that writes rows (web, worker, commands) moves the versions of cached list counts.
        from foundation import counting  # noqa: F401
