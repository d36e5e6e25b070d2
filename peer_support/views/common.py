"""Helpers shared by the peer-support pages: one form flow, one confirmation flow, one
paginated and sortable list."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from reintegration.views.common import show_errors

PAGE_SIZE = 25
STAFF_ROLES = (Role.ADMIN, Role.CASE_MANAGER, Role.SUPERVISOR, Role.PROGRAMME_MANAGER)


def staff_view(permission: str):
    """A browser page: the role's permission, and a staff role (partners, who may read
    groups and events through the API, have no peer-support pages)."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not user.has_role(*STAFF_ROLES) or not user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorate


def post_data(request):
    """The POST data of a submitted form (even an empty confirmation), else None."""
    return request.POST if request.method == "POST" else None


def paginate(request, queryset, *, sorts: dict[str, list[str]], default: str) -> dict:
    """A page of ``queryset`` in the requested order, and the query string to keep the
    filters on the sort links and the pagination."""
    sort = request.GET.get("sort", default)
    if sort not in sorts:
        sort = default
    page = Paginator(queryset.order_by(*sorts[sort]), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    return {"page": page, "sort": sort, "query": query.urlencode()}


def form_page(
    request,
    form,
    *,
    save: Callable[[dict], object],
    success: str | Callable[[object], str],
    title: str,
    back: str,
    done: Callable[[object], str] | None = None,
    crumbs: list[tuple[str, str]] = (),
    intro: str = "",
    danger: bool = False,
    template: str = "peer_support/form.html",
    **extra,
):
    """Validate, call the service, show its errors on the form (nothing is saved), or go on
    to ``done(result)`` (default: back)."""
    if request.method == "POST" and form.is_valid():
        try:
            result = save(form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(done(result) if done else back)
    if request.method == "POST" and form.errors:
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    context = {
        "form": form,
        "title": title,
        "back": back,
        "crumbs": crumbs,
        "intro": intro,
        "danger": danger,
        **extra,
    }
    return render(request, template, context)
