"""Load the reference data every installation needs (idempotent).

The role groups and their permissions, the working-day calendar, and (from the
indicators app) the indicator catalogue, both seed scorecards and seed 003's
thresholds, benchmarks, milestones and hand-reported actuals.
"""

from django.core.management.base import BaseCommand

from core.roles import sync_role_groups
from indicators.reference import load_reference_data


class Command(BaseCommand):
    help = "Create or update the role groups, calendar and indicator catalogue (safe to run again)."

    def handle(self, *args, **options):
        sync_role_groups()
        self.stdout.write("Roles: Social worker, Team manager, Senior manager, Performance officer, Administrator")
        for line in load_reference_data():
            self.stdout.write(line)
