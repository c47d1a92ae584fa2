"""The KPI coach in the API: ``GET kpi/?library=ID&from=YYYY-MM&to=YYYY-MM`` → the library's score and colour over
the period, the next colour, what is missing for it (indicator → records), and the colour its pace leads to."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from foundation.api.serializers import PeriodField
from foundation.months import months_between
from foundation.scope import VIEW, Place
from libraries.models import Library
from reports.kpi import coach, coaching
from reports.kpi.period import MAX_MONTHS, Period, PeriodScores

LARGEST_ID = 2**63 - 1


class KpiQuerySerializer(serializers.Serializer):
    library = serializers.IntegerField(min_value=1, max_value=LARGEST_ID)
    # "from" is a keyword: the fields are named in get_fields.
    to = PeriodField(required=False, help_text=_("The last month (default: December of this year)."))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = PeriodField(required=False, help_text=_("The first month (default: January of this year)."))
        return fields

    def validate(self, attrs):
        on = coaching.today()
        year = coaching.this_year(on)
        start, end = attrs.get("from"), attrs.get("to")
        if start and not end:
            end = max(start, year.end) if start.year == on.year else start.replace(month=12)
        start, end = start or (end.replace(month=1) if end else year.start), end or year.end
        errors = {}
        if start > end:
            errors["from"] = [_("The period must start before it ends.")]
        elif len(months_between(start, end)) > MAX_MONTHS:
            errors["to"] = [_("Choose at most %(months)s months.") % {"months": MAX_MONTHS}]
        if end > year.end:
            errors["to"] = [_("Choose a month up to December of this year.")]
        if errors:
            raise serializers.ValidationError(errors)
        attrs["period"] = Period(start, end)
        return attrs


class KpiAdviceSerializer(serializers.Serializer):
    library = serializers.IntegerField()
    name = serializers.CharField()
    partner = serializers.BooleanField(help_text=_("Whether the library is a partner scored in the period."))
    period = serializers.DictField(child=serializers.CharField(), help_text=_("from and to, YYYY-MM."))
    score = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
    colour = serializers.CharField(help_text=_("green, yellow, red or not_scored."))
    next_colour = serializers.CharField(allow_null=True, help_text=_("Null at green."))
    missing = serializers.DictField(
        child=serializers.IntegerField(),
        allow_null=True,
        help_text=_("Records still needed per indicator for the next colour; null when out of reach."),
    )
    projected_score = serializers.DecimalField(max_digits=5, decimal_places=1)
    projected_colour = serializers.CharField()
    sentence = serializers.CharField()


class KpiCoachViewSet(viewsets.GenericViewSet):
    """A library's KPI over a period and the coach's advice. Outside your area: 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = KpiAdviceSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("library", int, required=True, description=_("The library's id.")),
            OpenApiParameter("from", str, description=_("The first month, YYYY-MM (default: January).")),
            OpenApiParameter("to", str, description=_("The last month, YYYY-MM (default: December).")),
        ]
    )
    def list(self, request):
        query = KpiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        library = Library.objects.restrict(request.user, VIEW).filter(pk=query.validated_data["library"]).first()
        if library is None:
            raise Http404
        period = query.validated_data["period"]
        scores = PeriodScores(Place.of_library(library), period)
        rows = scores.rows()
        advice = coach.advise(rows[0] if rows else None, scores.thresholds, period, coaching.today())
        body = {
            "library": library.pk,
            "name": library.name,
            "partner": bool(rows),
            "period": period.query,
            "score": advice.score,
            "colour": advice.colour,
            "next_colour": advice.next_colour,
            "missing": advice.missing,
            "projected_score": advice.projected_score,
            "projected_colour": advice.projected_colour,
            "sentence": advice.sentence(),
        }
        return Response(KpiAdviceSerializer(body).data)
