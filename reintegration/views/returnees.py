"""Registering, listing, reading and editing returnees."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.audit import audit_history
from reintegration import access, selectors, services
from reintegration.forms import (
    ITEM_FORMSETS,
    ConsentForm,
    ReturneeForm,
    ReturneeSearchForm,
    SensitiveForm,
    formset_rows,
)
from reintegration.views.common import editable_returnee, log_sensitive_read, named_returnee

PAGE_SIZE = 25
SORTS = {
    "recent": ["-return_date", "-id"],
    "name": ["last_name", "first_name"],
    "reference": ["reference"],
}
# The tab's name is its ?tab= value; the label is what people read.
TABS = {
    "profile": gettext_lazy("Profile"),
    "household": gettext_lazy("Household"),
    "skills": gettext_lazy("Skills"),
    "consent": gettext_lazy("Consent"),
    "sessions": gettext_lazy("Sessions"),
    "notes": gettext_lazy("Notes"),
    "referrals": gettext_lazy("Referrals"),
    "history": gettext_lazy("History"),
}


@permission_required("reintegration.view_returnee", raise_exception=True)
def returnee_list(request):
    if access.sees_pseudonymised(request.user):
        raise PermissionDenied("Partners receive pseudonymised records through the API.")
    form = ReturneeSearchForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    query = (data.get("q") or "").strip()
    queryset = selectors.returnee_list_page(
        user=request.user,
        search=query,
        status=data.get("status") or "",
        community_id=data["community"].pk if data.get("community") else None,
    )
    sort = request.GET.get("sort", "recent")
    page = Paginator(queryset.order_by(*SORTS.get(sort, SORTS["recent"])), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = selectors.list_rows(page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "reintegration/returnee_list.html",
        {
            "form": form,
            "page": page,
            "sort": sort,
            "query": params.urlencode(),
            "short_query": 0 < len(query) < selectors.MIN_SEARCH_LENGTH,
        },
    )


def _item_formsets(data=None, initial=None):
    initial = initial or {}
    return {
        key: cls(data, prefix=key, initial=initial.get(key)) for key, cls in ITEM_FORMSETS.items()
    }


@permission_required("reintegration.add_returnee", raise_exception=True)
def returnee_register(request):
    data = request.POST or None
    form = ReturneeForm(data)
    sensitive = SensitiveForm(data)
    consent = ConsentForm(
        data, prefix="consent", own_organization_id=request.user.organization_id, required=False
    )
    formsets = _item_formsets(data)
    duplicates = []
    if request.method == "POST":
        forms_ok = [f.is_valid() for f in (form, sensitive, consent, *formsets.values())]
        if all(forms_ok):
            try:
                returnee = _register(request, form, sensitive, consent, formsets)
            except services.PossibleDuplicates as error:
                duplicates = error.candidates
            except ValidationError as error:
                _show_registration_errors(error, form, consent, formsets)
            else:
                messages.success(
                    request,
                    _("%(name)s registered as %(reference)s.")
                    % {"name": returnee.full_name, "reference": returnee.reference},
                )
                return redirect(returnee)
        if not duplicates:
            messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "reintegration/returnee_form.html",
        {
            "form": form,
            "sensitive": sensitive,
            "consent": consent,
            "formsets": formsets,
            "duplicates": duplicates,
            "title": _("Register a returnee"),
        },
    )


def _register(request, form, sensitive, consent, formsets):
    consent_data = consent.cleaned_data
    return services.returnee_register(
        actor=request.user,
        fields={**form.cleaned_data, **sensitive.cleaned_data},
        consent=consent_data if consent_data.get("given_on") else None,
        confirm_not_duplicate=request.POST.get("confirm_not_duplicate") == "on",
        **{key: formset_rows(fs) for key, fs in formsets.items()},
    )


def _show_registration_errors(error, form, consent, formsets):
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.message_dict.items():
        head, _sep, rest = key.partition("-")
        if head in formsets:
            index, _sep, field = rest.partition("-")
            item_form = formsets[head].forms[int(index) - 1] if index.isdigit() else None
            if item_form is not None:
                item_form.add_error(field if field in item_form.fields else None, errors)
            else:
                formsets[head].non_form_errors().extend(errors)
                form.add_error(None, errors)
        elif head == "consent":
            consent.add_error(rest if rest in consent.fields else None, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


def _initial_items(returnee):
    return {
        "household": [
            {
                "relationship": m.relationship,
                "age": m.age,
                "sex": m.sex,
                "school_enrolled": ""
                if m.school_enrolled is None
                else str(m.school_enrolled).lower(),
            }
            for m in returnee.household.all()
        ],
        "skills": [
            {"sector": s.sector_id, "level": s.level, "years_experience": s.years_experience}
            for s in returnee.skills.all()
        ],
        "interests": [
            {"kind": i.kind, "sector": i.sector_id, "description": i.description}
            for i in returnee.interests.all()
        ],
        "needs": [
            {"level": n.level, "description": n.description, "priority": n.priority, "met": n.met}
            for n in returnee.needs.all()
        ],
    }


def returnee_edit(request, pk):
    returnee = selectors.returnee_detail(returnee=editable_returnee(request, pk))
    sees_sensitive = access.can_see_sensitive(request.user, returnee)
    data = request.POST or None
    form = ReturneeForm(data, instance=returnee)
    sensitive = SensitiveForm(data, instance=returnee) if sees_sensitive else None
    formsets = _item_formsets(data, initial=_initial_items(returnee))
    if request.method == "POST":
        forms = [form, *formsets.values()] + ([sensitive] if sensitive else [])
        if all([f.is_valid() for f in forms]):  # noqa: C419 -- validate every form
            fields = {**form.cleaned_data, **(sensitive.cleaned_data if sensitive else {})}
            try:
                services.returnee_update(
                    actor=request.user,
                    returnee=returnee,
                    version=int(request.POST.get("version", 0)),
                    fields=fields,
                    **{key: formset_rows(fs) for key, fs in formsets.items()},
                )
            except ValidationError as error:
                _show_registration_errors(error, form, ConsentForm(), formsets)
            else:
                messages.success(request, _("Returnee saved."))
                return redirect(returnee)
        messages.error(request, _("Nothing was saved: see the messages below."))
    elif sensitive:
        log_sensitive_read(request, returnee, purpose="edit")
    return render(
        request,
        "reintegration/returnee_form.html",
        {
            "form": form,
            "sensitive": sensitive,
            "formsets": formsets,
            "returnee": returnee,
            "title": _("Edit %(reference)s") % {"reference": returnee.reference},
        },
    )


def returnee_detail(request, pk):
    returnee = selectors.returnee_detail(returnee=named_returnee(request, pk))
    tab = request.GET.get("tab", "profile")
    tab = tab if tab in TABS else "profile"
    sees_sensitive = access.can_see_sensitive(request.user, returnee)
    if sees_sensitive and tab == "profile":
        log_sensitive_read(request, returnee)
    context = {
        "returnee": returnee,
        "tab": tab,
        "tabs": TABS,
        "sees_sensitive": sees_sensitive,
        "can_edit": access.can_edit(request.user, returnee),
        "can_erase": returnee.erased_at is None and access.can_erase(request.user, returnee),
        "can_export": access.can_export_subject_data(request.user, returnee),
        "consent": getattr(returnee, "consent", None),
    }
    if tab == "history":
        context["history"] = audit_history(returnee)[:100]
    return render(request, "reintegration/returnee_detail.html", context)
