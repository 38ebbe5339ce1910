"""What the demo's assessments identify and the demo's children's disabilities (the children in need
census's AssessmentFactors and Disability codes, ``casework.statutory.cin_census``).

Each is drawn from a generator of its own, seeded by the child (and the assessment's start), so the
rest of the demo draws the same numbers as before these were recorded. The shares are plausible for
an authority, not national figures.
"""

from __future__ import annotations

import random
from datetime import date

from ..statutory.cin_census import NO_DISABILITY, NO_FACTORS_IDENTIFIED

# The factors an assessment identifies, by how often (parents' mental health and domestic abuse first).
FACTORS = {
    "4B": 30, "3B": 28, "3A": 24, "17A": 19, "16A": 17, "2B": 15, "1B": 12, "4A": 12, "18C": 10, "20": 9,
    "14A": 6, "15A": 6, "6B": 5, "5A": 5, "10A": 5, "24A": 4, "19C": 4, "5B": 3, "6A": 3, "11A": 3,
    "2A": 3, "13A": 2, "7A": 1, "1A": 1, "1C": 1, "2C": 1, "3C": 1, "4C": 1, "5C": 1, "6C": 1, "18B": 1,
    "19B": 1, "9A": 1, "12A": 0.5, "22A": 0.3, "23A": 0.3, "8B": 0.1, "8C": 0.1, "8D": 0.1, "8E": 0.1,
    "8F": 0.1,
}  # fmt: skip
# Before a birth only the parents' and the household's factors can be seen.
UNBORN_FACTORS = {"4B": 30, "3B": 28, "2B": 15, "1B": 12, "16A": 10, "5B": 4, "6B": 4, "20": 5}
HOW_MANY_FACTORS = {1: 35, 2: 30, 3: 20, 4: 15}
# Of assessments ending in no further action, those that found nothing (code 21 stands alone).
NOTHING_FOUND_SHARE = 0.4

# The census's reason for closure of a case closed on its assessment's completion.
CLOSED_AFTER_ASSESSMENT = {"nfa": "RC8", "early_help": "RC9"}

NO_DISABILITY_SHARE = 0.84
NOT_RECORDED_SHARE = 0.03
DISABILITIES = {
    "LD": 30, "AUT": 18, "BEH": 20, "COMM": 15, "MOB": 6, "PC": 5, "HAND": 3, "CON": 4, "HEAR": 3, "VIS": 3,
    "INC": 3, "DDA": 8,
}  # fmt: skip
HOW_MANY_DISABILITIES = {1: 60, 2: 28, 3: 12}


def _draw(rng: random.Random, weights: dict) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _several(rng: random.Random, weights: dict, how_many: dict) -> list[str]:
    wanted = min(_draw(rng, how_many), len(weights))
    chosen: list[str] = []
    while len(chosen) < wanted:
        code = _draw(rng, weights)
        if code not in chosen:
            chosen.append(code)
    return chosen


def assessment_factors(child: int, started_on: date, outcome: str, unborn: bool) -> list[str]:
    """The factors identified at a completed assessment of the child started that day."""
    rng = random.Random(f"factors {child} {started_on.isoformat()}")
    if outcome == "nfa" and rng.random() < NOTHING_FOUND_SHARE:
        return [NO_FACTORS_IDENTIFIED]
    return _several(rng, UNBORN_FACTORS if unborn else FACTORS, HOW_MANY_FACTORS)


def child_disabilities(child: int, born: bool) -> list[str]:
    """The child's disabilities: none recorded for an unborn child, nor for a few others."""
    rng = random.Random(f"disabilities {child}")
    roll = rng.random()
    if not born or roll < NOT_RECORDED_SHARE:
        return []
    if roll < NOT_RECORDED_SHARE + NO_DISABILITY_SHARE:
        return [NO_DISABILITY]
    return _several(rng, DISABILITIES, HOW_MANY_DISABILITIES)
