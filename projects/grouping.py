"""Group formation for collective projects: propose groups of returnees who are alike.

Handbook 3.3 (Module 3, "Economic reintegration assistance at the community level"):
"Community-based economic reintegration projects are most successful when migrants
returning to a particular community have similar socioeconomic profiles, particularly in
terms of skills, work experience, areas of interest and life plans"; "it is crucial that at
least one returnee has advanced skills in the project-relevant field and can assume the role
of an expert and mentor. Yet, it is nonetheless preferable if all returnees possess basic
skills or preliminary experience in the field"; "returnees' interest in collective work is a
crucial requirement"; "Similarity of returnees in terms of age, community of origin and time
spent abroad are additional factors conducive to success."

Pure Python (no Django, no database): ``projects.selectors.grouping`` turns returnees into
``Candidate``s, already limited to those interested in collective work.

Similarity of two candidates (``similarity``) is a weighted mean of six feature
similarities, each in 0..1 (``WEIGHTS``): the handbook's four "particularly" factors first
(skill level and years of experience in the sector, interests; life plans are free text and
not compared), then its three "additional factors" (age, community, time abroad):

- skill level: 1 - |rank a - rank b| / 3, ranks none 0, basic 1, intermediate 2, advanced 3;
- years of experience and age: 1 - |difference| / span, 0 beyond the span;
- interests: Jaccard index |A & B| / |A | B|;
- community: 1 when the same, 0 otherwise;
- time abroad: 1 - |difference in months| / span, 0 beyond the span.

An unknown value (an age, a time abroad or interests missing for either of the two) counts
as ``UNKNOWN`` (0.5): neither alike nor different, never silently 0 or 1. The spans and weights
are this app's judgement, not the handbook's: it ranks the factors, it does not weigh them.
A group's similarity (``group_similarity``) is the mean similarity of its pairs.

Proposal (``propose_groups``):

1. ``size`` must be a whole number from ``MIN_GROUP_SIZE`` to ``MAX_GROUP_SIZE``.
2. Fewer candidates than ``size``: nothing is proposed. No candidate with advanced skills:
   nothing is proposed, with the handbook's rule and its alternatives as the reason.
3. Number of groups = min(advanced-level candidates, candidates // size). Each group is seeded
   with one advanced-level candidate, the most experienced first.
4. Greedy fill, round robin over the groups: each group in turn takes the remaining
   candidate with a skill in the sector (any level) most similar on average to its members;
   candidates with no skill in the sector join only when no skilled one is left, as learners
   (handbook: "preferable if all returnees possess basic skills").
5. Local search: swap two members of different groups, or a member with a leftover of the
   same rank (skilled or learner), whenever it raises the total within-group similarity and
   every group keeps an advanced-level member; best swap first, until no swap helps.
6. Deterministic: candidates are taken in ``returnee_id`` order, which breaks every tie.

Leftovers are returned in ``unplaced``, with the reasons why.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ADVANCED = "advanced"
SKILL_RANK = {None: 0, "basic": 1, "intermediate": 2, ADVANCED: 3}

MIN_GROUP_SIZE = 2  # a collective needs at least two people
# The handbook gives no size for a collective income-generating group; 20 is the largest
# group it recommends for group work (3.5.2, peer support: "ideally 8 to 20 participants").
MAX_GROUP_SIZE = 20

# Relative weights of the feature similarities (sum 20). Handbook 3.3 names skills, work
# experience and interests "particularly", and age, community of origin and time abroad as
# "additional factors": the first three weigh 13/20, the last three 7/20.
WEIGHTS = {
    "skill": 5,
    "experience": 4,
    "interests": 4,
    "age": 3,
    "community": 2,
    "time_abroad": 2,
}
TOTAL_WEIGHT = sum(WEIGHTS.values())
EXPERIENCE_SPAN_YEARS = 10  # 10 or more years apart in experience: not alike at all
AGE_SPAN_YEARS = 20
ABROAD_SPAN_MONTHS = 60
UNKNOWN = 0.5
_EPSILON = 1e-9  # a swap must gain more than rounding noise, so the search ends

NO_EXPERT_REASON = gettext_lazy(
    "No returnee has advanced skills in the sector, so no group can be proposed. Handbook "
    "3.3: “it is crucial that at least one returnee has advanced skills in the "
    "project-relevant field and can assume the role of an expert and mentor.”"
)
NO_EXPERT_ALTERNATIVES = gettext_lazy(
    "Handbook 3.3 suggests other ways of transferring skills: involving non-migrant community "
    "members with relevant expertise, partnering with associations with expertise in the "
    "field, or including project-specific technical training in the project's budget."
)


@dataclass(frozen=True)
class Candidate:
    returnee_id: int
    label: str  # the returnee reference, e.g. RET-2026-000012
    sex: str
    age: int | None
    community_id: int
    months_abroad: int | None
    skill_level: str | None  # "basic" | "intermediate" | "advanced" in the sector; None: none
    years_experience: int
    interests: frozenset[str]

    @property
    def is_expert(self) -> bool:
        return self.skill_level == ADVANCED


@dataclass(frozen=True)
class GroupProposal:
    members: tuple[Candidate, ...]
    experts: tuple[Candidate, ...]  # the advanced-level members
    similarity: float  # 0..1, higher is more similar
    explanation: tuple[str, ...]


@dataclass(frozen=True)
class GroupingResult:
    groups: tuple[GroupProposal, ...]
    unplaced: tuple[Candidate, ...]
    reasons: tuple[str, ...]


def _closeness(difference: int, span: int) -> float:
    return 1 - min(difference, span) / span


def feature_similarities(a: Candidate, b: Candidate) -> dict[str, float]:
    """Each feature's similarity in 0..1 (see the module docstring)."""
    if a.interests and b.interests:
        interests = len(a.interests & b.interests) / len(a.interests | b.interests)
    else:
        interests = UNKNOWN
    return {
        "skill": 1 - abs(SKILL_RANK[a.skill_level] - SKILL_RANK[b.skill_level]) / 3,
        "experience": _closeness(
            abs(a.years_experience - b.years_experience), EXPERIENCE_SPAN_YEARS
        ),
        "interests": interests,
        "age": (
            UNKNOWN
            if a.age is None or b.age is None
            else _closeness(abs(a.age - b.age), AGE_SPAN_YEARS)
        ),
        "community": 1.0 if a.community_id == b.community_id else 0.0,
        "time_abroad": (
            UNKNOWN
            if a.months_abroad is None or b.months_abroad is None
            else _closeness(abs(a.months_abroad - b.months_abroad), ABROAD_SPAN_MONTHS)
        ),
    }


def similarity(a: Candidate, b: Candidate) -> float:
    """0..1: the ``WEIGHTS``-weighted mean of the feature similarities."""
    features = feature_similarities(a, b)
    return sum(WEIGHTS[name] * value for name, value in features.items()) / TOTAL_WEIGHT


def group_similarity(members: Sequence[Candidate]) -> float:
    """The mean similarity of every pair of members."""
    if len(members) < 2:
        raise ValueError("A group's similarity needs at least two members.")
    pairs = [similarity(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    return sum(pairs) / len(pairs)


def _validate(candidates: Sequence[Candidate], size: int) -> None:
    if isinstance(size, bool) or not isinstance(size, int):
        raise ValueError(f"size: give a whole number of members, not {size!r}.")
    if not MIN_GROUP_SIZE <= size <= MAX_GROUP_SIZE:
        raise ValueError(
            f"size: a group has {MIN_GROUP_SIZE} to {MAX_GROUP_SIZE} members, not {size}."
        )
    seen: set[int] = set()
    for candidate in candidates:
        if candidate.returnee_id in seen:
            raise ValueError(f"{candidate.label} is a candidate twice.")
        seen.add(candidate.returnee_id)
        if candidate.skill_level not in SKILL_RANK:
            raise ValueError(f"{candidate.label}: unknown skill level {candidate.skill_level!r}.")


def propose_groups(candidates: Sequence[Candidate], *, size: int) -> GroupingResult:
    """Groups of ``size`` with at least one advanced-level member each, as alike as the
    greedy fill and the swap search find (see the module docstring)."""
    _validate(candidates, size)
    people = sorted(candidates, key=lambda c: c.returnee_id)
    if len(people) < size:
        return GroupingResult(
            groups=(),
            unplaced=tuple(people),
            reasons=(
                _(
                    "Only %(count)s returnee(s) interested in collective projects for a group "
                    "of %(size)s: nothing can be proposed. Choose a smaller size or widen the "
                    "search."
                )
                % {"count": len(people), "size": size},
            ),
        )
    experts = [i for i, c in enumerate(people) if c.is_expert]
    if not experts:
        return GroupingResult(
            groups=(), unplaced=tuple(people), reasons=(NO_EXPERT_REASON, NO_EXPERT_ALTERNATIVES)
        )
    search = _Search(people, size, experts)
    search.fill()
    search.improve()
    groups = sorted(
        (_proposal([people[i] for i in members]) for members in search.groups),
        key=lambda g: (-g.similarity, g.members[0].returnee_id),
    )
    unplaced = tuple(people[i] for i in search.leftovers())
    return GroupingResult(
        groups=tuple(groups), unplaced=unplaced, reasons=_reasons(people, size, unplaced)
    )


class _Search:
    """The state of one proposal: groups as lists of indexes into ``people``, and for every
    person the sum of their similarities to each group's members (``to_group``), so the gain
    of a swap is computed in constant time."""

    def __init__(self, people: list[Candidate], size: int, experts: list[int]):
        n = len(people)
        self.size = size
        self.expert = [c.is_expert for c in people]
        self.skilled = [c.skill_level is not None for c in people]
        self.pair = [[0.0] * n for _row in range(n)]
        for i in range(n):
            for j in range(i + 1, n):
                self.pair[i][j] = self.pair[j][i] = similarity(people[i], people[j])
        count = min(len(experts), n // size)
        # The most experienced experts seed the groups: the likeliest mentors.
        seeds = sorted(experts, key=lambda i: (-people[i].years_experience, i))[:count]
        self.groups: list[list[int]] = [[] for _seed in seeds]
        self.experts_in = [0] * count
        self.group_of: list[int | None] = [None] * n
        self.to_group = [[0.0] * count for _row in range(n)]
        for g, seed in enumerate(seeds):
            self._join(seed, g)

    def leftovers(self) -> list[int]:
        return [i for i, g in enumerate(self.group_of) if g is None]

    def _join(self, person: int, g: int) -> None:
        self.groups[g].append(person)
        self.group_of[person] = g
        self.experts_in[g] += self.expert[person]
        for row, pair in zip(self.to_group, self.pair[person], strict=True):
            row[g] += pair

    def _leave(self, person: int) -> int | None:
        g = self.group_of[person]
        if g is not None:
            self.groups[g].remove(person)
            self.group_of[person] = None
            self.experts_in[g] -= self.expert[person]
            for row, pair in zip(self.to_group, self.pair[person], strict=True):
                row[g] -= pair
        return g

    def fill(self) -> None:
        for _round in range(self.size - 1):
            for g, members in enumerate(self.groups):
                # Skilled before learners, then the most alike on average, then the lowest id.
                best = min(
                    self.leftovers(),
                    key=lambda i: (not self.skilled[i], -self.to_group[i][g] / len(members), i),
                )
                self._join(best, g)

    def _allowed(self, x: int, y: int) -> bool:
        """Every group keeps an expert; a leftover only replaces someone of the same rank
        (skilled or learner), so learners never push out a skilled returnee."""
        gx, gy = self.group_of[x], self.group_of[y]
        if (gx is None or gy is None) and self.skilled[x] != self.skilled[y]:
            return False
        change = self.expert[y] - self.expert[x]
        return (gx is None or self.experts_in[gx] + change >= 1) and (
            gy is None or self.experts_in[gy] - change >= 1
        )

    def _gain(self, x: int, y: int) -> float:
        """What swapping x and y adds to the total within-group similarity."""
        gx, gy = self.group_of[x], self.group_of[y]
        pair, row_x, row_y = self.pair[x][y], self.to_group[x], self.to_group[y]
        gain = 0.0
        if gx is not None:
            gain += row_y[gx] - pair - row_x[gx]
        if gy is not None:
            gain += row_x[gy] - pair - row_y[gy]
        return gain

    def improve(self) -> None:
        """Best swap first until none gains; each swap raises the total, so this ends."""
        n = len(self.group_of)
        while True:
            best_gain, best = _EPSILON, None
            for x in range(n):
                for y in range(x + 1, n):
                    if self.group_of[x] == self.group_of[y]:
                        continue
                    gain = self._gain(x, y)
                    if gain > best_gain and self._allowed(x, y):
                        best_gain, best = gain, (x, y)
            if best is None:
                return
            x, y = best
            gx, gy = self._leave(x), self._leave(y)
            if gy is not None:
                self._join(x, gy)
            if gx is not None:
                self._join(y, gx)


def _proposal(members: list[Candidate]) -> GroupProposal:
    ordered = tuple(sorted(members, key=lambda c: (not c.is_expert, c.returnee_id)))
    experts = tuple(c for c in ordered if c.is_expert)
    score = group_similarity(ordered)
    return GroupProposal(
        members=ordered,
        experts=experts,
        similarity=score,
        explanation=_explain(ordered, experts, score),
    )


# The explanation's spans, each a whole phrase so translators can order it: unknown, one
# value, a range.
SPANS = {
    "experience": (
        gettext_lazy("Experience: unknown."),
        gettext_lazy("Experience: %(low)s years"),
        gettext_lazy("Experience: %(low)s to %(high)s years"),
    ),
    "ages": (
        gettext_lazy("Ages: unknown."),
        gettext_lazy("Ages: %(low)s years"),
        gettext_lazy("Ages: %(low)s to %(high)s years"),
    ),
    "abroad": (
        gettext_lazy("Time abroad: unknown."),
        gettext_lazy("Time abroad: %(low)s months"),
        gettext_lazy("Time abroad: %(low)s to %(high)s months"),
    ),
}
SKILL_WORDS = {
    ADVANCED: gettext_lazy("advanced"),
    "intermediate": gettext_lazy("intermediate"),
    "basic": gettext_lazy("basic"),
    "no skill": gettext_lazy("no skill"),
}


def _span(kind: str, values: Sequence[int | None]) -> str:
    unknown, one, several = SPANS[kind]
    known = [v for v in values if v is not None]
    if not known:
        return str(unknown)
    low, high = min(known), max(known)
    text = (one if low == high else several) % {"low": low, "high": high}
    missing = len(values) - len(known)
    return text + (" " + _("(unknown for %(count)s).") % {"count": missing} if missing else ".")


def _explain(
    members: tuple[Candidate, ...], experts: tuple[Candidate, ...], score: float
) -> tuple[str, ...]:
    size = len(members)
    if len(experts) == 1:
        expert = experts[0]
        mentor = _(
            "%(expert)s has advanced skills in the sector (%(years)s years of experience) and "
            "can be the group's expert and mentor (handbook 3.3)."
        ) % {"expert": expert.label, "years": expert.years_experience}
    else:
        years = ", ".join(
            _("%(expert)s %(years)s years") % {"expert": c.label, "years": c.years_experience}
            for c in experts
        )
        mentor = _(
            "%(experts)s have advanced skills in the sector (%(years)s of experience) and can "
            "be the group's experts and mentors (handbook 3.3)."
        ) % {"experts": ", ".join(c.label for c in experts), "years": years}
    levels = Counter(c.skill_level or "no skill" for c in members)
    described = ", ".join(
        _("%(count)s %(level)s") % {"count": levels[level], "level": SKILL_WORDS[level]}
        for level in (ADVANCED, "intermediate", "basic", "no skill")
        if levels[level]
    )
    lines = [
        mentor,
        _(
            "Similarity %(score)s (mean over the %(pairs)s pairs; 1 means alike in skills, "
            "experience, interests, age, community and time abroad)."
        )
        % {"score": f"{score:.2f}", "pairs": size * (size - 1) // 2},
        _("Skill levels: %(levels)s.") % {"levels": described}
        + " "
        + _span("experience", [c.years_experience for c in members]),
    ]
    learners = [c.label for c in members if c.skill_level is None]
    if learners:
        lines.append(
            _(
                "Joining as learner(s), with no skill in the sector yet: %(learners)s "
                "(handbook 3.3 prefers members with basic skills or preliminary experience)."
            )
            % {"learners": ", ".join(learners)}
        )
    shared = Counter(interest for c in members for interest in c.interests)
    common = sorted((-count, interest) for interest, count in shared.items() if count > 1)
    lines.append(
        _("Shared interests: %(interests)s.")
        % {
            "interests": ", ".join(
                _("%(interest)s (%(count)s of %(size)s)")
                % {"interest": interest, "count": -count, "size": size}
                for count, interest in common
            )
        }
        if common
        else _("No interest is shared by two members or more.")
    )
    lines.append(_span("ages", [c.age for c in members]))
    lines.append(_span("abroad", [c.months_abroad for c in members]))
    communities = len({c.community_id for c in members})
    lines.append(
        _("All from the same community.")
        if communities == 1
        else _("From %(count)s communities.") % {"count": communities}
    )
    return tuple(lines)


def _reasons(
    people: list[Candidate], size: int, unplaced: tuple[Candidate, ...]
) -> tuple[str, ...]:
    if not unplaced:
        return ()
    experts = sum(c.is_expert for c in people)
    reasons = []
    if experts < len(people) // size:
        reasons.append(
            _(
                "Only %(experts)s returnee(s) have advanced skills in the sector, so only "
                "%(experts)s group(s) can be formed: handbook 3.3 needs at least one expert and "
                "mentor in each. %(unplaced)s returnee(s) are not placed."
            )
            % {"experts": experts, "unplaced": len(unplaced)}
        )
    else:
        reasons.append(
            _(
                "%(unplaced)s returnee(s) are not placed: fewer than needed for another group "
                "of %(size)s."
            )
            % {"unplaced": len(unplaced), "size": size}
        )
    if any(c.skill_level is None for c in unplaced):
        reasons.append(
            _(
                "Returnees with a skill in the sector were placed before those without one "
                "(handbook 3.3: it is “preferable if all returnees possess basic skills or "
                "preliminary experience in the field”)."
            )
        )
    return tuple(reasons)
