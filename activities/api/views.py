from tpbis_portal.api.viewsets import ScopedModelViewSet

from ..models import Activity
from .filtersets import ActivityFilterSet
from .serializers import ActivitySerializer


class ActivityViewSet(ScopedModelViewSet):
    """Activities of the libraries in the user's area; librarians log their own library's."""

    queryset = Activity.objects.all()
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet

    def perform_create(self, serializer):
        self.save_in_area(serializer, created_by=self.request.user)
