"""Threshold bands and milestones as the seeds write them, and the rating rule.

Pure functions: no database, no settings. A band is a closed interval on the value
rounded half up to the precision of the band's own bounds (``95+`` and ``85-95`` round
to whole numbers, ``27.1`` to one decimal). The seed's forms are all accepted and kept
as typed, so they are shown back exactly: ``25-30``, ``below 20``, ``95+``, ``20-15`` (a
reversed range), and for milestones a single number ("at least" or "at most" by
polarity).
"""

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum


class BandError(ValueError):
    pass


class Rating(StrEnum):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    ADEQUATE = "Adequate"
    INADEQUATE = "Inadequate"
    OUTSIDE_EXPECTED_RANGE = "Outside expected range"


# Best first: where two bands share a bound (85-95 and 95+), the better band wins.
RATINGS_BEST_FIRST = (Rating.OUTSTANDING, Rating.GOOD, Rating.ADEQUATE)

_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(rf"^{_NUMBER}\s*(?:-|–|to)\s*{_NUMBER}$")
_AT_LEAST = re.compile(rf"^{_NUMBER}\s*\+$")
_BELOW = re.compile(rf"^(?:below|under|less than|<)\s*{_NUMBER}$", re.IGNORECASE)
_ABOVE = re.compile(rf"^(?:above|over|more than|>)\s*{_NUMBER}$", re.IGNORECASE)
_SINGLE = re.compile(rf"^{_NUMBER}$")

FORMS_HELP = (
    "Use one of the seed's forms: a range such as 25-30 (or 20-15), 'below 20', 'above 20', 95+ or a single number."
)


def _places(*numbers: str) -> int:
    return max((len(n.split(".")[1]) if "." in n else 0) for n in numbers)


def round_half_up(value: Decimal, places: int) -> Decimal:
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Band:
    """``low <= rounded value <= high``; None is unbounded. ``below 20`` is high=20, exclusive."""

    text: str
    low: Decimal | None
    high: Decimal | None
    places: int
    low_inclusive: bool = True
    high_inclusive: bool = True
    is_single_number: bool = False

    def contains(self, value: Decimal) -> bool:
        rounded = round_half_up(value, self.places)
        above_low = self.low is None or rounded > self.low or (rounded == self.low and self.low_inclusive)
        below_high = self.high is None or rounded < self.high or (rounded == self.high and self.high_inclusive)
        return above_low and below_high

    @property
    def representative(self) -> Decimal:
        """A point that stands for the band when ordering bands along the value axis."""
        if self.low is not None and self.high is not None:
            return (self.low + self.high) / 2
        return self.low if self.low is not None else self.high

    def __str__(self) -> str:
        return self.text


def parse_band(text: str) -> Band:
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise BandError("Enter a band. " + FORMS_HELP)
    try:
        if match := _RANGE.match(cleaned):
            first, second = match.groups()
            low, high = sorted((Decimal(first), Decimal(second)))
            return Band(cleaned, low, high, _places(first, second))
        if match := _AT_LEAST.match(cleaned):
            (number,) = match.groups()
            return Band(cleaned, Decimal(number), None, _places(number))
        if match := _BELOW.match(cleaned):
            (number,) = match.groups()
            return Band(cleaned, None, Decimal(number), _places(number), high_inclusive=False)
        if match := _ABOVE.match(cleaned):
            (number,) = match.groups()
            return Band(cleaned, Decimal(number), None, _places(number), low_inclusive=False)
        if match := _SINGLE.match(cleaned):
            (number,) = match.groups()
            value = Decimal(number)
            return Band(cleaned, value, value, _places(number), is_single_number=True)
    except InvalidOperation as error:  # pragma: no cover - the patterns admit only numbers
        raise BandError(f"'{text}' is not a band. " + FORMS_HELP) from error
    raise BandError(f"'{text}' is not a band. " + FORMS_HELP)


@dataclass(frozen=True)
class Thresholds:
    outstanding: Band
    good: Band
    adequate: Band

    @classmethod
    def parse(cls, outstanding: str, good: str, adequate: str) -> "Thresholds":
        return cls(parse_band(outstanding), parse_band(good), parse_band(adequate))

    def best_first(self) -> tuple[tuple[Rating, Band], ...]:
        return (
            (Rating.OUTSTANDING, self.outstanding),
            (Rating.GOOD, self.good),
            (Rating.ADEQUATE, self.adequate),
        )


def _worse_direction(thresholds: Thresholds, polarity: str) -> int:
    """+1 when higher values are worse, -1 when lower values are worse."""
    if polarity == "up":
        return -1
    if polarity == "down":
        return 1
    # Best inside a band: worse lies on the side where Adequate sits from Outstanding.
    return 1 if thresholds.adequate.representative >= thresholds.outstanding.representative else -1


def _position(band: Band, direction: int) -> tuple[Decimal | None, Decimal | None]:
    """The band's (better edge, worse edge) measured along the worse direction."""
    low = None if band.low is None else band.low * direction
    high = None if band.high is None else band.high * direction
    return (low, high) if direction > 0 else (high, low)


def rate(value: Decimal | float | int | None, thresholds: Thresholds | None, polarity: str) -> Rating | None:
    """Outstanding, Good, Adequate, Inadequate or Outside expected range; None without a value or bands.

    A value in no band is Inadequate on the worse side of every band, and on the better
    side of Outstanding it is Outstanding, except for a band-shaped indicator, where it
    is Outside expected range (fewer repeat plans than expected needs looking into). A
    value in a gap between two bands takes the worse of the two.
    """
    if value is None or thresholds is None:
        return None
    value = Decimal(str(value))
    for rating, band in thresholds.best_first():
        if band.contains(value):
            return rating
    direction = _worse_direction(thresholds, polarity)
    for index, (rating, band) in enumerate(thresholds.best_first()):
        better_edge, worse_edge = _position(band, direction)
        position = round_half_up(value, band.places) * direction
        if worse_edge is None or position <= worse_edge:
            if index == 0 and (better_edge is None or position < better_edge):
                return Rating.OUTSIDE_EXPECTED_RANGE if polarity == "band" else Rating.OUTSTANDING
            return rating
    return Rating.INADEQUATE


def meets_target(value: Decimal | float | int, target: Band, polarity: str) -> bool:
    """Whether a value meets a milestone target. A single number is a floor or a ceiling."""
    value = Decimal(str(value))
    if target.is_single_number:
        rounded = round_half_up(value, target.places)
        return rounded <= target.low if polarity == "down" else rounded >= target.low
    return target.contains(value)


def milestone_in_force(milestones: list[tuple], on: date) -> tuple | None:
    """The milestone that applies on a date: the latest due on or before it, else the next one.

    ``milestones`` are (due_on, Band) pairs in any order.
    """
    ordered = sorted(milestones, key=lambda milestone: milestone[0])
    past = [milestone for milestone in ordered if milestone[0] <= on]
    if past:
        return past[-1]
    return ordered[0] if ordered else None


def on_track(value, milestones: list[tuple], on: date, polarity: str) -> bool | None:
    """Whether the value meets the milestone in force on the date (None without a value or milestones)."""
    milestone = milestone_in_force(milestones, on)
    if value is None or milestone is None:
        return None
    return meets_target(value, milestone[1], polarity)
