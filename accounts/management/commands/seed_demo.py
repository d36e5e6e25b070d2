import argparse
import datetime
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from accounts import demo
from accounts.bulk import Progress

LARGE_SEED = 20261123


class Command(BaseCommand):
    help = (
        "Create invented demo data (organizations, one user per role, ...). Idempotent. "
        "--size large adds the benchmark dataset (PostgreSQL only) once: a second run sees "
        "it and skips it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: a first look (default); large: the benchmark dataset.",
        )
        parser.add_argument("--password", default=demo.DEMO_PASSWORD, help="Demo users' password.")
        parser.add_argument(
            "--seed",
            type=int,
            default=LARGE_SEED,
            help="Random seed of the large dataset: the same seed on the same day gives the "
            "same rows.",
        )
        # Testing only: the large dataset at a fraction of its size, every kind of row kept.
        parser.add_argument("--scale", type=float, default=1.0, help=argparse.SUPPRESS)

    def handle(self, *args, size: str, password: str, seed: int, scale: float, **options):
        started = time.monotonic()
        for seeder in demo.seeders("small"):
            self.stdout.write(f"Seeding {seeder.name}…")
            for line in seeder.run(size=size, password=password, stdout=self.stdout):
                self.stdout.write(line)
        if size == "large":
            self._large(password=password, seed=seed, scale=scale, started=started)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))

    def _large(self, *, password: str, seed: int, scale: float, started: float) -> None:
        from accounts.demo_large import large_dataset_exists

        if connection.vendor != "postgresql":
            raise CommandError("--size large loads with COPY: it needs PostgreSQL (DATABASE_URL).")
        if large_dataset_exists():
            self.stdout.write("Large dataset already present: skipped (it is built once).")
            return
        progress = Progress(self.stdout, started)
        today = datetime.date.today()
        # One transaction: a run that fails leaves nothing, so the marker means complete.
        with transaction.atomic():
            for seeder in demo.seeders("large"):
                self.stdout.write(f"Seeding {seeder.name}…")
                lines = seeder.run(
                    size="large",
                    password=password,
                    stdout=self.stdout,
                    seed=seed,
                    scale=scale,
                    today=today,
                    progress=progress,
                )
                for line in lines:
                    self.stdout.write(line)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # planner statistics for the new rows
        progress.done("ANALYZE", 0)
        self.stdout.write(
            f"Large dataset: {sum(progress.counts.values()):,} rows "
            f"in {time.monotonic() - started:.1f} s."
        )
