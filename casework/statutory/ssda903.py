"""SSDA903 (children looked after) code lists, from the DfE's validator (data-to-insight's
csc-validator-be-903, whose rule for each list is named beside it) and the DfE's guidance.

Collection years are named by the year the return ends (2025 for 2024-25). The product accepts
2017-18 to 2026-27; the validator's rules start with 2022-23, and a list it holds unchanged from
then applies to the earlier years too (the DfE's earlier guidance has the same codes). Where a list
changed, the year is written beside it and a function gives the list for a year.

The meanings the indicators read (a change of carer or not, long-term fostering, suitable
accommodation, education, employment or training) are defined here and nowhere else.
"""

import re

from django.db import models


class LegalStatusCode(models.TextChoices):
    """SSDA903 LS (rule 103)."""

    C1 = "C1", "C1: Interim care order"
    C2 = "C2", "C2: Full care order"
    D1 = "D1", "D1: Freeing order granted"
    E1 = "E1", "E1: Placement order granted"
    J1 = "J1", "J1: Remanded to local authority accommodation or youth detention"
    J2 = "J2", "J2: Placed in local authority accommodation under PACE"
    J3 = "J3", "J3: Sentenced to a youth rehabilitation order with residence requirement"
    L1 = "L1", "L1: Under police protection and in local authority accommodation"
    L2 = "L2", "L2: Emergency protection order"
    L3 = "L3", "L3: Under child assessment order and in local authority accommodation"
    V2 = "V2", "V2: Single period of accommodation under section 20"
    V3 = "V3", "V3: Agreed series of short-term breaks (individual episodes recorded)"
    V4 = "V4", "V4: Agreed series of short-term breaks (agreements recorded)"


class ReasonNewEpisode(models.TextChoices):
    """SSDA903 RNE: why an episode starts (rule 143). S starts a period of care. T and U keep the carer(s):
    rule 217 allows only S, T or U for a child placed for adoption with their current foster carers (A3,
    A5). P and T change the placement but not the legal status (rule 435); U and B change both (rule 436);
    L changes the legal status only (rule 434). A temporary placement starts with P or B (rule 380)."""

    STARTED = "S", "S: Started to be looked after"
    LEGAL_STATUS = "L", "L: Change of legal status only"
    PLACEMENT = "P", "P: Change of placement and carer(s) only"
    PLACEMENT_SAME_CARER = "T", "T: Change of placement, same carer(s)"
    STATUS_AND_PLACEMENT_SAME_CARER = "U", "U: Change of legal status and placement, same carer(s)"
    STATUS_AND_PLACEMENT = "B", "B: Change of legal status, placement and carer(s)"


# RNE that keep the carer(s): a change of placement with the same carer is not a move (LAC 20, LAC 10).
SAME_CARER_REASONS = (ReasonNewEpisode.PLACEMENT_SAME_CARER, ReasonNewEpisode.STATUS_AND_PLACEMENT_SAME_CARER)


class PlacementType(models.TextChoices):
    """SSDA903 PLACE (rule 146): see ``placement_codes_for_year`` for the years each code is valid."""

    A3 = "A3", "A3: Placed for adoption with consent, with current foster carer(s)"
    A4 = "A4", "A4: Placed for adoption with consent, not with current foster carer(s)"
    A5 = "A5", "A5: Placed for adoption with placement order, with current foster carer(s)"
    A6 = "A6", "A6: Placed for adoption with placement order, not with current foster carer(s)"
    H5 = "H5", "H5: Semi-independent living accommodation (to 2024-25)"
    K1 = "K1", "K1: Secure children's home"
    K2 = "K2", "K2: Children's home"
    K3 = "K3", "K3: Supported accommodation (from 2024-25)"
    P1 = "P1", "P1: Placed with own parent(s) or person with parental responsibility"
    P2 = "P2", "P2: Independent living (to 2024-25)"
    P3 = "P3", "P3: Residential employment"
    R1 = "R1", "R1: Residential care home"
    R2 = "R2", "R2: NHS/health trust or other medical establishment"
    R3 = "R3", "R3: Family centre or mother and baby unit"
    R5 = "R5", "R5: Young offender institution or prison"
    S1 = "S1", "S1: Independent residential school"
    T0 = "T0", "T0: Temporary: hospital"
    T1 = "T1", "T1: Temporary: school"
    T2 = "T2", "T2: Temporary: holiday"
    T3 = "T3", "T3: Temporary: accommodation of seven days or less"
    T4 = "T4", "T4: Temporary: other"
    U1 = "U1", "U1: Foster placement with relative or friend, long-term fostering"
    U2 = "U2", "U2: Foster placement with relative or friend, FFA/concurrent planning"
    U3 = "U3", "U3: Foster placement with relative or friend, not long-term or FFA"
    U4 = "U4", "U4: Foster placement with other foster carer, long-term fostering"
    U5 = "U5", "U5: Foster placement with other foster carer, FFA/concurrent planning"
    U6 = "U6", "U6: Foster placement with other foster carer, not long-term or FFA"
    Z1 = "Z1", "Z1: Other placements (to 2024-25)"
    Z11 = "Z11", "Z11: Other placement: unregistered children's home (from 2025-26)"
    Z12 = "Z12", "Z12: Other placement: unregistered supported accommodation (from 2025-26)"
    Z13 = "Z13", "Z13: Other placement: other unregistered setting (from 2025-26)"
    Z14 = "Z14", "Z14: Other placement: registered setting not otherwise listed (from 2025-26)"


ADOPTION_PLACEMENT_TYPES = ("A3", "A4", "A5", "A6")
# Placed for adoption with the current foster carer(s) (rule 217).
ADOPTION_WITH_FOSTER_CARERS = ("A3", "A5")
# Temporary placements (rules 380, 381 and 383): a stay away from the normal placement, to which the
# child returns; not a placement of their own and not a move.
TEMPORARY_PLACEMENT_TYPES = ("T0", "T1", "T2", "T3", "T4")
# Long-term fostering.
LONG_TERM_FOSTERING = ("U1", "U4")

# Rule 146 by year: the 2022-23 list to 2023-24; 2024-25 adds K3 (the validator writes it "k3"); 2025-26
# withdraws H5, P2 and Z1 and adds Z11 to Z14.
_ALL_PLACEMENT_CODES = frozenset(PlacementType.values)
_TO_2024 = _ALL_PLACEMENT_CODES - {"K3", "Z11", "Z12", "Z13", "Z14"}
_IN_2025 = _TO_2024 | {"K3"}
_FROM_2026 = _IN_2025 - {"H5", "P2", "Z1"} | {"Z11", "Z12", "Z13", "Z14"}


def placement_codes_for_year(collection_year: int) -> frozenset[str]:
    if collection_year >= 2026:
        return _FROM_2026
    if collection_year >= 2025:
        return _IN_2025
    return _TO_2024


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "PR0: Parent(s) or other person with parental responsibility"
    PR1 = "PR1", "PR1: Own provision (by the local authority)"
    PR2 = "PR2", "PR2: Other local authority provision"
    PR3 = "PR3", "PR3: Other public provision (e.g. a PCT)"
    PR4 = "PR4", "PR4: Private provision"
    PR5 = "PR5", "PR5: Voluntary/third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC (rule 149), for the end of a period of care; X1 (``END_OF_EPISODE_ONLY``) only ends an
    episode within one. E5 and E6 are independent living (rule 387), E7 adult social care (rule 389)."""

    E11 = "E11", "E11: Adopted: application unopposed"
    E12 = "E12", "E12: Adopted: consent dispensed with by the court"
    E2 = "E2", "E2: Died"
    E3 = "E3", "E3: Care taken over by another local authority"
    E4A = "E4A", "E4A: Returned home to live with parents as part of the care plan"
    E4B = "E4B", "E4B: Returned home to live with parents not as part of the care plan"
    E13 = "E13", "E13: Left care to live with parent(s), relative(s) or other person(s)"
    E14 = "E14", "E14: Accommodation on remand ended"
    E15 = "E15", "E15: Age assessment determined child is aged 18 or over"
    E16 = "E16", "E16: Child moved abroad"
    E17 = "E17", "E17: Aged 18 (or over) and remained with current carers"
    E41 = "E41", "E41: Residence order or child arrangements order granted"
    E45 = "E45", "E45: Special guardianship order: former foster carer(s)"
    E46 = "E46", "E46: Special guardianship order: carer(s) other than former foster carer(s)"
    E47 = "E47", "E47: Special guardianship order: relative or friend (not former foster carer)"
    E48 = "E48", "E48: Special guardianship order: other"
    E5 = "E5", "E5: Moved into independent living arrangement, with formal support"
    E6 = "E6", "E6: Moved into independent living arrangement, without formal support"
    E7 = "E7", "E7: Transferred to residential care funded by adult social care services"
    E8 = "E8", "E8: Period of being looked after ceased for any other reason"
    E9 = "E9", "E9: Sentenced to custody"


END_OF_EPISODE_ONLY = "X1"
ADOPTION_REASONS_CEASED = ("E11", "E12")
# Care that cannot be followed by another episode: died, or found to be 18 or over (rule 437).
FINAL_REASONS_CEASED = ("E2", "E15")


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    ABSENT = "A", "Away from placement without authorisation (absent)"


class CareLeaverActivity(models.TextChoices):
    """SSDA903 OC3 ACTIV (rule 132: F3 and P3 are not on the DfE's list)."""

    F1 = "F1", "F1: Full-time higher education"
    P1 = "P1", "P1: Part-time higher education"
    F2 = "F2", "F2: Full-time education other than higher education"
    P2 = "P2", "P2: Part-time education other than higher education"
    F4 = "F4", "F4: Full-time training or employment (other)"
    P4 = "P4", "P4: Part-time training or employment (other)"
    F5 = "F5", "F5: Full-time employment"
    P5 = "P5", "P5: Part-time employment"
    G4 = "G4", "G4: Not in education, employment or training: illness or disability"
    G5 = "G5", "G5: Not in education, employment or training: other reasons"
    G6 = "G6", "G6: Not in education, employment or training: pregnancy or parenting"
    NOT_KNOWN = "0", "0: Information not known"


# In education, employment or training (CL 1), and not (CL 2); 0 is neither.
EET_ACTIVITIES = ("F1", "F2", "F4", "F5", "P1", "P2", "P4", "P5")
NEET_ACTIVITIES = ("G4", "G5", "G6")


class CareLeaverAccommodation(models.TextChoices):
    """SSDA903 OC3 ACCOM (rule 133): a letter for the kind, then 1 suitable or 2 unsuitable. S1 (no fixed
    abode, suitable) and X1 (in custody, suitable) are not on the DfE's list."""

    B1 = "B1", "B1: With parents or relatives, suitable"
    B2 = "B2", "B2: With parents or relatives, unsuitable"
    C1 = "C1", "C1: Community home, suitable"
    C2 = "C2", "C2: Community home, unsuitable"
    D1 = "D1", "D1: Semi-independent, transitional accommodation, suitable"
    D2 = "D2", "D2: Semi-independent, transitional accommodation, unsuitable"
    E1 = "E1", "E1: Supported lodgings, suitable"
    E2 = "E2", "E2: Supported lodgings, unsuitable"
    G1 = "G1", "G1: Gone abroad, suitable"
    G2 = "G2", "G2: Gone abroad, unsuitable"
    H1 = "H1", "H1: Deported, suitable"
    H2 = "H2", "H2: Deported, unsuitable"
    K1 = "K1", "K1: Ordinary lodgings, suitable"
    K2 = "K2", "K2: Ordinary lodgings, unsuitable"
    R1 = "R1", "R1: Residence not known, suitable"
    R2 = "R2", "R2: Residence not known, unsuitable"
    S2 = "S2", "S2: No fixed abode/homeless, unsuitable"
    T1 = "T1", "T1: Foyers, suitable"
    T2 = "T2", "T2: Foyers, unsuitable"
    U1 = "U1", "U1: Independent living, suitable"
    U2 = "U2", "U2: Independent living, unsuitable"
    V1 = "V1", "V1: Emergency accommodation, suitable"
    V2 = "V2", "V2: Emergency accommodation, unsuitable"
    W1 = "W1", "W1: Bed and breakfast, suitable"
    W2 = "W2", "W2: Bed and breakfast, unsuitable"
    X2 = "X2", "X2: In custody, unsuitable"
    Y1 = "Y1", "Y1: Other accommodation, suitable"
    Y2 = "Y2", "Y2: Other accommodation, unsuitable"
    Z1 = "Z1", "Z1: With former foster carers, suitable"
    Z2 = "Z2", "Z2: With former foster carers, unsuitable"
    NOT_KNOWN = "0", "0: Information not known"


class InTouch(models.TextChoices):
    """SSDA903 OC3 IN_TOUCH. DIED and RHOM have no activity or accommodation (rule 344); YES has both
    (rule 345)."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFUSED = "REFU", "Refuses contact"
    NOT_REQUIRED = "NREQ", "No longer requires services"
    RETURNED_HOME = "RHOM", "Returned home for more than 6 months"


# The second character of an accommodation code: suitable (CL 3) or not.
SUITABLE = "1"
UNSUITABLE = "2"
NO_OUTCOMES = (InTouch.DIED, InTouch.RETURNED_HOME)


class ReviewParticipation(models.TextChoices):
    """SSDA903 REVIEW_CODE: how the child took part in a looked-after review."""

    PN0 = "PN0", "PN0: Child aged under 4 at the time of the review"
    PN1 = "PN1", "PN1: Child attended and spoke for themselves"
    PN2 = "PN2", "PN2: Child attended, an advocate spoke on their behalf"
    PN3 = "PN3", "PN3: Child attended, conveyed views symbolically"
    PN4 = "PN4", "PN4: Child attended but did not convey views"
    PN5 = "PN5", "PN5: Child did not attend, briefed an advocate"
    PN6 = "PN6", "PN6: Child did not attend, conveyed views by another method"
    PN7 = "PN7", "PN7: Child did not attend nor convey views"


# --- Lists the product keeps no record for, checked at import -----------------------------------

# Episodes: CIN, the category of need, N1 to N8 (rule 145).
CATEGORY_OF_NEED = frozenset(f"N{number}" for number in range(1, 9))
# Episodes: REASON_PLACE_CHANGE, why the placement changed (rule 1009).
REASONS_PLACE_CHANGE = frozenset(
    {"CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE", "CUSTOD", "OTHER"}
)
# Header: MOTHER, whether the child is a mother.
MOTHER = frozenset({"0", "1"})
# Placed for adoption: REASON_PLACED_CEASED, why the decision was reversed (rule 120).
REASON_PLACED_CEASED = frozenset({"RD1", "RD2", "RD3", "RD4"})
# AD1: adopted by the foster carers, number (rule 175), sex (rule 176) and legal status (rule 177) of the
# adopters.
FOSTER_CARE = frozenset({"0", "1"})
NUMBER_OF_ADOPTERS = frozenset({"1", "2"})
SEX_OF_ADOPTERS = frozenset({"M1", "F1", "MM", "FF", "MF"})
LEGAL_STATUS_OF_ADOPTERS = frozenset({"L0", "L11", "L12", "L2", "L3", "L4"})
# Episodes: HOME_POST and PL_POST, a postcode in full (rule 392c checks it against the postcodes the DfE
# knows; the product checks its form).
POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)
# Social worker episodes (from 2023-24): SW_REASON, why the social worker changed (rule SW13STG1).
SW_REASONS = frozenset(
    {"MANAGE", "FCONTA", "LEFTRL", "ORGRST", "TSPROC", "ABSENC", "CHCHAN", "PCCHAN", "SWDIED", "OTHERS"}
)
# SW_REASON FCONTA is the child's first worker, "first contact" (rule SW10bSTG2's message): the one
# reason a new episode may begin after a gap since the last (SW10aSTG2), and only then (SW10bSTG2).
FIRST_CONTACT = "FCONTA"
# Social worker episodes: SW_ID, the social worker's ID, begins with SW or XX in capitals (rule SW02STG1).
SW_ID_PREFIXES = ("SW", "XX")


def sw_id_shortest(collection_year: int) -> int:
    """The fewest characters an SW_ID may have in the collection year (rule SW02STG1): from 2025-26 the
    DfE's check also rejects an ID that is only its prefix or one character more."""
    return 4 if collection_year >= 2026 else len(SW_ID_PREFIXES[0])


# OC2: SDQ_REASON, why there is no SDQ score (rule 196); the score itself is 0 to 40 (rule 180).
SDQ_REASONS = frozenset({"SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"})
SDQ_SCORES = range(0, 41)
# OC2's yes/no columns, and the XML header's UASC: 0 or 1.
FLAG = frozenset({"0", "1"})
OC2_FLAGS = {
    "CONVICTED": "convicted",
    "HEALTH_CHECK": "health check",
    "IMMUNISATIONS": "immunisations",
    "TEETH_CHECK": "teeth check",
    "HEALTH_ASSESSMENT": "health assessment",
    "SUBSTANCE_MISUSE": "substance misuse",
    "INTERVENTION_RECEIVED": "intervention received",
    "INTERVENTION_OFFERED": "intervention offered",
}
# Previous permanence: PREV_PERM, the order the child had before (rule 631; Z1: none or not known).
PREVIOUS_PERMANENCE = frozenset({"P1", "P2", "P3", "P4", "Z1"})


# Previous permanence: LA_PERM, the authority that arranged it (rule 633): an English authority's
# DfE number, or where outside England.
def _codes(*lines: str) -> frozenset[str]:
    return frozenset(code for line in lines for code in line.split())


_AUTHORITIES = _codes(
    # London boroughs
    "201 202 203 204 205 206 207 208 209 210 211 212 213 301 302 303 304 305 306 307 308 309 310 311 312",
    "313 314 315 316 317 318 319 320",
    # Metropolitan districts
    "330 331 332 333 334 335 336 340 341 342 343 344 350 351 352 353 354 355 356 357 358 359 370 371 372",
    "373 380 381 382 383 384 390 391 392 393 394",
    # Isles of Scilly, unitary authorities and counties (including those since reorganised)
    "420 800 801 802 803 805 806 807 808 810 811 812 813 815 816 821 822 823 825 826 830 831 835 836 837",
    "840 841 845 846 850 851 852 855 856 857 860 861 865 866 867 868 869 870 871 872 873 874 876 877 878",
    "879 880 881 882 883 884 885 886 887 888 889 890 891 892 893 894 895 896 908 909 916 919 921 925 926",
    "928 929 931 933 935 936 937 938",
    # Accepted by the DfE's checks
    "999",
)
_AUTHORITIES_FROM = {
    2020: frozenset({"838", "839"}),  # Dorset; Bournemouth, Christchurch and Poole (April 2019)
    2022: frozenset({"940", "941"}),  # North and West Northamptonshire (April 2021)
    2024: frozenset({"942", "943"}),  # Cumberland; Westmorland and Furness (April 2023)
}
OUTSIDE_ENGLAND = frozenset({"WAL", "SCO", "NIR", "NUK"})  # Wales, Scotland, Northern Ireland, outside the UK


def authority_codes(collection_year: int) -> frozenset[str]:
    """The LA_PERM codes valid in the collection year (the year the return ends)."""
    codes = set(_AUTHORITIES | OUTSIDE_ENGLAND)
    for first_year, added in _AUTHORITIES_FROM.items():
        if collection_year >= first_year:
            codes |= added
    return frozenset(codes)


# Choices for the fields that record these lists (the DfE's validator gives the codes, not their meanings).
MOTHER_CHOICES = [("1", "Yes"), ("0", "No")]
CATEGORY_OF_NEED_CHOICES = [(code, code) for code in sorted(CATEGORY_OF_NEED)]
REASON_PLACE_CHANGE_CHOICES = [(code, code) for code in sorted(REASONS_PLACE_CHANGE)]
REASON_PLACED_CEASED_CHOICES = [(code, code) for code in sorted(REASON_PLACED_CEASED)]
FOSTER_CARE_CHOICES = [("1", "Yes: adopted by their foster carers"), ("0", "No")]
NUMBER_OF_ADOPTERS_CHOICES = [("1", "One adopter"), ("2", "Two adopters")]
SEX_OF_ADOPTERS_CHOICES = [(code, code) for code in ("M1", "F1", "MM", "FF", "MF")]
LEGAL_STATUS_OF_ADOPTERS_CHOICES = [(code, code) for code in ("L0", "L11", "L12", "L2", "L3", "L4")]
SW_REASON_CHOICES = [(FIRST_CONTACT, "FCONTA: first contact")] + [
    (code, code) for code in sorted(SW_REASONS - {FIRST_CONTACT})
]
