"""Children for the casework page tests, allocated within the cast's teams."""

from dataclasses import dataclass
from datetime import date, datetime

import pytest

from casework.models import Child
from tests.factories import AllocationFactory, ChildFactory


def allocate(child: Child, worker, started_on: date = date(2024, 1, 2)) -> Child:
    AllocationFactory(child=child, worker=worker, team=worker.team, started_on=started_on)
    return child


def date_data(name: str, day: date | None) -> dict[str, str]:
    """The three boxes of a GOV.UK date input, as a browser posts them."""
    if day is None:
        return {f"{name}_day": "", f"{name}_month": "", f"{name}_year": ""}
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def datetime_data(name: str, moment: datetime) -> dict[str, str]:
    return {**date_data(name, moment.date()), f"{name}_time": moment.strftime("%H:%M")}


@dataclass
class Children:
    in_team_a: Child  # allocated to worker_a
    in_team_b: Child  # allocated to worker_b
    restricted_a: Child  # restricted, allocated to worker_a


@pytest.fixture
def children(cast) -> Children:
    return Children(
        in_team_a=allocate(ChildFactory(first_name="Amy", last_name="Adams"), cast.social_worker_a),
        in_team_b=allocate(ChildFactory(first_name="Bob", last_name="Baker"), cast.social_worker_b),
        restricted_a=allocate(
            ChildFactory(first_name="Rae", last_name="Rowe", is_restricted=True), cast.social_worker_a
        ),
    )
