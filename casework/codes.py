"""Code lists shared with the statutory returns, so that imports map one to one.

SSDA903 (children looked after return) and the children in need census publish these
codes; we keep their codes as stored values and their descriptions as labels. The SSDA903
and census lists are defined in ``casework.statutory`` (one module per return) and only named here.
"""

from django.db import models

# The children in need census lists live in ``casework.statutory.cin_census``: named here for the models.
from .statutory.cin_census import AbuseCategory, ReferralSource  # noqa: F401

# The SSDA903 lists live in ``casework.statutory.ssda903`` (one place): named here too for the models.
from .statutory.ssda903 import (  # noqa: F401
    ADOPTION_PLACEMENT_TYPES,
    ADOPTION_REASONS_CEASED,
    EET_ACTIVITIES,
    NEET_ACTIVITIES,
    SAME_CARER_REASONS,
    CareLeaverAccommodation,
    CareLeaverActivity,
    InTouch,
    LegalStatusCode,
    MissingKind,
    PlacementProvider,
    PlacementType,
    ReasonEpisodeCeased,
    ReasonNewEpisode,
    ReviewParticipation,
    placement_codes_for_year,
)


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


class ProceedingsOutcome(models.TextChoices):
    CARE_ORDER = "care_order", "Care order"
    SUPERVISION_ORDER = "supervision_order", "Supervision order"
    SPECIAL_GUARDIANSHIP = "sgo", "Special guardianship order"
    CHILD_ARRANGEMENTS = "cao", "Child arrangements order"
    PLACEMENT_ORDER = "placement_order", "Care order and placement order"
    NO_ORDER = "no_order", "No order"
    WITHDRAWN = "withdrawn", "Application withdrawn"


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
