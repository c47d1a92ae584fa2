from rest_framework.routers import SimpleRouter

from .views import FlagViewSet

router = SimpleRouter()
router.register("flags", FlagViewSet, basename="flag")
