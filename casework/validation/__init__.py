"""Rules every record must meet, with messages a social worker understands.

One function per record type (``contact_errors``, ``placement_errors``, ...) takes an
unsaved or changed instance, looks up what it needs in the database, and raises
``ValidationError`` keyed by field. They depend on no request or user, so the product's
services and the statutory return imports run the same rules on every row. ``check()``
runs a record's rule and ``full_clean()`` together and reports every problem at once.

What is checked (``../shared/spec/DOMAIN.md``, "Records must make sense"):
- dates out of order: an end before its start, an event before what it follows (a visit
  before its plan, an enquiry before its strategy discussion, a return home interview
  before the return), and corrections that would leave linked records out of order;
- dates in the future for things that have happened (today is ``timezone.localdate()``);
- periods that cannot overlap: CP plans, CIN plans, pre-proceedings, periods of care and
  placements (a period ending on D and another starting on D do not overlap: "open at
  D" is start <= D < end); placements and legal statuses inside their period of care;
- events that need a child who has been born (visits, care, placements, the date a child
  was seen, care leaver records): refused for an unborn child and before the birth. Each
  kind declares its dates (``casework.records``, ``Kind.birth_dates``); ``with_birth_dates``
  adds them to the kind's rule, and ``child_errors`` reads the same list;
- codes not in the statutory code lists.
"""

from .base import (
    UNBORN_MONTHS,
    code_list_problem,
    day_of,
    event_date_messages,
    event_date_problem,
    long_date,
    overlapping,
    with_birth_dates,
)
from .care_leavers import birthday, birthday_record_errors, pathway_review_errors
from .checks import check, rules
from .children import child_errors
from .courts import adoption_errors, care_proceedings_errors, pre_proceedings_errors
from .fostering import foster_carer_household_errors, foster_carer_review_errors
from .front_door import assessment_errors, contact_errors, referral_errors
from .looked_after import (
    legal_status_errors,
    looked_after_review_errors,
    missing_episode_errors,
    period_of_care_errors,
    placement_errors,
    statutory_visit_errors,
)
from .protection import (
    advocacy_errors,
    cin_plan_errors,
    cin_plan_review_errors,
    conference_errors,
    cp_plan_errors,
    cp_visit_errors,
    section47_errors,
    strategy_discussion_errors,
)
from .quality import case_audit_errors

__all__ = [
    "UNBORN_MONTHS",
    "adoption_errors",
    "advocacy_errors",
    "assessment_errors",
    "birthday",
    "birthday_record_errors",
    "care_proceedings_errors",
    "case_audit_errors",
    "check",
    "child_errors",
    "code_list_problem",
    "cin_plan_errors",
    "cin_plan_review_errors",
    "conference_errors",
    "contact_errors",
    "cp_plan_errors",
    "cp_visit_errors",
    "day_of",
    "event_date_messages",
    "event_date_problem",
    "foster_carer_household_errors",
    "foster_carer_review_errors",
    "legal_status_errors",
    "long_date",
    "looked_after_review_errors",
    "missing_episode_errors",
    "overlapping",
    "pathway_review_errors",
    "period_of_care_errors",
    "placement_errors",
    "pre_proceedings_errors",
    "referral_errors",
    "rules",
    "section47_errors",
    "statutory_visit_errors",
    "strategy_discussion_errors",
    "with_birth_dates",
]
