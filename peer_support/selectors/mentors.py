"""Reads of mentors, mentorships and mentor matching; each starts from an access function."""

import datetime

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat, NullIf
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from peer_support import matching, rules
from peer_support.access import mentors_for_user, mentorships_for_user
from peer_support.models import (
    Mentor,
    MentoringPreference,
    Mentorship,
    MentorshipMeeting,
    SupervisionSession,
)
from reintegration.models import Returnee
from reintegration.names import normalize_name

ACTIVE = Mentorship.Status.ACTIVE


def _count(queryset, field: str):
    counted = queryset.order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def with_load(queryset: QuerySet[Mentor]) -> QuerySet[Mentor]:
    """Active mentorships and the last supervision, as subqueries (no row multiplication)."""
    active = Mentorship.objects.filter(mentor=OuterRef("pk"), status=ACTIVE)
    supervised = (
        SupervisionSession.mentors.through.objects.filter(mentor_id=OuterRef("pk"))
        .order_by()
        .values("mentor_id")
        .annotate(last=Max("supervisionsession__date"))
        .values("last")
    )
    return queryset.annotate(
        active_mentorships=_count(active, "mentor"),
        last_supervised_on=Subquery(supervised),
        sort_name=Coalesce(
            NullIf(F("name"), Value("")),
            Concat(F("returnee__last_name"), Value(" "), F("returnee__first_name")),
        ),
    )


MENTOR_STATES = {
    "trained": _("Trained, refresher not due"),
    "due": _("Refresher due within 30 days"),
    "overdue": _("Refresher overdue"),
    "not_trained": _("Not trained yet"),
}


def mentor_list(
    *,
    user: User,
    search: str = "",
    community_id: int | None = None,
    state: str = "",
    active: bool | None = None,
    sex: str = "",
    today: datetime.date | None = None,
) -> QuerySet[Mentor]:
    today = today or datetime.date.today()
    queryset = with_load(mentors_for_user(user).select_related("community", "returnee"))
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if active is not None:
        queryset = queryset.filter(is_active=active)
    if sex:
        queryset = queryset.filter(sex=sex)
    soon = today + datetime.timedelta(days=rules.REFRESHER_DUE_SOON_DAYS)
    if state == "trained":
        queryset = queryset.filter(refresher_due_on__gt=soon)
    elif state == "due":
        queryset = queryset.filter(refresher_due_on__gte=today, refresher_due_on__lte=soon)
    elif state == "overdue":
        queryset = queryset.filter(refresher_due_on__lt=today)
    elif state == "not_trained":
        queryset = queryset.filter(trained_on__isnull=True)
    search = normalize_name(search.strip()) if search.strip() else ""
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search.strip()) | Q(returnee__name_normalized__contains=search)
        )
    return queryset


def mentor_detail(*, mentor: Mentor) -> Mentor:
    return (
        with_load(Mentor.objects.select_related("community", "returnee", "organization"))
        .prefetch_related(
            "trainings",
            Prefetch(
                "supervision_sessions",
                queryset=SupervisionSession.objects.select_related("supervisor"),
            ),
            Prefetch(
                "mentorships",
                queryset=Mentorship.objects.select_related("returnee").order_by(
                    "status", "-started_on"
                ),
            ),
        )
        .get(pk=mentor.pk)
    )


def mentorship_list(
    *,
    user: User,
    status: str = "",
    evaluation_due: bool = False,
    mentor_id: int | None = None,
    today: datetime.date | None = None,
) -> QuerySet[Mentorship]:
    today = today or datetime.date.today()
    queryset = mentorships_for_user(user).select_related(
        "mentor", "mentor__returnee", "returnee", "returnee__community"
    )
    meetings = MentorshipMeeting.objects.filter(mentorship=OuterRef("pk"))
    queryset = queryset.annotate(
        meetings_count=_count(meetings, "mentorship"),
        last_meeting_on=Subquery(
            meetings.order_by().values("mentorship").annotate(d=Max("date")).values("d")
        ),
    )
    if status:
        queryset = queryset.filter(status=status)
    if evaluation_due:
        queryset = queryset.filter(status=ACTIVE, planned_end_on__lte=today)
    if mentor_id:
        queryset = queryset.filter(mentor_id=mentor_id)
    return queryset


def mentorship_detail(*, mentorship: Mentorship) -> Mentorship:
    return (
        Mentorship.objects.select_related(
            "mentor", "mentor__returnee", "mentor__community", "returnee", "referral"
        )
        .prefetch_related(
            Prefetch("meetings", queryset=MentorshipMeeting.objects.select_related("recorded_by"))
        )
        .get(pk=mentorship.pk)
    )


def supervision_list(*, user: User) -> QuerySet[SupervisionSession]:
    from peer_support.access import _own

    return _own(SupervisionSession.objects.all(), user).select_related("supervisor")


# --- Matching (peer_support.matching explains the weights) ---


def _profile(*, community, languages, countries, months, migrated=True) -> matching.Profile:
    return matching.Profile(
        community_id=community.pk,
        community_name=community.name,
        languages=tuple(languages or ()),
        countries=tuple(countries or ()),
        months_abroad=months,
        migrated=migrated,
    )


def mentor_preference(returnee: Returnee) -> str:
    preference = MentoringPreference.objects.filter(returnee=returnee).first()
    return preference.mentor_sex if preference else ""


def mentor_candidates(*, user: User, returnee: Returnee) -> QuerySet[Mentor]:
    """Only trained, active mentors with a free place, in the returnee's country, who are
    not the returnee and do not mentor them already."""
    already = Mentorship.objects.filter(returnee=returnee, status=ACTIVE).values("mentor_id")
    return (
        with_load(
            mentors_for_user(user)
            .filter(
                is_active=True,
                trained_on__isnull=False,
                community__country=returnee.community.country,
            )
            .exclude(pk__in=already)
            .select_related("community", "returnee")
        )
        .exclude(returnee_id=returnee.pk)
        .filter(active_mentorships__lt=F("capacity"))
    )


def mentor_suggestions(
    *, user: User, returnee: Returnee, preference: str = "", limit: int = 10
) -> list[matching.Suggestion]:
    """Ranked suggestions with their explanation: one query for the candidates."""
    wanted = _profile(
        community=returnee.community,
        languages=returnee.languages,
        countries=returnee.countries_lived,
        months=returnee.months_abroad,
    )
    candidates = []
    for mentor in mentor_candidates(user=user, returnee=returnee):
        source = mentor.returnee
        profile = _profile(
            community=mentor.community,
            languages=mentor.languages,
            countries=source.countries_lived if source else (),
            months=source.months_abroad if source else None,
            migrated=source is not None,
        )
        candidates.append((mentor, profile, mentor.sex, mentor.active_mentorships, mentor.capacity))
    return matching.rank(returnee=wanted, candidates=candidates, preference=preference)[:limit]
