"""Anonymise the returnees whose case closed more than N years ago (SECURITY.md, retention).

Data protection limits retention to the purpose: once a case has been closed for
``RETENTION_YEARS`` (or ``--years``), the personal data goes, through the same erasure
service as a returnee's own request; the anonymised records still count in the figures.
A dry run by default: it lists what ``--apply`` would do. Each returnee is erased in its own
transaction, so the command can be stopped and run again.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reintegration import selectors, services


def years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class Command(BaseCommand):
    help = "Anonymise returnees whose case closed more than N years ago (dry run unless --apply)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--years",
            type=int,
            default=None,
            help="Years since the case closed (default: the RETENTION_YEARS setting).",
        )
        parser.add_argument(
            "--apply", action="store_true", help="Anonymise; without it nothing is changed."
        )

    def handle(self, *args, years: int | None, apply: bool, **options):
        years = settings.RETENTION_YEARS if years is None else years
        if years < 1:
            raise CommandError("--years must be at least 1.")
        cutoff = years_before(datetime.date.today(), years)
        due = list(selectors.returnees_due_for_retention(closed_before=cutoff))
        total = len(due)
        verb = "anonymised" if apply else "would be anonymised"
        self.stdout.write(
            f"{total} closed case{'s' if total != 1 else ''} closed before {cutoff} "
            f"({years} year{'s' if years != 1 else ''} ago) {verb}"
            + ("." if apply else " (dry run: add --apply to anonymise).")
        )
        for position, (pk, reference, closed_on) in enumerate(due, start=1):
            if apply:
                returnee = selectors.returnee_for_retention(pk=pk)
                if returnee is None:
                    continue  # erased or reopened since the list was read
                services.returnee_erase(
                    actor=None, returnee=returnee, reason=services.ErasureReason.RETENTION
                )
            self.stdout.write(f"  [{position}/{total}] {reference} closed {closed_on}: {verb}")
        self.stdout.write(f"Done: {total} {verb}." if apply else "Dry run: nothing changed.")
