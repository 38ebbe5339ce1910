"""Small helpers of the demo generator: weighted choices, working days, NHS numbers."""

from __future__ import annotations

import random
from bisect import bisect_left
from datetime import date

from core.periods import add_working_days, is_working_day

from .constants import (
    DAY,
)


def _weights(mapping: dict) -> tuple[list, list[float]]:
    keys = list(mapping)
    total = 0.0
    cumulative = []
    for key in keys:
        total += mapping[key]
        cumulative.append(total)
    return keys, cumulative


class Chooser:
    """Weighted choices with precomputed cumulative weights (random.choices recomputes them)."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.cache: dict[int, tuple[dict, list, list[float]]] = {}

    def __call__(self, mapping: dict):
        """``mapping`` is one of the module's constant tables (cached by identity)."""
        table = self.cache.get(id(mapping))
        if table is None or table[0] is not mapping:
            table = self.cache[id(mapping)] = (mapping, *_weights(mapping))
        _, keys, cumulative = table
        return keys[bisect_left(cumulative, self.rng.random() * cumulative[-1])]


# --- Working days ---------------------------------------------------------------------------


class WorkingDays:
    """``add(day, n)``: the date n working days after day, as ``core.periods.add_working_days``
    (the same bank holidays), by lookup in a table rather than a day-by-day walk."""

    def __init__(self, first: date, last: date):
        self.first = first
        self.days: list[date] = []
        self.count_to: list[int] = []  # working days on or before first + i
        day, count = first, 0
        while day <= last:
            if is_working_day(day):
                self.days.append(day)
                count += 1
            self.count_to.append(count)
            day += DAY

    def add(self, day: date, count: int) -> date:
        index = (day - self.first).days
        if index < 0 or index >= len(self.count_to):
            return add_working_days(day, count)
        if count == 0:
            return day
        target = self.count_to[index] + count - 1
        if target >= len(self.days):
            return add_working_days(day, count)
        return self.days[target]


def _nhs_number(rng: random.Random) -> str:
    """A valid-looking NHS number in the 999 range the NHS keeps for test data."""
    while True:
        digits = [9, 9, 9] + [rng.randrange(10) for _ in range(6)]
        remainder = sum(digit * weight for digit, weight in zip(digits, range(10, 1, -1), strict=True)) % 11
        check = 11 - remainder
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


# The UPN's check letter for each remainder (the DfE's UPN guide; DfE CIN rule 1510).
_UPN_CHECK = "ABCDEFGHJKLMNPQRTUVWXYZ"


def demo_upn(pk: int, born: date) -> str:
    """A unique pupil number of the right form: check letter, LA number (201), school (from the
    child's number), year, serial. Unique per child for fewer than 8 million children; no random draw,
    so the rest of the demo is untouched."""
    digits = f"201{2000 + pk // 1000 % 8000:04d}{born.year % 100:02d}{pk % 1000:03d}"
    remainder = sum(int(digit) * weight for digit, weight in zip(digits, range(2, 14), strict=True)) % 23
    return _UPN_CHECK[remainder] + digits


def settled(options: tuple | list, *key) -> str:
    """One of ``options`` fixed by ``key`` (a record's identity), without drawing from the generator's
    random stream, so that adding a field to the demo leaves every other record as it was."""
    digest = sum((index + 1) * ord(char) for index, char in enumerate(repr(key)))
    return options[digest % len(options)]
