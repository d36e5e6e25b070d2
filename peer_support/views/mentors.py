"""Mentors, their training and supervision (Handbook 3.5.2)."""

import datetime

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peer_support import access, rules, selectors, services
from peer_support.forms import (
    ConfirmForm,
    MentorFilterForm,
    MentorForm,
    SupervisionForm,
    TrainingForm,
    yes_no,
)
from peer_support.models import MentorTraining
from peer_support.views.common import form_page, paginate, post_data, staff_view
from reintegration.access import returnees_for_user

view_required = staff_view("peer_support.view_mentor")
MENTOR_SORTS = {
    "name": ["sort_name", "pk"],
    "community": ["community__name", "sort_name", "pk"],
    "refresher": ["refresher_due_on", "sort_name", "pk"],
    "load": ["-active_mentorships", "sort_name", "pk"],
}
CRUMBS = [(_("Peer support"), "peer_support:index"), (_("Mentors"), "peer_support:mentors")]


def _crumbs(*extra):
    return [(label, reverse(name)) for label, name in CRUMBS] + list(extra)


@view_required
def mentor_list(request):
    filters = MentorFilterForm(request.GET or None)
    values = filters.values()
    values["active"] = yes_no(values.get("active"))
    queryset = selectors.mentor_list(user=request.user, **values)
    return render(
        request,
        "peer_support/mentor_list.html",
        {
            "filters": filters,
            "today": datetime.date.today(),
            **paginate(request, queryset, sorts=MENTOR_SORTS, default="name"),
        },
    )


@view_required
def mentor_detail(request, pk):
    mentor = access.get_or_404(access.mentors_for_user(request.user), pk)
    mentor = selectors.mentor_detail(mentor=mentor)
    progress = rules.training_progress(
        rules.TrainingSession(t.kind, t.date, t.days, frozenset(t.topics))
        for t in mentor.trainings.all()
    )
    today = datetime.date.today()
    supervision_late = mentor.last_supervised_on is None or (
        (today - mentor.last_supervised_on).days > rules.SUPERVISION_INTERVAL_DAYS
    )
    return render(
        request,
        "peer_support/mentor_detail.html",
        {
            "mentor": mentor,
            "progress": progress,
            "missing_topics": [rules.TrainingTopic(t).label for t in progress.missing_topics],
            "state": mentor.refresher_state(today),
            "supervision_late": supervision_late,
            "supervision_days": rules.SUPERVISION_INTERVAL_DAYS,
            "min_days": rules.MIN_INITIAL_TRAINING_DAYS,
            "crumbs": _crumbs(),
        },
    )


def _own_returnees(user):
    return returnees_for_user(user).select_related("community")


@staff_view("peer_support.add_mentor")
def mentor_create(request):
    form = MentorForm(post_data(request), returnees=_own_returnees(request.user))
    return form_page(
        request,
        form,
        save=lambda data: services.mentor_create(
            actor=request.user, organization=request.user.organization, **data
        ),
        success=lambda mentor: f"{mentor.display_name} added to the mentor network.",
        done=lambda mentor: mentor.get_absolute_url(),
        title=_("New mentor"),
        back=reverse("peer_support:mentors"),
        crumbs=_crumbs(),
        intro=_(
            "A returnee who has been through reintegration, or a community member who has not "
            "migrated but understands returnees' needs (handbook 3.5.2). Record their training "
            "next: only trained mentors are matched."
        ),
    )


@staff_view("peer_support.change_mentor")
def mentor_edit(request, pk):
    mentor = access.get_or_404(access.mentors_for_user(request.user).select_related("returnee"), pk)
    form = MentorForm(
        post_data(request), instance=mentor, returnees=_own_returnees(request.user), editing=True
    )
    return form_page(
        request,
        form,
        save=lambda data: services.mentor_update(actor=request.user, mentor=mentor, **data),
        success=_("Mentor saved."),
        title=_("Edit %(display_name)s") % {"display_name": mentor.display_name},
        back=mentor.get_absolute_url(),
        crumbs=_crumbs((mentor.display_name, mentor.get_absolute_url())),
    )


@staff_view("peer_support.change_mentor")
def mentor_toggle_active(request, pk):
    mentor = access.get_or_404(access.mentors_for_user(request.user), pk)
    activate = not mentor.is_active
    return form_page(
        request,
        ConfirmForm(post_data(request)),
        save=lambda data: services.mentor_set_active(
            actor=request.user, mentor=mentor, is_active=activate
        ),
        success=_("Mentor reactivated.") if activate else _("Mentor deactivated."),
        title=(_("Reactivate %(name)s") if activate else _("Deactivate %(name)s"))
        % {"name": mentor.display_name},
        back=mentor.get_absolute_url(),
        crumbs=_crumbs((mentor.display_name, mentor.get_absolute_url())),
        intro=_("Active mentors are matched with returnees again.")
        if activate
        else _(
            "An inactive mentor is no longer suggested or referred to; current mentorships "
            "continue until they end."
        ),
        danger=not activate,
    )


@staff_view("peer_support.add_mentortraining")
def training_create(request, pk):
    mentor = access.get_or_404(access.mentors_for_user(request.user), pk)
    kind = MentorTraining.Kind.REFRESHER if mentor.trained_on else MentorTraining.Kind.INITIAL
    form = TrainingForm(
        post_data(request),
        initial={
            "kind": kind,
            "date": datetime.date.today(),
            "days": rules.MIN_INITIAL_TRAINING_DAYS,
            "topics": [] if mentor.trained_on else rules.TrainingTopic.values,
        },
    )
    return form_page(
        request,
        form,
        save=lambda data: services.training_record(actor=request.user, mentor=mentor, **data),
        success=lambda training: (
            _("Training recorded. The mentor is trained.")
            if training.mentor.trained_on
            else _("Training recorded.")
        ),
        title=_("Record a training of %(display_name)s") % {"display_name": mentor.display_name},
        back=mentor.get_absolute_url(),
        crumbs=_crumbs((mentor.display_name, mentor.get_absolute_url())),
        intro=_(
            "Handbook 3.5.2: at least a two-day initial training covering the seven topics, then "
            "yearly refreshers. An initial training given in several sessions adds up."
        ),
    )


@staff_view("peer_support.delete_mentortraining")
def training_delete(request, pk):
    training = get_object_or_404(
        MentorTraining.objects.filter(
            mentor__in=access.mentors_for_user(request.user)
        ).select_related("mentor__returnee"),
        pk=pk,
    )
    mentor = training.mentor
    return form_page(
        request,
        ConfirmForm(post_data(request)),
        save=lambda data: services.training_delete(actor=request.user, training=training),
        success=_("Training removed; the training status was recomputed."),
        title=_("Remove the %(training)s of %(display_name)s?")
        % {"training": training, "display_name": mentor.display_name},
        back=mentor.get_absolute_url(),
        crumbs=_crumbs((mentor.display_name, mentor.get_absolute_url())),
        intro=_("Only for a session recorded by mistake. The audit trail keeps it."),
        danger=True,
    )


@staff_view("peer_support.view_supervisionsession")
def supervision_list(request):
    queryset = selectors.supervision_list(user=request.user).prefetch_related("mentors__returnee")
    return render(
        request,
        "peer_support/supervision_list.html",
        {
            "crumbs": _crumbs(),
            **paginate(request, queryset, sorts={"date": ["-date", "-id"]}, default="date"),
        },
    )


@staff_view("peer_support.add_supervisionsession")
def supervision_create(request):
    mentors = (
        access.mentors_for_user(request.user)
        .filter(is_active=True)
        .select_related("returnee")
        .order_by("name", "returnee__last_name")
    )
    form = SupervisionForm(post_data(request), mentors=mentors)
    return form_page(
        request,
        form,
        save=lambda data: services.supervision_record(
            actor=request.user, organization=request.user.organization, **data
        ),
        success=_("Supervision session recorded."),
        title=_("Record a supervision session"),
        back=reverse("peer_support:supervision"),
        crumbs=_crumbs(),
        intro=_(
            "Handbook 3.5.2: regular supervision so mentors share their views, tackle the most "
            "common issues and ask for solutions."
        ),
    )
