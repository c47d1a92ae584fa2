"""The admin of each part of the reports app."""

from .kpi import admin as kpi_admin
from .monthly import admin as monthly_admin
from .plm import admin as plm_admin
from .progress import admin as progress_admin

__all__ = ["kpi_admin", "monthly_admin", "plm_admin", "progress_admin"]
