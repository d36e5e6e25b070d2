"""Members of one group with their balances, labelled as the user may see them."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F

from accounts.models import User
from projects.models.finance import AgeBand, FinancialGroup, GroupMember
from projects.selectors.finance.balances import Totals, member_totals
from reintegration.access import returnees_for_user


def age_band_of(age: int | None) -> str:
    if age is None:
        return ""
    for band, upper in (("0-17", 17), ("18-24", 24), ("25-34", 34), ("35-44", 44)):
        if age <= upper:
            return band
    return "45-59" if age <= 59 else "60+"


def visible_returnee_ids(*, user: User, returnee_ids) -> set[int]:
    """Which of these returnees the user may see named in the registry (one query)."""
    ids = [pk for pk in returnee_ids if pk]
    if not ids:
        return set()
    return set(returnees_for_user(user).filter(pk__in=ids).values_list("pk", flat=True))


def member_label(member: GroupMember, visible: set[int]) -> str:
    """A non-migrant's name; a returnee's reference, with the name when the user may see
    the returnee in the registry (a returnee referred by another organization shows by
    reference only)."""
    if not member.returnee_id:
        return member.name
    returnee = member.returnee
    if returnee.pk in visible:
        return f"{returnee.reference} {returnee.first_name} {returnee.last_name}"
    return returnee.reference


@dataclass(frozen=True)
class MemberRow:
    member: GroupMember
    label: str
    sex: str
    age_band: str
    totals: Totals

    @property
    def savings(self) -> Decimal:
        """Contributions not yet paid back to the member."""
        return self.totals.contributions - self.totals.share_out


def member_rows(*, group: FinancialGroup, user: User) -> list[MemberRow]:
    """Members with their balances, active ones first (three queries)."""
    members = list(
        group.members.select_related("returnee").order_by(
            F("left_on").asc(nulls_first=True), "joined_on", "pk"
        )
    )
    totals = member_totals(group=group)
    visible = visible_returnee_ids(user=user, returnee_ids=[m.returnee_id for m in members])
    sexes, bands = dict(GroupMember._meta.get_field("sex").choices), dict(AgeBand.choices)
    rows = []
    for member in members:
        if member.returnee_id:
            sex, band = member.returnee.sex, age_band_of(member.returnee.age)
        else:
            sex, band = member.sex, member.age_band
        rows.append(
            MemberRow(
                member=member,
                label=member_label(member, visible),
                sex=sexes.get(sex, ""),
                age_band=bands.get(band, ""),
                totals=totals.get(member.pk, Totals()),
            )
        )
    return rows
