"""Adding participants (returnees from the registry, non-migrant community members),
changing their role and recording that they left."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from projects import services
from projects.forms import LeaveForm, ParticipantForm
from projects.models import Participant
from projects.views.common import participant_project, show_errors
from reintegration.access import returnees_for_user


def _back(project):
    return reverse("projects:detail", kwargs={"pk": project.pk}) + "#participants"


def participant_add(request, pk, kind):
    """``kind`` is "returnee" or "member" (a non-migrant community member)."""
    if kind not in ("returnee", "member"):
        raise Http404(_("Add a returnee or a community member."))
    project = participant_project(request, pk)
    form = ParticipantForm(request.POST or None, kind=kind)
    if request.method == "POST" and form.is_valid():
        returnee = None
        try:
            if kind == "returnee":
                reference = form.cleaned_data["returnee_reference"].strip().upper()
                # Access-checked: only a returnee the user may see can be added.
                returnee = (
                    returnees_for_user(request.user)
                    .select_related("community", "consent")
                    .filter(reference=reference)
                    .first()
                )
                if returnee is None:
                    raise ValidationError(
                        {
                            "returnee_reference": _("No returnee %(reference)s in your registry.")
                            % {"reference": reference}
                        }
                    )
            participant = services.participant_add(
                actor=request.user,
                project=project,
                returnee=returnee,
                fields=form.service_fields(),
            )
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(request, _("%(participant)s added.") % {"participant": participant})
            return redirect(_back(project))
    title = _("Add a returnee") if kind == "returnee" else _("Add a community member")
    return render(
        request,
        "projects/participant_form.html",
        {"form": form, "project": project, "title": title, "back": _back(project)},
    )


def _show(form, error):
    """The service names the returnee; the form asks for their reference."""
    if hasattr(error, "error_dict") and "returnee" in error.message_dict:
        errors = error.message_dict
        target = "returnee_reference" if "returnee_reference" in form.fields else None
        form.add_error(target, errors["returnee"])
        rest = {k: v for k, v in errors.items() if k != "returnee"}
        if rest:
            show_errors(form, ValidationError(rest))
        return
    show_errors(form, error)


def participant_edit(request, pk, participant_pk):
    project = participant_project(request, pk)
    participant = get_object_or_404(
        Participant.objects.select_related("returnee"), project=project, pk=participant_pk
    )
    form = ParticipantForm(request.POST or None, instance=participant, kind="edit")
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                actor=request.user, participant=participant, fields=form.service_fields()
            )
        except ValidationError as error:
            _show(form, error)
        else:
            messages.success(request, _("Participant saved."))
            return redirect(_back(project))
    return render(
        request,
        "projects/participant_form.html",
        {
            "form": form,
            "project": project,
            "participant": participant,
            "title": _("Edit %(participant)s") % {"participant": participant},
            "back": _back(project),
        },
    )


def participant_leave(request, pk, participant_pk):
    """A confirmation page: recording a departure changes the balance and the shares."""
    project = participant_project(request, pk)
    participant = get_object_or_404(
        Participant.objects.select_related("returnee"), project=project, pk=participant_pk
    )
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_leave(
                actor=request.user, participant=participant, **form.cleaned_data
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("%(participant)s left the project.") % {"participant": participant}
            )
            return redirect(_back(project))
    return render(
        request,
        "projects/participant_form.html",
        {
            "form": form,
            "project": project,
            "participant": participant,
            "title": _("Record that %(participant)s left") % {"participant": participant},
            "intro": _(
                "The participant stays in the project's history; they no longer count "
                "in the balance or the shares."
            ),
            "danger": True,
            "back": _back(project),
        },
    )
