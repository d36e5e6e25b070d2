"""Mentorships, their meetings and the end-of-cycle evaluation (Handbook 3.5.2)."""

import datetime

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from peer_support import access, selectors, services
from peer_support.forms import (
    EndMentorshipForm,
    EvaluationForm,
    MentorshipFilterForm,
    MentorshipMeetingForm,
)
from peer_support.views.common import form_page, paginate, post_data, staff_view

SORTS = {
    "start": ["-started_on", "-id"],
    "end": ["planned_end_on", "id"],
}


def _crumbs(mentorship=None):
    crumbs = [
        (_("Peer support"), reverse("peer_support:index")),
        (_("Mentorships"), reverse("peer_support:mentorships")),
    ]
    if mentorship is not None:
        crumbs.append((f"Mentorship {mentorship.pk}", mentorship.get_absolute_url()))
    return crumbs


@staff_view("peer_support.view_mentorship")
def mentorship_list(request):
    filters = MentorshipFilterForm(request.GET or None)
    data = filters.cleaned_data if filters.is_valid() else {}
    queryset = selectors.mentorship_list(
        user=request.user,
        status=data.get("status") or "",
        evaluation_due=bool(data.get("evaluation_due")),
    )
    return render(
        request,
        "peer_support/mentorship_list.html",
        {
            "filters": filters,
            "today": datetime.date.today(),
            "crumbs": _crumbs()[:1],
            **paginate(request, queryset, sorts=SORTS, default="start"),
        },
    )


def _mentorship(request, pk, perm=None):
    mentorship = access.get_or_404(access.mentorships_for_user(request.user), pk)
    if perm:
        access.require_perm(request.user, perm)
    return selectors.mentorship_detail(mentorship=mentorship)


@staff_view("peer_support.view_mentorship")
def mentorship_detail(request, pk):
    mentorship = _mentorship(request, pk)
    return render(
        request,
        "peer_support/mentorship_detail.html",
        {
            "mentorship": mentorship,
            "evaluation_due": mentorship.evaluation_due(),
            "crumbs": _crumbs(),
        },
    )


def mentorship_meeting_create(request, pk):
    mentorship = _mentorship(request, pk, "add_mentorshipmeeting")
    return form_page(
        request,
        MentorshipMeetingForm(post_data(request)),
        save=lambda data: services.mentorship_meeting_record(
            actor=request.user, mentorship=mentorship, **data
        ),
        success=_("Meeting recorded."),
        title=_("Record a mentor and returnee meeting"),
        back=mentorship.get_absolute_url(),
        crumbs=_crumbs(mentorship),
    )


def mentorship_evaluate(request, pk):
    mentorship = _mentorship(request, pk, "add_mentorshipmeeting")
    return form_page(
        request,
        EvaluationForm(post_data(request)),
        save=lambda data: services.mentorship_evaluate(
            actor=request.user, mentorship=mentorship, **data
        ),
        success=_("Evaluation recorded: the mentoring cycle is completed."),
        title=_("End-of-cycle evaluation with the returnee"),
        back=mentorship.get_absolute_url(),
        crumbs=_crumbs(mentorship),
        intro=_(
            "Handbook 3.5.2: evaluate the mentoring approach by meeting the returnees at the end "
            "of a mentoring cycle. Recording it completes the mentorship."
        ),
    )


def mentorship_end(request, pk):
    mentorship = _mentorship(request, pk, "change_mentorship")
    return form_page(
        request,
        EndMentorshipForm(post_data(request)),
        save=lambda data: services.mentorship_end(
            actor=request.user, mentorship=mentorship, **data
        ),
        success=_("Mentorship ended."),
        title=_("End the mentorship early?"),
        back=mentorship.get_absolute_url(),
        crumbs=_crumbs(mentorship),
        intro=_("The cycle ends without its evaluation meeting; the mentor's place frees up."),
        danger=True,
    )
