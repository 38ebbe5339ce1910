"""Code lists shared with the statutory returns, so that imports map one to one.

SSDA903 (children looked after return) and the children in need census publish these
codes; we keep their codes as stored values and their descriptions as labels.
"""

from django.db import models


class Sex(models.TextChoices):
    # SSDA903 writes 1/2 before 2025 and M/F/U after; the CIN census 1/2 (0, 9 unknown).
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Caribbean"
    BAFR = "BAFR", "African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class ReferralSource(models.TextChoices):
    """CIN census referral source."""

    FAMILY = "1A", "Individual: family member/relative/carer"
    ACQUAINTANCE = "1B", "Individual: acquaintance"
    SELF = "1C", "Individual: self"
    INDIVIDUAL_OTHER = "1D", "Individual: other"
    SCHOOLS = "2A", "Schools"
    EDUCATION_SERVICES = "2B", "Education services"
    GP = "3A", "Health: GP"
    HEALTH_VISITOR = "3B", "Health: health visitor"
    SCHOOL_NURSE = "3C", "Health: school nurse"
    PRIMARY_HEALTH = "3D", "Health: other primary health services"
    ACCIDENT_EMERGENCY = "3E", "Health: A&E"
    HEALTH_OTHER = "3F", "Health: other"
    HOUSING = "4", "Housing"
    LA_SOCIAL_CARE = "5A", "LA services: social care"
    LA_OTHER = "5B", "LA services: other internal"
    LA_EXTERNAL = "5C", "LA services: external (e.g. another authority)"
    EARLY_HELP = "5D", "LA services: early help"
    POLICE = "6", "Police"
    LEGAL = "7", "Other legal agency"
    OTHER = "8", "Other"
    ANONYMOUS = "9", "Anonymous"
    UNKNOWN = "10", "Unknown"


class ContactDecision(models.TextChoices):
    NO_FURTHER_ACTION = "NFA", "No further action"
    INFORMATION_AND_ADVICE = "IA", "Information and advice"
    EARLY_HELP = "EH", "Early help"
    REFERRAL = "REF", "Referral to children's social care"


class AssessmentOutcome(models.TextChoices):
    NO_FURTHER_ACTION = "nfa", "No further action"
    EARLY_HELP = "early_help", "Step down to early help"
    CHILD_IN_NEED = "cin", "Child in need plan"
    STRATEGY_DISCUSSION = "strategy", "Strategy discussion"
    LOOKED_AFTER = "lac", "Become looked after"


class Section47Outcome(models.TextChoices):
    INITIAL_CONFERENCE = "icpc", "Initial child protection conference"
    CHILD_IN_NEED = "cin", "Child in need plan"
    NO_FURTHER_ACTION = "nfa", "No further action"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial"
    REVIEW = "review", "Review"


class ConferenceOutcome(models.TextChoices):
    PLAN = "plan", "Child protection plan"
    NO_PLAN = "no_plan", "No child protection plan"
    PLAN_CONTINUES = "continues", "Plan continues"
    PLAN_ENDS = "ends", "Plan ends"


class Participation(models.TextChoices):
    ATTENDED = "attended", "Attended"
    ADVOCATE = "advocate", "Views given through an advocate"
    WRITTEN = "written", "Views given in writing"
    DID_NOT_PARTICIPATE = "none", "Did not participate"


class AbuseCategory(models.TextChoices):
    """CIN census category of abuse (initial category of a CP plan)."""

    NEGLECT = "NEG", "Neglect"
    EMOTIONAL = "EMO", "Emotional abuse"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple"


class LegalStatusCode(models.TextChoices):
    """SSDA903 LS."""

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
    """SSDA903 RNE: why an episode starts. S starts a period of care; B and U keep the carer."""

    STARTED = "S", "S: Started to be looked after"
    LEGAL_STATUS = "L", "L: Change of legal status only"
    PLACEMENT = "P", "P: Change of placement and carer(s) only"
    BOTH = "T", "T: Change of both legal status and placement and carer(s)"
    STATUS_AND_PLACEMENT_SAME_CARER = "B", "B: Change of legal status and placement type, same carer(s)"
    PLACEMENT_SAME_CARER = "U", "U: Change of placement type only, same carer(s)"


class PlacementType(models.TextChoices):
    """SSDA903 PLACE. H5 and P2 were withdrawn in 2025 (K3 added); Z11-Z14 added in 2026."""

    A3 = "A3", "A3: Placed for adoption with consent, with current foster carer(s)"
    A4 = "A4", "A4: Placed for adoption with consent, not with current foster carer(s)"
    A5 = "A5", "A5: Placed for adoption with placement order, with current foster carer(s)"
    A6 = "A6", "A6: Placed for adoption with placement order, not with current foster carer(s)"
    H5 = "H5", "H5: Semi-independent living accommodation (before 2025)"
    K1 = "K1", "K1: Secure children's home"
    K2 = "K2", "K2: Children's home"
    K3 = "K3", "K3: Supported accommodation (from 2025)"
    P1 = "P1", "P1: Placed with own parent(s) or person with parental responsibility"
    P2 = "P2", "P2: Independent living (before 2025)"
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
    Z1 = "Z1", "Z1: Other placements"
    Z11 = "Z11", "Z11: Other placement: unregistered children's home (from 2026)"
    Z12 = "Z12", "Z12: Other placement: unregistered supported accommodation (from 2026)"
    Z13 = "Z13", "Z13: Other placement: other unregistered setting (from 2026)"
    Z14 = "Z14", "Z14: Other placement: registered setting not otherwise listed (from 2026)"


ADOPTION_PLACEMENT_TYPES = ("A3", "A4", "A5", "A6")

# Placement codes valid in each collection year (the year the return ends, 2025 for 2024-25).
_ALL_PLACEMENT_CODES = frozenset(PlacementType.values)
_PRE_2025 = _ALL_PLACEMENT_CODES - {"K3", "Z11", "Z12", "Z13", "Z14"}
_FROM_2025 = _PRE_2025 - {"H5", "P2"} | {"K3"}
_FROM_2026 = _FROM_2025 | {"Z11", "Z12", "Z13", "Z14"}


def placement_codes_for_year(collection_year: int) -> frozenset[str]:
    if collection_year >= 2026:
        return _FROM_2026
    if collection_year >= 2025:
        return _FROM_2025
    return _PRE_2025


class PlacementProvider(models.TextChoices):
    PR0 = "PR0", "PR0: Parent(s) or other person with parental responsibility"
    PR1 = "PR1", "PR1: Own provision (by the local authority)"
    PR2 = "PR2", "PR2: Other local authority provision"
    PR3 = "PR3", "PR3: Other public provision (e.g. a PCT)"
    PR4 = "PR4", "PR4: Private provision"
    PR5 = "PR5", "PR5: Voluntary/third sector provision"


class ReasonEpisodeCeased(models.TextChoices):
    """SSDA903 REC, for the end of a period of care (X1 only ends an episode within one)."""

    E11 = "E11", "E11: Adopted: application unopposed"
    E12 = "E12", "E12: Adopted: consent dispensed with by the court"
    E2 = "E2", "E2: Died"
    E3 = "E3", "E3: Care taken over by another local authority"
    E4A = "E4A", "E4A: Returned home to live with parents as part of the care plan"
    E4B = "E4B", "E4B: Returned home to live with parents not as part of the care plan"
    E13 = "E13", "E13: Left care to live with parent(s), relative(s) or other person(s)"
    E15 = "E15", "E15: Age assessment determined child is aged 18 or over"
    E16 = "E16", "E16: Child moved abroad"
    E17 = "E17", "E17: Aged 18 (or over) and remained with current carers"
    E41 = "E41", "E41: Residence order or child arrangements order granted"
    E45 = "E45", "E45: Special guardianship order: former foster carer(s)"
    E46 = "E46", "E46: Special guardianship order: carer(s) other than former foster carer(s)"
    E47 = "E47", "E47: Special guardianship order: relative or friend (not former foster carer)"
    E48 = "E48", "E48: Special guardianship order: other"
    E5 = "E5", "E5: Moved into independent living arrangement"
    E6 = "E6", "E6: Sentenced to custody"
    E7 = "E7", "E7: Accommodation on remand ended"
    E8 = "E8", "E8: Period of being looked after ceased for any other reason"
    E9 = "E9", "E9: Sentenced to custody"


ADOPTION_REASONS_CEASED = ("E11", "E12")


class MissingKind(models.TextChoices):
    MISSING = "M", "Missing"
    ABSENT = "A", "Away from placement without authorisation (absent)"


class ProceedingsOutcome(models.TextChoices):
    CARE_ORDER = "care_order", "Care order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    PLACEMENT_ORDER = "placement_order", "Care order and placement order"
    NO_ORDER = "no_order", "No order"
    WITHDRAWN = "withdrawn", "Application withdrawn"


class CareLeaverActivity(models.TextChoices):
    """SSDA903 OC3 ACTIV. F1-F5 and P1-P5 are in education, employment or training."""

    F1 = "F1", "F1: Full-time higher education"
    P1 = "P1", "P1: Part-time higher education"
    F2 = "F2", "F2: Full-time education other than higher education"
    P2 = "P2", "P2: Part-time education other than higher education"
    F3 = "F3", "F3: Full-time apprenticeship"
    P3 = "P3", "P3: Part-time apprenticeship"
    F4 = "F4", "F4: Full-time training or employment (other)"
    P4 = "P4", "P4: Part-time training or employment (other)"
    F5 = "F5", "F5: Full-time employment"
    P5 = "P5", "P5: Part-time employment"
    G4 = "G4", "G4: Not in education, employment or training: illness or disability"
    G5 = "G5", "G5: Not in education, employment or training: other reasons"
    G6 = "G6", "G6: Not in education, employment or training: pregnancy or parenting"
    NOT_KNOWN = "0", "0: Information not known"


EET_ACTIVITIES = ("F1", "F2", "F3", "F4", "F5", "P1", "P2", "P3", "P4", "P5")
NEET_ACTIVITIES = ("G4", "G5", "G6")


class CareLeaverAccommodation(models.TextChoices):
    """SSDA903 OC3 ACCOM: a letter for the kind, then 1 suitable or 2 unsuitable."""

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
    S1 = "S1", "S1: No fixed abode/homeless, suitable"
    S2 = "S2", "S2: No fixed abode/homeless, unsuitable"
    T1 = "T1", "T1: Foyers, suitable"
    T2 = "T2", "T2: Foyers, unsuitable"
    U1 = "U1", "U1: Independent living, suitable"
    U2 = "U2", "U2: Independent living, unsuitable"
    V1 = "V1", "V1: Emergency accommodation, suitable"
    V2 = "V2", "V2: Emergency accommodation, unsuitable"
    W1 = "W1", "W1: Bed and breakfast, suitable"
    W2 = "W2", "W2: Bed and breakfast, unsuitable"
    X1 = "X1", "X1: In custody, suitable"
    X2 = "X2", "X2: In custody, unsuitable"
    Y1 = "Y1", "Y1: Other accommodation, suitable"
    Y2 = "Y2", "Y2: Other accommodation, unsuitable"
    Z1 = "Z1", "Z1: With former foster carers, suitable"
    Z2 = "Z2", "Z2: With former foster carers, unsuitable"
    NOT_KNOWN = "0", "0: Information not known"


class InTouch(models.TextChoices):
    """SSDA903 OC3 IN_TOUCH."""

    YES = "YES", "In touch"
    NO = "NO", "Not in touch"
    DIED = "DIED", "Died"
    REFUSED = "REFU", "Refuses contact"
    NOT_REQUIRED = "NREQ", "No longer requires services"
    RETURNED_HOME = "RHOM", "Returned home for more than 6 months"


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


class CaseType(models.TextChoices):
    CHILD_IN_NEED = "CIN", "Child in need"
    CHILD_PROTECTION = "CP", "Child protection"
    LOOKED_AFTER = "LAC", "Looked after"


class AuditGrade(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"


class Source(models.TextChoices):
    MANUAL = "manual", "Recorded in the product"
    SSDA903 = "ssda903", "SSDA903 return"
    CIN_CENSUS = "cin_census", "Children in need census"
    DEMO = "demo", "Demo data"
