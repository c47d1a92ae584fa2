from tpbis_portal.api.viewsets import ScopedModelViewSet

from ..models import MonthlyReport
from .filtersets import MonthlyReportFilterSet
from .serializers import MonthlyReportSerializer


class MonthlyReportViewSet(ScopedModelViewSet):
    """Monthly reports of the libraries in the user's area; the workflow moves ``status``."""

    queryset = MonthlyReport.objects.all()
    serializer_class = MonthlyReportSerializer
    filterset_class = MonthlyReportFilterSet
