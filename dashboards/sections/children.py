"""Children among returnees and their school enrolment (handbook Module 6.3: returnee
children's access to education, "the placement of returnee children" in school).

Two kinds of children are counted: returnees who are under 18 themselves, and the children
in returnees' households, for whom the registry records school enrolment.
"""

import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from dashboards.sections.registry import Section
from dashboards.tables import Chart, Column, DataTable, Figure, SectionResult
from reintegration.models import HouseholdMember, Sex
from reintegration.models.returnee import CHILD_AGE

ENROLMENT = [(True, _("Enrolled in school")), (False, _("Not enrolled")), (None, _("Not recorded"))]


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def child_filter(today: datetime.date) -> Q:
    """Under 18 today: born less than 18 years ago, or (no date of birth) an estimated age
    under 18, as ``Returnee.age_on`` reads them."""
    return Q(date_of_birth__gt=years_before(today, CHILD_AGE)) | Q(
        date_of_birth__isnull=True, estimated_age__lt=CHILD_AGE
    )


def build(scope) -> SectionResult:
    # 1: returnees who are children themselves.
    child_returnees = scope.returnees.filter(child_filter(scope.today)).count()
    # 2: children in returnees' households, by school enrolment and sex.
    counts = {
        (enrolled, sex): n
        for enrolled, sex, n in HouseholdMember.objects.filter(
            returnee__in=scope.returnees.values("pk"), age__lt=CHILD_AGE
        )
        .order_by()
        .values_list("school_enrolled", "sex")
        .annotate(n=Count("pk"))
        .values_list("school_enrolled", "sex", "n")
    }
    rows = []
    for enrolled, label in ENROLMENT:
        girls = counts.get((enrolled, Sex.FEMALE), 0)
        boys = counts.get((enrolled, Sex.MALE), 0)
        total = sum(n for (e, _), n in counts.items() if e is enrolled)
        rows.append([label, girls, boys, total - girls - boys, total])
    household_children = sum(counts.values())
    enrolled, not_enrolled = rows[0][4], rows[1][4]
    known = enrolled + not_enrolled
    table = DataTable(
        key="school_enrolment",
        title=_("Children in returnees' households, by school enrolment"),
        columns=[
            Column("enrolment", _("School enrolment")),
            Column("girls", _("Girls"), numeric=True),
            Column("boys", _("Boys"), numeric=True),
            Column("other", _("Other or not recorded"), numeric=True),
            Column("total", _("Total"), numeric=True),
        ],
        rows=rows,
        chart=Chart(
            "stacked", "enrolment", ("girls", "boys", "other"), ("#6f42c1", "#20c997", "#adb5bd")
        ),
        note=_(
            "A returnee who is a child is counted above; school enrolment is recorded for "
            "the children of a returnee's household."
        ),
    )
    return SectionResult(
        key="children",
        title=_("Children"),
        source=_("Handbook Module 6.3: child-sensitive reintegration at the community level"),
        figures=[
            Figure("child_returnees", _("Returnees under 18"), child_returnees),
            Figure(
                "household_children", _("Children in returnees' households"), household_children
            ),
            Figure(
                "school_enrolment_rate",
                _("Enrolled in school"),
                round(100 * enrolled / known, 1) if known else None,
                unit="%",
                help=_("Of the household children whose enrolment is recorded."),
            ),
        ],
        tables=[table],
    )


SECTION = Section(
    key="children",
    title=_("Children"),
    tables=("school_enrolment",),
    queries=2,
    build=build,
)
