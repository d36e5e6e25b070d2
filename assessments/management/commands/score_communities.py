import sys

from django.core.management.base import BaseCommand

from assessments import services


class Command(BaseCommand):
    help = "Score communities against the Altai criteria (all, or one with --community)."

    def add_arguments(self, parser):
        parser.add_argument("--community", type=int, help="Score only this community id.")

    def handle(self, *args, community=None, **options):
        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // total if total else width
            self.stdout.write(
                f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=""
            )
            sys.stdout.flush()

        created = services.community_score(
            community_ids=[community] if community else None, progress=progress
        )
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{created} new score(s) recorded."))
