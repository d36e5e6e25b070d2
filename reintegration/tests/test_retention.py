"""manage.py anonymise_closed_cases: a dry run by default, the same erasure with --apply,
and the anonymised records still count."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count

from accounts.models import AuditEvent
from reintegration.management.commands.anonymise_closed_cases import years_before
from reintegration.models import Returnee
from reintegration.tests.factories import ReturneeFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def closed(case_manager, *, days_ago: int | None, **fields):
    return ReturneeFactory(
        case_manager=case_manager,
        status="closed" if days_ago is not None else "active",
        closure_reason="Moved to the capital" if days_ago is not None else "",
        closed_on=TODAY - datetime.timedelta(days=days_ago) if days_ago is not None else None,
        return_date=datetime.date(2015, 3, 1),
        date_of_birth=datetime.date(1990, 8, 17),
        phone="+224620000000",
        **fields,
    )


@pytest.fixture
def cases(case_manager):
    """Closed six years ago, closed four years ago, and an active case, in one community."""
    old = closed(case_manager, days_ago=6 * 366, sex="male")
    recent = closed(case_manager, days_ago=4 * 365, community=old.community, sex="female")
    active = closed(case_manager, days_ago=None, community=old.community, sex="female")
    return old, recent, active


def run(*args):
    out = StringIO()
    call_command("anonymise_closed_cases", *args, stdout=out)
    return out.getvalue()


def figures():
    return {
        "count": Returnee.objects.count(),
        "by_sex": dict(Returnee.objects.values_list("sex").annotate(n=Count("pk"))),
        "by_community": dict(Returnee.objects.values_list("community").annotate(n=Count("pk"))),
        "by_birth_year": dict(
            Returnee.objects.values_list("date_of_birth__year").annotate(n=Count("pk"))
        ),
        "by_return_year": dict(
            Returnee.objects.values_list("return_date__year").annotate(n=Count("pk"))
        ),
        "by_status": dict(Returnee.objects.values_list("status").annotate(n=Count("pk"))),
    }


def test_dry_run_by_default_changes_nothing(cases, settings):
    settings.RETENTION_YEARS = 5
    old = cases[0]
    output = run()
    cutoff = years_before(TODAY, 5)
    assert output.splitlines() == [
        f"1 closed case closed before {cutoff} (5 years ago) would be anonymised "
        "(dry run: add --apply to anonymise).",
        f"  [1/1] {old.reference} closed {old.closed_on}: would be anonymised",
        "Dry run: nothing changed.",
    ]
    assert Returnee.objects.filter(erased_at__isnull=False).count() == 0
    assert Returnee.objects.get(pk=old.pk).first_name == "Aminata"
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_apply_anonymises_exactly_the_cases_past_retention(cases):
    old, recent, active = cases
    before = figures()
    assert before["count"] == 3
    assert before["by_sex"] == {"male": 1, "female": 2}
    output = run("--years", "5", "--apply")
    assert f"  [1/1] {old.reference} closed {old.closed_on}: anonymised" in output
    assert output.splitlines()[-1] == "Done: 1 anonymised."
    assert list(Returnee.objects.filter(erased_at__isnull=False)) == [old]
    erased = Returnee.objects.get(pk=old.pk)
    assert (erased.first_name, erased.phone, erased.date_of_birth) == (
        "[erased]",
        "",
        datetime.date(1990, 1, 1),
    )
    assert Returnee.objects.get(pk=recent.pk).first_name == "Aminata"
    event = AuditEvent.objects.get(action="erase")
    assert (event.actor, event.actor_repr, event.changes["reason"]) == (None, "system", "retention")
    # The anonymised record still counts, in every figure.
    assert figures() == before
    # Running it again finds nothing left to do.
    assert run("--years", "5", "--apply").splitlines()[0].startswith("0 closed cases")


def test_a_shorter_period_reaches_the_more_recent_closure(cases):
    old, recent, _ = cases
    run("--years", "3", "--apply")
    assert set(Returnee.objects.filter(erased_at__isnull=False)) == {old, recent}


def test_years_must_be_positive(cases):
    with pytest.raises(CommandError, match="at least 1"):
        run("--years", "0")


def test_closing_a_case_records_its_date_and_reopening_clears_it(case_manager):
    from reintegration import services

    returnee = ReturneeFactory(case_manager=case_manager, registered_by=case_manager)
    services.case_set_status(
        actor=case_manager, returnee=returnee, status="closed", closure_reason="Moved"
    )
    assert Returnee.objects.get(pk=returnee.pk).closed_on == TODAY
    services.case_set_status(actor=case_manager, returnee=returnee, status="active")
    assert Returnee.objects.get(pk=returnee.pk).closed_on is None


def test_years_before_handles_29_february():
    assert years_before(datetime.date(2028, 2, 29), 5) == datetime.date(2023, 2, 28)
    assert years_before(datetime.date(2026, 11, 23), 5) == datetime.date(2021, 11, 23)
