from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("provinces", views.ProvinceViewSet)
router.register("regencies", views.RegencyViewSet)
router.register("districts", views.DistrictViewSet)
router.register("villages", views.VillageViewSet)
router.register("libraries", views.LibraryViewSet)
router.register("aid", views.AidViewSet)

urlpatterns = router.urls
