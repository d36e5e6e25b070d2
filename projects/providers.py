"""Evidence for handbook Table 3.2 computed from a project's participants, registered with
``assessments.evidence`` under the keys ``assessments.catalogues`` names (P1, P3, P9, N4).

Table 3.2 is a yes/no instrument, so a provider's rating reads 1 = yes (the criterion is
met, for a negative criterion too: "yes, the drawback is present"), 0 = no, and None =
unknown. A project with no participant recorded yet gives unknown, never "no": missing
evidence is not a finding.

Set-based, as ``assessments.providers``: the four providers share one query of the active
participants of every requested project (the ``shared`` dict of one pass) and N4 adds one
query for the projects' gender considerations; two queries however many projects.
"""

import datetime
from collections import defaultdict

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from assessments.evidence import Evidence, register
from projects.balance import (
    MEMBER_HIGH_VULNERABILITY,
    RETURNEE_HIGH_VULNERABILITY,
    SEVERAL,
    Balance,
    Person,
    balance_of,
    gender_of,
)
from projects.models import Participant, Project

YES, NO = 1, 0
# Lazy for import time; str() at use, as the explanation is stored (JSON) with the answer.
NO_PARTICIPANT = gettext_lazy("Unknown: no participant is recorded yet.")


def _balances(ids, today: datetime.date, shared: dict | None) -> dict[int, Balance]:
    shared = {} if shared is None else shared
    key = ("project_balances", today, tuple(ids))
    if key not in shared:
        rows = (
            Participant.objects.filter(project_id__in=ids, joined_on__lte=today)
            .exclude(left_on__lte=today)
            .order_by()
            .values_list(
                "project_id",
                "returnee_id",
                "returnee__sex",
                "returnee__gender",
                "returnee__vulnerabilities",
                "sex",
                "vulnerability",
            )
        )
        people: dict[int, list[Person]] = defaultdict(list)
        for project_id, returnee_id, r_sex, r_gender, r_vulns, sex, vulnerability in rows:
            people[project_id].append(
                Person(
                    is_returnee=returnee_id is not None,
                    gender=gender_of(
                        returnee_id=returnee_id,
                        returnee_sex=r_sex or "",
                        returnee_gender=r_gender or "",
                        sex=sex,
                    ),
                    highly_vulnerable=(
                        RETURNEE_HIGH_VULNERABILITY in (r_vulns or [])
                        if returnee_id is not None
                        else vulnerability == MEMBER_HIGH_VULNERABILITY
                    ),
                )
            )
        shared[key] = {pid: balance_of(people[pid]) for pid in ids if people.get(pid)}
    return shared[key]


def mixed_participants(ids, *, thresholds, today, shared=None):
    """P1 "Project gathers together several returnees and several members of the
    community": at least two active returnees and two active non-migrants."""
    balances = _balances(ids, today, shared)
    found = {}
    for pid in ids:
        balance = balances.get(pid)
        if balance is None:
            found[pid] = Evidence(rating=None, explanation=str(NO_PARTICIPANT))
            continue
        found[pid] = Evidence(
            rating=YES if balance.mixed else NO,
            values={"returnees": balance.returnees, "non_migrants": balance.non_migrants},
            explanation=_(
                "%(returnees)s returnee(s) and %(non_migrants)s community member(s) take part; "
                "“several” of each is read as at least %(several)s."
            )
            % {
                "returnees": balance.returnees,
                "non_migrants": balance.non_migrants,
                "several": SEVERAL,
            },
        )
    return found


def high_vulnerability(ids, *, thresholds, today, shared=None):
    """P3 "Project allowing support for the needs of returnees with high vulnerability": at
    least one active returnee flagged "high vulnerability" in the registry. Highly
    vulnerable community members are reported but, as the criterion speaks of returnees,
    do not make it met."""
    balances = _balances(ids, today, shared)
    found = {}
    for pid in ids:
        balance = balances.get(pid)
        if balance is None:
            found[pid] = Evidence(rating=None, explanation=str(NO_PARTICIPANT))
            continue
        found[pid] = Evidence(
            rating=YES if balance.vulnerable_returnees else NO,
            values={
                "highly_vulnerable_returnees": balance.vulnerable_returnees,
                "highly_vulnerable_non_migrants": balance.vulnerable_non_migrants,
            },
            explanation=_(
                "%(returnees)s returnee(s) with high vulnerability take part (and "
                "%(non_migrants)s highly vulnerable community member(s))."
            )
            % {
                "returnees": balance.vulnerable_returnees,
                "non_migrants": balance.vulnerable_non_migrants,
            },
        )
    return found


def _gender_values(balance: Balance) -> dict:
    return {"women": balance.women, "men": balance.men, "other": balance.other}


def _gender_sentence(balance: Balance, *, considerations: bool = True) -> str:
    values = {"women": balance.women, "men": balance.men, "other": balance.other}
    if considerations:
        return (
            _(
                "%(women)s woman/women, %(men)s man/men and %(other)s other "
                "participant(s) take part."
            )
            % values
        )
    return (
        _(
            "%(women)s woman/women, %(men)s man/men and %(other)s other participant(s) take part; "
            "no gender consideration is recorded."
        )
        % values
    )


def gender_mix(ids, *, thresholds, today, shared=None):
    """P9 "Project that fully incorporates a gender perspective by ensuring that all gender
    groups benefit and participate meaningfully": participants of more than one gender,
    women included."""
    balances = _balances(ids, today, shared)
    found = {}
    for pid in ids:
        balance = balances.get(pid)
        if balance is None:
            found[pid] = Evidence(rating=None, explanation=str(NO_PARTICIPANT))
            continue
        found[pid] = Evidence(
            rating=YES if balance.gender_mixed else NO,
            values=_gender_values(balance),
            explanation=_gender_sentence(balance),
        )
    return found


def gender_exclusion(ids, *, thresholds, today, shared=None):
    """N4 "Project that does not integrate any gender considerations": yes (the drawback is
    present) when the participants are not of more than one gender with women included and
    no gender consideration is recorded; no when they are, or when the project records its
    gender considerations; unknown with neither participants nor considerations."""
    balances = _balances(ids, today, shared)
    considered = dict(
        Project.objects.filter(pk__in=ids)
        .exclude(gender_considerations="")
        .values_list("pk", "gender_considerations")
    )
    found = {}
    for pid in ids:
        balance = balances.get(pid)
        noted = bool(considered.get(pid, "").strip())
        values = {"gender_considerations_recorded": noted}
        if balance is not None:
            values.update(_gender_values(balance))
        if noted:
            found[pid] = Evidence(
                rating=NO,
                values=values,
                explanation=_("The project records its gender considerations."),
            )
        elif balance is None:
            found[pid] = Evidence(
                rating=None,
                values=values,
                explanation=_("Unknown: no participant and no gender consideration recorded."),
            )
        else:
            found[pid] = Evidence(
                rating=NO if balance.gender_mixed else YES,
                values=values,
                explanation=_gender_sentence(balance, considerations=False),
            )
    return found


PROVIDERS = {
    "project_mixed_participants": mixed_participants,
    "project_high_vulnerability": high_vulnerability,
    "project_gender_mix": gender_mix,
    "project_gender_exclusion": gender_exclusion,
}


def register_defaults() -> None:
    for key, provider in PROVIDERS.items():
        register(key, provider)
