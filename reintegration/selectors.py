"""Reads of the reintegration app. Every queryset starts from an access function, so no
read can see more than the user may."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, Q, QuerySet

from accounts.models import User
from reintegration.access import referrals_for_user, returnees_for_user
from reintegration.models import Referral, Returnee, ReturneeNeed, ReturneeSkill
from reintegration.models.returnee import age_on
from reintegration.names import normalize_name, normalize_phone

MIN_SEARCH_LENGTH = 3
NEW_ARRIVAL_DAYS = 30


def search_returnees(queryset: QuerySet[Returnee], query: str) -> QuerySet[Returnee]:
    """By reference, phone or name. Names are accent-insensitive everywhere, matched word by
    word in any order, and typo-tolerant on PostgreSQL (pg_trgm word similarity on the
    GIN-indexed normalised name, so "Mohamed" finds "Mohammed"); SQLite falls back to
    substring matching."""
    query = query.strip()
    if len(query) < MIN_SEARCH_LENGTH:
        return queryset
    name = normalize_name(query)
    phone = normalize_phone(query)
    # References are generated upper-case: an exact match uses their unique index, and
    # phone and name substrings use the GIN trigram indexes (migrations 0002 and 0003), so
    # the whole OR is served by a bitmap of indexes instead of a table scan.
    condition = Q(reference=query.upper())
    if len(phone) >= MIN_SEARCH_LENGTH:
        condition |= Q(phone__contains=phone)
    if name:
        condition |= _name_condition(name)
    return queryset.filter(condition)


def _name_condition(name: str) -> Q:
    """Every word of the name, each typo-tolerant or as a substring, in any order. A whole
    name matched as one string ("Aissatou Toutoe", with a typo) was similar to every
    Aissatou: 13,000 of 200,000 returnees to sort for one page, 100-160 ms; word by word,
    PostgreSQL ANDs one small bitmap of the trigram index per word (benchmarks/name_search.py,
    issue 10). Words shorter than the minimum (initials, "Ba") cannot narrow an index scan
    and are left out when longer words remain."""
    words = name.split()
    long_words = [word for word in words if len(word) >= MIN_SEARCH_LENGTH]
    condition = Q()
    for word in long_words or [name]:
        if connection.vendor == "postgresql":
            condition &= Q(name_normalized__trigram_word_similar=word) | Q(
                name_normalized__contains=word
            )
        else:
            condition &= Q(name_normalized__contains=word)
    return condition


def returnee_list(
    *,
    user: User,
    search: str = "",
    community_id: int | None = None,
    status: str = "",
    case_manager_id: int | None = None,
    sex: str = "",
) -> QuerySet[Returnee]:
    queryset = returnees_for_user(user).select_related("community", "case_manager")
    if community_id:
        queryset = queryset.filter(community_id=community_id)
    if status:
        queryset = queryset.filter(status=status)
    if case_manager_id:
        queryset = queryset.filter(case_manager_id=case_manager_id)
    if sex:
        queryset = queryset.filter(sex=sex)
    return search_returnees(queryset, search)


# What the browser's returnee list shows (templates/reintegration/returnee_list.html), read
# as plain values: a page of 25 built three model instances a row, and loading every column of
# the three tables (the encrypted ones included) cost more than the search itself (issue 10,
# benchmarks/name_search.py).
LIST_VALUES = (
    "pk",
    "reference",
    "first_name",
    "last_name",
    "sex",
    "date_of_birth",
    "estimated_age",
    "return_date",
    "status",
    "community__name",
    "case_manager__first_name",
    "case_manager__last_name",
    "case_manager__username",
)


@dataclass(frozen=True, slots=True)
class ReturneeListRow:
    """One row of the browser's returnee list, with the few methods its template calls."""

    pk: int
    reference: str
    first_name: str
    last_name: str
    sex: str
    date_of_birth: datetime.date | None
    estimated_age: int | None
    return_date: datetime.date
    status: str
    community_name: str
    # The case manager's full name, else their username; "" when nobody is assigned.
    case_manager_name: str

    def get_sex_display(self) -> str:
        return _display(Returnee, "sex", self.sex)

    def get_status_display(self) -> str:
        return _display(Returnee, "status", self.status)

    @property
    def age(self) -> int | None:
        return age_on(
            datetime.date.today(),
            date_of_birth=self.date_of_birth,
            estimated_age=self.estimated_age,
        )


def _display(model, field: str, value: str) -> str:
    # As Model._get_FIELD_display: the choice's label (in the active language), else the value.
    return str(dict(model._meta.get_field(field).flatchoices).get(value, value))


def returnee_list_page(**filters) -> QuerySet:
    """returnee_list as the browser's list reads it: the values of LIST_VALUES, which
    ``list_rows`` turns into ReturneeListRow once the page is sliced."""
    return returnee_list(**filters).values_list(*LIST_VALUES)


def list_rows(values: Iterable[tuple]) -> list[ReturneeListRow]:
    rows = []
    for *returnee, first, last, username in values:
        name = f"{first or ''} {last or ''}".strip() or username or ""
        rows.append(ReturneeListRow(*returnee, case_manager_name=name))
    return rows


def returnee_detail(*, returnee: Returnee) -> Returnee:
    return (
        Returnee.objects.select_related("community", "case_manager", "organization")
        .prefetch_related(
            "household",
            Prefetch("skills", queryset=ReturneeSkill.objects.select_related("sector")),
            "interests__sector",
            "needs",
            "sessions__counsellor",
            "notes__author",
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("target_organization", "referred_by"),
            ),
        )
        .get(pk=returnee.pk)
    )


def overdue_referrals(*, queryset: QuerySet[Referral], today: datetime.date) -> QuerySet:
    return queryset.filter(status__in=Referral.OPEN_STATUSES, follow_up_date__lt=today)


def caseload(*, user: User, today: datetime.date | None = None) -> dict:
    """The case manager's returnees (a supervisor's: their team's), overdue follow-ups
    first, then new arrivals; and their open referrals by status."""
    today = today or datetime.date.today()
    if user.has_role("supervisor"):
        owners = Q(case_manager=user) | Q(case_manager__supervisor=user)
    else:
        owners = Q(case_manager=user)
    returnees = returnees_for_user(user).filter(owners).exclude(status=Returnee.CaseStatus.CLOSED)
    overdue = Referral.objects.filter(
        returnee=OuterRef("pk"), status__in=Referral.OPEN_STATUSES, follow_up_date__lt=today
    )
    rows = (
        returnees.select_related("community", "case_manager")
        .annotate(
            has_overdue=Exists(overdue),
            open_referrals=Count(
                "referrals", filter=Q(referrals__status__in=Referral.OPEN_STATUSES)
            ),
            next_follow_up=Min(
                "referrals__follow_up_date",
                filter=Q(referrals__status__in=Referral.OPEN_STATUSES),
            ),
        )
        .order_by("-has_overdue", F("next_follow_up").asc(nulls_last=True), "-return_date", "pk")
    )
    referrals = Referral.objects.filter(returnee__in=returnees.values("pk"))
    by_status = dict(
        referrals.filter(status__in=Referral.OPEN_STATUSES)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return {
        "rows": rows,
        "overdue_count": overdue_referrals(queryset=referrals, today=today).count(),
        "new_arrivals": returnees.filter(
            return_date__gte=today - datetime.timedelta(days=NEW_ARRIVAL_DAYS)
        ).count(),
        "referrals_by_status": [
            (Referral.Status(s).label, by_status.get(s, 0)) for s in Referral.OPEN_STATUSES
        ],
    }


def referral_list(
    *, user: User, status: str = "", incoming_only: bool = False
) -> QuerySet[Referral]:
    queryset = referrals_for_user(user).select_related(
        "returnee", "returnee__community", "target_organization", "referred_by"
    )
    if incoming_only and user.organization_id:
        queryset = queryset.filter(target_organization_id=user.organization_id)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("follow_up_date", "-created_at")


def referral_detail(*, referral: Referral) -> Referral:
    return (
        Referral.objects.select_related(
            "returnee", "returnee__community", "target_organization", "referred_by", "target_type"
        )
        .prefetch_related("history__changed_by")
        .get(pk=referral.pk)
    )


def need_levels(returnee_ids) -> dict[int, list[str]]:
    levels: dict[int, set[str]] = {}
    for returnee_id, level in ReturneeNeed.objects.filter(returnee_id__in=returnee_ids).values_list(
        "returnee_id", "level"
    ):
        levels.setdefault(returnee_id, set()).add(level)
    return {k: sorted(v) for k, v in levels.items()}


# --- API reads ---
# Each starts from an access function and only narrows it. The imports are local so this
# block stays self-contained at the end of the module.


def api_returnee_list(*, user: User) -> QuerySet[Returnee]:
    """Staff list rows: the returnee with its community and case manager, needs and skills."""
    return (
        returnees_for_user(user)
        .select_related("community", "case_manager")
        .prefetch_related(
            "needs", Prefetch("skills", queryset=ReturneeSkill.objects.select_related("sector"))
        )
    )


def api_returnee_detail(*, user: User) -> QuerySet[Returnee]:
    """The staff record: the list row plus household, interests and the consent summary."""
    return (
        api_returnee_list(user=user)
        .select_related("consent", "case_manager")
        .prefetch_related("household", "interests__sector", "consent__shared_with")
    )


def api_partner_returnee_list(*, user: User) -> QuerySet[Returnee]:
    """Pseudonymised rows for a partner: only the referrals addressed to its organization.

    Only the columns PartnerReturneeSerializer shows are loaded (no encrypted or JSON field
    to decode), and the prefetches drop the models' orderings by "returnee", which join the
    returnee table to sort by its own ordering (benchmarks/partner_api.py, issue 10)."""
    addressed = (
        Referral.objects.filter(target_organization_id=user.organization_id)
        .only("id", "returnee_id", "target_label", "status")
        .order_by("id")
    )
    needs = ReturneeNeed.objects.only("id", "returnee_id", "level").order_by()
    skills = (
        ReturneeSkill.objects.select_related("sector")
        .only("id", "returnee_id", "level", "sector__code")
        .order_by("sector__code")
    )
    return (
        returnees_for_user(user)
        .select_related("community")
        .only(
            "id",
            "reference",
            "sex",
            "date_of_birth",
            "estimated_age",
            "community__id",
            "community__name",
            "community__country",
        )
        .prefetch_related(
            Prefetch("needs", queryset=needs),
            Prefetch("skills", queryset=skills),
            Prefetch("referrals", queryset=addressed, to_attr="partner_referrals"),
        )
    )


# The partner list's arrays, as the floor of benchmarks/partner_api.py writes them: plain
# text arrays in raw SQL. Compiling three ArraySubquery/JSONObject annotations cost about as
# much as running the page query, and decoding jsonb elements more again (issue 10). An
# element's free text comes last, so splitting at the first separators is exact whatever it
# holds ("A: B" as a target label).
_PARTNER_ARRAYS = {
    "need_level_list": (
        "ARRAY(SELECT DISTINCT n.level FROM reintegration_returneeneed n"
        " WHERE n.returnee_id = reintegration_returnee.id ORDER BY 1)",
        False,
    ),
    "skill_list": (
        "ARRAY(SELECT s.code || ':' || k.level FROM reintegration_returneeskill k"
        " JOIN communities_sector s ON s.id = k.sector_id"
        " WHERE k.returnee_id = reintegration_returnee.id ORDER BY s.code)",
        False,
    ),
    "referral_list": (
        "ARRAY(SELECT f.id || ':' || f.status || ':' || f.target_label"
        " FROM reintegration_referral f WHERE f.returnee_id = reintegration_returnee.id"
        " AND f.target_organization_id = %s ORDER BY f.id)",
        True,
    ),
}


def api_partner_returnee_rows(*, user: User) -> QuerySet:
    """The partner's list as plain rows, in one query: the returnee's shown columns, its
    community's, and its needs, skills and referrals to the partner as text arrays (the SQL
    of the floor in benchmarks/partner_api.py). ``serializers.partner_returnee_row`` turns a
    row into what PartnerReturneeSerializer gives for the same returnee, without building
    ~330 model instances and serialising them field by field (issue 10)."""
    from django.db.models.expressions import RawSQL

    return (
        returnees_for_user(user)
        .annotate(
            **{
                name: RawSQL(sql, [user.organization_id] if partner_param else [])  # noqa: S611 - constant SQL, the id as a parameter
                for name, (sql, partner_param) in _PARTNER_ARRAYS.items()
            }
        )
        .values(
            "id",
            "reference",
            "sex",
            "date_of_birth",
            "estimated_age",
            "community_id",
            "community__name",
            "community__pcode",
            "community__country",
            "community__admin1",
            "community__admin2",
            "need_level_list",
            "skill_list",
            "referral_list",
        )
    )


def api_case_list(*, user: User) -> QuerySet[Returnee]:
    """Cases with their session and open-referral counts and last session date, in one query
    (subqueries rather than joins, so the two counts do not multiply each other's rows)."""
    from django.db.models import IntegerField, Max, Subquery
    from django.db.models.functions import Coalesce

    from reintegration.models import CounsellingSession

    sessions = CounsellingSession.objects.filter(returnee=OuterRef("pk")).order_by()
    open_referrals = Referral.objects.filter(
        returnee=OuterRef("pk"), status__in=Referral.OPEN_STATUSES
    ).order_by()

    def count_of(queryset):
        counted = queryset.values("returnee").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(counted, output_field=IntegerField()), 0)

    return (
        returnees_for_user(user)
        .select_related("case_manager")
        .annotate(
            sessions_count=count_of(sessions),
            open_referrals_count=count_of(open_referrals),
            last_session_date=Subquery(
                sessions.values("returnee").annotate(last=Max("date")).values("last")
            ),
        )
    )


def api_referral_list(*, user: User, partner: bool = False) -> QuerySet[Referral]:
    """Referrals the user sees. A partner's are narrowed to those addressed to its
    organization for returnees it may see: referrals_for_user also gives a partner the
    shared returnees' referrals to other organizations, and referrals addressed to it
    after the consent was withdrawn, neither of which a partner's API may show."""
    queryset = referrals_for_user(user)
    if partner:
        queryset = queryset.filter(
            target_organization_id=user.organization_id,
            returnee__in=returnees_for_user(user).values("pk"),
        )
    return queryset.select_related("returnee", "target_type", "target_organization")


def api_referral_detail(*, user: User, partner: bool = False) -> QuerySet[Referral]:
    from reintegration.models import ReferralStatusChange

    return api_referral_list(user=user, partner=partner).prefetch_related(
        Prefetch("history", queryset=ReferralStatusChange.objects.select_related("changed_by"))
    )


def referrals_not_overdue(*, queryset: QuerySet[Referral], today: datetime.date) -> QuerySet:
    return queryset.exclude(status__in=Referral.OPEN_STATUSES, follow_up_date__lt=today)


# --- Retention (manage.py anonymise_closed_cases) ---


def _closed_cases_not_erased() -> QuerySet[Returnee]:
    return Returnee.objects.filter(status=Returnee.CaseStatus.CLOSED, erased_at__isnull=True)


def returnees_due_for_retention(*, closed_before: datetime.date) -> QuerySet:
    """(pk, reference, closure date) of the closed cases not yet erased that closed before
    ``closed_before``, oldest first. A case closed before closure dates were recorded and
    never backfilled counts from its last change, which is never earlier than the closure,
    so retention never starts early."""
    from django.db.models.functions import Coalesce, TruncDate

    return (
        _closed_cases_not_erased()
        .annotate(closed=Coalesce("closed_on", TruncDate("updated_at")))
        .filter(closed__lt=closed_before)
        .order_by("closed", "pk")
        .values_list("pk", "reference", "closed")
    )


def returnee_for_retention(*, pk: int) -> Returnee | None:
    return _closed_cases_not_erased().filter(pk=pk).first()
