"""Browser pages of the communities app: programme managers create and edit, everyone with
a browser role reads."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from communities import selectors, services
from communities.forms import (
    CommunityFilterForm,
    CommunityForm,
    LivelihoodOpportunityForm,
    ProfileEntryForm,
    ProfileForm,
    ServiceForm,
    StakeholderForm,
    profile_entry_forms,
)
from communities.models import (
    Community,
    CommunityProfile,
    LivelihoodOpportunity,
    ProfileIndicator,
    Service,
    Stakeholder,
)

PAGE_SIZE = 25
SORTS = {
    "name": ["name"],
    "-name": ["-name"],
    "country": ["country", "admin1", "name"],
    "-country": ["-country", "admin1", "name"],
    "profile": ["latest_profile_date", "name"],
    "-profile": ["-latest_profile_date", "name"],
}
TABS = ["profile", "history", "stakeholders", "services", "opportunities"]

view_required = permission_required("communities.view_community", raise_exception=True)
edit_required = permission_required("communities.change_community", raise_exception=True)


def show_errors(form, error: ValidationError) -> None:
    """Put a service's validation errors on the form fields they name."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


@view_required
def community_list(request):
    filters = CommunityFilterForm(request.GET or None, countries=selectors.community_countries())
    data = filters.cleaned_data if filters.is_valid() else {}
    due = {"yes": True, "no": False}.get(data.get("due") or "")
    queryset = selectors.community_list(
        country=data.get("country", ""),
        admin1=data.get("admin1", ""),
        area_type=data.get("area_type", ""),
        due_for_review=due,
        search=(data.get("q") or "").strip(),
    )
    sort = request.GET.get("sort", "country")
    queryset = queryset.order_by(*SORTS.get(sort, SORTS["country"]))
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "communities/community_list.html",
        {"filters": filters, "page": page, "sort": sort, "query": query.urlencode()},
    )


@edit_required
def community_create(request):
    form = CommunityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Community %(name)s created.") % {"name": community.name})
            return redirect("communities:detail", pk=community.pk)
    return render(request, "communities/form.html", {"form": form, "title": _("New community")})


@edit_required
def community_edit(request, pk):
    community = get_object_or_404(Community, pk=pk)
    form = CommunityForm(request.POST or None, instance=community)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(actor=request.user, community=community, **form.cleaned_data)
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("Community saved."))
            return redirect("communities:detail", pk=community.pk)
    return render(
        request,
        "communities/form.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": community.name},
            "community": community,
        },
    )


@view_required
def community_detail(request, pk):
    community = get_object_or_404(selectors.community_list(), pk=pk)
    tab = request.GET.get("tab", "profile")
    tab = tab if tab in TABS else "profile"
    profiles = list(selectors.profile_list(community=community))
    context = {"community": community, "tab": tab, "tabs": TABS, "profiles": profiles}
    if tab == "profile" and profiles:
        context["profile"] = selectors.profile_with_entries(pk=profiles[0].pk)
    elif tab == "stakeholders":
        context["stakeholders"] = selectors.stakeholder_list(community=community)
    elif tab == "services":
        context["services"] = selectors.service_list(community=community)
    elif tab == "opportunities":
        context["opportunities"] = selectors.opportunity_list(community=community)
    return render(request, "communities/community_detail.html", context)


def _entry_values(form: ProfileEntryForm) -> dict:
    return {
        "rating": form.cleaned_data["rating"],
        "finding": form.cleaned_data["finding"],
        "methods": form.cleaned_data["methods"],
        "varies_by": form.cleaned_data["varies_by"],
        "disaggregation_notes": form.cleaned_data["disaggregation_notes"],
    }


@edit_required
def profile_create(request, pk):
    """Record a profile; a review starts from the latest profile's entries."""
    community = get_object_or_404(Community, pk=pk)
    indicators = list(ProfileIndicator.objects.all())
    latest = selectors.profile_list(community=community).first()
    initial = {}
    if latest is not None:
        latest = selectors.profile_with_entries(pk=latest.pk)
        initial = {
            e.indicator.code: {
                "rating": e.rating,
                "finding": e.finding,
                "methods": e.methods,
                "varies_by": e.varies_by,
                "disaggregation_notes": e.disaggregation_notes,
            }
            for e in latest.entries.all()
        }
    data = request.POST or None
    form = ProfileForm(data)
    entry_forms = profile_entry_forms(data, indicators=indicators, initial=initial)
    if request.method == "POST":
        # Validate every form (no short-circuit) so all errors show at once.
        results = [f.is_valid() for f in [form, *entry_forms]]
        if all(results):
            try:
                profile = services.profile_create(
                    actor=request.user,
                    community=community,
                    entries={f.indicator.code: _entry_values(f) for f in entry_forms},
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _show_profile_errors(form, entry_forms, error)
            else:
                messages.success(
                    request, _("Profile of %(date)s recorded.") % {"date": profile.profile_date}
                )
                return redirect("communities:profile", pk=profile.pk)
        messages.error(request, _("The profile was not saved: correct the fields marked below."))
    return render(
        request,
        "communities/profile_form.html",
        {"community": community, "form": form, "entry_forms": entry_forms, "latest": latest},
    )


def _show_profile_errors(form, entry_forms, error: ValidationError) -> None:
    by_code = {f.indicator.code: f for f in entry_forms}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, errors in error.message_dict.items():
        code, _sep, field = key.partition("-")
        if code in by_code:
            entry_form = by_code[code]
            entry_form.add_error(field if field in entry_form.fields else None, errors)
        else:
            form.add_error(key if key in form.fields else None, errors)


@view_required
def profile_detail(request, pk):
    profile = get_object_or_404(CommunityProfile, pk=pk)
    profile = selectors.profile_with_entries(pk=profile.pk)
    others = selectors.profile_list(community=profile.community).exclude(pk=profile.pk)
    return render(
        request, "communities/profile_detail.html", {"profile": profile, "others": others}
    )


@require_POST
@edit_required
def profile_finalise(request, pk):
    profile = get_object_or_404(CommunityProfile, pk=pk)
    try:
        services.profile_finalise(actor=request.user, profile=profile)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Profile finalised: it is now part of the community's history.")
        )
    return redirect("communities:profile", pk=profile.pk)


@view_required
def profile_compare(request, pk):
    community = get_object_or_404(Community, pk=pk)
    profiles = list(selectors.profile_list(community=community))
    ids = {str(p.pk): p for p in profiles}
    older_id = request.GET.get("older") or (str(profiles[1].pk) if len(profiles) > 1 else "")
    newer_id = request.GET.get("newer") or (str(profiles[0].pk) if profiles else "")
    rows = []
    older = newer = None
    if older_id in ids and newer_id in ids:
        older = selectors.profile_with_entries(pk=int(older_id))
        newer = selectors.profile_with_entries(pk=int(newer_id))
        if older.profile_date > newer.profile_date:
            older, newer = newer, older
        rows = selectors.profile_compare(older=older, newer=newer)
    directions = [row.direction for row in rows]
    counts = [
        (direction, directions.count(direction))
        for direction in ("better", "worse", "same", "newly known", "now unknown", "unknown")
        if direction in directions
    ]
    return render(
        request,
        "communities/profile_compare.html",
        {
            "community": community,
            "profiles": profiles,
            "older": older,
            "newer": newer,
            "rows": rows,
            "counts": counts,
        },
    )


# Stakeholders, services and livelihood opportunities share one create/edit flow.
RESOURCES = {
    "stakeholder": (Stakeholder, StakeholderForm, "stakeholders", "Stakeholder"),
    "service": (Service, ServiceForm, "services", "Service"),
    "opportunity": (
        LivelihoodOpportunity,
        LivelihoodOpportunityForm,
        "opportunities",
        "Livelihood opportunity",
    ),
}
# Whole sentences per kind, so translators can agree each word with its noun.
RESOURCE_TEXTS = {
    "stakeholder": {
        "saved": gettext_lazy("Stakeholder saved."),
        "new": gettext_lazy("New stakeholder · %(community)s"),
        "edit": gettext_lazy("Edit stakeholder · %(community)s"),
    },
    "service": {
        "saved": gettext_lazy("Service saved."),
        "new": gettext_lazy("New service · %(community)s"),
        "edit": gettext_lazy("Edit service · %(community)s"),
    },
    "opportunity": {
        "saved": gettext_lazy("Livelihood opportunity saved."),
        "new": gettext_lazy("New livelihood opportunity · %(community)s"),
        "edit": gettext_lazy("Edit livelihood opportunity · %(community)s"),
    },
}


def _resource_form(kind, community, data, instance=None):
    _model, form_class, _tab, _label = RESOURCES[kind]
    kwargs = {"instance": instance}
    if form_class is ServiceForm:
        kwargs["community"] = community
    return form_class(data, **kwargs)


def _save_resource(kind, *, actor, community, instance, fields):
    if instance is None:
        create = getattr(services, f"{kind}_create")
        return create(actor=actor, community=community, **fields)
    update = getattr(services, f"{kind}_update")
    return update(actor=actor, **{kind: instance}, **fields)


@edit_required
def resource_edit(request, kind, community_pk=None, pk=None):
    """Create (``community_pk``) or edit (``pk``) a stakeholder, service or opportunity."""
    model, _form, tab, _label = RESOURCES[kind]
    instance = get_object_or_404(model, pk=pk) if pk else None
    community = instance.community if instance else get_object_or_404(Community, pk=community_pk)
    form = _resource_form(kind, community, request.POST or None, instance)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                _save_resource(
                    kind,
                    actor=request.user,
                    community=community,
                    instance=instance,
                    fields=form.cleaned_data,
                )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, RESOURCE_TEXTS[kind]["saved"])
            return redirect(f"{community.get_absolute_url()}?tab={tab}")
    title = RESOURCE_TEXTS[kind]["edit" if instance else "new"] % {"community": community.name}
    return render(
        request,
        "communities/form.html",
        {"form": form, "title": title, "community": community},
    )
