"""A child's story in care: periods of care, legal statuses, placements, adoption and leaving care."""

from __future__ import annotations

import zlib
from datetime import date, timedelta

from core.periods import anniversary
from workforce.models import TeamType

from .. import codes
from ..models import (
    Adoption,
    CareLeaverBirthdayRecord,
    CareProceedings,
    LegalStatus,
    PeriodOfCare,
    Placement,
)
from .constants import (
    ADOPTED,
    ADOPTERS,
    AT_EIGHTEEN,
    CARE_OUTCOMES,
    CARE_OUTCOMES_YOUNG,
    CATEGORIES_OF_NEED,
    CIN,
    CLOSED,
    EET,
    LEAVING_CARE,
    NEET,
    NOT_KNOWN_IN_TOUCH,
    OPEN,
    OTHER_AREA_POSTCODES,
    OWN_AREA_POSTCODES,
    PLACEMENTS_1_TO_9,
    PLACEMENTS_10_TO_15,
    PLACEMENTS_16_PLUS,
    PLACEMENTS_BABY,
    REASONS_PLACE_CHANGE,
    REASONS_PLACED_CEASED,
    S20_ENDINGS,
    SPECIAL_GUARDIANS,
    SUITABLE,
    UNSUITABLE,
)
from .tools import settled


class CareStory:
    """A child's story in care: periods of care, legal statuses, placements, adoption and leaving care.

    A part of ``Story``, which holds its state.
    """

    def care(self, start: date, route: str, care_ends: date | None = None) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        today = g.today
        if not self.is_born(start):
            start = self.dob + timedelta(days=rng.randrange(0, 4))
            if start > today:
                return OPEN, None
        eighteenth = anniversary(self.dob, 18)
        if start >= eighteenth:
            return CLOSED, start
        period = g.writer.reserve(PeriodOfCare)
        statuses: list[tuple[date, str]] = []
        proceedings: tuple[date, date | None, str] | None = None
        adoption = None
        end, reason = None, ""
        if route == "emergency":
            protection = "L1" if rng.random() < 0.6 else "L2"
            statuses.append((start, protection))
            days = rng.randrange(1, 9)
            # Police protection lasts at most 72 hours (Children Act 1989 s46; DfE rule 361).
            follow_on = start + timedelta(days=min(days, 3) if protection == "L1" else days)
            if rng.random() < 0.65:
                route, issued = "ico", follow_on
                statuses.append((follow_on, "C1"))
            else:
                route = "s20"
                statuses.append((follow_on, "V2"))
        if route == "ico":
            issued = start if not statuses else statuses[-1][0]
            if not statuses:
                statuses.append((start, "C1"))
            concluded = issued + timedelta(days=self.proceedings_days())
            young = self.age(start) < 5
            outcome = g.choose(CARE_OUTCOMES_YOUNG if young else CARE_OUTCOMES)
            proceedings = (issued, concluded, outcome)
            end, reason, adoption = self.after_order(start, concluded, outcome, statuses)
        elif route == "s20":
            if not statuses:
                statuses.append((start, "V2"))
            stay = 7 + int(rng.expovariate(1 / 200))
            if rng.random() < 0.2 and stay > 60:
                # The family's agreement broke down: proceedings issued.
                issued = start + timedelta(days=rng.randrange(30, stay))
                statuses.append((issued, "C1"))
                concluded = issued + timedelta(days=self.proceedings_days())
                outcome = g.choose(CARE_OUTCOMES)
                proceedings = (issued, concluded, outcome)
                end, reason, adoption = self.after_order(start, concluded, outcome, statuses)
            else:
                end = start + timedelta(days=stay)
                reason = g.choose(S20_ENDINGS)
        else:  # long-term care under a care order, already in place
            order_on = start + timedelta(days=rng.randrange(120, 330))
            statuses.append((start, "C1"))
            statuses.append((order_on, "C2"))
            end = self.long_term_end(max(order_on, self.survive_until or order_on))
            reason = "E4A" if end < eighteenth else ""
        if care_ends is not None:
            end, reason = care_ends, ""
        if end is None or end >= eighteenth:
            end = eighteenth
            reason = ""
        if not reason:
            reason = g.choose(AT_EIGHTEEN) if end == eighteenth else "E8"
        if self.survive_until and end <= self.survive_until and care_ends is None:
            end = min(eighteenth, self.survive_until + timedelta(days=rng.randrange(30, 400)))
            reason = g.choose(AT_EIGHTEEN) if end == eighteenth else "E4A"
        if adoption and adoption.get("adoption_order_on") and end != adoption["adoption_order_on"]:
            adoption["adoption_order_on"] = None
        if reason in ("E5", "E6") and self.age(end) < 14:
            # Independent living is not for a child under 14 (DfE rule 387): home instead.
            reason = "E4A"
        if end > today:
            end, reason = None, ""
        # The records.
        for started_on, code in statuses:
            if started_on <= today and (end is None or started_on <= end):
                self.add(LegalStatus, period_of_care_id=period, started_on=started_on, code=code)
        if proceedings:
            issued, concluded, outcome = proceedings
            if issued <= today:
                if concluded > today:
                    concluded, outcome = None, ""
                self.add(CareProceedings, issued_on=issued, concluded_on=concluded, outcome=outcome)
        moved_in = None
        plan = None
        if adoption:
            adoption = {key: value for key, value in adoption.items() if value is None or value <= today}
            if any(value for value in adoption.values()):
                plan = adoption
            moved_in = adoption.get("moved_in_on")
            if adoption.get("ceased_on"):
                moved_in = None
        self.periods.append((period, start, end))
        self.with_foster_carers = False
        # Placed with parents is not accommodation under section 20 (DfE rule 378).
        self.parents_allowed = all(code != "V2" for _, code in statuses)
        self.place(period, start, end, moved_in)
        if reason in ("E45", "E46") and not self.last_placement_type.startswith("U"):
            # A special guardianship order to former foster carers needs a foster placement (DfE
            # rule 516): to other carers otherwise.
            reason = "E47"
        self.add(
            PeriodOfCare,
            pk=period,
            started_on=start,
            ended_on=end,
            reason_ceased=reason,
            category_of_need=settled(CATEGORIES_OF_NEED, period),
            home_postcode=self.home_postcode(),
        )
        if plan is not None:
            # After the placements: whether the adopters are the foster carers is known then (A5).
            self.add(Adoption, period_of_care_id=period, **plan, **self.adoption_details(plan, period))
        if moved_in:
            self.segment(TeamType.PERMANENCE, start, moved_in)
            self.segment(TeamType.ADOPTION, moved_in, end)
        else:
            self.segment(TeamType.PERMANENCE, start, end)
        self.open_windows.append((start, end, "LAC"))
        if end is None:
            return OPEN, None
        if reason in codes.ADOPTION_REASONS_CEASED:
            return CLOSED, end
        if self.age(end) >= 16 and self.is_care_leaver():
            return LEAVING_CARE, end
        if reason in ("E4A", "E4B", "E13", "E41") and rng.random() < 0.45:
            return CIN, end
        return CLOSED, end

    def after_order(self, start: date, concluded: date, outcome: str, statuses: list) -> tuple:
        """When care ends after proceedings conclude: (end, reason, adoption steps or None)."""
        g = self.g
        rng = g.rng
        if outcome == "care_order":
            statuses.append((concluded, "C2"))
            return self.long_term_end(concluded), "", None
        if outcome == "placement_order":
            statuses.append((concluded, "E1"))
            decided = min(concluded, statuses[-2][0] + timedelta(days=rng.randrange(60, 150)))
            steps = {
                "decision_on": decided,
                "placement_order_on": concluded,
                "matched_on": None,
                "moved_in_on": None,
                "adoption_order_on": None,
                "ceased_on": None,
            }
            if rng.random() < 0.1:
                # The plan changed: no match; the child stays in long-term foster care.
                steps["ceased_on"] = concluded + timedelta(days=rng.randrange(120, 400))
                # The placement order is revoked for a care order (an open E1 episode with the
                # placement for adoption ceased: DfE rule 553).
                statuses.append((steps["ceased_on"], "C2"))
                return self.long_term_end(steps["ceased_on"]), "", steps
            steps["matched_on"] = concluded + timedelta(days=rng.randrange(50, 330))
            steps["moved_in_on"] = steps["matched_on"] + timedelta(days=rng.randrange(7, 29))
            steps["adoption_order_on"] = steps["moved_in_on"] + timedelta(days=rng.randrange(150, 380))
            return steps["adoption_order_on"], g.choose(ADOPTED), steps
        if outcome == "sgo":
            return concluded, g.choose(SPECIAL_GUARDIANS), None
        if outcome == "cao":
            return concluded, "E41", None
        return concluded, "E4A" if rng.random() < 0.8 else "E13", None

    def adoption_details(self, plan: dict, period: int) -> dict:
        """Why a decision was reversed (DfE rule 119) and, once matched, the adopters (AD1, all or
        none: rule 151), in combinations the DfE's rules 511 to 524 accept."""
        details = {}
        if plan.get("ceased_on"):
            details["reason_ceased"] = settled(REASONS_PLACED_CEASED, period)
        if plan.get("matched_on"):
            number, sex, legal_status = settled(ADOPTERS, period)
            details.update(
                by_foster_carers="1" if self.with_foster_carers else "0",
                number_of_adopters=number,
                sex_of_adopters=sex,
                legal_status_of_adopters=legal_status,
            )
        return details

    def long_term_end(self, since: date) -> date:
        """Children in long-term care mostly stay until 18; some go home or to special guardians."""
        return since + timedelta(days=int(self.g.rng.expovariate(1 / (365 * 12))) + 60)

    def place(self, period: int, start: date, end: date | None, moved_in: date | None) -> None:
        """Placements from the start of care to its end: contiguous, one at a time."""
        g = self.g
        rng = g.rng
        today = g.today
        t = start
        reason = "S"
        previous_carer = ""
        while True:
            age = self.age(t)
            if moved_in and t >= moved_in:
                same = rng.random() < 0.25
                placement_type = "A5" if same else "A6"
                stop = end
                carer = (previous_carer if same else f"ADOPTERS-{self.pk}", None)
                provider, long_term = "PR1", False
                # Placed for adoption with the foster carers keeps the carer: RNE T (DfE rule 217).
                if same and reason != "S":
                    reason = "T"
                self.with_foster_carers = same
                self.write_placement(period, t, stop, placement_type, provider, carer, long_term, reason)
                return
            placement_type, provider = self.placement_kind(t, age)
            carer = self.carer_for(placement_type, provider, t)
            stay = 14 + int(rng.expovariate(1 / (300 if placement_type.startswith("U") else 330)))
            stop = t + timedelta(days=stay)
            if moved_in and stop > moved_in > t:
                stop = moved_in
            convert_on = None
            if placement_type in ("U6", "U3") and rng.random() < 0.7:
                convert_on = t + timedelta(days=rng.randrange(240, 540))
                if stop <= convert_on:
                    stop = convert_on + timedelta(days=int(rng.expovariate(1 / (365 * 8))) + 30)
                if moved_in and stop > moved_in:
                    stop = moved_in
                    if convert_on >= stop:
                        convert_on = None
            if end is None or stop < end:
                final = stop > today
            else:
                stop, final = end, True
            if final and end is None:
                stop = None
            if convert_on and (convert_on > today or (stop is not None and convert_on >= stop)):
                convert_on = None
            placement_type = valid_through(placement_type, t, stop or today)
            if placement_type in NO_PROVIDER:
                provider = ""
            if convert_on:
                self.write_placement(period, t, convert_on, placement_type, provider, carer, False, reason)
                long_type = "U4" if placement_type == "U6" else "U1"
                self.write_placement(period, convert_on, stop, long_type, provider, carer, True, "T")
            else:
                self.write_placement(period, t, stop, placement_type, provider, carer, False, reason)
            previous_carer = carer[0]
            if final:
                return
            t, reason = stop, "P"

    def placement_kind(self, day: date, age: int) -> tuple[str, str]:
        g = self.g
        if age >= 16:
            kind = g.choose(PLACEMENTS_16_PLUS)
        elif age >= 10:
            kind = g.choose(PLACEMENTS_10_TO_15)
        elif age >= 1:
            kind = g.choose(PLACEMENTS_1_TO_9)
        else:
            kind = g.choose(PLACEMENTS_BABY)
        if kind == "P1" and not self.parents_allowed:
            kind = "U6"
        if kind in ("U6", "U5", "U4"):
            provider = "PR1" if g.rng.random() < 0.55 else "PR4"
        elif kind in ("U3", "U2", "U1"):
            provider = "PR1"
        elif kind == "P1":
            provider = "PR0"
        elif kind == "K2":
            provider = "PR4" if g.rng.random() < 0.65 else "PR1"
        else:
            provider = "PR4"
        return kind, provider

    def carer_for(self, kind: str, provider: str, start: date) -> tuple[str, int | None]:
        """(carer reference, foster carer household or None)."""
        g = self.g
        rng = g.rng
        if kind in ("U6", "U5", "U4") and provider == "PR1":
            household = g.households.pick(start, None)
            if household is not None:
                return household[1], household[0]
            return f"IFA-{rng.randrange(10_000, 99_999)}", None
        if kind in ("U6", "U5", "U4"):
            return f"IFA-{rng.randrange(10_000, 99_999)}", None
        if kind in ("U3", "U2", "U1"):
            return f"CP-{self.pk}-{rng.randrange(100)}", None
        if kind == "P1":
            return "PARENT", None
        if kind in ("K2", "K1"):
            return f"SC{rng.randrange(100_000, 999_999)}", None
        return f"SA-{rng.randrange(1000, 9999)}", None

    def write_placement(self, period, start, end, kind, provider, carer, long_term, reason) -> None:
        reference, household = carer
        self.add(
            Placement,
            period_of_care_id=period,
            started_on=start,
            ended_on=end,
            placement_type=kind,
            provider=provider,
            carer_id=household,
            carer_reference=reference,
            is_long_term=long_term,
            reason_new_episode=reason,
            urn=setting_urn(kind, provider, reference),
            postcode=setting_postcode(kind, provider, reference, self.home_postcode()),
            # Why the child moved on (the SSDA903 asks it of a placement that ends in a move).
            reason_place_change=settled(REASONS_PLACE_CHANGE, period, start) if end else "",
        )
        self.placements.append((start, end, long_term))
        self.last_placement_type = kind

    def home_postcode(self) -> str:
        """The child's home, in the authority (SSDA903 HOME_POST)."""
        return settled(OWN_AREA_POSTCODES, "home", self.pk)

    def is_care_leaver(self) -> bool:
        """Looked after 13 weeks or more between 14 and 18, some of it after 16 (former relevant)."""
        fourteenth, sixteenth, eighteenth = (anniversary(self.dob, years) for years in (14, 16, 18))
        days, after_sixteen = 0, False
        for _, start, end in self.periods:
            stop = min(end or eighteenth, eighteenth)
            days += max(0, (stop - max(start, fourteenth)).days)
            after_sixteen |= (end is None or end > sixteenth) and start < eighteenth
        return days >= 91 and after_sixteen

    def leave_care(self, start: date) -> tuple[str, date | None]:
        g = self.g
        rng = g.rng
        twenty_first = anniversary(self.dob, 21)
        end = twenty_first if rng.random() < 0.8 else twenty_first + timedelta(days=rng.randrange(0, 365 * 4))
        if end > g.today:
            end = None
        self.leaving_care = (start, end)
        self.segment(TeamType.LEAVING_CARE, start, end)
        for age in range(17, 22):
            birthday = anniversary(self.dob, age)
            if birthday > g.today or (end is not None and birthday > end):
                break
            # Not at 17 or 18 for a young person still looked after on the birthday (DfE rules 1007,
            # 1016, 187): the SSDA903 asks their news of those who left care before it.
            if age < 19 and any(s <= birthday and (e is None or e >= birthday) for _, s, e in self.periods):
                continue
            self.birthday_record(age, birthday)
        return (OPEN, None) if end is None else (CLOSED, end)

    def birthday_record(self, age: int, birthday: date) -> None:
        g = self.g
        rng = g.rng
        eet = {17: 0.66, 18: 0.58}.get(age, 0.52)
        roll = rng.random()
        if roll < eet:
            activity = g.choose(EET)
        elif roll < 0.92:
            activity = g.choose(NEET)
        else:
            activity = "0"
        in_touch = "YES" if activity != "0" else g.choose(NOT_KNOWN_IN_TOUCH)
        roll = rng.random()
        accommodation = g.choose(SUITABLE) if roll < 0.86 else g.choose(UNSUITABLE) if roll < 0.93 else "0"
        if in_touch == "YES" and accommodation == "0":
            # In touch, the accommodation is known (DfE rule 345).
            accommodation = "B1"
        if age == 17 and accommodation == "Z1":
            # Not with former foster carers at 17 (staying put is from 18: DfE rule 3001).
            accommodation = "D1"
        self.add(
            CareLeaverBirthdayRecord,
            age=age,
            birthday_on=birthday,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
        )


# Placements with no Ofsted-registered setting, so no URN (DfE rule 218).
NO_URN = {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}
# The demo authority's own fostering and adoption service.
OWN_SERVICE_URN = "SC201001"


def setting_urn(kind: str, provider: str, reference: str) -> str:
    """The Ofsted URN of the setting or the agency that approved the carers: a children's home's own
    reference, the authority's service for its own carers, else one of a few agencies (no random
    draw: the rest of the demo is untouched)."""
    if kind in NO_URN:
        return ""
    if reference.startswith("SC"):
        return reference
    if provider == "PR1":
        return OWN_SERVICE_URN
    return f"SC{500000 + zlib.crc32(reference.encode()) % 40:06d}"


# Placements a setting the authority runs must be in its area for (DfE rule 1015: not foster care or
# adoption, where the carers live where they live); supported accommodation with a URN too (rule 241).
CARERS_ANYWHERE = {"A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"}


def setting_postcode(kind: str, provider: str, reference: str, home: str) -> str:
    """The placement's postcode (SSDA903 PL_POST): the child's home when placed with parents; else the
    carer's or setting's, the same for the same reference (no random draw), and not the child's home
    (DfE rule 392d)."""
    if kind == "P1":
        return home
    in_area = kind == "K3" or (provider == "PR1" and kind not in CARERS_ANYWHERE)
    options = OWN_AREA_POSTCODES if in_area else OWN_AREA_POSTCODES + OTHER_AREA_POSTCODES
    chosen = settled(options, "setting", reference)
    return chosen if chosen != home else options[(options.index(chosen) + 1) % len(options)]


# The codes that replaced those the DfE withdrew in 2025-26 (rule 146): supported accommodation for
# semi-independent living, a registered setting not otherwise listed for "other".
_SUCCESSORS = {"H5": "K3", "Z1": "Z14"}
# Placement types that take no provider (DfE rules 178, 213).
NO_PROVIDER = {"T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"}


def _collection_year(day: date) -> int:
    return day.year + (1 if day.month >= 4 else 0)


def valid_through(kind: str, start: date, end: date) -> str:
    """``kind``, or a code valid in every collection year from ``start`` to ``end``: each year's return
    gives the placement, and the DfE checks it against that year's list (rule 146). A withdrawn code's
    successor when it is valid throughout, else a children's home (no code is valid both sides of a change)."""
    years = range(_collection_year(start), _collection_year(end) + 1)
    for candidate in (kind, _SUCCESSORS.get(kind), "K2"):
        if candidate and all(candidate in codes.placement_codes_for_year(year) for year in years):
            return candidate
    return kind
