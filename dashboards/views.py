"""The dashboards: the programme overview, the map and a community's dashboard, and the
downloads of their tables. Figures are computed live and set-based (``sections``): each page
costs the same number of queries however many communities and returnees there are."""

import datetime

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from communities.countries import country_name
from communities.models import Community
from dashboards import exports
from dashboards.access import dashboard_view
from dashboards.forms import OverviewFilterForm, PlaceFilterForm, filters_from
from dashboards.maps import map_data
from dashboards.scope import CommunityScope, OverviewScope
from dashboards.sections import COMMUNITY_SECTIONS, OVERVIEW_SECTIONS, build_all, find_table


def _query(request) -> str:
    """The page's filters, carried to its downloads so a file holds what the page shows."""
    return request.GET.urlencode()


def _present(results, url_for) -> list[dict]:
    """The sections as the template walks them, each table with its download links."""
    return [
        {
            "result": result,
            "tables": [
                {
                    "table": table,
                    "chart": table.chart_spec(),
                    "chart_id": f"chart-{result.key}-{table.key}",
                    "csv": url_for(table.key, "csv"),
                    "xlsx": url_for(table.key, "xlsx"),
                }
                for table in result.tables
            ],
        }
        for result in results
    ]


def _overview_scope(request) -> tuple[OverviewFilterForm, OverviewScope]:
    today = datetime.date.today()
    form = OverviewFilterForm(request.GET or None, today=today)
    scope = OverviewScope(user=request.user, filters=filters_from(form, today=today), today=today)
    return form, scope


@dashboard_view
def overview(request):
    form, scope = _overview_scope(request)
    query = _query(request)

    def url_for(key, fmt):
        return f"{reverse('dashboards:overview_table', args=[key, fmt])}?{query}"

    return render(
        request,
        "dashboards/overview.html",
        {
            "form": form,
            "filters": scope.filters,
            "country_label": country_name(scope.filters.country) or "",
            "sections": _present(build_all(OVERVIEW_SECTIONS, scope), url_for),
            "as_of": timezone.now(),
            "all_organizations": request.user.has_role("admin"),
        },
    )


@dashboard_view
def overview_table(request, key: str, fmt: str):
    _, scope = _overview_scope(request)
    table = find_table(OVERVIEW_SECTIONS, scope, key)
    if table is None or fmt not in exports.FORMATS:
        raise Http404("No such table.")
    return exports.table_response(table, fmt=fmt, stem="overview")


def _map_scope(request) -> tuple[PlaceFilterForm, OverviewScope]:
    today = datetime.date.today()
    form = PlaceFilterForm(request.GET or None)
    scope = OverviewScope(user=request.user, filters=filters_from(form, today=today), today=today)
    return form, scope


@dashboard_view
def community_map(request):
    form, scope = _map_scope(request)
    data = map_data(scope)
    return render(
        request,
        "dashboards/map.html",
        {
            "form": form,
            "data": data,
            "table": data["table"],
            "csv": f"{reverse('dashboards:map_table', args=['csv'])}?{_query(request)}",
            "xlsx": f"{reverse('dashboards:map_table', args=['xlsx'])}?{_query(request)}",
            "as_of": timezone.now(),
        },
    )


@dashboard_view
def map_table(request, fmt: str):
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    _, scope = _map_scope(request)
    return exports.table_response(map_data(scope)["table"], fmt=fmt, stem="map")


def _community_scope(request, pk: int) -> CommunityScope:
    community = get_object_or_404(Community, pk=pk)
    return CommunityScope(user=request.user, community=community, today=datetime.date.today())


@dashboard_view
def community(request, pk: int):
    scope = _community_scope(request, pk)

    def url_for(key, fmt):
        return reverse("dashboards:community_table", args=[pk, key, fmt])

    return render(
        request,
        "dashboards/community.html",
        {
            "community": scope.community,
            "country_label": country_name(scope.community.country) or "",
            "sections": _present(build_all(COMMUNITY_SECTIONS, scope), url_for),
            "as_of": timezone.now(),
            "all_organizations": request.user.has_role("admin"),
        },
    )


@dashboard_view
def community_table(request, pk: int, key: str, fmt: str):
    scope = _community_scope(request, pk)
    table = find_table(COMMUNITY_SECTIONS, scope, key)
    if table is None or fmt not in exports.FORMATS:
        raise Http404("No such table.")
    return exports.table_response(table, fmt=fmt, stem=f"community-{pk}")
