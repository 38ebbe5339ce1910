"""Children in need census code lists, from the DfE's validator (data-to-insight's
csc-validator-be-cin; its rule for each list is named beside it). The lists below are the same in
every collection year the product accepts (the validator's rulesets from 2022-23 to 2026-27 keep
them). The census import's own small lists (primary need, reason for closure) are still in
``imports.cin_census``.
"""

from django.db import models


class ReferralSource(models.TextChoices):
    """CIN census ReferralSource (rule 8866: required for referrals from 1 April 2013)."""

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


class AbuseCategory(models.TextChoices):
    """CIN census category of abuse: the initial (rule 8905) and latest (rule 8910) category of a CP plan."""

    NEGLECT = "NEG", "Neglect"
    EMOTIONAL = "EMO", "Emotional abuse"
    PHYSICAL = "PHY", "Physical abuse"
    SEXUAL = "SAB", "Sexual abuse"
    MULTIPLE = "MUL", "Multiple"


# CINdetails: PrimaryNeedCode, the child's primary need (rule 8650: N0 to N9; 8610: required once the
# referral leads to further action), and ReasonForClosure (rule 8640: RC1 to RC9; 8805: required when the
# case closes). The DfE's validator gives the codes, not their meanings.
PRIMARY_NEED_CHOICES = [(f"N{number}", f"N{number}") for number in range(0, 10)]
REASON_FOR_CLOSURE_CHOICES = [(f"RC{number}", f"RC{number}") for number in range(1, 10)]


# AssessmentFactors, the factors identified at the end of an assessment (the census's
# FactorsIdentifiedAtAssessment, N00181): the codes the DfE's validator accepts (rule 8897Q, "must be
# a valid code", from 2022-23 to 2026-27) that the DfE's census schema also allows, with the schema's
# meanings (its annotations, CIN_schema 2023-24), shortened. The validator's list also has 18A and 19A, which
# the schema has not held since the physical and sexual abuse factors were split (18B/18C, 19B/19C):
# a census holding them is refused by the schema, so they are not offered. "21" (no factors
# identified) stands alone (rule 8869). Factors belong to a completed assessment only (rule 8614).
NO_FACTORS_IDENTIFIED = "21"
ASSESSMENT_FACTOR_CHOICES = [
    ("1A", "1A: Alcohol misuse by the child"),
    ("1B", "1B: Alcohol misuse by the parent(s) or carer(s)"),
    ("1C", "1C: Alcohol misuse by another person living in the household"),
    ("2A", "2A: Drug misuse by the child"),
    ("2B", "2B: Drug misuse by the parent(s) or carer(s)"),
    ("2C", "2C: Drug misuse by another person living in the household"),
    ("3A", "3A: Domestic violence: the child is the subject"),
    ("3B", "3B: Domestic violence: the child's parent(s) or carer(s) are the subject"),
    ("3C", "3C: Domestic violence: another person living in the household is the subject"),
    ("4A", "4A: Mental health of the child"),
    ("4B", "4B: Mental health of the parent(s) or carer(s)"),
    ("4C", "4C: Mental health of another person in the family or household"),
    ("5A", "5A: Learning disability of the child"),
    ("5B", "5B: Learning disability of the parent(s) or carer(s)"),
    ("5C", "5C: Learning disability of another person in the family or household"),
    ("6A", "6A: Physical disability or illness of the child"),
    ("6B", "6B: Physical disability or illness of the parent(s) or carer(s)"),
    ("6C", "6C: Physical disability or illness of another person in the family or household"),
    ("7A", "7A: Young carer"),
    ("8B", "8B: Privately fostered: overseas child who intends to return"),
    ("8C", "8C: Privately fostered: overseas child who intends to stay"),
    ("8D", "8D: Privately fostered: UK child in an educational placement"),
    ("8E", "8E: Privately fostered: UK child in an alternative family arrangement"),
    ("8F", "8F: Privately fostered: other"),
    ("9A", "9A: Unaccompanied asylum-seeking child"),
    ("10A", "10A: Going or being missing"),
    ("11A", "11A: Child sexual exploitation"),
    ("12A", "12A: Trafficking"),
    ("13A", "13A: Gangs"),
    ("14A", "14A: Socially unacceptable behaviour"),
    ("15A", "15A: Self-harm"),
    ("16A", "16A: Abuse or neglect: neglect"),
    ("17A", "17A: Abuse or neglect: emotional abuse"),
    ("18B", "18B: Abuse or neglect: physical abuse, child on child"),
    ("18C", "18C: Abuse or neglect: physical abuse, adult on child"),
    ("19B", "19B: Abuse or neglect: sexual abuse, child on child"),
    ("19C", "19C: Abuse or neglect: sexual abuse, adult on child"),
    ("20", "20: Other"),
    (NO_FACTORS_IDENTIFIED, "21: No factors identified, and no further action"),
    ("22A", "22A: Female genital mutilation"),
    ("23A", "23A: Abuse linked to faith or belief"),
    ("24A", "24A: Child criminal exploitation"),
]

# Disability (N00099), the child's disabilities (ChildCharacteristics > Disabilities): the DfE's census
# schema's codes and meanings (CIN_schema 2023-24, the same in 2020-21). NONE stands alone (rule
# 8790), a code is given once (rule 8794).
NO_DISABILITY = "NONE"
DISABILITY_CHOICES = [
    (NO_DISABILITY, "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism"),
    ("DDA", "Other"),
]
