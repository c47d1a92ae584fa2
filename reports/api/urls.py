from rest_framework.routers import SimpleRouter

from . import views
from .iplm import IplmViewSet
from .kpi import KpiCoachViewSet
from .plans import WorkPlanViewSet
from .queue import VerificationQueueViewSet

router = SimpleRouter()
router.register("monthly-reports", views.MonthlyReportViewSet)
router.register("progress-reports/jobs", views.CompileJobViewSet)
router.register("progress-reports", views.ProgressReportViewSet)
router.register("peer-learning-meetings", views.PeerLearningMeetingViewSet)
router.register("iplm", IplmViewSet, basename="iplm")
router.register("kpi", KpiCoachViewSet, basename="kpi")
router.register("work-plans", WorkPlanViewSet)
router.register("verification-queue", VerificationQueueViewSet, basename="verification-queue")

urlpatterns = router.urls
