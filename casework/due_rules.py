"""The rest of the day's work, beside the visits and reviews of ``rules``: when assessments,
conferences, child in need plan reviews, case supervision and return home interviews fall due.

Each rule is the indicator's own where there is one, as a database expression over a queryset
of children evaluated at a date D (a whole caseload is one query), and None where it does not
apply to the child. Something due on D is not yet overdue at D (``rules.is_overdue``).

- Assessments (2.4): an assessment started on or before D and not authorised by D is due
  ``ASSESSMENT_WORKING_DAYS`` (45) working days after it started (the start
  not counted, bank holidays skipped). The child's earliest open assessment.
- Initial conferences (CP 5): a section 47 enquiry started on or before D whose outcome is an
  initial conference, or still open without an outcome, and with no initial conference held
  for the child on or after the enquiry started, is due ``INITIAL_CONFERENCE_WORKING_DAYS``
  (15) working days after the strategy discussion that started it (the linked one, else the
  child's latest on or before the enquiry's start, as CP 5 finds it; else the enquiry's start).
- Review conferences (no indicator; Working Together): on a CP plan open at D, the first review
  conference ``FIRST_REVIEW_CONFERENCE_MONTHS`` (3) months after the plan started (the initial
  conference's decision), then ``LATER_REVIEW_CONFERENCE_MONTHS`` (6) months after the last.
- Child in need plan reviews (no indicator): on a CIN plan open at D, ``CIN_REVIEW_MONTHS`` (3)
  months after the plan started or was last reviewed.
- Case supervision (QA 1): a child allocated at D is supervised within the last
  ``supervision_interval_days`` (28) days, so the next is due 27 days after the last; a child
  never supervised counts against QA 1 from the day they are allocated, so is due that day.
- Return home interviews (MC 7): a missing episode (kind "M"; absences are not missing) that
  ended on or before D without a completed interview is due ``RETURN_INTERVIEW_HOURS``
  (72) hours after the return: on the local date of that moment. An interview still not done
  ``RETURN_INTERVIEW_LISTED_DAYS`` (28) days after the return leaves the list (MC 6 and MC 7
  still count it as missed).

docs/INDICATOR_CHOICES.md says why for each choice.
"""

from datetime import date, timedelta

from django.db.models import (
    Case,
    DateField,
    DateTimeField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from casework.codes import ConferenceKind, MissingKind, Section47Outcome
from casework.models import (
    Allocation,
    Assessment,
    CaseSupervision,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    MissingEpisode,
    Section47Enquiry,
    StrategyDiscussion,
)
from casework.timescales import (
    ASSESSMENT_WORKING_DAYS,
    INITIAL_CONFERENCE_WORKING_DAYS,
    RETURN_INTERVIEW_HOURS,
    stored_parameters,
)
from core.sql import AddDays, AddMonths, add_working_days, local_date
from workforce.selectors import open_on

FIRST_REVIEW_CONFERENCE_MONTHS = 3
LATER_REVIEW_CONFERENCE_MONTHS = 6
CIN_REVIEW_MONTHS = 3
RETURN_INTERVIEW_LISTED_DAYS = 28
SUPERVISION = "QA 1"

# Each due date, with the record that clears it where a form corrects one (None: a new record does).
DUE_RECORD_FIELDS = {
    "assessment_due": "assessment_due_id",
    "initial_conference_due": None,
    "review_conference_due": None,
    "cin_review_due": None,
    "supervision_due": None,
    "return_interview_due": "return_interview_episode_id",
}
MORE_DUE_FIELDS = tuple(DUE_RECORD_FIELDS)


def stored_due_parameters() -> dict[str, dict[str, int]]:
    """The parameters of ``timescales`` (QA 1's supervision interval among them), as configured (one query)."""
    return stored_parameters()


def _first(queryset: QuerySet, field: str, output_field) -> Subquery:
    return Subquery(queryset.values(field)[:1], output_field=output_field)


def with_assessment_due(children: QuerySet, on: date) -> QuerySet:
    """Adds assessment_due_id, assessment_started_on and assessment_due."""
    still_open = (
        Assessment.objects.filter(child=OuterRef("pk"), started_on__lte=on)
        .filter(Q(authorised_on__isnull=True) | Q(authorised_on__gt=on))
        .order_by("started_on", "pk")
    )
    children = children.annotate(
        assessment_due_id=_first(still_open, "pk", IntegerField()),
        assessment_started_on=_first(still_open, "started_on", DateField()),
    )
    return children.annotate(assessment_due=add_working_days("assessment_started_on", ASSESSMENT_WORKING_DAYS))


def with_initial_conference_due(children: QuerySet, on: date) -> QuerySet:
    """Adds initial_conference_from (the strategy discussion's date) and initial_conference_due."""
    latest_discussion = StrategyDiscussion.objects.filter(
        child=OuterRef("child"), held_on__lte=OuterRef("started_on")
    ).order_by("-held_on", "-pk")
    conference_held = ChildProtectionConference.objects.filter(
        child=OuterRef("child"), kind=ConferenceKind.INITIAL, held_on__gte=OuterRef("started_on"), held_on__lte=on
    )
    awaiting = Q(outcome=Section47Outcome.INITIAL_CONFERENCE) | (
        Q(outcome="") & (Q(completed_on__isnull=True) | Q(completed_on__gt=on))
    )
    enquiries = (
        Section47Enquiry.objects.filter(awaiting, child=OuterRef("pk"), started_on__lte=on)
        .filter(~Exists(conference_held))
        .annotate(
            strategy_on=Coalesce(
                F("strategy_discussion__held_on"),
                Subquery(latest_discussion.values("held_on")[:1], output_field=DateField()),
                F("started_on"),
            )
        )
        .order_by("started_on", "pk")
    )
    children = children.annotate(initial_conference_from=_first(enquiries, "strategy_on", DateField()))
    return children.annotate(
        initial_conference_due=add_working_days("initial_conference_from", INITIAL_CONFERENCE_WORKING_DAYS)
    )


def with_review_conference_due(children: QuerySet, on: date) -> QuerySet:
    """Adds review_conference_plan_from, last_review_conference_on and review_conference_due."""
    plan = ChildProtectionPlan.objects.filter(open_on(on), child=OuterRef("pk"))
    children = children.annotate(review_conference_plan_from=_first(plan, "started_on", DateField()))
    reviews = ChildProtectionConference.objects.filter(
        child=OuterRef("pk"),
        kind=ConferenceKind.REVIEW,
        held_on__lte=on,
        held_on__gte=OuterRef("review_conference_plan_from"),
    ).order_by("-held_on")
    children = children.annotate(last_review_conference_on=_first(reviews, "held_on", DateField()))
    return children.annotate(
        review_conference_due=Case(
            When(review_conference_plan_from__isnull=True, then=Value(None, output_field=DateField())),
            When(
                last_review_conference_on__isnull=True,
                then=AddMonths("review_conference_plan_from", FIRST_REVIEW_CONFERENCE_MONTHS),
            ),
            default=AddMonths("last_review_conference_on", LATER_REVIEW_CONFERENCE_MONTHS),
            output_field=DateField(),
        )
    )


def with_cin_review_due(children: QuerySet, on: date) -> QuerySet:
    """Adds cin_plan_id, cin_plan_from, last_cin_review_on and cin_review_due."""
    plan = ChildInNeedPlan.objects.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
    children = children.annotate(
        cin_plan_id=_first(plan, "pk", IntegerField()), cin_plan_from=_first(plan, "started_on", DateField())
    )
    reviews = ChildInNeedPlanReview.objects.filter(plan=OuterRef("cin_plan_id"), reviewed_on__lte=on).order_by(
        "-reviewed_on"
    )
    children = children.annotate(last_cin_review_on=_first(reviews, "reviewed_on", DateField()))
    return children.annotate(
        cin_review_due=Case(
            When(cin_plan_id__isnull=True, then=Value(None, output_field=DateField())),
            default=AddMonths(Coalesce(F("last_cin_review_on"), F("cin_plan_from")), CIN_REVIEW_MONTHS),
            output_field=DateField(),
        )
    )


def with_supervision_due(children: QuerySet, on: date, parameters: dict) -> QuerySet:
    """Adds allocated_from, last_supervised_on and supervision_due (None when not allocated at D)."""
    allocation = Allocation.objects.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
    supervisions = CaseSupervision.objects.filter(child=OuterRef("pk"), supervised_on__lte=on).order_by(
        "-supervised_on"
    )
    children = children.annotate(
        allocated_from=_first(allocation, "started_on", DateField()),
        last_supervised_on=_first(supervisions, "supervised_on", DateField()),
    )
    return children.annotate(
        supervision_due=Case(
            When(allocated_from__isnull=True, then=Value(None, output_field=DateField())),
            When(last_supervised_on__isnull=True, then=F("allocated_from")),
            default=AddDays("last_supervised_on", parameters["supervision_interval_days"] - 1),
            output_field=DateField(),
        )
    )


def with_return_interview_due(children: QuerySet, on: date) -> QuerySet:
    """Adds return_interview_episode_id and return_interview_due (the local date 72 hours after
    the return of the child's earliest missing episode still waiting for its interview)."""
    deadline = ExpressionWrapper(
        F("ended_at") + Value(timedelta(hours=RETURN_INTERVIEW_HOURS)), output_field=DateTimeField()
    )
    episodes = (
        MissingEpisode.objects.filter(
            child=OuterRef("pk"), kind=MissingKind.MISSING, interview_completed_at__isnull=True
        )
        .annotate(returned_on=local_date("ended_at"), interview_due_on=local_date(deadline))
        .filter(returned_on__lte=on, returned_on__gte=on - timedelta(days=RETURN_INTERVIEW_LISTED_DAYS))
        .order_by("ended_at", "pk")
    )
    return children.annotate(
        return_interview_episode_id=_first(episodes, "pk", IntegerField()),
        return_interview_due=_first(episodes, "interview_due_on", DateField()),
    )


def annotate_more_due_dates(children: QuerySet, on: date, parameters: dict | None = None) -> QuerySet:
    """The six due dates of this module (``MORE_DUE_FIELDS``) with the records they clear and the
    dates they are worked out from. One query, whatever the number of children."""
    parameters = parameters or stored_due_parameters()
    children = with_assessment_due(children, on)
    children = with_initial_conference_due(children, on)
    children = with_review_conference_due(children, on)
    children = with_cin_review_due(children, on)
    children = with_supervision_due(children, on, parameters[SUPERVISION])
    return with_return_interview_due(children, on)
