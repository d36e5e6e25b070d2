"""Load translations of the instruments' and indicators' texts (issue 11) from JSON files,
by default every file of assessments/data/translations; safe to run again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assessments.text_translations import load_translation_files


class Command(BaseCommand):
    help = "Load translations of the instruments' and profile indicators' texts."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="JSON files (default: the bundled ones)")

    def handle(self, *args, files, **options):
        paths = [Path(f) for f in files] or None
        try:
            with transaction.atomic():
                changed = load_translation_files(paths=paths)
        except (OSError, ValueError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{changed} records updated.")
