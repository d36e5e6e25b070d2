"""Who sees the dashboards: the browser roles (issue 8: "programme managers; case managers
see their organization's"). What each figure counts is narrowed by the apps' own access
functions (``reintegration.access.returnees_for_user``): admins count every organization's
returnees, everyone else their own organization's. Partners use the API's aggregates."""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext

from accounts.models import Role

DASHBOARD_ROLES = frozenset(
    {Role.PROGRAMME_MANAGER, Role.ADMIN, Role.SUPERVISOR, Role.CASE_MANAGER}
)


def can_view_dashboards(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.has_role(*DASHBOARD_ROLES))


def dashboard_view(view):
    """Refuse (403) anyone without a dashboard role; login is already required site-wide."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not can_view_dashboards(request.user):
            raise PermissionDenied(
                gettext("The dashboards are for programme and case management staff.")
            )
        return view(request, *args, **kwargs)

    return wrapped
