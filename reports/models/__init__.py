from .kpi import KpiColour, KpiThreshold, SimScore
from .letterhead import Letterhead
from .monthly import MonthlyReport, Reminder, ReportEvent
from .plans import PlanStatus, WorkPlan
from .plm import PeerLearningMeeting, PlmFollowUp, PlmPresentation
from .progress import CompileJob, ProgressReport, ProgressReportExport

__all__ = [
    "CompileJob",
    "KpiColour",
    "KpiThreshold",
    "Letterhead",
    "MonthlyReport",
    "PeerLearningMeeting",
    "PlanStatus",
    "PlmFollowUp",
    "PlmPresentation",
    "ProgressReport",
    "ProgressReportExport",
    "Reminder",
    "ReportEvent",
    "SimScore",
    "WorkPlan",
]
