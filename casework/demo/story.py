"""One child's story: their record, played forward from their first contact to today."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING

from core.periods import age_on

from .. import demo_names
from ..models import (
    Child,
    Referral,
)
from .care import CareStory
from .constants import (
    AGE_WEIGHTS,
    CARE,
    CONTACT_SOURCES,
    CP,
    ETHNICITY_SHARES,
    PRIMARY_NEEDS,
    REASONS_FOR_CLOSURE,
)
from .front_door import FrontDoorStory
from .needs import child_disabilities
from .over_time import CaseworkStory
from .protection import ProtectionStory
from .roster import Worker
from .tools import _nhs_number, demo_upn, settled

if TYPE_CHECKING:
    from .generator import Generator


# --- One child's story ------------------------------------------------------------------------------


class Story(FrontDoorStory, ProtectionStory, CareStory, CaseworkStory):
    """One child: their record, played forward from their first contact to today."""

    def __init__(self, generator: Generator, demo: bool = False):
        self.g = generator
        self.pk = generator.writer.reserve(Child)
        self.demo = demo
        self.forced: dict = {}
        self.cp_visits_today: str | None = None
        self.restricted = False
        self.dob: date | None = None
        # (team type, start, end or None): who should hold the case, in order.
        self.segments: list[list] = []
        self.cp_plans: list[tuple[int, date, date | None]] = []
        self.periods: list[tuple[int, date, date | None]] = []
        self.placements: list[tuple[date, date | None, bool]] = []
        self.leaving_care: tuple[date, date | None] | None = None
        self.open_windows: list[tuple[date, date | None, str]] = []
        self.allocations: list[tuple[date, date | None, Worker]] = []
        # How the child comes into care when the story reaches that stage.
        self.route = "s20"
        # For a case already open when the casework starts: it does not close before this.
        self.survive_until: date | None = None

    # --- The child --------------------------------------------------------------------

    def born(self, dob: date) -> None:
        self.dob = dob

    def age(self, day: date) -> int:
        return age_on(self.dob, day) if self.dob <= day else -1

    def is_born(self, day: date) -> bool:
        return self.dob <= day

    def add(self, model, **values) -> int:
        return self.g.writer.add(model, child_id=self.pk, **values)

    def write_child(self) -> None:
        g = self.g
        rng = g.rng
        ethnicity = g.choose(ETHNICITY_SHARES)
        _, first_pools, last_pools = demo_names.ETHNICITIES[ethnicity]
        born = self.dob <= g.today
        sex = ("M" if rng.random() < 0.51 else "F") if born else "U"
        boys, girls, _ = demo_names.POOLS[g.choice(first_pools)]
        first_name = g.choice(boys if sex == "M" else girls if sex == "F" else g.choice((boys, girls)))
        if not born:
            first_name = "Unborn"
        last_name = g.choice(demo_names.POOLS[g.choice(last_pools)][2])
        restricted = self.restricted or (bool(self.segments) and rng.random() < 0.001)
        g.restricted += restricted
        g.writer.add(
            Child,
            pk=self.pk,
            la_child_id=f"NB{self.pk:07d}",
            first_name=first_name,
            last_name=last_name,
            date_of_birth=self.dob if born else None,
            expected_date_of_birth=None if born else self.dob,
            sex=sex,
            ethnicity=ethnicity,
            disabilities=child_disabilities(self.pk, born),
            nhs_number=_nhs_number(rng) if born else "",
            upn=demo_upn(self.pk, self.dob) if born else "",
            is_restricted=restricted,
            # Asked of every girl looked after (SSDA903 MOTHER); the demo's girls have no children.
            is_mother="0" if sex == "F" and self.periods else "",
        )

    # --- Entry points -------------------------------------------------------------------

    def new_child(self, first_contact: date, age: int | None = None) -> None:
        g = self.g
        rng = g.rng
        if age is None:
            age = g.choose(AGE_WEIGHTS) - 1
        if age < 0:  # unborn: a pre-birth contact
            self.born(first_contact + timedelta(days=rng.randrange(20, 180)))
        else:
            self.born(first_contact - timedelta(days=age * 365 + rng.randrange(0, 365)))
        self.front_door(first_contact)
        self.finish()

    def existing(self, state: str, start: date, route: str = "", care_ends: date | None = None) -> None:
        """A child already open when the casework starts: their case began at ``start``."""
        g = self.g
        referral_on = max(self.dob - timedelta(days=90), start - timedelta(days=g.rng.randrange(10, 60)))
        referral = g.writer.reserve(Referral)
        self.survive_until = g.casework_start
        if state == CARE:
            state, at = self.care(start, route=route, care_ends=care_ends)
        elif state == CP:
            state, at = self.cp_plan(start, initial_conference=True)
        else:
            state, at = self.cin_plan(start)
        closed = self.follow(state, at)
        self.add(
            Referral,
            pk=referral,
            received_on=referral_on,
            source_of_referral=g.choose(CONTACT_SOURCES),
            closed_on=closed,
            primary_need=settled(PRIMARY_NEEDS, referral),
            reason_for_closure=settled(REASONS_FOR_CLOSURE, referral) if closed else "",
        )
        self.finish()

    def finish(self) -> None:
        self.write_child()
        self.allocate()
        self.schedules()
