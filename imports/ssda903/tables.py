"""The SSDA903 return's tables (recognised by their columns), code lists and collection years."""

from dataclasses import dataclass
from datetime import date

from casework import codes, validation
from casework.models import (
    Adoption,
    Allocation,
    CareLeaverBirthdayRecord,
    Child,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
)
from casework.statutory import ssda903 as dfe
from workforce.models import SocialWorker, Team

RETURN = "SSDA903"
# The collection years the import reads (each named by the year it ends: 2018 is 2017-18).
FIRST_YEAR, LAST_YEAR = 2018, 2027
SOURCE = codes.Source.SSDA903
LONG = validation.long_date


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: frozenset[str]
    imported: bool = True
    note: str = ""


def _table(name: str, label: str, columns: str, imported: bool = True, note: str = "") -> Table:
    return Table(name, label, frozenset(columns.split()), imported, note)


_NOT_KEPT = (
    "the product has no record for it, so its rows are checked (child in the header, date of birth) but not imported."
)
TABLES = [
    _table("header", "Header", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB"),
    _table(
        "episodes",
        "Episodes",
        "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
    ),
    _table("reviews", "Reviews", "CHILD DOB REVIEW REVIEW_CODE"),
    _table("missing", "Missing", "CHILD DOB MISSING MIS_START MIS_END"),
    _table("oc3", "OC3 (care leavers)", "CHILD DOB IN_TOUCH ACTIV ACCOM"),
    _table("ad1", "AD1 (adoption)", "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR"),
    _table(
        "placed_for_adoption",
        "Placed for adoption",
        "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    ),
    _table("sw_episodes", "Social worker episodes", "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON"),
    _table(
        "oc2",
        "OC2 (children looked after for 12 months)",
        "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT "
        "SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
        imported=False,
        note=_NOT_KEPT,
    ),
    _table("previous_permanence", "Previous permanence", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", False, _NOT_KEPT),
    _table("uasc", "UASC", "CHILD SEX DOB DUC", False, _NOT_KEPT),
    _table("dolo", "Deprivation of liberty", "CHILD DOB DOLO_START DOLO_END", False, _NOT_KEPT),
]
TABLE_BY_NAME = {table.name: table for table in TABLES}
TABLE_BY_COLUMNS = {table.columns: table for table in TABLES}

# The product's code lists as sets (``TextChoices.values`` builds a new list on every call).
REASONS_NEW_EPISODE = frozenset(dfe.ReasonNewEpisode.values)
LEGAL_STATUSES = frozenset(dfe.LegalStatusCode.values)
PROVIDERS = frozenset(dfe.PlacementProvider.values)
REASONS_CEASED = frozenset([*dfe.ReasonEpisodeCeased.values, dfe.END_OF_EPISODE_ONLY])
ALL_PLACEMENT_TYPES = frozenset(dfe.PlacementType.values)
ETHNICITIES = frozenset(codes.Ethnicity.values)
PARTICIPATION = frozenset(dfe.ReviewParticipation.values)
MISSING_KINDS = frozenset(dfe.MissingKind.values)
IN_TOUCH = frozenset(dfe.InTouch.values)
ACTIVITIES = frozenset(dfe.CareLeaverActivity.values)
ACCOMMODATION = frozenset(dfe.CareLeaverAccommodation.values)
# SEX: 1/2 before 2025, M/F/U from 2025; both are accepted whatever the year.
SEX = {"1": codes.Sex.MALE, "2": codes.Sex.FEMALE, "M": codes.Sex.MALE, "F": codes.Sex.FEMALE, "U": codes.Sex.UNKNOWN}
SEX_CODES = "sex (1 or 2 before 2025; M, F or U from 2025)"
END_OF_EPISODE_ONLY = dfe.END_OF_EPISODE_ONLY
STARTS_PERIOD = dfe.ReasonNewEpisode.STARTED
CONTINUES_PLACEMENT = dfe.ReasonNewEpisode.LEGAL_STATUS
SAME_CARER = set(dfe.SAME_CARER_REASONS)
LONG_TERM_FOSTERING = set(dfe.LONG_TERM_FOSTERING)
TEMPORARY = set(dfe.TEMPORARY_PLACEMENT_TYPES)
IMPORTED_TEAM = "Imported social workers (SSDA903)"

WRITE_ORDER = [
    Team,
    SocialWorker,
    Child,
    PeriodOfCare,
    LegalStatus,
    Placement,
    LookedAfterReview,
    MissingEpisode,
    Adoption,
    CareLeaverBirthdayRecord,
    Allocation,
]


def collection_year_of(day: date) -> int:
    """The collection year a date falls in: 1 April 2024 to 31 March 2025 is 2025."""
    return day.year + 1 if day.month >= 4 else day.year
