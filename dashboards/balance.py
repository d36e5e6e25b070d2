"""The returnee / non-migrant balance of a community's participants and beneficiaries.

Handbook 3.2.1: assessments "should always apply a conflict-sensitive lens by highlighting any
feelings of resentment or hostility towards returnees that can arise if individual returnees
are seen as receiving benefits or rewards disproportionate to the non-migrant population";
Module 3 introduction: community-level interventions should "involve and benefit both
returnees and non-migrants". The community dashboard warns when either group holds more than
``BENEFIT_BALANCE_LOPSIDED_PERCENT`` (75 by default) of the people counted.

The counts come from the projects and peer-support apps (participants, beneficiaries, group
members); their dashboard sections call ``benefit_balance`` with them (see sections/).
"""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext


@dataclass(frozen=True)
class Balance:
    returnees: int
    non_migrants: int
    threshold_percent: int

    @property
    def total(self) -> int:
        return self.returnees + self.non_migrants

    @property
    def returnee_percent(self) -> float | None:
        return round(100 * self.returnees / self.total, 1) if self.total else None

    @property
    def lopsided(self) -> bool:
        """More than the threshold on one side. Nobody counted is no imbalance."""
        if not self.total:
            return False
        larger = max(self.returnees, self.non_migrants)
        return 100 * larger > self.threshold_percent * self.total

    @property
    def warning(self) -> str:
        if not self.lopsided:
            return ""
        if self.returnees > self.non_migrants:
            message = gettext(
                "%(share)s%% of the people counted are returnees (more than %(threshold)s%%): "
                "check that benefits are not seen as disproportionate (handbook 3.2.1, "
                "conflict-sensitive lens)."
            )
            share = self.returnee_percent
        else:
            message = gettext(
                "%(share)s%% of the people counted are non-migrants (more than "
                "%(threshold)s%%): check that benefits are not seen as disproportionate "
                "(handbook 3.2.1, conflict-sensitive lens)."
            )
            share = 100 - self.returnee_percent
        return message % {"share": f"{share:g}", "threshold": self.threshold_percent}


def benefit_balance(
    *, returnees: int, non_migrants: int, threshold_percent: int | None = None
) -> Balance:
    if returnees < 0 or non_migrants < 0:
        raise ValueError("Counts cannot be negative.")
    return Balance(
        returnees=returnees,
        non_migrants=non_migrants,
        threshold_percent=threshold_percent or settings.BENEFIT_BALANCE_LOPSIDED_PERCENT,
    )
