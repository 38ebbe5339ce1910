"""Writes to children and their records.

Every service takes keyword arguments only, builds or changes the record, runs the
record's rule (``casework.validation``) and ``full_clean()``, and saves in one
transaction. A rejected record raises ``ValidationError`` keyed by field and saves
nothing. A saved record queues a recomputation of the indicator months from the earliest
date it touches (the earliest of its old and new dates for a correction), after commit.

``record_create`` records a new event of any kind (``casework.records``) and ``record_correct``
corrects one; ``contact_create``, ``placement_update``... are the same two services under the
names the imports and the demo call (``recording``). Corrections keep history:
every casework model is registered with django-auditlog (``casework/audit.py``), so the
change, who made it and when are written in the same transaction. ``recorded_by`` keeps
who first recorded the event; the audit log keeps who corrected it.

Imports call the same ``*_create`` services with ``source`` and ``source_reference``.
"""

from django.core.exceptions import ValidationError  # what every service raises

from .built_elsewhere import record_save
from .care_leavers import birthday_record_create, birthday_record_update, pathway_review_create, pathway_review_update
from .children import CHILD_ID_PREFIX, child_create, child_record_viewed, child_update
from .courts import (
    adoption_create,
    adoption_update,
    care_proceedings_create,
    care_proceedings_update,
    pre_proceedings_create,
    pre_proceedings_update,
)
from .fostering import (
    foster_carer_household_create,
    foster_carer_household_update,
    foster_carer_review_create,
    foster_carer_review_delete,
    foster_carer_review_save,
    foster_carer_review_update,
)
from .front_door import (
    assessment_create,
    assessment_update,
    contact_create,
    contact_update,
    referral_create,
    referral_update,
)
from .looked_after import (
    legal_status_create,
    legal_status_update,
    looked_after_review_create,
    looked_after_review_update,
    looked_after_start,
    missing_episode_create,
    missing_episode_update,
    period_of_care_create,
    period_of_care_update,
    placement_change,
    placement_create,
    placement_update,
    statutory_visit_create,
    statutory_visit_update,
)
from .protection import (
    advocacy_create,
    advocacy_update,
    cin_plan_create,
    cin_plan_review_create,
    cin_plan_review_update,
    cin_plan_update,
    conference_create,
    conference_update,
    cp_plan_create,
    cp_plan_update,
    cp_visit_create,
    cp_visit_update,
    section47_create,
    section47_update,
    strategy_discussion_create,
    strategy_discussion_update,
)
from .quality import case_audit_create, case_audit_update
from .recording import record_correct, record_create
from .saving import (
    FIRST_DATE_FIELD,
    MANUAL,
    POSSIBLE_DUPLICATE,
    REASON,
    is_possible_duplicate,
    record_days,
    second_record_confirmed,
)

__all__ = [
    "ValidationError",
    "CHILD_ID_PREFIX",
    "FIRST_DATE_FIELD",
    "MANUAL",
    "POSSIBLE_DUPLICATE",
    "REASON",
    "adoption_create",
    "adoption_update",
    "advocacy_create",
    "advocacy_update",
    "assessment_create",
    "assessment_update",
    "birthday_record_create",
    "birthday_record_update",
    "care_proceedings_create",
    "care_proceedings_update",
    "case_audit_create",
    "case_audit_update",
    "child_create",
    "child_record_viewed",
    "child_update",
    "cin_plan_create",
    "cin_plan_review_create",
    "cin_plan_review_update",
    "cin_plan_update",
    "conference_create",
    "conference_update",
    "contact_create",
    "contact_update",
    "cp_plan_create",
    "cp_plan_update",
    "cp_visit_create",
    "cp_visit_update",
    "foster_carer_household_create",
    "foster_carer_household_update",
    "foster_carer_review_create",
    "foster_carer_review_delete",
    "foster_carer_review_save",
    "foster_carer_review_update",
    "is_possible_duplicate",
    "legal_status_create",
    "legal_status_update",
    "looked_after_review_create",
    "looked_after_review_update",
    "looked_after_start",
    "missing_episode_create",
    "missing_episode_update",
    "pathway_review_create",
    "pathway_review_update",
    "period_of_care_create",
    "period_of_care_update",
    "placement_change",
    "placement_create",
    "placement_update",
    "pre_proceedings_create",
    "pre_proceedings_update",
    "record_correct",
    "record_create",
    "record_days",
    "record_save",
    "referral_create",
    "referral_update",
    "second_record_confirmed",
    "section47_create",
    "section47_update",
    "statutory_visit_create",
    "statutory_visit_update",
    "strategy_discussion_create",
    "strategy_discussion_update",
]
