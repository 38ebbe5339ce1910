"""The kinds of event a social worker records on a child's page: for each, its form, the
services that create and correct it, and the permissions it needs. The views and the
child's page are built from this list, so a new kind of record is one entry here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from . import forms, services
from . import models as m


@dataclass(frozen=True)
class Kind:
    slug: str
    action: str  # the link on the child's page: "Record a statutory visit"
    title: str  # the heading of the correction page: "Correct a statutory visit"
    group: str
    form: type
    create: Callable
    model: type[models.Model] | None = None  # None: a step that writes several records
    update: Callable | None = None
    record_argument: str = ""  # the update service's name for the record
    needs: type[models.Model] | None = None  # offered once the child has one of these
    extra_permissions: tuple[str, ...] = ()

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
    Kind("contact", "Record a contact", "Correct a contact", FRONT_DOOR, forms.ContactForm,
         services.contact_create, m.Contact, services.contact_update, "contact"),
    Kind("referral", "Record a referral", "Correct a referral", FRONT_DOOR, forms.ReferralForm,
         services.referral_create, m.Referral, services.referral_update, "referral"),
    Kind("assessment", "Record an assessment", "Correct an assessment", FRONT_DOOR, forms.AssessmentForm,
         services.assessment_create, m.Assessment, services.assessment_update, "assessment"),
    Kind("strategy-discussion", "Record a strategy discussion", "Correct a strategy discussion", PROTECTION,
         forms.StrategyDiscussionForm, services.strategy_discussion_create, m.StrategyDiscussion,
         services.strategy_discussion_update, "strategy_discussion"),
    Kind("section-47", "Record a section 47 enquiry", "Correct a section 47 enquiry", PROTECTION,
         forms.Section47Form, services.section47_create, m.Section47Enquiry, services.section47_update, "enquiry"),
    Kind("conference", "Record a child protection conference", "Correct a child protection conference", PROTECTION,
         forms.ConferenceForm, services.conference_create, m.ChildProtectionConference, services.conference_update,
         "conference"),
    Kind("cp-plan", "Record a child protection plan", "Correct a child protection plan", PROTECTION,
         forms.CPPlanForm, services.cp_plan_create, m.ChildProtectionPlan, services.cp_plan_update, "plan"),
    Kind("cp-visit", "Record a child protection visit", "Correct a child protection visit", PROTECTION,
         forms.CPVisitForm, services.cp_visit_create, m.ChildProtectionVisit, services.cp_visit_update, "visit",
         needs=m.ChildProtectionPlan),
    Kind("cin-plan", "Record a child in need plan", "Correct a child in need plan", PROTECTION, forms.CINPlanForm,
         services.cin_plan_create, m.ChildInNeedPlan, services.cin_plan_update, "plan"),
    Kind("cin-plan-review", "Record a child in need plan review", "Correct a child in need plan review", PROTECTION,
         forms.CINPlanReviewForm, services.cin_plan_review_create, m.ChildInNeedPlanReview,
         services.cin_plan_review_update, "review", needs=m.ChildInNeedPlan),
    Kind("advocacy", "Record advocacy", "Correct advocacy", PROTECTION, forms.AdvocacyForm,
         services.advocacy_create, m.AdvocacyPeriod, services.advocacy_update, "advocacy"),
    Kind("looked-after", "Record that the child became looked after", "", CARE, forms.LookedAfterStartForm,
         services.looked_after_start,
         extra_permissions=("casework.add_periodofcare", "casework.add_legalstatus", "casework.add_placement")),
    Kind("placement-change", "Record a change of placement", "", CARE, forms.PlacementChangeForm,
         services.placement_change, needs=m.PeriodOfCare,
         extra_permissions=("casework.add_placement", "casework.change_placement")),
    Kind("statutory-visit", "Record a statutory visit", "Correct a statutory visit", CARE, forms.StatutoryVisitForm,
         services.statutory_visit_create, m.StatutoryVisit, services.statutory_visit_update, "visit",
         needs=m.PeriodOfCare),
    Kind("looked-after-review", "Record a looked-after review", "Correct a looked-after review", CARE,
         forms.LookedAfterReviewForm, services.looked_after_review_create, m.LookedAfterReview,
         services.looked_after_review_update, "review", needs=m.PeriodOfCare),
    Kind("legal-status", "Record a change of legal status", "Correct a legal status", CARE, forms.LegalStatusForm,
         services.legal_status_create, m.LegalStatus, services.legal_status_update, "legal_status",
         needs=m.PeriodOfCare),
    Kind("period-of-care", "Record a past period of care", "Correct a period of care", CARE, forms.PeriodOfCareForm,
         services.period_of_care_create, m.PeriodOfCare, services.period_of_care_update, "period"),
    Kind("placement", "Record a past placement", "Correct a placement", CARE, forms.PlacementForm,
         services.placement_create, m.Placement, services.placement_update, "placement", needs=m.PeriodOfCare),
    Kind("missing", "Record a missing episode", "Correct a missing episode", CARE, forms.MissingEpisodeForm,
         services.missing_episode_create, m.MissingEpisode, services.missing_episode_update, "episode"),
    Kind("pre-proceedings", "Record pre-proceedings (PLO)", "Correct pre-proceedings", COURT,
         forms.PreProceedingsForm, services.pre_proceedings_create, m.PreProceedings,
         services.pre_proceedings_update, "pre_proceedings"),
    Kind("care-proceedings", "Record care proceedings", "Correct care proceedings", COURT, forms.CareProceedingsForm,
         services.care_proceedings_create, m.CareProceedings, services.care_proceedings_update, "proceedings"),
    Kind("adoption", "Record an adoption plan", "Correct an adoption plan", COURT, forms.AdoptionForm,
         services.adoption_create, m.Adoption, services.adoption_update, "adoption"),
    Kind("pathway-review", "Record a pathway plan review", "Correct a pathway plan review", LEAVING,
         forms.PathwayPlanReviewForm, services.pathway_review_create, m.PathwayPlanReview,
         services.pathway_review_update, "review"),
    Kind("birthday", "Record activity and accommodation at a birthday", "Correct a birthday record", LEAVING,
         forms.BirthdayRecordForm, services.birthday_record_create, m.CareLeaverBirthdayRecord,
         services.birthday_record_update, "record"),
    Kind("case-audit", "Record a case audit", "Correct a case audit", QUALITY, forms.CaseAuditForm,
         services.case_audit_create, m.CaseAudit, services.case_audit_update, "audit"),
]  # fmt: skip

BY_SLUG: dict[str, Kind] = {kind.slug: kind for kind in KINDS}
# The kind that corrects a record of each model (the composite steps correct nothing).
FOR_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS if kind.model is not None}
