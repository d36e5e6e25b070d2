from django.core.management.base import BaseCommand

from accounts import demo


class Command(BaseCommand):
    help = "Create invented demo data (organizations, one user per role, ...). Idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size",
            choices=["small", "large"],
            default="small",
            help="small: a first look (default); large: the benchmark dataset.",
        )
        parser.add_argument("--password", default=demo.DEMO_PASSWORD, help="Demo users' password.")

    def handle(self, *args, size: str, password: str, **options):
        for seeder in demo.seeders():
            self.stdout.write(f"Seeding {seeder.name}…")
            for line in seeder.run(size=size, password=password, stdout=self.stdout):
                self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
