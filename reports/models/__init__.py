from .monthly import MonthlyReport

__all__ = ["MonthlyReport"]
