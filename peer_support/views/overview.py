"""The peer-support overview: social-cohesion and peer-support figures by community, for
programme managers and case managers (the dashboards issue reads the same selector)."""

from django.shortcuts import render

from peer_support import selectors
from peer_support.forms import CohesionFilterForm
from peer_support.selectors import CATEGORIES
from peer_support.views.common import staff_view


# Staff only (view_mentor): partners read the same figures through the API.
@staff_view("peer_support.view_mentor")
def index(request):
    filters = CohesionFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    user = request.user
    rows = selectors.social_cohesion_by_community(
        organization_id=None if user.has_role("admin") else user.organization_id,
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )
    return render(
        request,
        "peer_support/index.html",
        {
            "filters": filters,
            "rows": rows,
            "totals": selectors.social_cohesion_totals(rows),
            "categories": [name for name, _ in CATEGORIES],
        },
    )
