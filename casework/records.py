"""The kinds of record a social worker keeps on a child: one declaration per kind.

Each names the kind's model, its form, its first date (what "recompute from the child's
first record" reads, and what makes a second record of the kind on the same date look like
a double post), the dates that need a child who has been born, its rule
(``casework.validation``), its events on the chronology (``casework.events``), how the
child's page offers it, and its list in the admin. The generic services
(``casework.services.record_create`` and ``record_correct``), the one pair of record views,
the child's page, the chronology, the checks of the dates against the birth (on the record
and on a corrected date of birth) and the admin are all built from this list, so a new kind
of record is one entry here.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from . import events, forms, validation
from . import models as m


@dataclass(frozen=True)
class Kind:
    slug: str
    action: str  # the link on the child's page: "Record a statutory visit"
    title: str  # the heading of the correction page: "Correct a statutory visit"
    group: str
    form: type
    model: type[models.Model] | None = None  # None: a step that writes several records
    first_date: str | None = None  # None: the kind's records are left out of both uses
    # (date field, how to name the event): dates that need a child who has been born. The rule
    # refuses them for an unborn child and before the birth (``validation.with_birth_dates``),
    # and a corrected date of birth must leave them after it (``validation.child_errors``). The
    # name reads in "The statutory visit cannot be before Ada was born", "record the date of
    # birth before the statutory visit" and "The statutory visit on 4 March 2024 is before...".
    birth_dates: tuple[tuple[str, str], ...] = ()
    rule: Callable | None = None
    events: Callable | None = None
    shows: tuple[str, ...] = ()  # relations its events print, read with the record
    needs: type[models.Model] | None = None  # offered once the child has one of these
    extra_permissions: tuple[str, ...] = ()
    # The admin's list of the kind's records (``casework.admin``): the child, the date it is
    # listed by (the first date unless another is named), these columns; filtered by the
    # source and these.
    admin_date: str | None = None
    admin_columns: tuple[str, ...] = ()
    admin_filters: tuple[str, ...] = ()

    @property
    def listed_by(self) -> str | None:
        """The date the admin lists and drills down the kind's records by."""
        return self.admin_date or self.first_date

    @property
    def add_permissions(self) -> tuple[str, ...]:
        own = (f"casework.add_{self.model._meta.model_name}",) if self.model else ()
        return own + self.extra_permissions

    @property
    def change_permission(self) -> str:
        return f"casework.change_{self.model._meta.model_name}"


FRONT_DOOR = "Front door and assessment"
PROTECTION = "Child protection and child in need"
CARE = "Looked after"
COURT = "Courts and permanence"
LEAVING = "Care leavers"
QUALITY = "Quality assurance"

KINDS: list[Kind] = [
    Kind(
        "contact", "Record a contact", "Correct a contact", FRONT_DOOR, forms.ContactForm, m.Contact,
        first_date="received_at", rule=validation.contact_errors, events=events.contact_events,
        admin_columns=("decision", "decided_at"), admin_filters=("decision",),
    ),
    Kind(
        "referral", "Record a referral", "Correct a referral", FRONT_DOOR, forms.ReferralForm, m.Referral,
        first_date="received_on", rule=validation.referral_errors, events=events.referral_events, shows=("contact",),
        admin_columns=("source_of_referral", "primary_need", "closed_on", "reason_for_closure"),
    ),
    Kind(
        "assessment", "Record an assessment", "Correct an assessment", FRONT_DOOR, forms.AssessmentForm,
        m.Assessment, first_date="started_on",
        birth_dates=(("child_seen_on", "date the child was seen in an assessment"),),
        rule=validation.assessment_errors, events=events.assessment_events,
        admin_columns=("child_seen_on", "authorised_on", "outcome"), admin_filters=("outcome",),
    ),
    Kind(
        "strategy-discussion", "Record a strategy discussion", "Correct a strategy discussion", PROTECTION,
        forms.StrategyDiscussionForm, m.StrategyDiscussion, first_date="held_on",
        rule=validation.strategy_discussion_errors, events=events.strategy_events,
    ),
    Kind(
        "section-47", "Record a section 47 enquiry", "Correct a section 47 enquiry", PROTECTION,
        forms.Section47Form, m.Section47Enquiry, first_date="started_on",
        birth_dates=(("child_seen_on", "date the child was seen in a section 47 enquiry"),),
        rule=validation.section47_errors, events=events.section47_events,
        admin_columns=("child_seen_on", "outcome"), admin_filters=("outcome",),
    ),
    Kind(
        "conference", "Record a child protection conference", "Correct a child protection conference", PROTECTION,
        forms.ConferenceForm, m.ChildProtectionConference, first_date="held_on",
        rule=validation.conference_errors, events=events.conference_events,
        admin_columns=("kind", "outcome", "participation"), admin_filters=("kind", "participation"),
    ),
    Kind(
        "cp-plan", "Record a child protection plan", "Correct a child protection plan", PROTECTION,
        forms.CPPlanForm, m.ChildProtectionPlan, first_date="started_on",
        rule=validation.cp_plan_errors, events=events.cp_plan_events,
        admin_columns=("ended_on", "category"), admin_filters=("category",),
    ),
    Kind(
        "cp-visit", "Record a child protection visit", "Correct a child protection visit", PROTECTION,
        forms.CPVisitForm, m.ChildProtectionVisit, first_date="visited_on",
        birth_dates=(("visited_on", "child protection visit"),),
        rule=validation.cp_visit_errors, events=events.cp_visit_events, needs=m.ChildProtectionPlan,
        admin_columns=("plan", "seen_alone"),
    ),
    Kind(
        "cin-plan", "Record a child in need plan", "Correct a child in need plan", PROTECTION, forms.CINPlanForm,
        m.ChildInNeedPlan, first_date="started_on", rule=validation.cin_plan_errors, events=events.cin_plan_events,
        admin_columns=("ended_on",),
    ),
    Kind(
        "cin-plan-review", "Record a child in need plan review", "Correct a child in need plan review", PROTECTION,
        forms.CINPlanReviewForm, m.ChildInNeedPlanReview, first_date="reviewed_on",
        birth_dates=(("reviewed_on", "child in need plan review"),),
        rule=validation.cin_plan_review_errors, events=events.cin_review_events, needs=m.ChildInNeedPlan,
        admin_columns=("plan",),
    ),
    Kind(
        "advocacy", "Record advocacy", "Correct advocacy", PROTECTION, forms.AdvocacyForm, m.AdvocacyPeriod,
        first_date="started_on", birth_dates=(("started_on", "start of advocacy"),),
        rule=validation.advocacy_errors, events=events.advocacy_events,
        admin_columns=("ended_on",),
    ),
    Kind(
        "looked-after", "Record that the child became looked after", "", CARE, forms.LookedAfterStartForm,
        extra_permissions=("casework.add_periodofcare", "casework.add_legalstatus", "casework.add_placement"),
    ),
    Kind(
        "placement-change", "Record a change of placement", "", CARE, forms.PlacementChangeForm,
        needs=m.PeriodOfCare, extra_permissions=("casework.add_placement", "casework.change_placement"),
    ),
    Kind(
        "statutory-visit", "Record a statutory visit", "Correct a statutory visit", CARE, forms.StatutoryVisitForm,
        m.StatutoryVisit, first_date="visited_on", birth_dates=(("visited_on", "statutory visit"),),
        rule=validation.statutory_visit_errors, events=events.statutory_visit_events, needs=m.PeriodOfCare,
        admin_columns=("seen_alone",),
    ),
    Kind(
        "looked-after-review", "Record a looked-after review", "Correct a looked-after review", CARE,
        forms.LookedAfterReviewForm, m.LookedAfterReview, first_date="held_on",
        birth_dates=(("held_on", "looked-after review"),),
        rule=validation.looked_after_review_errors, events=events.review_events, needs=m.PeriodOfCare,
        admin_columns=("participation",),
    ),
    Kind(
        "legal-status", "Record a change of legal status", "Correct a legal status", CARE, forms.LegalStatusForm,
        m.LegalStatus, birth_dates=(("started_on", "legal status"),),
        rule=validation.legal_status_errors, events=events.legal_status_events, needs=m.PeriodOfCare,
        admin_date="started_on", admin_columns=("code",), admin_filters=("code",),
    ),
    Kind(
        "period-of-care", "Record a past period of care", "Correct a period of care", CARE, forms.PeriodOfCareForm,
        m.PeriodOfCare, first_date="started_on", birth_dates=(("started_on", "period of care"),),
        rule=validation.period_of_care_errors, events=events.period_of_care_events,
        admin_columns=("ended_on", "reason_ceased"), admin_filters=("reason_ceased",),
    ),
    Kind(
        "placement", "Record a past placement", "Correct a placement", CARE, forms.PlacementForm, m.Placement,
        first_date="started_on", birth_dates=(("started_on", "placement"),),
        rule=validation.placement_errors, events=events.placement_events, shows=("carer",), needs=m.PeriodOfCare,
        admin_columns=("ended_on", "placement_type", "is_long_term"), admin_filters=("placement_type", "is_long_term"),
    ),
    Kind(
        "missing", "Record a missing episode", "Correct a missing episode", CARE, forms.MissingEpisodeForm,
        m.MissingEpisode, first_date="started_at", birth_dates=(("started_at", "missing episode"),),
        rule=validation.missing_episode_errors, events=events.missing_events,
        admin_columns=("ended_at", "kind", "interview_completed_at"), admin_filters=("kind",),
    ),
    Kind(
        "pre-proceedings", "Record pre-proceedings (PLO)", "Correct pre-proceedings", COURT,
        forms.PreProceedingsForm, m.PreProceedings, first_date="started_on",
        rule=validation.pre_proceedings_errors, events=events.pre_proceedings_events,
        admin_columns=("ended_on",),
    ),
    Kind(
        "care-proceedings", "Record care proceedings", "Correct care proceedings", COURT, forms.CareProceedingsForm,
        m.CareProceedings, first_date="issued_on", birth_dates=(("issued_on", "issue of care proceedings"),),
        rule=validation.care_proceedings_errors, events=events.proceedings_events,
        admin_columns=("concluded_on", "outcome"), admin_filters=("outcome",),
    ),
    Kind(
        "adoption", "Record an adoption plan", "Correct an adoption plan", COURT, forms.AdoptionForm, m.Adoption,
        birth_dates=(
            ("placement_order_on", "placement order"), ("matched_on", "match with adopters"),
            ("moved_in_on", "move to the adoptive family"), ("adoption_order_on", "adoption order"),
        ),
        rule=validation.adoption_errors, events=events.adoption_events,
        admin_columns=("placement_order_on", "matched_on", "moved_in_on", "adoption_order_on"),
    ),
    Kind(
        "pathway-review", "Record a pathway plan review", "Correct a pathway plan review", LEAVING,
        forms.PathwayPlanReviewForm, m.PathwayPlanReview, first_date="reviewed_on",
        birth_dates=(("reviewed_on", "pathway plan review"),),
        rule=validation.pathway_review_errors, events=events.pathway_events,
    ),
    Kind(
        "birthday", "Record activity and accommodation at a birthday", "Correct a birthday record", LEAVING,
        forms.BirthdayRecordForm, m.CareLeaverBirthdayRecord, first_date="birthday_on",
        birth_dates=(("birthday_on", "care leaver's birthday record"),),
        rule=validation.birthday_record_errors, events=events.birthday_events,
        admin_columns=("age", "activity", "accommodation"), admin_filters=("activity",),
    ),
    Kind(
        "case-audit", "Record a case audit", "Correct a case audit", QUALITY, forms.CaseAuditForm, m.CaseAudit,
        first_date="audited_on", rule=validation.case_audit_errors, events=events.audit_events, shows=("auditor",),
        admin_columns=("case_type", "grade", "views_and_wishes_met"), admin_filters=("case_type", "grade"),
    ),
]  # fmt: skip

BY_SLUG: dict[str, Kind] = {kind.slug: kind for kind in KINDS}
# The kind that corrects a record of each model (the composite steps correct nothing).
FOR_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS if kind.model is not None}

# What the lower floors read, each derived from the declarations above.
FIRST_DATE_FIELD: dict[type[models.Model], str] = {
    kind.model: kind.first_date for kind in KINDS if kind.model is not None and kind.first_date
}
# Each kind's rule with its dates that need a child who has been born.
RULES: dict[type[models.Model], Callable] = {
    model: validation.with_birth_dates(kind.rule, dict(kind.birth_dates)) for model, kind in FOR_MODEL.items()
}
# (model, date field, how to name it), in the order of the kinds.
BIRTH_DATES: list[tuple[type[models.Model], str, str]] = [
    (kind.model, field, noun) for kind in KINDS for field, noun in kind.birth_dates
]
