"""The peer-support page of a returnee: the case manager sees the network groups matching
the interests identified in counselling and the trained mentors suggested for them, and
refers in one click (Handbook 3.5.2 and 3.5.3). The returnee's page links here by URL."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from peer_support import selectors, services
from peer_support.forms import PreferenceForm
from reintegration import referral_targets
from reintegration.access import can_edit, returnee_get_for_user

# Product choice: a one-click referral is followed up two weeks later, so an unanswered one
# shows as overdue in the caseload.
FOLLOW_UP_DAYS = 14


def _url(returnee) -> str:
    return reverse("peer_support:returnee", kwargs={"pk": returnee.pk})


def returnee_panel(request, pk):
    returnee = returnee_get_for_user(user=request.user, pk=pk)
    if not request.user.has_perm("peer_support.view_mentor"):
        raise PermissionDenied
    editable = can_edit(request.user, returnee)
    data = selectors.returnee_panel(user=request.user, returnee=returnee)
    _one_click(data)
    form = PreferenceForm(initial={"mentor_sex": data["preference"]})
    return render(
        request,
        "peer_support/returnee_panel.html",
        {"returnee": returnee, "can_edit": editable, "preference_form": form, **data},
    )


def _one_click(data: dict) -> None:
    """The target and reason each "Refer" button posts: why it was suggested."""
    for group in data["networks"]:
        group.target = f"peer_support.networkgroup:{group.pk}"
        group.reason = (
            f"Interest in {group.get_kind_display().lower()} identified during counselling; "
            f"{group.name} is a {group.get_kind_display().lower()} group of "
            f"{group.community.name} (handbook 3.5.3)."
        )
    for suggestion in data["suggestions"]:
        suggestion.target = f"peer_support.mentor:{suggestion.mentor.pk}"
        why = "; ".join(r.detail for r in suggestion.reasons if r.points)
        suggestion.reason = (
            f"Suggested mentor (matching score {suggestion.score}/100): {why or 'available'}. "
            "Handbook 3.5.2: refer to the mentor network during counselling."
        )
    for group in data["groups"]:
        group.target = f"peer_support.peergroup:{group.pk}"
        group.reason = f"Peer support with returnees of {group.community.name} (handbook 3.5.2)."


def _editable(request, pk):
    returnee = returnee_get_for_user(user=request.user, pk=pk)
    if not can_edit(request.user, returnee) or not request.user.has_perm(
        "peer_support.view_mentor"
    ):
        raise PermissionDenied(_("You may read but not change this record."))
    return returnee


@require_POST
def preference_set(request, pk):
    returnee = _editable(request, pk)
    form = PreferenceForm(request.POST)
    if form.is_valid():
        services.mentoring_preference_set(
            actor=request.user, returnee=returnee, mentor_sex=form.cleaned_data["mentor_sex"]
        )
        messages.success(request, _("Preference saved: the suggestions take it into account."))
    else:
        messages.error(request, _("Choose a preference from the list."))
    return redirect(_url(returnee) + "#mentors")


def _resolve(value: str):
    label, _sep, pk = value.partition(":")
    target = referral_targets.get(label)
    if target is None or not label.startswith("peer_support.") or not pk.isdigit():
        return None
    return target.model.objects.filter(pk=int(pk)).first()


@require_POST
def refer(request, pk):
    """One click: the target and a reason written from why it was suggested."""
    returnee = _editable(request, pk)
    target = _resolve(request.POST.get("target", ""))
    reason = request.POST.get("reason", "").strip()
    if target is None:
        messages.error(request, _("Nothing was referred: choose a mentor or a group on this page."))
        return redirect(_url(returnee))
    try:
        referral = services.peer_referral_create(
            actor=request.user,
            returnee=returnee,
            target=target,
            reason=reason or f"Suggested on the peer-support page: {target}.",
            follow_up_date=datetime.date.today() + datetime.timedelta(days=FOLLOW_UP_DAYS),
        )
    except ValidationError as error:
        messages.error(request, "Nothing was referred: " + " ".join(error.messages))
    else:
        messages.success(
            request, _("Referred to %(target_label)s.") % {"target_label": referral.target_label}
        )
    return redirect(_url(returnee))
