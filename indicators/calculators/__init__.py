"""The calculator for every live indicator, by code.

Each module holds one group of indicators; ``register`` adds a calculator class to
``CALCULATORS`` under its code. An indicator row whose code has no calculator here is
not computed (the seed's "CIN: to be confirmed").
"""

from .base import Calculator

CALCULATORS: dict[str, Calculator] = {}


def register(calculator_class: type[Calculator]) -> type[Calculator]:
    if calculator_class.code in CALCULATORS:
        raise ValueError(f"Two calculators for {calculator_class.code}")
    CALCULATORS[calculator_class.code] = calculator_class()
    return calculator_class


def calculator_for(code: str) -> Calculator | None:
    return CALCULATORS.get(code)


# Importing the groups registers their calculators.
from . import (  # noqa: E402,F401
    assessment,
    care_leavers,
    child_protection,
    front_door,
    looked_after,
    missing_and_courts,
    quality,
    workforce,
)

# The groups, each with its rules and the reasons (``REASONS``) its drill-down rows give.
MODULES = (assessment, care_leavers, child_protection, front_door, looked_after, missing_and_courts, quality, workforce)
