from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("monthly-reports", views.MonthlyReportViewSet)

urlpatterns = router.urls
