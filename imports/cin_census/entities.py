"""The census's codes and the shapes of a child's elements; what the check keeps of a child's records, and the
columns named in the messages of the casework rules."""

from collections import defaultdict
from dataclasses import dataclass, field

from casework import codes, validation
from casework.models import (
    Assessment,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)

from .. import cin_rules, engine
from ..fields import RowValues
from ..readers import SourceRow

RETURN = "CIN census"


class CinValues(RowValues):
    """A census element's values; a value the DfE's rules refuse names the rule (``cin_rules.cite_field``)."""

    def fail(self, column: str, message: str) -> None:
        super().fail(column, cin_rules.cite_field(column, message))

    def code_list(self, column: str, choices: list[tuple[str, str]], alone: str, *, what: str, alone_message: str):
        """The codes of a repeated element (the child's disabilities, an assessment's factors), read by
        ``reading`` as one value, the codes separated by spaces. A list the casework rules refuse (a code
        not on the list, one given twice, "NONE" or "21" beside another) is an error in that field alone:
        reported, the rest of the row kept, and no code of it kept."""
        codes_given = self.row.get(column).split()
        problem = validation.code_list_problem(codes_given, choices, alone, what=what, alone_message=alone_message)
        if problem:
            self.field_error(column, problem)
            return []
        return codes_given


SOURCE = codes.Source.CIN_CENSUS
LONG = validation.long_date
FIRST_YEAR, LAST_YEAR = 2021, 2026
SEX = {
    "1": codes.Sex.MALE,
    "2": codes.Sex.FEMALE,
    "0": codes.Sex.UNKNOWN,
    "9": codes.Sex.UNKNOWN,
    "M": codes.Sex.MALE,
    "F": codes.Sex.FEMALE,
    "U": codes.Sex.UNKNOWN,
}
PRIMARY_NEED = {f"N{number}" for number in range(0, 10)}
REASON_FOR_CLOSURE = {f"RC{number}" for number in range(1, 10)}
ETHNICITIES = frozenset(codes.Ethnicity.values)
REFERRAL_SOURCES = frozenset(codes.ReferralSource.values)
ABUSE_CATEGORIES = frozenset(codes.AbuseCategory.values)
WRITE_ORDER = [
    Child,
    Referral,
    Assessment,
    ChildInNeedPlan,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionPlan,
    ChildProtectionConference,
]


@dataclass(eq=False)
class CinPlanRows:
    row: SourceRow
    reviews: list[SourceRow] = field(default_factory=list)


@dataclass(eq=False)
class CinEpisode:
    row: SourceRow  # the referral
    assessments: list[SourceRow] = field(default_factory=list)
    plans: list[SourceRow] = field(default_factory=list)
    section47s: list[SourceRow] = field(default_factory=list)
    protection_plans: list[CinPlanRows] = field(default_factory=list)

    def rows(self) -> list[SourceRow]:
        rows = [self.row, *self.assessments, *self.plans, *self.section47s]
        for plan in self.protection_plans:
            rows += [plan.row, *plan.reviews]
        return rows


@dataclass(eq=False)
class CinChild:
    row: SourceRow
    year: int
    episodes: list[CinEpisode] = field(default_factory=list)

    def rows(self) -> list[SourceRow]:
        return [self.row, *(row for episode in self.episodes for row in episode.rows())]


class _Existing:
    """The children's records already in the product: one query per type per 2,000 children."""

    def __init__(self, child_pks: list[int]) -> None:
        self.by_model = {
            model: engine.records_by_child(model, child_pks) for model in WRITE_ORDER if model is not Child
        }
        self.visits = engine.records_by_child(ChildProtectionVisit, child_pks)


class _ChildState:
    """One child's records: those in the product (by natural key) and those planned so far."""

    def __init__(self, existing: _Existing, child: Child) -> None:
        self.child = child
        self.existing = existing
        self.year: int | None = None
        self.seen: dict[type, dict[tuple, tuple]] = defaultdict(dict)
        self._keyed: dict[tuple, dict] = {}

    def existing_of(self, model) -> list:
        if self.child.pk is None:
            return []
        return self.existing.by_model[model].get(self.child.pk, [])

    def existing_by_key(self, model, key_fields: tuple[str, ...]) -> dict:
        cache_key = (model, key_fields)
        if cache_key not in self._keyed:
            self._keyed[cache_key] = {
                tuple(getattr(record, name) for name in key_fields): record for record in self.existing_of(model)
            }
        return self._keyed[cache_key]


CHILD_COLUMNS = {
    "la_child_id": "LAchildID",
    "date_of_birth": "PersonBirthDate",
    "expected_date_of_birth": "ExpectedPersonBirthDate",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "upn": "UPN",
    "disabilities": "Disability",
}
REFERRAL_COLUMNS = {
    "received_on": "CINreferralDate",
    "closed_on": "CINclosureDate",
    "source_of_referral": "ReferralSource",
    "primary_need": "PrimaryNeedCode",
    "reason_for_closure": "ReasonForClosure",
}
ASSESSMENT_COLUMNS = {
    "started_on": "AssessmentActualStartDate",
    "authorised_on": "AssessmentAuthorisationDate",
    "referral": "AssessmentActualStartDate",
    "factors": "AssessmentFactors",
}
CIN_PLAN_COLUMNS = {"started_on": "CINPlanStartDate", "ended_on": "CINPlanEndDate"}
CP_PLAN_COLUMNS = {"started_on": "CPPstartDate", "ended_on": "CPPendDate", "category": "InitialCategoryOfAbuse"}
