"""The demo authority's proportions: how many children, what happens to them, and how often."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings

from .. import demo_names

LONDON = ZoneInfo(settings.TIME_ZONE)
DAY = timedelta(days=1)

# --- How big ----------------------------------------------------------------------------

# Rates are for the large authority (the biggest in England: about a million contacts
# and 200,000 referrals in ten years); the other sizes scale them with their workforce.
SCALE = {"small": 0.06, "medium": 0.5, "large": 1.0}
NEW_CHILDREN_PER_YEAR = 52_000
# Children already open when the casework starts.
STOCK_AT_START = {"looked_after": 2000, "child_protection": 1400, "child_in_need": 4000, "care_leaver": 1000}
# Foster carer households approved when the casework starts, and approved each year after.
HOUSEHOLDS_AT_START = 700
HOUSEHOLDS_APPROVED_PER_YEAR = 70
# Contacts are fewer in August and at Christmas (schools are closed).
SEASON = (1.02, 1.05, 1.08, 0.95, 1.05, 1.08, 1.02, 0.8, 1.0, 1.05, 1.08, 0.85)
# Detail (visits, supervision, allocations) is recorded from this long before the casework
# starts, so that the first months have a last visit to look back on.
DETAIL_LEAD_IN_DAYS = 120

# --- The demo social worker's caseload -------------------------------------------------

DEMO_CP_CHILDREN = 6
DEMO_CP_OVERDUE = 2
DEMO_CIN_CHILDREN = (7, 10)

# --- Story states ------------------------------------------------------------------------

OPEN = "open"
CLOSED = "closed"
CP = "cp"
CIN = "cin"
CARE = "care"
LEAVING_CARE = "leaving_care"

# Age (years) at first contact, unborn first: weights.
AGE_AT_FIRST_CONTACT = (3, 8, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 6, 6, 7, 7, 7, 6, 4)
AGE_IN_CARE_AT_START = (3, 4, 4, 4, 5, 5, 5, 5, 5, 6, 6, 6, 7, 8, 9, 9, 9, 8)

CONTACT_SOURCES = {
    "6": 28,
    "2A": 17,
    "3A": 3,
    "3B": 3,
    "3C": 1,
    "3D": 2,
    "3E": 3,
    "3F": 3,
    "5A": 4,
    "5B": 3,
    "5C": 2,
    "5D": 6,
    "1A": 6,
    "1B": 1,
    "1C": 1,
    "1D": 2,
    "4": 2,
    "7": 2,
    "8": 4,
    "9": 1,
    "10": 1,
}
ABUSE_CATEGORIES = {"NEG": 48, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 5}
CONFERENCE_PARTICIPATION = {"attended": 36, "advocate": 22, "written": 24, "none": 18}
REVIEW_PARTICIPATION = {"PN1": 45, "PN2": 5, "PN3": 5, "PN4": 5, "PN5": 10, "PN6": 20, "PN7": 10}
EET = {"F1": 8, "P1": 2, "F2": 35, "P2": 8, "F4": 20, "P4": 7, "F5": 12, "P5": 8}
NEET = {"G4": 20, "G5": 60, "G6": 20}
SUITABLE = {"B1": 20, "D1": 20, "E1": 8, "K1": 5, "T1": 4, "U1": 20, "Z1": 15, "Y1": 8}
UNSUITABLE = {"B2": 3, "D2": 2, "S2": 2, "V2": 1, "W2": 1, "X2": 1}
AUDIT_GRADES = {"outstanding": 5, "good": 52, "requires_improvement": 34, "inadequate": 9}
# Chance a CP plan ends at its first, second, ... review conference.
CP_END_AT_REVIEW = (0.2, 0.55, 0.6, 0.6, 0.7)


# --- Tables the stories draw from ---------------------------------------------------------------

AGE_WEIGHTS = dict(enumerate(AGE_AT_FIRST_CONTACT))  # key 0 is unborn; key n is age n - 1
AGE_IN_CARE_WEIGHTS = dict(enumerate(AGE_IN_CARE_AT_START))
ADOPTED = {"E11": 6, "E12": 4}
SPECIAL_GUARDIANS = {"E47": 5, "E45": 3, "E46": 2}
# Activity not known: not in touch (in touch, the activity is known: DfE rule 345).
NOT_KNOWN_IN_TOUCH = {"NO": 5, "REFU": 3}
ETHNICITY_SHARES = {code: share for code, (share, _, _) in demo_names.ETHNICITIES.items()}
ASSESSMENT_OUTCOMES = {"nfa": 35, "early_help": 21, "cin": 20, "strategy": 20, "lac": 4}
ASSESSMENT_OUTCOMES_AFTER_A_PLAN = {"nfa": 20, "early_help": 12, "cin": 22, "strategy": 42, "lac": 4}
UNBORN_OUTCOMES = {"nfa": 20, "early_help": 10, "cin": 35, "strategy": 35}
S47_OUTCOMES = {"icpc": 40, "cin": 30, "nfa": 30}
S47_OUTCOMES_UNBORN = {"icpc": 55, "cin": 35, "nfa": 10}
AT_HOME_OUTCOMES = {"supervision_order": 45, "cao": 20, "sgo": 15, "no_order": 10, "withdrawn": 10}
CARE_OUTCOMES = {"care_order": 55, "sgo": 20, "supervision_order": 12, "cao": 7, "no_order": 3, "withdrawn": 3}
CARE_OUTCOMES_YOUNG = {"care_order": 30, "placement_order": 32, "sgo": 22, "supervision_order": 10, "cao": 6}
S20_ENDINGS = {"E4A": 50, "E13": 20, "E4B": 10, "E8": 10, "E48": 5, "E5": 5}
AT_EIGHTEEN = {"E17": 25, "E5": 40, "E13": 20, "E8": 15}
PLACEMENTS_BABY = {"U6": 45, "U5": 18, "U3": 20, "R3": 7, "P1": 5, "U2": 5}
PLACEMENTS_1_TO_9 = {"U6": 60, "U3": 22, "P1": 7, "U5": 4, "K2": 2, "Z1": 1, "U2": 4}
PLACEMENTS_10_TO_15 = {"U6": 55, "U3": 15, "K2": 18, "P1": 5, "K1": 1, "R1": 2, "S1": 2, "Z1": 2}
PLACEMENTS_16_PLUS = {"U6": 35, "U3": 8, "K2": 17, "H5": 30, "P1": 4, "R5": 2, "Z1": 4}
MISSING_HOURS = (15, 16, 17, 18, 19, 19, 20, 20, 21, 21, 22, 22, 23, 13, 11)


# Statutory details the returns ask for, fixed per record by ``tools.settled`` (no draw from the random
# stream). Codes only where the DfE's validators give no meaning; the choices avoid what their rules
# refuse: RC2 (died) needs a date of death (8585Q), RC8 and RC9 (closed after assessment) an
# assessment and no plan (8825Q, 2990); CUSTOD is not for a child under 10 (234).
PRIMARY_NEEDS = ("N1", "N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8")
REASONS_FOR_CLOSURE = ("RC7",)
REASONS_PLACE_CHANGE = (
    "CARPL",
    "CARPL",
    "CLOSE",
    "ALLEG",
    "STAND",
    "APPRR",
    "CREQB",
    "CREQO",
    "CHILD",
    "LAREQ",
    "PLACE",
    "OTHER",
)
REASONS_PLACED_CEASED = ("RD1", "RD2", "RD3", "RD4")
# (number, sex, legal status) of the adopters: L0 one adopter (514), L3 a male and female couple (517),
# L4 and L12 same-sex couples (518, 524).
ADOPTERS = (("2", "MF", "L3"), ("2", "MF", "L3"), ("1", "F1", "L0"), ("2", "FF", "L4"), ("2", "MM", "L12"))
# The category of need of a period of care (SSDA903 CIN, N1 to N8), most often N1.
CATEGORIES_OF_NEED = ("N1",) * 6 + ("N2", "N3", "N4", "N4", "N5", "N5", "N6", "N7", "N8")
# Postcodes (SSDA903 HOME_POST and PL_POST), real ones: the DfE derives the placement's authority and
# whether it is the child's own from them, against its postcode directory (rules 169, 179, 392c). The
# DfE's validator run by the tests takes the demo authority to be Richmond upon Thames (E09000027,
# tests/statutory/dfe_returns_runner.py), so every setting the authority runs itself and every
# supported accommodation with an Ofsted number are there (rules 1015, 241); other placements are in
# or out of it, and a child's home is in it.
OWN_AREA_POSTCODES = (
    "TW10 7NJ", "TW1 3AF", "TW11 8ET", "TW2 6SP", "SW14 8LA", "TW9 4JH", "TW12 2TR", "TW1 1LG",
    "TW11 0RL", "TW12 9DW", "SW14 8RE", "TW12 2BJ", "TW1 4TW", "SW14 8BZ", "TW1 1ED",
)  # fmt: skip
# Elsewhere: Kingston upon Thames, Hounslow, Surrey, Wandsworth, Birmingham.
OTHER_AREA_POSTCODES = (
    "KT3 9LN", "KT3 9BY", "KT1 2UW", "TW3 4DL", "TW3 2AT", "TW5 0AZ", "KT15 9EA", "GU15 2FE", "KT8 2NT",
    "SW18 1RU", "SW18 9SH", "B26 1DB",
)  # fmt: skip
# Why a social worker took the case (SSDA903 SW_REASON). The DfE's validator gives only FCONTA's meaning
# (first contact); the others are chosen by what their codes spell: LEFTRL when the last worker left,
# TSPROC when the case moves on to the team for its next stage, a manager's reallocation otherwise.
REALLOCATION_REASONS = ("MANAGE", "MANAGE", "MANAGE", "ABSENC", "ORGRST")
