"""``GET /api/v1/aggregates/returnees/``: counts of returnees with small-cell suppression
(the rule is in ``dashboards.aggregates``)."""

import datetime

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from communities.api.serializers import CommunityRefSerializer
from dashboards import aggregates
from dashboards.api.renderers import CSVRenderer

RULE = (
    "Counts from 1 to threshold-1 are suppressed; in every line of the table (cells sharing "
    "all other dimensions) whose total is at least the threshold, suppressed cells are none or "
    "at least two holding at least the threshold, else the smallest other cell is suppressed "
    "too; the grand total is suppressed below the threshold. See docs/partner-guide.md."
)
HXL = {
    "community_id": "#loc+id",
    "community_pcode": "#loc+code",
    "country": "#country+code",
    "admin1": "#adm1+name",
    "admin2": "#adm2+name",
    "community": "#loc+name",
    "sex": "#group+sex",
    "age_band": "#group+age",
    "need": "#need+level",
    "period": "#date+period",
    "count": "#affected+returnees+num",
    "suppressed": "#meta+suppressed",
}


class AggregateParamsSerializer(serializers.Serializer):
    by = serializers.CharField(
        default="community",
        help_text="Comma-separated dimensions to group by: "
        + ", ".join(aggregates.DIMENSIONS)
        + ". Default: community.",
    )
    granularity = serializers.ChoiceField(
        choices=aggregates.GRANULARITIES,
        default="month",
        help_text="The length of a period, when grouping by period.",
    )
    year = serializers.IntegerField(
        required=False, min_value=1950, max_value=2100, help_text="Returns in this year only."
    )
    country = serializers.RegexField(
        r"^[A-Za-z]{3}$", required=False, help_text="ISO 3166-1 alpha-3 code, e.g. GIN."
    )
    community = serializers.IntegerField(required=False, min_value=1, help_text="Community id.")
    hxl = serializers.BooleanField(
        default=False, help_text="With format=csv: add the HXL hashtag row under the header."
    )

    def validate_by(self, value: str) -> tuple[str, ...]:
        dims = tuple(part.strip() for part in value.split(",") if part.strip())
        unknown = [d for d in dims if d not in aggregates.DIMENSIONS]
        if unknown:
            known = ", ".join(aggregates.DIMENSIONS)
            raise serializers.ValidationError(
                f"Unknown dimension(s): {', '.join(unknown)}. Use: {known}."
            )
        if not dims:
            raise serializers.ValidationError("Name at least one dimension.")
        if len(set(dims)) != len(dims):
            raise serializers.ValidationError("Name each dimension once.")
        return dims


class AggregateCellSerializer(serializers.Serializer):
    community = CommunityRefSerializer(required=False)
    sex = serializers.CharField(required=False)
    age_band = serializers.CharField(required=False)
    need = serializers.CharField(
        required=False, help_text="economic, social, psychosocial or none."
    )
    period = serializers.CharField(required=False, help_text="2026-03, 2026-Q1 or 2026.")
    count = serializers.IntegerField(allow_null=True, help_text="Null when suppressed.")
    suppressed = serializers.BooleanField()


class AggregateTotalSerializer(serializers.Serializer):
    count = serializers.IntegerField(
        allow_null=True, help_text="Distinct returnees; null when suppressed."
    )
    suppressed = serializers.BooleanField()


class AggregateResponseSerializer(serializers.Serializer):
    by = serializers.ListField(child=serializers.CharField())
    granularity = serializers.CharField()
    threshold = serializers.IntegerField(help_text="Counts below it are suppressed.")
    rule = serializers.CharField()
    total = AggregateTotalSerializer()
    cells = AggregateCellSerializer(many=True)


def _cell_json(result, cell) -> dict:
    row = {}
    for dim, value in zip(result.query.by, cell.key, strict=True):
        row[dim] = result.communities.get(value) if dim == "community" else value
    row.update(count=cell.count, suppressed=cell.suppressed)
    return row


def _csv_rows(result, *, hxl: bool) -> list[list]:
    header: list[str] = []
    for dim in result.query.by:
        if dim == "community":
            header += [
                "community_id",
                "community_pcode",
                "country",
                "admin1",
                "admin2",
                "community",
            ]
        else:
            header.append(dim)
    header += ["count", "suppressed"]
    rows = [header]
    if hxl:
        rows.append([HXL[column] for column in header])
    for cell in result.cells:
        row = []
        for dim, value in zip(result.query.by, cell.key, strict=True):
            if dim == "community":
                c = result.communities.get(value, {})
                row += [
                    value,
                    c.get("pcode"),
                    c.get("country"),
                    c.get("admin1"),
                    c.get("admin2"),
                    c.get("name"),
                ]
            else:
                row.append(value)
        rows.append([*row, cell.count, "true" if cell.suppressed else "false"])
    return rows


class ReturneeAggregatesView(APIView):
    """Counts of returnees by community, sex, age band, need and period, with small cells
    suppressed so no one can be singled out (every authenticated user; the same figures for
    all, covering every organization's returnees)."""

    renderer_classes = [JSONRenderer, CSVRenderer]

    @extend_schema(
        operation_id="aggregates_returnees",
        parameters=[
            AggregateParamsSerializer,
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv"],
                description="csv: the same table as CSV (one row per cell; the community "
                "as its id, P-code, ISO code, admin areas and name).",
            ),
        ],
        responses={
            (200, "application/json"): OpenApiResponse(
                AggregateResponseSerializer, description=RULE
            ),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="The table as CSV."),
        },
    )
    def get(self, request):
        params = AggregateParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        query = aggregates.AggregateQuery(
            by=data["by"],
            granularity=data["granularity"],
            year=data.get("year"),
            country=(data.get("country") or "").upper(),
            community=data.get("community"),
        )
        result = aggregates.returnee_aggregates(query, today=datetime.date.today())
        if request.accepted_renderer.format == "csv":
            response = Response(_csv_rows(result, hxl=data["hxl"]))
            response["Content-Disposition"] = 'attachment; filename="returnee-aggregates.csv"'
            return response
        return Response(
            {
                "by": list(query.by),
                "granularity": query.granularity,
                "threshold": result.threshold,
                "rule": RULE,
                "total": {"count": result.total, "suppressed": result.total_suppressed},
                "cells": [_cell_json(result, cell) for cell in result.cells],
            }
        )
