from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("activities", views.ActivityViewSet)
router.register("activity-photos", views.ActivityPhotoViewSet)
router.register("success-stories", views.SuccessStoryViewSet)
router.register("trainings", views.TrainingViewSet)
router.register("advocacy", views.AdvocacyViewSet)
router.register("publications", views.PublicationViewSet)
router.register("service-snapshots", views.ServiceSnapshotViewSet)
router.register("replications", views.ReplicationViewSet)

urlpatterns = router.urls
