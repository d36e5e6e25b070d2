"""Reads of the imported profile submissions."""

from django.db.models import QuerySet

from communities.xlsform.models import FieldSubmission, ProfileSubmission

STATE_FILTERS = {
    # "draft" and "final" read the record's status: a draft is finalised on its own page.
    "draft": {"state": FieldSubmission.State.IMPORTED, "profile__status": "draft"},
    "final": {"state": FieldSubmission.State.IMPORTED, "profile__status": "final"},
    "replaced": {"state": FieldSubmission.State.REPLACED},
    "discarded": {"state": FieldSubmission.State.DISCARDED},
}


def profile_submission_list(*, state: str = "") -> QuerySet[ProfileSubmission]:
    """Newest first, with what the list shows (one query per page)."""
    queryset = ProfileSubmission.objects.select_related(
        "profile", "community", "enumerator", "imported_by"
    ).order_by("-created_at", "-id")
    if state in STATE_FILTERS:
        queryset = queryset.filter(**STATE_FILTERS[state])
    return queryset


def profile_drafts_pending() -> int:
    return profile_submission_list(state="draft").count()
