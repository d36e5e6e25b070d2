"""Referring a returnee, answering and following referrals."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from reintegration import access, referral_targets, selectors, services
from reintegration.forms import ReferralForm, ReferralStatusForm
from reintegration.models import Referral
from reintegration.views.common import editable_returnee, show_errors


def _target_choices(returnee):
    """Every registered target in the returnee's country, grouped by kind."""
    groups = []
    for label, target in sorted(referral_targets.all_targets().items()):
        options = [
            (f"{label}:{obj.pk}", str(obj))
            for obj in target.choices_for(community=returnee.community)
        ]
        if options:
            groups.append((target.label, options))
    return groups


def _resolve_target(value: str):
    label, _sep, pk = value.partition(":")
    target = referral_targets.get(label)
    if target is None or not pk.isdigit():
        return None
    return target.model.objects.filter(pk=int(pk)).first()


def referral_create(request, pk):
    returnee = editable_returnee(request, pk)
    form = ReferralForm(request.POST or None, targets=_target_choices(returnee))
    if request.method == "POST" and form.is_valid():
        target = _resolve_target(form.cleaned_data["target"])
        try:
            if target is None:
                raise ValidationError({"target": _("Choose a target from the list.")})
            referral = services.referral_create(
                actor=request.user,
                returnee=returnee,
                target=target,
                reason=form.cleaned_data["reason"],
                follow_up_date=form.cleaned_data["follow_up_date"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Referred to %(target)s.") % {"target": referral.target_label}
            )
            return redirect("reintegration:referral", pk=referral.pk)
    return render(
        request,
        "reintegration/simple_form.html",
        {
            "form": form,
            "returnee": returnee,
            "title": _("Refer to a service or group"),
            "back": returnee.get_absolute_url() + "?tab=referrals",
        },
    )


def referral_detail(request, pk):
    referral = get_object_or_404(access.referrals_for_user(request.user), pk=pk)
    referral = selectors.referral_detail(referral=referral)
    can_answer = access.can_answer_referral(request.user, referral)
    form = ReferralStatusForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if not can_answer:
            raise PermissionDenied("Only the organization the referral is addressed to answers it.")
        if form.is_valid():
            try:
                services.referral_transition(
                    actor=request.user, referral=referral, **form.cleaned_data
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Referral updated."))
                return redirect("reintegration:referral", pk=referral.pk)
    next_statuses = [(s, Referral.Status(s).label) for s in Referral.TRANSITIONS[referral.status]]
    return render(
        request,
        "reintegration/referral_detail.html",
        {
            "referral": referral,
            "form": form,
            "can_answer": can_answer,
            "next_statuses": sorted(next_statuses),
            # Partners get the pseudonymised record through the API, not the named page.
            "sees_returnee": not access.sees_pseudonymised(request.user)
            and access.returnees_for_user(request.user).filter(pk=referral.returnee_id).exists(),
        },
    )


def referral_list(request):
    box = request.GET.get("box", "incoming")
    status = request.GET.get("status", "")
    referrals = selectors.referral_list(
        user=request.user, status=status, incoming_only=box == "incoming"
    )
    return render(
        request,
        "reintegration/referral_list.html",
        {
            "referrals": referrals[:300],
            "box": box,
            "status": status,
            "statuses": Referral.Status.choices,
        },
    )
