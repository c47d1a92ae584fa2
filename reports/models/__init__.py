from .kpi import KpiColour, KpiThreshold, SimScore
from .letterhead import Letterhead
from .monthly import MonthlyReport, Reminder, ReportEvent
from .plans import PlanStatus, WorkPlan
from .plm import PeerLearningMeeting, PlmFollowUp, PlmPresentation
from .progress import CompileJob, ProgressReport, ProgressReportExport
from .rollup import LibraryMonth, ProvinceMonth

__all__ = [
    "CompileJob",
    "KpiColour",
    "KpiThreshold",
    "Letterhead",
    "LibraryMonth",
    "MonthlyReport",
    "PeerLearningMeeting",
    "PlanStatus",
    "PlmFollowUp",
    "PlmPresentation",
    "ProgressReport",
    "ProgressReportExport",
    "ProvinceMonth",
    "Reminder",
    "ReportEvent",
    "SimScore",
    "WorkPlan",
]
