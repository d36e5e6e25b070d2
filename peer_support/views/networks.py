"""Community network groups and community events (Handbook 3.5.3, case study 12)."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peer_support import access, selectors, services
from peer_support.forms import (
    ConfirmForm,
    EventFilterForm,
    EventForm,
    NetworkFilterForm,
    NetworkGroupForm,
    yes_no,
)
from peer_support.views.common import form_page, paginate, post_data, staff_view

NETWORK_SORTS = {
    "name": ["name", "pk"],
    "community": ["community__name", "name", "pk"],
    "kind": ["kind", "name", "pk"],
    "members": ["-members_count", "name", "pk"],
}
EVENT_SORTS = {
    "date": ["-date", "-id"],
    "-date": ["date", "id"],
    "community": ["community__name", "-date", "-id"],
}


def _crumbs(label, name, *extra):
    return [(_("Peer support"), reverse("peer_support:index")), (label, reverse(name)), *extra]


@staff_view("peer_support.view_networkgroup")
def network_list(request):
    filters = NetworkFilterForm(request.GET or None)
    values = filters.values()
    values["sensitised"] = yes_no(values.get("sensitised"))
    queryset = selectors.network_group_list(user=request.user, **values)
    return render(
        request,
        "peer_support/network_list.html",
        {
            "filters": filters,
            "crumbs": _crumbs(_("Network groups"), "peer_support:networks")[:1],
            **paginate(request, queryset, sorts=NETWORK_SORTS, default="name"),
        },
    )


@staff_view("peer_support.view_networkgroup")
def network_detail(request, pk):
    group = access.get_or_404(access.network_groups_for_user(request.user), pk)
    group = selectors.network_group_detail(group=group)
    visible = set(
        access.returnees_visible(request.user)
        .filter(pk__in=[m.returnee_id for m in group.members.all()])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "peer_support/network_detail.html",
        {
            "group": group,
            "members": [m for m in group.members.all() if m.returnee_id in visible],
            "other_members": sum(1 for m in group.members.all() if m.returnee_id not in visible),
            "crumbs": _crumbs(_("Network groups"), "peer_support:networks"),
        },
    )


@staff_view("peer_support.add_networkgroup")
def network_create(request):
    return form_page(
        request,
        NetworkGroupForm(post_data(request)),
        save=lambda data: services.network_group_create(actor=request.user, **data),
        success=lambda group: f"{group.name} added to the community's network.",
        done=lambda group: group.get_absolute_url(),
        title=_("New community network group"),
        back=reverse("peer_support:networks"),
        crumbs=_crumbs(_("Network groups"), "peer_support:networks"),
        intro=_(
            "Handbook 3.5.3: identify and map existing formal and informal theatre, visual art, "
            "music, dance, sports and other interest-related collectives in return communities, "
            "sensitise them, then refer returnees based on their interests."
        ),
    )


@staff_view("peer_support.change_networkgroup")
def network_edit(request, pk):
    group = access.get_or_404(access.network_groups_for_user(request.user), pk)
    return form_page(
        request,
        NetworkGroupForm(post_data(request), instance=group),
        save=lambda data: services.network_group_update(actor=request.user, group=group, **data),
        success=_("Group saved."),
        title=_("Edit %(name)s") % {"name": group.name},
        back=group.get_absolute_url(),
        crumbs=_crumbs(
            _("Network groups"), "peer_support:networks", (group.name, group.get_absolute_url())
        ),
    )


@staff_view("peer_support.view_communityevent")
def event_list(request):
    filters = EventFilterForm(request.GET or None)
    queryset = selectors.event_list(user=request.user, **filters.values())
    return render(
        request,
        "peer_support/event_list.html",
        {
            "filters": filters,
            "crumbs": _crumbs(_("Events"), "peer_support:events")[:1],
            **paginate(request, queryset, sorts=EVENT_SORTS, default="date"),
        },
    )


def _event(request, pk):
    return access.get_or_404(
        access.events_for_user(request.user).select_related(
            "community", "network_group", "recorded_by"
        ),
        pk,
    )


@staff_view("peer_support.view_communityevent")
def event_detail(request, pk):
    event = _event(request, pk)
    return render(
        request,
        "peer_support/event_detail.html",
        {"event": event, "crumbs": _crumbs(_("Events"), "peer_support:events")},
    )


@staff_view("peer_support.add_communityevent")
def event_create(request):
    return form_page(
        request,
        EventForm(post_data(request)),
        save=lambda data: services.event_create(
            actor=request.user, organization=request.user.organization, **data
        ),
        success=lambda event: (
            f"{event.title} recorded." + (f" Note: {event.warning}" if event.warning else "")
        ),
        done=lambda event: event.get_absolute_url(),
        title=_("Record a community event"),
        back=reverse("peer_support:events"),
        crumbs=_crumbs(_("Events"), "peer_support:events"),
        intro=_(
            "Storytelling, staged drama, forum theatre, exhibitions, sports events, focus-group "
            "dialogues (about 20 people in Ghana, case study 12), radio (handbook 3.5.3). Count "
            "the participants by category; nobody is named."
        ),
    )


@staff_view("peer_support.change_communityevent")
def event_edit(request, pk):
    event = _event(request, pk)
    return form_page(
        request,
        EventForm(post_data(request), instance=event),
        save=lambda data: services.event_update(actor=request.user, event=event, **data),
        success=_("Event saved."),
        title=_("Edit %(title)s") % {"title": event.title},
        back=event.get_absolute_url(),
        crumbs=_crumbs(_("Events"), "peer_support:events", (event.title, event.get_absolute_url())),
    )


@staff_view("peer_support.delete_communityevent")
def event_delete(request, pk):
    event = _event(request, pk)
    return form_page(
        request,
        ConfirmForm(post_data(request)),
        save=lambda data: services.event_delete(actor=request.user, event=event),
        success=_("Event deleted."),
        done=lambda _: reverse("peer_support:events"),
        title=_("Delete %(title)s?") % {"title": event.title},
        back=event.get_absolute_url(),
        crumbs=_crumbs(_("Events"), "peer_support:events", (event.title, event.get_absolute_url())),
        intro=_(
            "Only for an event recorded by mistake: its participants leave the social-cohesion "
            "figures. The audit trail keeps its last values."
        ),
        danger=True,
    )
