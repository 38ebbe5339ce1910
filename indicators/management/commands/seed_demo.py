"""Create the demo authority: ``python manage.py seed_demo --size small --seed 1``.

Same seed and size, same data. Running it again on a database that already holds the
demo changes nothing.
"""

import random
import time
from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from casework.demo import create_caseload
from core.periods import add_months, month_start, months_between
from indicators.models import MonthSignOff, Snapshot
from indicators.services import compute_month
from indicators.sign_off import month_sign_off
from workforce.demo import create_workforce, demo_already_loaded
from workforce.demo_logins import print_demo_logins


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
            "--with-history",
            type=int,
            nargs="?",
            const=24,
            default=0,
            metavar="MONTHS",
            help="Also compute the last MONTHS months of figures (24 if no number is given) and sign off all "
            "but the last two as the demo performance officer. Months already computed are kept.",
        )
        parser.add_argument(
            "--today",
            help="Pretend today is this date (YYYY-MM-DD), so the same seed gives the same data on any day.",
        )

    def handle(
        self, *args, size: str, seed: int, today: str | None, allow_production: bool, with_history: int, **options
    ):
        if settings.IS_PRODUCTION and not allow_production:
            raise CommandError(
                "This is a production configuration (DJANGO_DEBUG=0): demo logins with a published "
                "password must not exist here. Use --allow-production only on a training server."
            )
        try:
            as_of = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--today must be a date like 2026-11-23, not {today!r}") from error
        if demo_already_loaded():
            self.stdout.write("The demo data is already loaded: nothing to do.")
            self.history(with_history, as_of)
            print_demo_logins(self.stdout)
            return
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            workforce = create_workforce(size=size, rng=rng, today=as_of)
            self.stdout.write(f"Workforce: {len(workforce['teams'])} teams")
            create_caseload(size=size, rng=rng, today=as_of, workforce=workforce, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"Demo data created in {time.monotonic() - started:.0f} s."))
        self.history(with_history, as_of)
        print_demo_logins(self.stdout)

    def history(self, months: int, as_of: date) -> None:
        """Figures for the last ``months`` months, so the reports have a history to show."""
        if months <= 0:
            return
        current = month_start(as_of)
        wanted = months_between(add_months(current, 1 - months), current)
        computed = set(Snapshot.objects.filter(month__in=wanted).values_list("month", flat=True).distinct())
        missing = [month for month in wanted if month not in computed]
        for index, month in enumerate(missing, start=1):
            started = time.monotonic()
            compute_month(month, trigger="demo")
            self.stdout.write(
                f"Figures for {month:%B %Y} [{index}/{len(missing)}] in {time.monotonic() - started:.1f} s"
            )
        officer = User.objects.get(username="performance.officer")
        signed = set(MonthSignOff.objects.values_list("month", flat=True))
        for month in wanted[:-2]:
            if month not in signed:
                month_sign_off(month=month, by=officer)
        if missing:
            self.stdout.write(f"Signed off every month before {wanted[-2]:%B %Y} as the performance officer.")
