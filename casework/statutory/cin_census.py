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
