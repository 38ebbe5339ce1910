"""Children and what happens to them.

Every record carries the child it belongs to and where it came from (recorded in the
product, or imported from a statutory return with the file and row). Single-row checks
are in ``clean()``; checks across rows (overlaps, order against other records, future
dates against today) are in ``casework.validation`` and run in ``casework.services``.

"Open at D": start <= D and (end is empty or end > D). A plan that ends on D is not
open on D.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils import timezone

from . import codes
from .statutory import cin_census as statutory_cin
from .statutory import ssda903 as statutory_903


class Child(models.Model):
    la_child_id = models.CharField(
        "Authority's child ID",
        max_length=20,
        unique=True,
        help_text="The authority's own ID (CHILD in SSDA903, LAchildID in the CIN census).",
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    expected_date_of_birth = models.DateField(
        null=True, blank=True, help_text="For an unborn child: leave the date of birth empty."
    )
    sex = models.CharField(max_length=1, choices=codes.Sex.choices, default=codes.Sex.UNKNOWN)
    ethnicity = models.CharField(max_length=4, choices=codes.Ethnicity.choices, default=codes.Ethnicity.NOBT)
    upn = models.CharField("Unique pupil number", max_length=13, blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    # Whether a girl looked after is a mother, and her first child's date of birth (SSDA903 MOTHER, MC_DOB).
    is_mother = models.CharField("Is she a mother?", max_length=1, choices=statutory_903.MOTHER_CHOICES, blank=True)
    first_child_born_on = models.DateField("Date of birth of her first child", null=True, blank=True)
    # The child's disabilities (CIN census Disability, codes of ``statutory_cin.DISABILITY_CHOICES``): a
    # list, empty until recorded; ["NONE"] for a child with none.
    disabilities = models.JSONField("Disabilities", default=list, blank=True)
    is_restricted = models.BooleanField(
        "Restricted record",
        default=False,
        help_text="Only the allocated worker and their team manager can open a restricted record.",
    )
    source = models.CharField(max_length=12, choices=codes.Source.choices, default=codes.Source.MANUAL)
    source_reference = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "children"
        permissions = [
            ("view_all_children", "Can read every child's record (senior managers)"),
            ("import_returns", "Can import statutory returns"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(date_of_birth__isnull=False) | Q(expected_date_of_birth__isnull=False),
                name="child_has_birth_or_expected_date",
                violation_error_message="Give a date of birth, or an expected date for an unborn child.",
            ),
        ]
        indexes = [
            models.Index(fields=["date_of_birth"]),
            # The search's number lookups (filters._words: IDs and UPNs case-insensitively, the NHS
            # number exactly), so that, with the names' trigram indexes on PostgreSQL (migration
            # 0008), a search reads the matching children through indexes rather than all of them.
            models.Index(Upper("la_child_id"), name="child_la_child_id_upper"),
            models.Index(Upper("upn"), name="child_upn_upper"),
            models.Index(fields=["nhs_number"], name="child_nhs_number"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_unborn(self) -> bool:
        return self.date_of_birth is None

    def get_disabilities_display(self) -> str:
        labels = dict(statutory_cin.DISABILITY_CHOICES)
        return ", ".join(labels.get(code, code) for code in self.disabilities or []) or "Not recorded"

    def clean(self) -> None:
        from .validation import child_errors

        child_errors(self)

    def get_additional_data(self) -> dict:
        """Stored on every audit log entry, so a child's history is one query (django-auditlog)."""
        return {"child_id": self.pk}


class ChildRecord(models.Model):
    """What every event about a child carries."""

    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="%(class)s_set")
    source = models.CharField(max_length=12, choices=codes.Source.choices, default=codes.Source.MANUAL)
    source_reference = models.CharField(
        max_length=200, blank=True, help_text="For imported records: return, year, file and row."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    # An event that can concern an unborn child (a pre-birth contact, assessment or plan) may be
    # dated up to 9 months before the birth or expected birth; every other event is on or after
    # the birth (``casework.validation.event_date_messages``).
    may_concern_an_unborn_child = False

    class Meta:
        abstract = True

    @property
    def is_imported(self) -> bool:
        return self.source in (codes.Source.SSDA903, codes.Source.CIN_CENSUS)

    def get_additional_data(self) -> dict:
        """Stored on every audit log entry: the child whose record this is (django-auditlog)."""
        return {"child_id": self.child_id}


def _end_after_start(start: str, end: str, name: str, message: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": F(start)}),
        name=name,
        violation_error_message=message,
    )


# --- Front door ----------------------------------------------------------------------


class Contact(ChildRecord):
    may_concern_an_unborn_child = True
    received_at = models.DateTimeField("Received")
    source_of_contact = models.CharField(
        "Source", max_length=3, choices=codes.ReferralSource.choices, default=codes.ReferralSource.UNKNOWN
    )
    decision = models.CharField(max_length=3, choices=codes.ContactDecision.choices, blank=True)
    decided_at = models.DateTimeField("Decision made", null=True, blank=True)

    class Meta:
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["received_at"]), models.Index(fields=["child", "received_at"])]
        constraints = [
            _end_after_start(
                "received_at",
                "decided_at",
                "contact_decided_after_received",
                "The decision cannot be made before the contact was received.",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact on {timezone.localtime(self.received_at):%d %b %Y}"


class Referral(ChildRecord):
    may_concern_an_unborn_child = True
    received_on = models.DateField("Referral date")
    contact = models.OneToOneField(Contact, null=True, blank=True, on_delete=models.SET_NULL, related_name="referral")
    source_of_referral = models.CharField(
        "Source", max_length=3, choices=codes.ReferralSource.choices, default=codes.ReferralSource.UNKNOWN
    )
    closed_on = models.DateField("Case closure date", null=True, blank=True)
    primary_need = models.CharField(max_length=2, choices=statutory_cin.PRIMARY_NEED_CHOICES, blank=True)
    reason_for_closure = models.CharField(
        "Reason the case closed", max_length=3, choices=statutory_cin.REASON_FOR_CLOSURE_CHOICES, blank=True
    )

    class Meta:
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["received_on"]), models.Index(fields=["child", "received_on"])]
        constraints = [
            _end_after_start(
                "received_on",
                "closed_on",
                "referral_closed_after_received",
                "The case cannot close before the referral was received.",
            ),
        ]

    def __str__(self) -> str:
        return f"Referral on {self.received_on:%d %b %Y}"


class Assessment(ChildRecord):
    may_concern_an_unborn_child = True
    referral = models.ForeignKey(Referral, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments")
    started_on = models.DateField("Start date")
    child_seen_on = models.DateField("Date the child was seen", null=True, blank=True)
    authorised_on = models.DateField("Completed (authorised)", null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=codes.AssessmentOutcome.choices, blank=True)
    # The factors identified at its end (CIN census AssessmentFactors, codes of
    # ``statutory_cin.ASSESSMENT_FACTOR_CHOICES``): a list, recorded once the assessment is completed.
    factors = models.JSONField("Factors identified at the assessment", default=list, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["started_on"]),
            models.Index(fields=["authorised_on"]),
            models.Index(fields=["child", "started_on"]),
        ]
        constraints = [
            _end_after_start(
                "started_on",
                "authorised_on",
                "assessment_authorised_after_start",
                "An assessment cannot be completed before it started.",
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment started {self.started_on:%d %b %Y}"


# --- Child protection ------------------------------------------------------------------


class StrategyDiscussion(ChildRecord):
    may_concern_an_unborn_child = True
    held_on = models.DateField("Date held")

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"Strategy discussion {self.held_on:%d %b %Y}"


class Section47Enquiry(ChildRecord):
    may_concern_an_unborn_child = True
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, null=True, blank=True, on_delete=models.SET_NULL, related_name="enquiries"
    )
    started_on = models.DateField("Start date")
    child_seen_on = models.DateField("Date the child was seen", null=True, blank=True)
    outcome = models.CharField(max_length=5, choices=codes.Section47Outcome.choices, blank=True)
    completed_on = models.DateField("Completed", null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"
        indexes = [models.Index(fields=["started_on"]), models.Index(fields=["child", "started_on"])]

    def __str__(self) -> str:
        return f"Section 47 enquiry started {self.started_on:%d %b %Y}"


class ChildProtectionConference(ChildRecord):
    may_concern_an_unborn_child = True
    kind = models.CharField(max_length=7, choices=codes.ConferenceKind.choices)
    held_on = models.DateField("Date held")
    section47 = models.ForeignKey(
        Section47Enquiry,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="conferences",
        help_text="For an initial conference: the enquiry that led to it.",
    )
    outcome = models.CharField(max_length=9, choices=codes.ConferenceOutcome.choices, blank=True)
    participation = models.CharField(
        "Child's participation", max_length=8, choices=codes.Participation.choices, blank=True
    )

    class Meta:
        ordering = ["-held_on"]
        indexes = [models.Index(fields=["held_on"]), models.Index(fields=["child", "held_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} conference {self.held_on:%d %b %Y}"


class ChildProtectionPlan(ChildRecord):
    may_concern_an_unborn_child = True
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)
    category = models.CharField("Category of abuse", max_length=3, choices=codes.AbuseCategory.choices)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "child protection plan"
        indexes = [
            models.Index(fields=["started_on", "ended_on"]),
            models.Index(fields=["child", "started_on"]),
        ]
        constraints = [
            _end_after_start(
                "started_on", "ended_on", "cp_plan_ends_after_start", "A plan cannot end before it starts."
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_open_cp_plan_per_child",
                violation_error_message="This child already has an open child protection plan.",
            ),
        ]

    def __str__(self) -> str:
        return f"CP plan from {self.started_on:%d %b %Y}"


class ChildProtectionVisit(ChildRecord):
    plan = models.ForeignKey(ChildProtectionPlan, on_delete=models.PROTECT, related_name="visits")
    visited_on = models.DateField("Date of visit")
    seen_alone = models.BooleanField("Child seen alone", default=False)

    class Meta:
        ordering = ["-visited_on"]
        verbose_name = "child protection visit"
        indexes = [models.Index(fields=["plan", "visited_on"]), models.Index(fields=["child", "visited_on"])]

    def __str__(self) -> str:
        return f"CP visit {self.visited_on:%d %b %Y}"


class ChildInNeedPlan(ChildRecord):
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        verbose_name = "child in need plan"
        indexes = [models.Index(fields=["started_on", "ended_on"]), models.Index(fields=["child", "started_on"])]
        constraints = [
            _end_after_start(
                "started_on", "ended_on", "cin_plan_ends_after_start", "A plan cannot end before it starts."
            ),
        ]

    def __str__(self) -> str:
        return f"CIN plan from {self.started_on:%d %b %Y}"


class ChildInNeedPlanReview(ChildRecord):
    """A review of a child in need plan (``casework.due_rules``: due every 3 months)."""

    plan = models.ForeignKey(ChildInNeedPlan, on_delete=models.PROTECT, related_name="reviews")
    reviewed_on = models.DateField("Date of review")

    class Meta:
        ordering = ["-reviewed_on"]
        verbose_name = "child in need plan review"
        indexes = [models.Index(fields=["plan", "reviewed_on"]), models.Index(fields=["child", "reviewed_on"])]

    def __str__(self) -> str:
        return f"CIN plan review {self.reviewed_on:%d %b %Y}"


class AdvocacyPeriod(ChildRecord):
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)

    class Meta:
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["child", "started_on", "ended_on"])]
        constraints = [
            _end_after_start(
                "started_on", "ended_on", "advocacy_ends_after_start", "Advocacy cannot end before it starts."
            ),
        ]

    def __str__(self) -> str:
        return f"Advocacy from {self.started_on:%d %b %Y}"


# --- Children looked after -------------------------------------------------------------


class PeriodOfCare(ChildRecord):
    started_on = models.DateField("Became looked after")
    ended_on = models.DateField("Ceased to be looked after", null=True, blank=True)
    category_of_need = models.CharField(
        "Category of need",
        max_length=2,
        choices=statutory_903.CATEGORY_OF_NEED_CHOICES,
        blank=True,
        help_text="The child's main need when they became looked after (SSDA903 CIN), the same for the whole period.",
    )
    home_postcode = models.CharField(
        "Home postcode",
        max_length=8,
        blank=True,
        help_text="The postcode of the child's home when they became looked after (SSDA903 HOME_POST).",
    )
    reason_ceased = models.CharField(
        "Reason ceased", max_length=3, choices=codes.ReasonEpisodeCeased.choices, blank=True
    )

    class Meta:
        ordering = ["-started_on"]
        verbose_name_plural = "periods of care"
        indexes = [models.Index(fields=["started_on", "ended_on"]), models.Index(fields=["child", "started_on"])]
        constraints = [
            _end_after_start(
                "started_on",
                "ended_on",
                "period_of_care_ends_after_start",
                "A period of care cannot end before it starts.",
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_open_period_of_care_per_child",
                violation_error_message="This child already has an open period of care.",
            ),
            models.UniqueConstraint(fields=["child", "started_on"], name="one_period_of_care_per_start"),
        ]

    def __str__(self) -> str:
        return f"Looked after from {self.started_on:%d %b %Y}"


class LegalStatus(ChildRecord):
    period_of_care = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="legal_statuses")
    started_on = models.DateField("From")
    code = models.CharField("Legal status", max_length=2, choices=codes.LegalStatusCode.choices)

    class Meta:
        ordering = ["-started_on"]
        verbose_name_plural = "legal statuses"
        indexes = [models.Index(fields=["child", "started_on"])]
        constraints = [
            models.UniqueConstraint(fields=["period_of_care", "started_on"], name="one_legal_status_per_day"),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.started_on:%d %b %Y}"


class Placement(ChildRecord):
    period_of_care = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="placements")
    started_on = models.DateField("Start date")
    ended_on = models.DateField("End date", null=True, blank=True)
    placement_type = models.CharField(max_length=3, choices=codes.PlacementType.choices)
    provider = models.CharField(max_length=3, choices=codes.PlacementProvider.choices, blank=True)
    carer = models.ForeignKey(
        "FosterCarerHousehold", null=True, blank=True, on_delete=models.SET_NULL, related_name="placements"
    )
    carer_reference = models.CharField(
        max_length=60,
        blank=True,
        help_text="Carer or setting reference; the same value means the same carer (no move).",
    )
    is_long_term = models.BooleanField("Agreed as long-term", default=False)
    reason_new_episode = models.CharField(
        "Reason for new episode", max_length=1, choices=codes.ReasonNewEpisode.choices, blank=True
    )
    # PL_POST. The DfE derives the placement's authority (PL_LA) and whether it is in the child's own
    # authority (PL_LOCATION) from it (DfE rules 169, 179, 1015, 241), so they are not recorded apart.
    postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("Ofsted URN", max_length=10, blank=True)
    reason_place_change = models.CharField(
        "Why the child moved on",
        max_length=6,
        choices=statutory_903.REASON_PLACE_CHANGE_CHOICES,
        blank=True,
        help_text="When this placement ended because the child moved to another (SSDA903 REASON_PLACE_CHANGE).",
    )

    class Meta:
        ordering = ["-started_on"]
        indexes = [
            models.Index(fields=["child", "started_on", "ended_on"]),
            models.Index(fields=["period_of_care", "started_on"]),
        ]
        constraints = [
            _end_after_start(
                "started_on", "ended_on", "placement_ends_after_start", "A placement cannot end before it starts."
            ),
            models.UniqueConstraint(
                fields=["child"],
                condition=Q(ended_on__isnull=True),
                name="one_current_placement_per_child",
                violation_error_message="This child already has a current placement: end it first.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement_type} placement from {self.started_on:%d %b %Y}"


class StatutoryVisit(ChildRecord):
    visited_on = models.DateField("Date of visit")
    seen_alone = models.BooleanField("Child seen alone", default=False)

    class Meta:
        ordering = ["-visited_on"]
        indexes = [models.Index(fields=["child", "visited_on"])]

    def __str__(self) -> str:
        return f"Statutory visit {self.visited_on:%d %b %Y}"


class LookedAfterReview(ChildRecord):
    held_on = models.DateField("Date of review")
    participation = models.CharField(max_length=3, choices=codes.ReviewParticipation.choices, blank=True)

    class Meta:
        ordering = ["-held_on"]
        verbose_name = "looked-after review"
        indexes = [models.Index(fields=["child", "held_on"])]
        constraints = [models.UniqueConstraint(fields=["child", "held_on"], name="one_review_per_child_per_day")]

    def __str__(self) -> str:
        return f"Looked-after review {self.held_on:%d %b %Y}"


class MissingEpisode(ChildRecord):
    kind = models.CharField(max_length=1, choices=codes.MissingKind.choices, default=codes.MissingKind.MISSING)
    started_at = models.DateTimeField("Went missing")
    ended_at = models.DateTimeField("Returned", null=True, blank=True)
    interview_offered_at = models.DateTimeField("Return home interview offered", null=True, blank=True)
    interview_completed_at = models.DateTimeField("Return home interview completed", null=True, blank=True)

    class Meta:
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["ended_at"]), models.Index(fields=["child", "started_at"])]
        constraints = [
            _end_after_start(
                "started_at", "ended_at", "missing_ends_after_start", "A child cannot return before they went missing."
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} from {timezone.localtime(self.started_at):%d %b %Y %H:%M}"


# Courts and permanence, foster carers, care leavers and quality assurance, in modules of their
# own (imported here so Django finds them).
# Allocations and case supervision, in a module of their own (imported here so Django finds them).
from .allocation_models import Allocation, CaseSupervision  # noqa: E402,F401
from .care_leaver_models import CareLeaverBirthdayRecord, PathwayPlanReview  # noqa: E402,F401
from .court_models import Adoption, CareProceedings, PreProceedings  # noqa: E402,F401
from .fostering_models import FosterCarerHousehold, FosterCarerReview  # noqa: E402,F401
from .quality_models import CaseAudit  # noqa: E402,F401
