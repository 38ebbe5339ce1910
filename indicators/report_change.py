"""How a figure moved since last month, and how it stands against an average: pure
functions on two stored values, judged by the indicator's polarity.

A change compares the values as the pages show them (rounded half up: 0 places for a
count, 1 otherwise), so "no change" is what a reader sees as the same number. It is
"better" or "worse" by polarity: an improvement is better whichever way it points (fewer
repeat referrals, more children seen). An indicator best inside a band (polarity "band")
has no better direction: its change is judged by its rating when both months are rated
and the ratings differ, and is otherwise only "up" or "down" (docs/INDICATOR_CHOICES.md).
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .bands import RATINGS_BEST_FIRST, Rating, round_half_up
from .models import Benchmark, Polarity, Unit

BETTER, WORSE, SAME, NEUTRAL = "better", "worse", "same", "neutral"
ARROWS = {"up": "▲", "down": "▼", "none": "▶"}  # the arrow is drawn; its words are read

# Ranks for comparing two ratings: lower is better; outside the expected range is worst.
_RANK = {rating.value: index for index, rating in enumerate(RATINGS_BEST_FIRST)} | {
    Rating.INADEQUATE.value: len(RATINGS_BEST_FIRST),
    Rating.OUTSIDE_EXPECTED_RANGE.value: len(RATINGS_BEST_FIRST) + 1,
}


def shown_value(value: Decimal, unit: str) -> Decimal:
    return round_half_up(value, 0 if unit == Unit.COUNT else 1)


def judge(direction: int, polarity: str) -> str:
    """better, worse or neutral for a move up (1) or down (-1); same for no move (0)."""
    if direction == 0:
        return SAME
    if polarity == Polarity.HIGHER_IS_BETTER:
        return BETTER if direction > 0 else WORSE
    if polarity == Polarity.LOWER_IS_BETTER:
        return BETTER if direction < 0 else WORSE
    return NEUTRAL


def _unit_words(amount: Decimal, unit: str) -> str:
    plural = "" if f"{amount}" == "1" else "s"  # "1.0 days", as it is written with a decimal
    if unit == Unit.PERCENTAGE:
        return f"{amount} percentage point{plural}"
    if unit == Unit.DAYS:
        return f"{amount} day{plural}"
    return f"{amount}"


@dataclass(frozen=True)
class Change:
    """A figure against the month before: the amount it moved (as shown) and its judgement."""

    amount: Decimal  # signed, as shown: 4.0 for a percentage up four points
    judgement: str  # better, worse, same, neutral
    unit: str
    previous_month: date

    @property
    def direction(self) -> str:
        return "up" if self.amount > 0 else "down" if self.amount < 0 else "none"

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def amount_text(self) -> str:
        """What is printed beside the arrow: '4.0', '2' ('' for no change)."""
        return "" if self.amount == 0 else f"{abs(self.amount)}"

    @property
    def word(self) -> str:
        """The visible word, so the judgement is not carried by colour alone."""
        return {BETTER: "better", WORSE: "worse", SAME: "no change", NEUTRAL: ""}[self.judgement]

    @property
    def description(self) -> str:
        """The whole change in words, for screen readers: 'Up 4.0 percentage points on
        November 2013: better'."""
        since = f"{self.previous_month:%B %Y}"
        if self.amount == 0:
            return f"No change on {since}"
        moved = "Up" if self.amount > 0 else "Down"
        text = f"{moved} {_unit_words(abs(self.amount), self.unit)} on {since}"
        return f"{text}: {self.word}" if self.word else text


def change_between(
    value: Decimal | None,
    previous: Decimal | None,
    *,
    unit: str,
    polarity: str,
    previous_month: date,
    rating: str = "",
    previous_rating: str = "",
) -> Change | None:
    """The change from ``previous`` to ``value`` (None when either is missing)."""
    if value is None or previous is None:
        return None
    amount = shown_value(value, unit) - shown_value(previous, unit)
    direction = (amount > 0) - (amount < 0)
    judgement = judge(direction, polarity)
    if judgement == NEUTRAL and rating in _RANK and previous_rating in _RANK and rating != previous_rating:
        judgement = BETTER if _RANK[rating] < _RANK[previous_rating] else WORSE
    return Change(amount=amount, judgement=judgement, unit=unit, previous_month=previous_month)


@dataclass(frozen=True)
class Comparison:
    """A figure against an average an administrator entered, for a measure with no thresholds."""

    benchmark: Benchmark
    position: str  # above, below, level
    judgement: str  # better, worse, same, neutral

    @property
    def label(self) -> str:
        return "stat neighbours" if self.benchmark.kind == Benchmark.Kind.STATISTICAL_NEIGHBOURS else "England"

    @property
    def text(self) -> str:
        """'Above stat neighbours (13.8): worse'."""
        where = {"above": "Above", "below": "Below", "level": "Level with"}[self.position]
        text = f"{where} {self.label} ({self.benchmark.value.normalize():f})"
        return f"{text}: {self.judgement}" if self.judgement in (BETTER, WORSE) else text


def compare_with_average(
    value: Decimal | None, benchmarks: dict[str, Benchmark], *, unit: str, polarity: str
) -> Comparison | None:
    """The figure against the statistical neighbour average, else the England average (the
    latest year of each); None without a value or an average."""
    benchmark = benchmarks.get(Benchmark.Kind.STATISTICAL_NEIGHBOURS) or benchmarks.get(Benchmark.Kind.ENGLAND)
    if value is None or benchmark is None:
        return None
    difference = shown_value(value, unit) - benchmark.value
    direction = (difference > 0) - (difference < 0)
    position = {1: "above", -1: "below", 0: "level"}[direction]
    return Comparison(benchmark=benchmark, position=position, judgement=judge(direction, polarity))
