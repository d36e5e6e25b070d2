"""Consent, counselling sessions, case notes, status and assignment, and the caseload."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role, User
from reintegration import selectors, services
from reintegration.forms import CaseForm, ConsentForm, NoteForm, SessionForm, WithdrawConsentForm
from reintegration.views.common import editable_returnee, show_errors


def _tab(returnee, tab):
    return f"{reverse('reintegration:returnee', kwargs={'pk': returnee.pk})}?tab={tab}"


def _case_managers(returnee):
    return (
        User.objects.filter(
            organization_id=returnee.organization_id,
            is_active=True,
            groups__name__in=[Role.CASE_MANAGER, Role.SUPERVISOR],
        )
        .distinct()
        .order_by("username")
    )


def _returnee_form_page(request, returnee, form, *, save, success, title, tab, **extra):
    """The shared flow of the case's small forms: validate, call the service, show its
    errors on the form or go back to the returnee's tab."""
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, returnee=returnee, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_tab(returnee, tab))
    context = {"form": form, "returnee": returnee, "title": title, "back": _tab(returnee, tab)}
    return render(request, "reintegration/simple_form.html", {**context, **extra})


def consent_edit(request, pk):
    returnee = editable_returnee(request, pk)
    form = ConsentForm(
        request.POST or None,
        instance=getattr(returnee, "consent", None),
        own_organization_id=returnee.organization_id,
    )
    return _returnee_form_page(
        request,
        returnee,
        form,
        save=services.consent_record,
        success=_("Consent recorded."),
        title=_("Record consent"),
        tab="consent",
    )


def consent_withdraw(request, pk):
    returnee = editable_returnee(request, pk)
    return _returnee_form_page(
        request,
        returnee,
        WithdrawConsentForm(request.POST or None),
        save=services.consent_withdraw,
        success=_("Consent withdrawn: the record is no longer shared."),
        title=_("Withdraw consent"),
        tab="consent",
        danger=True,
        intro=_("Withdrawal stops sharing with every partner organization at once."),
    )


def session_create(request, pk):
    returnee = editable_returnee(request, pk)
    return _returnee_form_page(
        request,
        returnee,
        SessionForm(request.POST or None),
        save=services.session_log,
        success=_("Counselling session logged."),
        title=_("Log a counselling session"),
        tab="sessions",
    )


@require_POST
def note_create(request, pk):
    returnee = editable_returnee(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.note_add(actor=request.user, returnee=returnee, text=form.cleaned_data["text"])
        messages.success(request, _("Note added."))
    else:
        messages.error(request, _("A note cannot be empty."))
    return redirect(_tab(returnee, "notes"))


def case_edit(request, pk):
    returnee = editable_returnee(request, pk)
    form = CaseForm(
        request.POST or None,
        case_managers=_case_managers(returnee),
        initial={
            "status": returnee.status,
            "closure_reason": returnee.closure_reason,
            "case_manager": returnee.case_manager_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, returnee=returnee, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Case updated."))
            return redirect(returnee)
    return render(
        request,
        "reintegration/simple_form.html",
        {
            "form": form,
            "returnee": returnee,
            "title": _("Case status and assignment"),
            "back": returnee.get_absolute_url(),
        },
    )


def caseload(request):
    if not request.user.has_role(Role.CASE_MANAGER, Role.SUPERVISOR, Role.ADMIN):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    data = selectors.caseload(user=request.user)
    return render(request, "reintegration/caseload.html", {**data, "rows": data["rows"][:200]})
