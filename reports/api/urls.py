from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("monthly-reports", views.MonthlyReportViewSet)
router.register("progress-reports/jobs", views.CompileJobViewSet)
router.register("progress-reports", views.ProgressReportViewSet)
router.register("peer-learning-meetings", views.PeerLearningMeetingViewSet)

urlpatterns = router.urls
