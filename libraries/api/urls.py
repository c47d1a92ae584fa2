from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("regencies", views.RegencyViewSet)
router.register("districts", views.DistrictViewSet)
router.register("villages", views.VillageViewSet)
router.register("libraries", views.LibraryViewSet)
router.register("aid", views.AidViewSet)
router.register("synergy-teams", views.SynergyTeamViewSet)
router.register("team-members", views.TeamMemberViewSet)
router.register("team-meetings", views.MeetingViewSet)
router.register("commitments", views.CommitmentViewSet)

urlpatterns = router.urls
