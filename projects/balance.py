"""The balance of a project's participants: returnees against non-migrants, women against
men, and who is highly vulnerable. Pure functions over plain values, shared by the project
page and the Table 3.2 evidence providers so both count the same way.

Handbook 3.2.1: assessments should highlight "any feelings of resentment or hostility
towards returnees that can arise if individual returnees are seen as receiving benefits or
rewards disproportionate to the non-migrant population"; Table 3.2 P1 favours projects that
gather "several returnees and several members of the community", P9 projects where "all
gender groups benefit and participate meaningfully".
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from fractions import Fraction

from django.utils.translation import gettext as _

WOMAN, MAN, OTHER = "woman", "man", "other"
# The handbook gives no figure for "disproportionate": the app warns when returnees are
# more than two thirds of the active participants (more than two returnees for each
# non-migrant). A programme can change this constant.
RETURNEE_SHARE_WARNING = Fraction(2, 3)
# Table 3.2 P1: "several" read as at least two of each.
SEVERAL = 2
# A returnee is highly vulnerable when the case manager flagged "high vulnerability" in the
# registry (Table 3.2 P3 "returnees with high vulnerability"); a community member when
# recorded as highly vulnerable.
RETURNEE_HIGH_VULNERABILITY = "high_vulnerability"
MEMBER_HIGH_VULNERABILITY = "high"


def gender_of(*, returnee_id, returnee_sex: str, returnee_gender: str, sex: str) -> str:
    """A returnee's stated gender when given, else their recorded sex; a community member's
    recorded sex."""
    if returnee_id is not None:
        if returnee_gender == "woman":
            return WOMAN
        if returnee_gender == "man":
            return MAN
        if returnee_gender in ("non_binary", "other"):
            return OTHER
        sex = returnee_sex
    return {"female": WOMAN, "male": MAN}.get(sex, OTHER)


@dataclass(frozen=True)
class Person:
    """One active participant, as the balance needs them."""

    is_returnee: bool
    gender: str
    highly_vulnerable: bool


@dataclass
class Balance:
    returnees: int = 0
    non_migrants: int = 0
    women: int = 0
    men: int = 0
    other: int = 0
    vulnerable_returnees: int = 0
    vulnerable_non_migrants: int = 0
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.returnees + self.non_migrants

    @property
    def returnee_percent(self) -> int | None:
        return round(100 * self.returnees / self.total) if self.total else None

    @property
    def women_percent(self) -> int | None:
        return round(100 * self.women / self.total) if self.total else None

    @property
    def genders(self) -> int:
        return sum(1 for n in (self.women, self.men, self.other) if n)

    @property
    def mixed(self) -> bool:
        """Table 3.2 P1: several returnees and several community members."""
        return self.returnees >= SEVERAL and self.non_migrants >= SEVERAL

    @property
    def gender_mixed(self) -> bool:
        """Table 3.2 P9 / N4: more than one gender, women included."""
        return self.genders > 1 and self.women > 0


def balance_of(people: Iterable[Person]) -> Balance:
    balance = Balance()
    for person in people:
        if person.is_returnee:
            balance.returnees += 1
            balance.vulnerable_returnees += person.highly_vulnerable
        else:
            balance.non_migrants += 1
            balance.vulnerable_non_migrants += person.highly_vulnerable
        if person.gender == WOMAN:
            balance.women += 1
        elif person.gender == MAN:
            balance.men += 1
        else:
            balance.other += 1
    if balance.total and Fraction(balance.returnees, balance.total) > RETURNEE_SHARE_WARNING:
        balance.warnings.append(
            _(
                "Returnees are %(returnees)s of %(total)s participants (%(percent)s%%). "
                "Handbook 3.2.1 warns of resentment towards returnees when they are seen as "
                "receiving benefits disproportionate to the non-migrant population: consider "
                "involving more community members."
            )
            % {
                "returnees": balance.returnees,
                "total": balance.total,
                "percent": balance.returnee_percent,
            }
        )
    if balance.total and not balance.women:
        balance.warnings.append(
            _(
                "No woman takes part. Table 3.2 asks that all gender groups benefit and "
                "participate meaningfully (P9) and counts a project without gender "
                "considerations against it (N4)."
            )
        )
    elif balance.total and balance.genders == 1:
        balance.warnings.append(
            _(
                "Only women take part. Table 3.2 P9 asks that all gender groups benefit and "
                "participate meaningfully."
            )
        )
    return balance
