"""A small world of stored figures for the report pages, built in each test.

Three months: January and February 2025 signed off, March 2025 provisional. Two
indicators on a scorecard laid out as seed 003 is (a section, an indicator with a
theme and action plan ref, a comment row, a count indicator). Children allocated in the
cast's teams, with CP-visit drill-down records for February (reported) and March.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from casework.models import Child
from indicators.models import Indicator, Scorecard, Snapshot, SnapshotKind, Unit
from tests.factories import (
    AllocationFactory,
    BenchmarkFactory,
    ChildFactory,
    IndicatorFactory,
    MilestoneFactory,
    MonthSignOffFactory,
    ScorecardFactory,
    ScorecardRowFactory,
    SnapshotFactory,
    SnapshotRecordFactory,
    ThresholdSetFactory,
)

JANUARY, FEBRUARY, MARCH = date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)


def figure(
    indicator, month, scope_key="authority", numerator=9, denominator=10, kind=SnapshotKind.PROVISIONAL, **extra
):
    team = extra.pop("team", None)
    worker = extra.pop("worker", None)
    return SnapshotFactory(
        indicator=indicator,
        month=month,
        scope_key=scope_key,
        team=team,
        worker=worker,
        numerator=None if numerator is None else Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        kind=kind,
        **extra,
    )


def team_key(team) -> str:
    return f"team:{team.pk}"


def worker_key(worker) -> str:
    return f"worker:{worker.pk}"


def text(response) -> str:
    """The page's text without tags or runs of white space, for reading assertions."""
    html = response.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def rows_of(response, testid: str) -> list[str]:
    """The rows of the table inside data-testid=... as text, header row first."""
    html = response.content.decode()
    start = html.index(f'data-testid="{testid}"')
    table = html[start : html.index("</table>", start)]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(r"<tr.*?</tr>", table, flags=re.S)]


@dataclass
class Cell:
    tag: str  # th or td
    attrs: dict[str, str]
    html: str = ""  # what the cell holds, markup included

    @property
    def colspan(self) -> int:
        return int(self.attrs.get("colspan") or 1)

    @property
    def classes(self) -> list[str]:
        return self.attrs.get("class", "").split()


@dataclass
class Row:
    attrs: dict[str, str]
    cells: list[Cell] = field(default_factory=list)

    @property
    def width(self) -> int:
        """How many columns the row covers (the sum of its cells' colspans)."""
        return sum(cell.colspan for cell in self.cells)


class _TableParser(HTMLParser):
    """The rows and cells of the first table at or after the start, with their attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[Row] = []
        self._cell: Cell | None = None
        self._done = False

    def handle_starttag(self, tag, attrs):
        if self._done:
            return
        attributes = {name: value or "" for name, value in attrs}
        if tag == "tr":
            self.rows.append(Row(attributes))
        elif tag in ("th", "td") and self.rows:
            self._cell = Cell(tag, attributes)
            self.rows[-1].cells.append(self._cell)
        elif self._cell is not None:
            self._cell.html += self.get_starttag_text()

    def handle_endtag(self, tag):
        if tag == "table":
            self._done = True
        elif tag in ("th", "td"):
            self._cell = None
        elif self._cell is not None:
            self._cell.html += f"</{tag}>"

    def handle_data(self, data):
        if self._cell is not None and not self._done:
            self._cell.html += data


def table_of(response, testid: str) -> list[Row]:
    """The table inside (or marked) data-testid=..., as rows of cells, header rows first."""
    html = response.content.decode()
    parser = _TableParser()
    parser.feed(html[html.rindex("<", 0, html.index(f'data-testid="{testid}"')) :])
    return parser.rows


@dataclass
class World:
    cast: object
    visits: Indicator  # a percentage, higher is better, bands 90+ / 80-89 / 70-79
    long_plans: Indicator  # a count, lower is better
    scorecard: Scorecard
    child_a_overdue: Child
    child_a_visited: Child
    child_b_overdue: Child
    restricted_a: Child


@pytest.fixture
def world(cast) -> World:
    visits = IndicatorFactory(
        code="CP 13",
        title="Children on a plan visited in the last 4 weeks",
        description="Children on a child protection plan at month end; visited in the 28 days to month end.",
    )
    ThresholdSetFactory(indicator=visits, outstanding="90+", good="80-89", adequate="70-79")
    BenchmarkFactory(indicator=visits, value=Decimal("85.5"), year="2023-24")
    BenchmarkFactory(indicator=visits, kind="england", value=Decimal("88"), year="2023-24")
    MilestoneFactory(indicator=visits, due_on=date(2024, 12, 31), target="80+")
    MilestoneFactory(indicator=visits, due_on=date(2025, 3, 31), target="85+")
    MilestoneFactory(indicator=visits, due_on=date(2025, 6, 30), target="90+")
    long_plans = IndicatorFactory(
        code="2.5",
        title="Number of CP plans open more than 15 months",
        unit=Unit.COUNT,
        polarity="down",
        has_worker_scope=False,
    )
    ThresholdSetFactory(indicator=long_plans, outstanding="below 5", good="5-9", adequate="10-15")

    scorecard = ScorecardFactory(name="Action plan test", slug="action-plan-test")
    ScorecardRowFactory(scorecard=scorecard, position=1, row_type="section", indicator=None, text="Timeliness")
    ScorecardRowFactory(
        scorecard=scorecard,
        position=2,
        indicator=visits,
        theme="Quality of Practice",
        action_plan_ref="A4",
        text="% children on a plan visited within 4 weeks",
    )
    ScorecardRowFactory(
        scorecard=scorecard, position=3, row_type="comment", indicator=None, text="Visits: counted from CP visits."
    )
    ScorecardRowFactory(scorecard=scorecard, position=4, indicator=long_plans, text=long_plans.title)

    MonthSignOffFactory(month=JANUARY, signed_off_by=cast.performance)
    MonthSignOffFactory(month=FEBRUARY, signed_off_by=cast.performance)

    a, b = cast.social_worker_a, cast.social_worker_b
    children = {
        "a_overdue": ChildFactory(first_name="Amy", last_name="Adams"),
        "a_visited": ChildFactory(first_name="Ann", last_name="Archer"),
        "b_overdue": ChildFactory(first_name="Bob", last_name="Baker"),
        "restricted_a": ChildFactory(first_name="Rae", last_name="Rowe", is_restricted=True),
    }
    for key, child in children.items():
        worker = b if key.startswith("b") else a
        AllocationFactory(child=child, worker=worker, team=worker.team, started_on=date(2024, 1, 2))

    # January and February were signed off (reported); March is provisional.
    for month, kind in ((JANUARY, "reported"), (FEBRUARY, "reported"), (MARCH, "provisional")):
        figure(visits, month, numerator=2, denominator=4, kind=kind)
        figure(visits, month, team_key(cast.team_a), numerator=2, denominator=3, kind=kind, team=cast.team_a)
        figure(visits, month, team_key(cast.team_b), numerator=0, denominator=1, kind=kind, team=cast.team_b)
        figure(visits, month, worker_key(a), numerator=2, denominator=3, kind=kind, worker=a)
        figure(visits, month, worker_key(b), numerator=0, denominator=1, kind=kind, worker=b)
        figure(long_plans, month, numerator=3, denominator=None, kind=kind)
        figure(long_plans, month, team_key(cast.team_a), numerator=2, denominator=None, kind=kind, team=cast.team_a)

    # February's drill-down, as reported: Amy not visited, Ann and Rae visited, Bob not visited.
    reported = Snapshot.objects.get(indicator=visits, month=FEBRUARY, kind="reported", scope_key="authority")
    for key, visited, worker in (
        ("a_overdue", False, a),
        ("a_visited", True, a),
        ("restricted_a", True, a),
        ("b_overdue", False, b),
    ):
        SnapshotRecordFactory(
            snapshot=reported,
            child_id=children[key].pk,
            team_id=worker.team_id,
            worker_id=worker.pk,
            in_numerator=visited,
            reference_date=date(2025, 2, 28),
            detail_date=date(2025, 2, 3),
        )
    return World(
        cast=cast,
        visits=visits,
        long_plans=long_plans,
        scorecard=scorecard,
        child_a_overdue=children["a_overdue"],
        child_a_visited=children["a_visited"],
        child_b_overdue=children["b_overdue"],
        restricted_a=children["restricted_a"],
    )
