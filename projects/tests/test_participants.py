"""Participants: returnees from the registry and non-migrant community members, their
roles (leaders with a 12-month term, shareholders up to 100%), departures, the balance
of the project page, and enrolment through an accepted referral."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import AuditEvent
from communities.tests.factories import CommunityFactory
from projects import services
from projects.balance import Person, balance_of
from projects.models import Participant
from projects.selectors import project_balance
from projects.services.participants import add_months
from projects.tests.conftest import TODAY
from reintegration import services as registry
from reintegration.models import Referral

pytestmark = pytest.mark.django_db


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


def member(project, actor, **fields):
    values = {"name": "Mariama Sow", "sex": "female", "age_band": "25-34", **fields}
    return services.participant_add(actor=actor, project=project, fields=values)


def test_add_a_returnee_and_a_community_member(make_project, make_returnee, case_manager):
    project = make_project()
    returnee = make_returnee()
    first = services.participant_add(
        actor=case_manager, project=project, returnee=returnee, fields={"role": "expert"}
    )
    second = member(project, case_manager, vulnerability="high")
    assert (first.is_returnee, first.role, first.joined_on, first.name) == (
        True,
        "expert",
        TODAY,
        "",
    )
    assert (second.is_returnee, second.name, second.vulnerability) == (False, "Mariama Sow", "high")
    assert (
        AuditEvent.objects.filter(content_type__model="participant", action="create").count() == 2
    )


def test_the_same_returnee_twice_is_refused(make_project, make_returnee, case_manager):
    project = make_project()
    returnee = make_returnee()
    services.participant_add(actor=case_manager, project=project, returnee=returnee, fields={})
    errors = errors_of(
        lambda: services.participant_add(
            actor=case_manager, project=project, returnee=returnee, fields={"role": "leader"}
        )
    )
    assert errors == {
        "returnee": [
            f"{returnee.reference} already takes part in Tailoring cooperative (one active "
            "place each)."
        ]
    }
    assert Participant.objects.count() == 1


def test_the_database_refuses_the_same_active_returnee_twice(make_project, make_returnee):
    project = make_project()
    returnee = make_returnee()
    Participant.objects.create(project=project, returnee=returnee, joined_on=TODAY)
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(project=project, returnee=returnee, joined_on=TODAY)


def test_a_returnee_who_left_can_join_again(make_project, make_returnee, case_manager):
    project = make_project()
    returnee = make_returnee()
    first = services.participant_add(
        actor=case_manager,
        project=project,
        returnee=returnee,
        fields={"joined_on": TODAY - datetime.timedelta(days=30)},
    )
    services.participant_leave(actor=case_manager, participant=first, left_on=TODAY)
    again = services.participant_add(
        actor=case_manager, project=project, returnee=returnee, fields={}
    )
    assert again.pk != first.pk


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"status": "closed", "closure_reason": "Moved away"},
            "The case of {ref} is closed: reopen it before adding them.",
        ),
        (
            "no consent",
            "{ref}: The returnee has not consented to case management: record their consent first.",
        ),
        ("abroad", "{ref} lives in SEN; the project is in GIN."),
    ],
)
def test_returnees_who_cannot_take_part(
    make_project, make_returnee, case_manager, change, expected
):
    project = make_project()
    if change == "no consent":
        returnee = make_returnee(consent=False)
    elif change == "abroad":
        returnee = make_returnee(community=CommunityFactory(country="SEN"))
    else:
        returnee = make_returnee(**change)
    errors = errors_of(
        lambda: services.participant_add(
            actor=case_manager, project=project, returnee=returnee, fields={}
        )
    )
    assert errors == {"returnee": [expected.format(ref=returnee.reference)]}
    assert not Participant.objects.exists()


def test_shares_above_100_percent_are_refused(make_project, case_manager):
    project = make_project()
    member(project, case_manager, role="shareholder", share_percentage=Decimal("45.00"))
    member(
        project,
        case_manager,
        name="Hawa Bah",
        role="shareholder",
        share_percentage=Decimal("40.00"),
    )
    errors = errors_of(
        lambda: member(
            project,
            case_manager,
            name="Joy Eze",
            role="shareholder",
            share_percentage=Decimal("15.01"),
        )
    )
    assert errors == {
        "share_percentage": [
            "Shares would total 100.01%: the shareholders already hold 85.00%, so at most "
            "15.00% is left."
        ]
    }
    assert Participant.objects.count() == 2
    # Bangladesh: returnees hold 80-85%, the partner NGO the rest; exactly 100 is fine.
    last = member(
        project, case_manager, name="Joy Eze", role="shareholder", share_percentage=Decimal("15")
    )
    assert last.share_percentage == Decimal("15")


def test_shares_of_those_who_left_are_released(make_project, case_manager):
    project = make_project()
    first = member(
        project,
        case_manager,
        role="shareholder",
        share_percentage=Decimal("90"),
        joined_on=TODAY - datetime.timedelta(days=10),
    )
    services.participant_leave(actor=case_manager, participant=first, left_on=TODAY)
    assert member(
        project, case_manager, name="Hawa Bah", role="shareholder", share_percentage=Decimal("90")
    ).share_percentage == Decimal("90")


def test_raising_a_share_through_an_edit_is_checked_too(make_project, case_manager):
    project = make_project()
    one = member(project, case_manager, role="shareholder", share_percentage=Decimal("50"))
    member(
        project, case_manager, name="Hawa Bah", role="shareholder", share_percentage=Decimal("50")
    )
    errors = errors_of(
        lambda: services.participant_update(
            actor=case_manager, participant=one, fields={"share_percentage": Decimal("51")}
        )
    )
    assert errors == {
        "share_percentage": [
            "Shares would total 101.00%: the shareholders already hold 50.00%, so at most "
            "50.00% is left."
        ]
    }
    one.refresh_from_db()
    assert one.share_percentage == Decimal("50.00")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"role": "shareholder"},
            {"share_percentage": ["Give the shareholder's share in per cent."]},
        ),
        (
            {"role": "shareholder", "share_percentage": Decimal("0")},
            {"share_percentage": ["A share is more than 0 and at most 100 per cent."]},
        ),
        ({"name": ""}, {"name": ["Give the community member's name."]}),
        ({"sex": ""}, {"sex": ["Give the community member's sex (to balance participation)."]}),
        (
            {"joined_on": TODAY + datetime.timedelta(days=1)},
            {"joined_on": ["The joining date cannot be in the future."]},
        ),
        (
            {"role": "leader", "term_start": TODAY, "term_end": TODAY},
            {"term_end": ["A term ends after it starts."]},
        ),
    ],
)
def test_bad_participant_fields(make_project, case_manager, fields, expected):
    project = make_project()
    assert errors_of(lambda: member(project, case_manager, **fields)) == expected
    assert not Participant.objects.exists()


def test_a_leader_is_elected_for_12_months_by_default(make_project, case_manager):
    project = make_project()
    leader = member(project, case_manager, role="leader", term_start=datetime.date(2026, 1, 31))
    assert (leader.term_start, leader.term_end) == (
        datetime.date(2026, 1, 31),
        datetime.date(2027, 1, 31),
    )
    deputy = member(project, case_manager, name="Hawa Bah", role="deputy")
    assert (deputy.term_start, deputy.term_end) == (TODAY, add_months(TODAY, 12))
    assert add_months(datetime.date(2027, 1, 31), 1) == datetime.date(2027, 2, 28)


def test_leaving_before_joining_is_refused(make_project, case_manager):
    project = make_project()
    participant = member(project, case_manager, joined_on=datetime.date(2026, 10, 1))
    errors = errors_of(
        lambda: services.participant_leave(
            actor=case_manager, participant=participant, left_on=datetime.date(2026, 9, 30)
        )
    )
    assert errors == {"left_on": ["A participant cannot leave before joining (2026-10-01)."]}
    participant.refresh_from_db()
    assert participant.left_on is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.filter(pk=participant.pk).update(left_on=datetime.date(2026, 9, 30))


def test_no_participant_changes_in_a_closed_project(make_project, case_manager, programme_manager):
    project = make_project()
    services.project_set_status(
        actor=programme_manager, project=project, to_status="cancelled", note="Funding ended"
    )
    with pytest.raises(ValidationError) as error:
        member(project, case_manager)
    assert error.value.messages == [
        "Tailoring cooperative is cancelled: participants can no longer change."
    ]


def test_balance_counts_returnees_non_migrants_and_genders(
    make_project, make_returnee, case_manager
):
    project = make_project()
    for sex in ("female", "male", "male"):
        services.participant_add(
            actor=case_manager, project=project, returnee=make_returnee(sex=sex), fields={}
        )
    member(project, case_manager, sex="female")
    left = member(
        project,
        case_manager,
        name="Sékou",
        sex="male",
        joined_on=TODAY - datetime.timedelta(days=3),
    )
    services.participant_leave(actor=case_manager, participant=left, left_on=TODAY)
    balance = project_balance(participants=list(project.participants.select_related("returnee")))
    assert (balance.returnees, balance.non_migrants, balance.women, balance.men) == (3, 1, 2, 2)
    assert (balance.returnee_percent, balance.women_percent) == (75, 50)
    assert balance.warnings == [
        "Returnees are 3 of 4 participants (75%). Handbook 3.2.1 warns of resentment towards "
        "returnees when they are seen as receiving benefits disproportionate to the "
        "non-migrant population: consider involving more community members."
    ]


def test_balance_warning_thresholds():
    def people(returnees, non_migrants, gender="woman"):
        return [Person(True, gender, False)] * returnees + [
            Person(False, "man", False)
        ] * non_migrants

    # Two thirds exactly is not "more than two thirds".
    assert balance_of(people(2, 1)).warnings == []
    assert len(balance_of(people(3, 1)).warnings) == 1
    assert balance_of([]).warnings == []
    only_men = balance_of([Person(True, "man", False), Person(False, "man", False)])
    assert only_men.warnings[-1].startswith("No woman takes part.")
    only_women = balance_of([Person(True, "woman", False), Person(False, "woman", False)])
    assert only_women.warnings == [
        "Only women take part. Table 3.2 P9 asks that all gender groups benefit and "
        "participate meaningfully."
    ]


def test_accepting_a_referral_to_a_project_adds_the_returnee_as_member(
    make_project, make_returnee, case_manager
):
    project = make_project()
    returnee = make_returnee()
    referral = registry.referral_create(
        actor=case_manager, returnee=returnee, target=project, reason="Tailor, 3 years"
    )
    assert referral.target_organization == project.organization
    registry.referral_transition(
        actor=case_manager, referral=referral, to_status=Referral.Status.ACCEPTED
    )
    participant = Participant.objects.get()
    assert (participant.returnee, participant.role, participant.joined_on) == (
        returnee,
        "member",
        TODAY,
    )


def test_accepting_a_second_referral_of_a_participant_is_refused(
    make_project, make_returnee, case_manager
):
    project = make_project()
    returnee = make_returnee()
    services.participant_add(actor=case_manager, project=project, returnee=returnee, fields={})
    referral = registry.referral_create(
        actor=case_manager, returnee=returnee, target=project, reason="r"
    )
    with pytest.raises(ValidationError):
        registry.referral_transition(
            actor=case_manager, referral=referral, to_status=Referral.Status.ACCEPTED
        )
    referral.refresh_from_db()
    assert referral.status == "proposed"
    assert Participant.objects.count() == 1
