"""Financial groups' pages: the list, creating and editing a group, the group page with
its members' balances and loans, and the ledger. Staff of the group's organization only:
partners get aggregates through the API."""

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from projects import access_finance as access
from projects.forms_finance import (
    FinancialGroupForm,
    GroupFilterForm,
)
from projects.selectors import finance as selectors
from projects.services import finance as services

PAGE_SIZE = 25
LEDGER_PAGE_SIZE = 50
SORTS = {
    "name": ["name", "id"],
    "-name": ["-name", "-id"],
    "kind": ["kind", "name", "id"],
    "community": ["community__name", "name", "id"],
    "cycle": ["-cycle_start", "name", "id"],
    "-cash": ["-cash_balance", "name", "id"],
}


def staff_view(permission: str):
    """The permission, and a staff role: a partner's permission to read a group's
    aggregates through the API opens no page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not access.is_staff(request.user):
                raise PermissionDenied(
                    _("Financial groups are kept by their organization's staff.")
                )
            return view(request, *args, **kwargs)

        return permission_required(permission, raise_exception=True)(wrapper)

    return decorator


def show_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors on the fields they name (others on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def editable_group(request, pk):
    group = access.group_get_for_user(user=request.user, pk=pk)
    if not access.can_edit_group(request.user, group):
        raise PermissionDenied(_("You may read but not change this group."))
    return group


@staff_view("projects.view_financialgroup")
def group_list(request):
    filters = GroupFilterForm(
        request.GET or None, communities=selectors.group_communities(user=request.user)
    )
    data = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.group_list(
        user=request.user,
        kind=data.get("kind") or "",
        community_id=data["community"].pk if data.get("community") else None,
        status=data.get("status") or "",
        search=data.get("q") or "",
    )
    sort = request.GET.get("sort", "name")
    queryset = queryset.order_by(*SORTS.get(sort, SORTS["name"]))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    sortless = query.copy()
    sortless.pop("sort", None)
    return render(
        request,
        "projects/finance/group_list.html",
        {
            "filters": filters,
            "page": page,
            "sort": sort,
            "query": query.urlencode(),
            "sortless": sortless.urlencode(),
        },
    )


@staff_view("projects.add_financialgroup")
def group_create(request):
    form = FinancialGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            group = services.financial_group_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Group %(name)s created: now add its members.") % {"name": group.name}
            )
            return redirect(group)
    return render(
        request, "projects/finance/form.html", {"form": form, "title": _("New financial group")}
    )


@staff_view("projects.change_financialgroup")
def group_edit(request, pk):
    group = editable_group(request, pk)
    form = FinancialGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            services.financial_group_update(actor=request.user, group=group, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Group saved."))
            return redirect(group)
    return render(
        request,
        "projects/finance/form.html",
        {"form": form, "group": group, "title": _("Edit %(name)s") % {"name": group.name}},
    )


@staff_view("projects.view_financialgroup")
def group_detail(request, pk):
    group = access.group_get_for_user(user=request.user, pk=pk)
    today = datetime.date.today()
    members = selectors.member_rows(group=group, user=request.user)
    loans = selectors.loan_balances(group=group, today=today)
    totals = selectors.group_totals(group=group)
    active = [row for row in members if row.member.is_active]
    labels = {row.member.pk: row.label for row in members}
    loan_rows = [
        (b, labels[b.loan.member_id], [labels[g.member_id] for g in b.loan.guarantees.all()])
        for b in loans
    ]
    return render(
        request,
        "projects/finance/group_detail.html",
        {
            "group": group,
            "members": members,
            "active_count": len(active),
            "returnee_count": sum(1 for row in active if row.member.is_returnee),
            "non_migrant_count": sum(1 for row in active if not row.member.is_returnee),
            "loans": loan_rows,
            "overdue_count": sum(1 for b in loans if b.is_overdue),
            "totals": totals,
            "can_edit": access.can_edit_group(request.user, group) and group.is_open,
        },
    )


@staff_view("projects.view_ledgerentry")
def ledger(request, pk):
    group = access.group_get_for_user(user=request.user, pk=pk)
    page = Paginator(selectors.ledger_entries(group=group), LEDGER_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    entries = list(page.object_list)
    visible = selectors.visible_returnee_ids(
        user=request.user, returnee_ids=[e.member.returnee_id for e in entries]
    )
    rows = [(entry, selectors.member_label(entry.member, visible)) for entry in entries]
    return render(
        request,
        "projects/finance/ledger.html",
        {
            "group": group,
            "page": page,
            "rows": rows,
            "can_edit": access.can_edit_group(request.user, group) and group.is_open,
        },
    )
