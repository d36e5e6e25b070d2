"""Reads of the imported instrument submissions."""

from django.db.models import Count, Prefetch, QuerySet

from assessments.models import Answer, Assessment, Submission

STATE_FILTERS = {
    # "draft" and "final" read the assessment's status, which the review page changes.
    "draft": {"state": Submission.State.IMPORTED, "assessment__status": Assessment.Status.DRAFT},
    "final": {"state": Submission.State.IMPORTED, "assessment__status": Assessment.Status.FINAL},
    "replaced": {"state": Submission.State.REPLACED},
    "discarded": {"state": Submission.State.DISCARDED},
}


def submission_list(*, form: str = "", state: str = "") -> QuerySet[Submission]:
    """Newest first, with what the list shows (one query per page)."""
    queryset = Submission.objects.select_related(
        "assessment", "instrument", "community", "enumerator"
    ).order_by("-created_at", "-id")
    if form:
        queryset = queryset.filter(instrument__code=form)
    if state in STATE_FILTERS:
        queryset = queryset.filter(**STATE_FILTERS[state])
    return queryset


def submission_detail() -> QuerySet[Submission]:
    answers = Answer.objects.select_related("item").order_by("item__order")
    return Submission.objects.select_related(
        "assessment__assessor",
        "instrument",
        "community",
        "enumerator",
        "imported_by",
        "replaced_by",
    ).prefetch_related(Prefetch("assessment__answers", queryset=answers))


def drafts_by_form() -> dict[str, int]:
    """{instrument code: drafts waiting for review} (one query)."""
    rows = (
        submission_list(state="draft")
        .order_by()
        .values("instrument__code")
        .annotate(drafts=Count("id"))
    )
    return {row["instrument__code"]: row["drafts"] for row in rows}
