"""Refresh the French and Arabic catalogues from the source, then compile them (issue 11).

``bin/makemessages`` runs this; the translation tests run the same extraction into a copy of
``locale/`` to check that the committed catalogues are up to date with the source.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

LANGUAGES = ["fr", "ar"]
# Not interface strings: tests, benchmarks, docs, migrations (verbose names come from the
# models), vendored and collected static files. ``locale`` itself is skipped so the
# catalogue written is LOCALE_PATHS[0] (settings), whichever directory that is.
IGNORE = [
    ".venv/*",
    "static/*",
    "staticfiles/*",
    "node_modules/*",
    "tests/*",
    "*/tests/*",
    "benchmarks/*",
    "docs/*",
    "*/migrations/*",
    "locale",
]


def catalogues_extract(*, verbosity: int = 0) -> None:
    """Run makemessages into settings.LOCALE_PATHS[0], keeping the translations made."""
    call_command(
        "makemessages",
        locale=LANGUAGES,
        add_location="file",
        no_obsolete=True,
        ignore_patterns=IGNORE,
        verbosity=verbosity,
    )


class Command(BaseCommand):
    help = "Refresh locale/fr and locale/ar from the source (makemessages), then compile them."

    def add_arguments(self, parser):
        parser.add_argument("--no-compile", action="store_true", help="Only refresh the .po files.")

    def handle(self, *args, no_compile=False, verbosity=1, **options):
        catalogues_extract(verbosity=verbosity)
        if not no_compile:
            call_command(
                "compilemessages",
                locale=LANGUAGES,
                ignore_patterns=[".venv", "node_modules", "staticfiles"],
                verbosity=verbosity,
            )
        self.stdout.write(f"Catalogues in {settings.LOCALE_PATHS[0]}: {', '.join(LANGUAGES)}")
