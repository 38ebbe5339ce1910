"""Demo caseload: children and their records over the demo authority's history."""

import random
from datetime import date


def create_caseload(*, size: str, rng: random.Random, today: date, workforce: dict, stdout) -> None:
    """Create children and their case records (added with the casework pages)."""
