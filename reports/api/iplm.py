"""The IPLM contribution in the API: ``GET iplm/?regency=CODE&year=YYYY`` → one row per partner library (keyed by
its NPP) and the regency's total, with each figure's completeness (``reports.iplm``)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from foundation.bounds import FIRST_YEAR
from foundation.scope import PlaceKind
from libraries.places import visible_place_or_404
from reports.iplm import figures
from reports.iplm import forms as iplm_forms

READINGS = [figures.Reading.ENTERED, figures.Reading.VERIFIED]


class IplmQuerySerializer(serializers.Serializer):
    regency = serializers.RegexField(r"^[0-9]{2}\.[0-9]{2}$", max_length=5, help_text=_("The regency's code."))
    year = serializers.IntegerField(required=False, help_text=_("The year (default: last year)."))
    reading = serializers.ChoiceField(choices=READINGS, required=False, default=figures.Reading.ENTERED)

    def validate_year(self, value):
        last = iplm_forms.today().year
        if not FIRST_YEAR <= value <= last:
            raise serializers.ValidationError(
                _("Choose a year from %(first)s to %(last)s.") % {"first": FIRST_YEAR, "last": last}
            )
        return value


def _figures_schema():
    return serializers.DictField(child=serializers.IntegerField(allow_null=True), help_text=_("Null: unknown."))


class IplmRowSerializer(serializers.Serializer):
    npp = serializers.CharField(help_text=_("The library's NPP (empty when not known)."))
    library = serializers.IntegerField(source="id")
    name = serializers.CharField()
    level = serializers.CharField()
    months_reported = serializers.IntegerField()
    figures = _figures_schema()


class IplmTotalSerializer(serializers.Serializer):
    partners = serializers.IntegerField()
    with_npp = serializers.IntegerField()
    figures = _figures_schema()
    known = serializers.DictField(child=serializers.IntegerField())
    completeness = serializers.DictField(child=serializers.FloatField(allow_null=True))


class IplmSerializer(serializers.Serializer):
    regency = serializers.CharField()
    regency_name = serializers.CharField()
    year = serializers.IntegerField()
    reading = serializers.CharField()
    results = IplmRowSerializer(many=True)
    total = IplmTotalSerializer()


class IplmViewSet(viewsets.GenericViewSet):
    """A regency's contribution to the literacy development index (IPLM) for a year: its partner libraries' figures
    computed from their records, and the total. Outside your area: 404."""

    permission_classes = [IsAuthenticated]
    serializer_class = IplmSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("regency", str, required=True, description=_("The regency's code, e.g. 19.01.")),
            OpenApiParameter("year", int, description=_("The year (default: last year).")),
            OpenApiParameter("reading", str, enum=READINGS, description=_("Everything entered, or verified only.")),
        ]
    )
    def list(self, request):
        query = IplmQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        place = visible_place_or_404(request.user, PlaceKind.REGENCY, data["regency"])
        year = data.get("year") or iplm_forms.default_year(iplm_forms.today())
        verified_only = data["reading"] == figures.Reading.VERIFIED
        rows = figures.library_rows(place, year, verified_only)
        body = {
            "regency": place.code,
            "regency_name": place.name,
            "year": year,
            "reading": data["reading"],
            "results": rows,
            "total": figures.total(rows),
        }
        return Response(IplmSerializer(body).data)
