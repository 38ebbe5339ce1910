"""Create the demo authority: ``python manage.py seed_demo --size small --seed 1``.

Same seed and size, same data. Running it again on a database that already holds the
demo changes nothing.
"""

import random
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casework.demo import create_caseload
from kpi_project.demo_logins import print_demo_logins
from workforce.demo import create_workforce, demo_already_loaded


class Command(BaseCommand):
    help = "Create a believable demo authority (teams, workers, children and their records) and one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--size", choices=["small", "medium", "large"], default="small")
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo logins even with DJANGO_DEBUG=0 (a training server, never a live one).",
        )
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD), so the same seed gives the same data on any day.",
        )

    def handle(self, *args, size: str, seed: int, today: str | None, allow_production: bool, **options):
        if settings.IS_PRODUCTION and not allow_production:
            raise CommandError(
                "This is a production configuration (DJANGO_DEBUG=0): demo logins with a published "
                "password must not exist here. Use --allow-production only on a training server."
            )
        if demo_already_loaded():
            self.stdout.write("The demo data is already loaded: nothing to do.")
            print_demo_logins(self.stdout)
            return
        from datetime import date

        try:
            as_of = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today must be a date like 2026-11-23, not {today!r}") from error
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            workforce = create_workforce(size=size, rng=rng, today=as_of)
            self.stdout.write(f"Workforce: {len(workforce['teams'])} teams")
            create_caseload(size=size, rng=rng, today=as_of, workforce=workforce, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {time.monotonic() - started:.0f} s."))
        print_demo_logins(self.stdout)
