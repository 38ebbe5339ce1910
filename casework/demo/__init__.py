"""The casework over a child's story: allocations, visits, reviews, supervision, missing episodes and audits."""

from __future__ import annotations

import random
from datetime import date

from .generator import Generator


def create_caseload(*, size: str, rng: random.Random, today: date, workforce: dict, stdout) -> None:
    """Children and every case record over the demo history, allocated to the demo workforce."""
    Generator(size=size, rng=rng, today=today, workforce=workforce, stdout=stdout).run()
