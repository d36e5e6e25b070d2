"""A small hand-built programme whose every figure is counted by hand in the tests.

Dates are relative to today but fall on fixed months (the first of a month, or the 10th of
last month), so each month of the charts holds a known count whatever day the tests run.

Lead organization (the programme manager's), case manager ``case-manager``:

| returnee | community | returned           | born             | case   | household children    |
|----------|-----------|--------------------|------------------|--------|-----------------------|
| r1       | Kaloum    | 1st, this month    | 1995             | open   | girl 8 in school, boy |
|          |           |                    |                  |        | 12 not, spouse 30     |
| r2       | Kaloum    | 10th, last month   | 1990             | open   | child 5, not recorded |
| r3       | Kaloum    | 1st, 13 months ago | 1988             | closed | -                     |
| r4       | Kaloum    | 1st, last month    | 10 years ago     | open   | -                     |
| r5       | Kankan    | 1st, 3 months ago  | estimated age 16 | active | -                     |
| r6       | Pikine    | 1st, 2 months ago  | 1993             | open   | boy 15 in school      |

r6 was registered two months ago, the others today.

Other organization: o1 in Kaloum, returned the 1st of this month, with a girl of 7 in school.

Referrals (to a service in the returnee's country), made ``days`` ago, accepted after ``wait``:

| referral | returnee | status      | made     | accepted after | follow-up      |
|----------|----------|-------------|----------|----------------|----------------|
| ref1     | r1       | completed   | 10 days  | 2 days         | -              |
| ref2     | r2       | accepted    | 5 days   | 4 days         | yesterday (overdue) |
| ref3     | r4       | declined    | 3 days   | -              | -              |
| ref4     | r5       | proposed    | 1 day    | -              | in 3 days      |
| ref5     | r6       | dropped     | 20 days  | 6 days         | -              |
| ref6     | r3       | in progress | 500 days | 1 day          | 10 days ago (overdue) |
| other    | o1       | completed   | 2 days   | 1 day          | -              |

Scores: Kaloum unfavourable then favourable (latest), Kankan conditional, Nowhere (no
coordinates) insufficient evidence, Pikine none.

Projects, financial support groups and peer support: ``data_projects.py``.
"""

import datetime
from types import SimpleNamespace

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from assessments.models import CommunityScore, Instrument
from communities.models import CommunityProfile, ProfileEntry, ProfileIndicator
from communities.tests.factories import CommunityFactory, ServiceFactory
from dashboards.periods import add_months
from dashboards.sections.children import years_before
from dashboards.tests import data_projects
from reintegration.models import HouseholdMember, Referral, ReferralStatusChange, Returnee
from reintegration.tests.factories import ReturneeFactory


def _referral(returnee, service, status, *, made_days, wait_days=None, follow_up=None, by):
    now = timezone.now()
    referral = Referral.objects.create(
        returnee=returnee,
        target_type=ContentType.objects.get_for_model(service),
        target_id=service.pk,
        target_label=service.name,
        target_organization=service.organization,
        reason="Needs the service",
        referred_by=by,
        status=status,
        decline_reason="No capacity" if status == Referral.Status.DECLINED else "",
        follow_up_date=follow_up,
    )
    made = now - datetime.timedelta(days=made_days)
    Referral.objects.filter(pk=referral.pk).update(created_at=made)
    if wait_days is not None:
        change = ReferralStatusChange.objects.create(
            referral=referral, from_status="proposed", to_status="accepted", changed_by=by
        )
        ReferralStatusChange.objects.filter(pk=change.pk).update(
            changed_at=made + datetime.timedelta(days=wait_days)
        )
    return referral


def _score(community, band, score, *, days_ago, criteria=()):
    return CommunityScore.objects.create(
        community=community,
        instrument=Instrument.objects.get(code="altai", is_active=True),
        computed_at=timezone.now() - datetime.timedelta(days=days_ago),
        engine_version="test",
        score=score,
        coverage="100.0",
        band=band,
        criteria=list(criteria),
        unmet=[],
        inputs_hash=f"{community.pk}-{days_ago}",
    )


def _criterion(code, text, rating, source):
    return {
        "code": code,
        "text": text,
        "weight": "1",
        "computed_rating": rating if source == "computed" else None,
        "evidence": {},
        "explanation": "",
        "rating": rating,
        "source": source,
        "justification": "",
    }


CRITERIA = [
    _criterion("1", "Recent returns", 3, "computed"),
    _criterion("2", "Skills match", None, "unknown"),
    _criterion("3", "Collective interest", 2, "assessor"),
]


def _profile(community, day, ratings, by):
    profile = CommunityProfile.objects.create(
        community=community,
        profile_date=day,
        assessors="Field team",
        status=CommunityProfile.Status.FINAL,
        next_review_date=day + datetime.timedelta(days=365),
        recorded_by=by,
    )
    indicators = {i.order: i for i in ProfileIndicator.objects.all()}
    for order, rating in ratings.items():
        ProfileEntry.objects.create(profile=profile, indicator=indicators[order], rating=rating)
    return profile


def build(*, case_manager, outsider, partner_organization=None) -> SimpleNamespace:
    today = datetime.date.today()
    this_month = add_months(today, 0)
    kaloum = CommunityFactory(
        name="Kaloum", country="GIN", admin1="Conakry", admin2="Kaloum", pcode="GN0101"
    )
    kankan = CommunityFactory(
        name="Kankan Ville",
        country="GIN",
        admin1="Kankan",
        admin2="Kankan",
        pcode="GN0601",
        latitude="10.385400",
        longitude="-9.305700",
    )
    pikine = CommunityFactory(
        name="Pikine",
        country="SEN",
        admin1="Dakar",
        admin2="Pikine",
        pcode="SN0103",
        latitude="14.751000",
        longitude="-17.380000",
    )
    nowhere = CommunityFactory(
        name="Nowhere",
        country="GIN",
        admin1="Conakry",
        admin2="Dixinn",
        pcode="GN0103",
        latitude=None,
        longitude=None,
    )

    def returnee(name, community, returned, **fields):
        return ReturneeFactory(
            first_name=name,
            community=community,
            case_manager=fields.pop("case_manager", case_manager),
            return_date=returned,
            **fields,
        )

    r1 = returnee("R1", kaloum, this_month, date_of_birth=datetime.date(1995, 1, 1))
    r2 = returnee(
        "R2",
        kaloum,
        add_months(today, -1) + datetime.timedelta(days=9),
        sex="male",
        date_of_birth=datetime.date(1990, 1, 1),
    )
    r3 = returnee(
        "R3",
        kaloum,
        add_months(today, -13),
        date_of_birth=datetime.date(1988, 1, 1),
        status=Returnee.CaseStatus.CLOSED,
        closure_reason="Moved away",
    )
    r4 = returnee(
        "R4",
        kaloum,
        add_months(today, -1),
        date_of_birth=years_before(add_months(today, -1), 10),
    )
    r5 = returnee(
        "R5",
        kankan,
        add_months(today, -3),
        sex="male",
        date_of_birth=None,
        estimated_age=16,
        status=Returnee.CaseStatus.ACTIVE,
    )
    r6 = returnee(
        "R6", pikine, add_months(today, -2), sex="male", date_of_birth=datetime.date(1993, 1, 1)
    )
    Returnee.objects.filter(pk=r6.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(add_months(today, -2), datetime.time(12))
        )
    )
    o1 = returnee(
        "O1", kaloum, this_month, case_manager=outsider, date_of_birth=datetime.date(1999, 1, 1)
    )
    household = [
        (r1, "child", 8, "female", True),
        (r1, "child", 12, "male", False),
        (r1, "spouse", 30, "male", None),
        (r2, "child", 5, "", None),
        (r6, "child", 15, "male", True),
        (o1, "child", 7, "female", True),
    ]
    for owner, relationship, age, sex, enrolled in household:
        HouseholdMember.objects.create(
            returnee=owner, relationship=relationship, age=age, sex=sex, school_enrolled=enrolled
        )

    clinic = ServiceFactory(
        community=kaloum, name="Kaloum clinic", organization=partner_organization
    )
    dakar_clinic = ServiceFactory(community=pikine, name="Pikine clinic")
    kankan_school = ServiceFactory(community=kankan, name="Kankan school", sector="education")
    Status = Referral.Status
    referrals = {
        "ref1": _referral(r1, clinic, Status.COMPLETED, made_days=10, wait_days=2, by=case_manager),
        "ref2": _referral(
            r2,
            clinic,
            Status.ACCEPTED,
            made_days=5,
            wait_days=4,
            follow_up=today - datetime.timedelta(days=1),
            by=case_manager,
        ),
        "ref3": _referral(r4, clinic, Status.DECLINED, made_days=3, by=case_manager),
        "ref4": _referral(
            r5,
            kankan_school,
            Status.PROPOSED,
            made_days=1,
            follow_up=today + datetime.timedelta(days=3),
            by=case_manager,
        ),
        "ref5": _referral(
            r6, dakar_clinic, Status.DROPPED, made_days=20, wait_days=6, by=case_manager
        ),
        "ref6": _referral(
            r3,
            clinic,
            Status.IN_PROGRESS,
            made_days=500,
            wait_days=1,
            follow_up=today - datetime.timedelta(days=10),
            by=case_manager,
        ),
        "other": _referral(o1, clinic, Status.COMPLETED, made_days=2, wait_days=1, by=outsider),
    }
    scores = {
        "kaloum_old": _score(kaloum, "unfavourable", "40.0", days_ago=30, criteria=CRITERIA),
        "kaloum": _score(kaloum, "favourable", "80.0", days_ago=1, criteria=CRITERIA),
        "kankan": _score(kankan, "conditional", "55.0", days_ago=2),
        "nowhere": _score(nowhere, "insufficient", None, days_ago=3),
    }
    profiles = {
        "older": _profile(
            kaloum, today - datetime.timedelta(days=400), {1: 2, 2: 4, 3: None}, case_manager
        ),
        "newer": _profile(
            kaloum, today - datetime.timedelta(days=20), {1: 3, 2: 4, 3: 2, 4: None}, case_manager
        ),
    }
    programme = SimpleNamespace(
        today=today,
        kaloum=kaloum,
        kankan=kankan,
        pikine=pikine,
        nowhere=nowhere,
        returnees={"r1": r1, "r2": r2, "r3": r3, "r4": r4, "r5": r5, "r6": r6, "o1": o1},
        referrals=referrals,
        scores=scores,
        profiles=profiles,
        services={"clinic": clinic, "dakar": dakar_clinic, "kankan": kankan_school},
    )
    programme.extra = data_projects.add(programme, case_manager=case_manager, outsider=outsider)
    return programme
