"""What the SSDA903 checks hold while they plan a child: episodes and their chains, the care kept, drafts of
social work and adoption, and small helpers they share."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils import timezone

from casework import validation
from casework.models import (
    Adoption,
    Allocation,
    CareLeaverBirthdayRecord,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    StatutoryVisit,
)
from casework.statutory import ssda903 as dfe
from workforce.models import SocialWorker

from .. import engine
from ..fields import RowValues
from ..readers import SourceRow
from ..report import Report, add_errors
from .tables import END_OF_EPISODE_ONLY, SEX, SEX_CODES, SOURCE


@dataclass(eq=False)
class Episode:
    row: SourceRow
    start: date
    end: date | None
    rne: str
    legal_status: str
    place: str
    provider: str
    reason_ended: str
    postcode: str
    urn: str

    @property
    def closes_period(self) -> bool:
        return self.end is not None and self.reason_ended != END_OF_EPISODE_ONLY


@dataclass(eq=False)
class Chain:
    """The episodes of one period of care in the files, in order."""

    episodes: list[Episode] = field(default_factory=list)

    @property
    def rows(self) -> list[SourceRow]:
        return [episode.row for episode in self.episodes]

    @property
    def first(self) -> Episode:
        return self.episodes[0]

    @property
    def last(self) -> Episode:
        return self.episodes[-1]

    @property
    def closed(self) -> bool:
        return self.last.closes_period


@dataclass(eq=False)
class CareNow:
    """A period of care this import keeps for the child (planned, or in the product), with its placements."""

    period: PeriodOfCare
    placements: list[Placement]
    chain: Chain | None = None


@dataclass(eq=False)
class _SocialWork:
    """A social worker episode that passed its own checks, and the allocation in the product it matches."""

    row: SourceRow
    worker_id: str
    started_on: date
    given_end: date | None  # SW_DEC
    reason: str  # SW_REASON, empty when the return gives none
    match: Allocation | None
    kept: bool  # the match stays as it is (the product's, or a later year's return's)

    @property
    def ended_on(self) -> date | None:
        """The end the allocation will have: the match's when it is kept as it is."""
        return self.match.ended_on if self.kept else self.given_end


_POSTCODE = dfe.POSTCODE


def _check_postcode(values: RowValues, column: str) -> bool:
    """An error in the postcode's field alone (rule 392c): reported, the episode kept. False when it is bad."""
    value = values.row.get(column) if column else ""
    if value and not _POSTCODE.match(value):
        values.field_error(column, f"'{value}' is not a postcode: give it in full, as in AB1 2CD (DfE rule 392c).")
        return False
    return True


def _unkept_codes(collection_year: int) -> dict[str, dict[str, tuple[frozenset, str, str]]]:
    """Per table the product does not keep: column -> (the codes of the year, what it is, the DfE rule)."""
    flags = {column: (dfe.FLAG, f"{what} (0 or 1)", "") for column, what in dfe.OC2_FLAGS.items()}
    return {
        "oc2": {"SDQ_REASON": (dfe.SDQ_REASONS, "reason for no SDQ score", " (DfE rule 196)"), **flags},
        "previous_permanence": {
            "PREV_PERM": (dfe.PREVIOUS_PERMANENCE, "previous permanence option", " (DfE rule 631)"),
            "LA_PERM": (dfe.authority_codes(collection_year), "local authority", " (DfE rule 633)"),
        },
        "uasc": {"SEX": (frozenset(SEX), SEX_CODES, ""), "UASC": (dfe.FLAG, "UASC (0 or 1)", "")},
    }


def _ended(placement: Placement, day: date) -> Placement:
    """A copy of the placement ending on ``day`` (to plan the correction, or check against it)."""
    copy = Placement(**{f.attname: getattr(placement, f.attname) for f in Placement._meta.concrete_fields})
    copy.ended_on = day
    copy.source_reference = placement.source_reference
    return copy


def _made_by_import(worker: SocialWorker) -> bool:
    """A worker the import made from an SW_ID and the authority has not matched yet (still in the
    imported team): the import keeps their start date; every other worker is the product's."""
    return worker.source == SOURCE and worker.team.source == SOURCE


@dataclass(eq=False)
class _AdoptionDraft:
    period: PeriodOfCare | None
    decision_on: date | None = None
    matched_on: date | None = None
    moved_in_on: date | None = None
    adoption_order_on: date | None = None
    ceased_on: date | None = None
    existing: Adoption | None = None
    # The rows that gave each date (only rows in the files: an adoption nobody touched is left alone).
    rows: dict[str, SourceRow] = field(default_factory=dict)
    # Why a decision was reversed (REASON_PLACED_CEASED) and the adopters (AD1), as the files give them.
    details: dict[str, str] = field(default_factory=dict)


def _reason_moved_on(closing) -> str:
    """REASON_PLACE_CHANGE of the episode that ends a placement with a move (REC X1), when a DfE code
    (an unknown one is reported with its rule, 1009, and not kept)."""
    reason = closing.row.get("REASON_PLACE_CHANGE") or ""
    return reason if closing.row.get("REC") == "X1" and reason in dfe.REASONS_PLACE_CHANGE else ""


@dataclass(eq=False)
class _ChildCare:
    """A child's periods of care, placements and legal statuses already in the product, and which
    of them the files have matched."""

    periods: list[PeriodOfCare]
    placements: list[Placement]
    legal_statuses: list[LegalStatus]
    taken_periods: set[int] = field(default_factory=set)
    taken_placements: set[int] = field(default_factory=set)


def _errors_by_field(report: Report, messages: dict, columns: dict, row: SourceRow, rows_by_field: dict) -> None:
    """Report each field's messages against the row that gave that field (an end date: the last episode)."""
    for name, field_messages in messages.items():
        add_errors(report, rows_by_field.get(name, row), {name: field_messages}, columns)


class _Existing:
    """The records already in the product for the children in the files: one query per type."""

    def __init__(self, child_pks: list[int]) -> None:
        self.periods = engine.records_by_child(PeriodOfCare, child_pks)
        self.placements = engine.records_by_child(Placement, child_pks)
        self.legal_statuses = engine.records_by_child(LegalStatus, child_pks)
        self.reviews = engine.records_by_child(LookedAfterReview, child_pks)
        self.missing = engine.records_by_child(MissingEpisode, child_pks)
        self.adoptions = engine.records_by_child(Adoption, child_pks)
        self.birthdays = engine.records_by_child(CareLeaverBirthdayRecord, child_pks)
        self.allocations = engine.records_by_child(Allocation, child_pks)
        self.visits = engine.records_by_child(StatutoryVisit, child_pks)


def _moment(day: date | None) -> datetime | None:
    """A date from the return as a moment: midnight, Europe/London (the return carries no times)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _birthday_in_year(date_of_birth: date, collection_year: int) -> int | None:
    """The birthday from 17 to 21 that falls in the collection year (1 April to 31 March)."""
    first, last = date(collection_year - 1, 4, 1), date(collection_year, 3, 31)
    for age in range(17, 22):
        if first <= validation.birthday(date_of_birth, age) <= last:
            return age
    return None
