"""The demo caseload (``seed_demo --size small``): believable figures, and every record
keeps the domain rules. The demo is seeded once for the module and rolled back after it;
the figures are checked with small queries of our own, not with the indicator code."""

import random
from collections import Counter, defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from casework import codes, validation
from casework.models import (
    Adoption,
    AdvocacyPeriod,
    Allocation,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    CaseAudit,
    CaseSupervision,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Contact,
    FosterCarerReview,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StatutoryVisit,
)
from casework.records import BIRTH_DATES
from core.periods import add_months, anniversary, month_end, within_working_days
from core.sql import AddMonths
from workforce.models import SocialWorker, Team, TeamType

TODAY = date(2026, 11, 23)
LONDON = ZoneInfo(settings.TIME_ZONE)
# The months shown: the casework starts a year earlier, so every month here can look back a year.
HISTORY_START = date(2023, 11, 1)
LAST_MONTH_ENDS = [month_end(add_months(date(2026, 10, 1), -index)) for index in range(12)]

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    """Seed the small demo once; every test reads it; roll it back at the end of the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", "--size", "small", "--seed", "1", "--today", TODAY.isoformat(), stdout=None)
        yield
        transaction.set_rollback(True)


def share(numerator: int, denominator: int) -> float:
    assert denominator > 0, "nothing to measure"
    return 100 * numerator / denominator


def open_on(day: date, start: str = "started_on", end: str = "ended_on") -> Q:
    return Q(**{f"{start}__lte": day}) & (Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def local_day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def allocations_today() -> dict[int, Allocation]:
    return {
        allocation.child_id: allocation
        for allocation in Allocation.objects.filter(open_on(TODAY)).select_related("team")
    }


# --- Realistic figures -------------------------------------------------------------------------


def test_about_a_fifth_of_referrals_follow_another_in_the_twelve_months_before():
    dates = defaultdict(list)
    for child, received_on in Referral.objects.order_by("received_on").values_list("child_id", "received_on"):
        dates[child].append(received_on)
    counted = repeats = 0
    for received in dates.values():
        for index, day in enumerate(received):
            if day < HISTORY_START:
                continue
            counted += 1
            repeats += any(add_months(day, -12) <= earlier < day for earlier in received[:index])
    assert counted > 1500
    assert 10 <= share(repeats, counted) <= 30


def test_most_contacts_are_decided_within_one_working_day_but_not_all():
    decided = Contact.objects.filter(decided_at__isnull=False).values_list("received_at", "decided_at")
    on_time = sum(within_working_days(local_day(received), local_day(made), 1) for received, made in decided)
    assert 80 <= share(on_time, len(decided)) <= 95
    assert Contact.objects.filter(decision="").exists(), "a few contacts received lately await a decision"
    assert set(Contact.objects.values_list("decision", flat=True)) >= set(codes.ContactDecision.values)


def test_most_children_on_a_plan_were_visited_in_the_last_28_days_at_each_month_end():
    for day in LAST_MONTH_ENDS:
        plans = ChildProtectionPlan.objects.filter(open_on(day)).annotate(
            last_visit=Max("visits__visited_on", filter=Q(visits__visited_on__lte=day))
        )
        counted = visited = 0
        for plan in plans:
            if plan.last_visit is None and plan.started_on > day - timedelta(days=28):
                continue  # not yet due
            counted += 1
            visited += plan.last_visit is not None and plan.last_visit >= day - timedelta(days=27)
        assert 75 <= share(visited, counted) <= 99, day


def test_most_assessments_are_completed_within_45_working_days():
    completed = Assessment.objects.filter(authorised_on__isnull=False, started_on__gte=HISTORY_START)
    pairs = list(completed.values_list("started_on", "authorised_on"))
    within_45 = sum(within_working_days(start, end, 45) for start, end in pairs)
    within_35 = sum(within_working_days(start, end, 35) for start, end in pairs)
    assert 80 <= share(within_45, len(pairs)) <= 97
    assert 55 <= share(within_35, len(pairs)) <= 85


def test_initial_conferences_are_mostly_within_15_working_days_of_the_strategy_discussion():
    conferences = ChildProtectionConference.objects.filter(
        kind=codes.ConferenceKind.INITIAL, section47__strategy_discussion__isnull=False
    ).values_list("held_on", "section47__strategy_discussion__held_on")
    on_time = sum(within_working_days(discussion, held, 15) for held, discussion in conferences)
    assert 65 <= share(on_time, len(conferences)) <= 95


def test_a_handful_of_plans_have_run_for_over_15_18_and_24_months():
    open_plans = ChildProtectionPlan.objects.filter(open_on(TODAY))
    over = {months: open_plans.filter(started_on__lt=add_months(TODAY, -months)).count() for months in (15, 18, 24)}
    assert 2 <= over[15] <= 0.2 * open_plans.count()
    assert 1 <= over[18] <= over[15]
    assert over[24] <= 0.06 * open_plans.count()
    ran_past_two_years = Q(ended_on__isnull=True) | Q(ended_on__gt=AddMonths("started_on", 24))
    assert ChildProtectionPlan.objects.filter(ran_past_two_years, started_on__lt=add_months(TODAY, -24)).exists()


def test_most_care_proceedings_conclude_within_26_weeks_but_some_do_not():
    concluded = list(
        CareProceedings.objects.filter(concluded_on__isnull=False).values_list("issued_on", "concluded_on")
    )
    within = sum((end - start).days <= 182 for start, end in concluded)
    assert 50 <= share(within, len(concluded)) <= 85


def test_half_to_two_thirds_of_care_leavers_are_in_education_employment_or_training():
    records = CareLeaverBirthdayRecord.objects.all()
    in_eet = records.filter(activity__in=codes.EET_ACTIVITIES).count()
    assert 50 <= share(in_eet, records.count()) <= 65
    assert records.filter(activity__in=codes.NEET_ACTIVITIES).exists()
    for record in records.select_related("child")[:200]:
        assert record.birthday_on == anniversary(record.child.date_of_birth, record.age)


def test_most_returns_from_missing_are_followed_by_an_interview_some_late_some_never():
    returned = MissingEpisode.objects.filter(ended_at__isnull=False)
    interviewed = returned.filter(interview_completed_at__isnull=False)
    late = [ep for ep in interviewed if ep.interview_completed_at - ep.ended_at > timedelta(hours=72)]
    assert 60 <= share(interviewed.count(), returned.count()) <= 90
    assert late, "some interviews are late"
    assert returned.filter(interview_completed_at__isnull=True).exists(), "some returns have no interview"


def test_foster_carer_reviews_are_mostly_completed_by_their_due_date():
    reviews = FosterCarerReview.objects.all()
    on_time = reviews.filter(completed_on__lte=models.F("due_on")).count()
    assert 70 <= share(on_time, reviews.count()) <= 95


def test_each_foster_carer_review_is_due_by_the_rule_the_pages_and_f3_use():
    # A year after approval, then a year after the review before it was completed.
    from casework.rules import foster_carer_review_due_dates

    reviews = defaultdict(list)
    for review in FosterCarerReview.objects.select_related("household").order_by("household", "due_on"):
        reviews[review.household].append(review)
    checked = 0
    for household, listed in reviews.items():
        if household.approved_on < listed[0].due_on - timedelta(days=366):
            continue  # the household's earlier reviews are before the demo's detail starts
        expected = foster_carer_review_due_dates(household.approved_on, [review.completed_on for review in listed])
        assert [review.due_on for review in listed] == expected, household.reference
        checked += 1
    assert checked > 5


def test_audits_are_mostly_graded_good_or_requires_improvement():
    grades = Counter(CaseAudit.objects.values_list("grade", flat=True))
    total = sum(grades.values())
    assert share(grades["good"] + grades["requires_improvement"], total) >= 70
    assert set(grades) == set(codes.AuditGrade.values)
    assert {"CIN", "CP", "LAC"} <= set(CaseAudit.objects.values_list("case_type", flat=True))


def test_adoptions_go_through_every_step():
    adopted = Adoption.objects.filter(adoption_order_on__isnull=False)
    assert adopted.exists()
    for adoption in adopted:
        assert adoption.placement_order_on <= adoption.matched_on <= adoption.moved_in_on <= adoption.adoption_order_on
        period = adoption.period_of_care
        assert period.ended_on == adoption.adoption_order_on
        assert period.reason_ceased in codes.ADOPTION_REASONS_CEASED


def test_the_authority_has_the_open_cases_of_a_small_authority_today():
    assert 40 <= ChildProtectionPlan.objects.filter(open_on(TODAY)).count() <= 200
    assert 60 <= PeriodOfCare.objects.filter(open_on(TODAY)).count() <= 250
    assert 100 <= ChildInNeedPlan.objects.filter(open_on(TODAY)).count() <= 450
    assert PreProceedings.objects.filter(open_on(TODAY)).exists() or PreProceedings.objects.count() > 20
    assert Child.objects.filter(date_of_birth__isnull=True).exists(), "a few unborn children"


def test_caseloads_are_believable_and_no_worker_is_swamped():
    caseloads = Counter(Allocation.objects.filter(open_on(TODAY)).values_list("worker_id", flat=True))
    assert 300 <= sum(caseloads.values()) <= 1000
    assert 8 <= sum(caseloads.values()) / len(caseloads) <= 22
    assert max(caseloads.values()) <= 30


def test_most_allocated_children_had_their_case_supervised_in_the_last_28_days():
    day = LAST_MONTH_ENDS[0]
    allocated = set(Allocation.objects.filter(open_on(day)).values_list("child_id", flat=True))
    supervised = set(
        CaseSupervision.objects.filter(
            child__in=allocated, supervised_on__gt=day - timedelta(days=28), supervised_on__lte=day
        ).values_list("child_id", flat=True)
    )
    assert 65 <= share(len(supervised), len(allocated)) <= 95


def test_statutory_visits_and_reviews_are_mostly_on_time():
    """At the last month end: a visit in the last six weeks (or three months when settled), and a
    looked-after review in the last six months, for most children in care a while."""
    day = LAST_MONTH_ENDS[0]
    periods = PeriodOfCare.objects.filter(open_on(day), started_on__lt=day - timedelta(days=200))
    visited = reviewed = 0
    for period in periods:
        last_visit = StatutoryVisit.objects.filter(child=period.child_id, visited_on__lte=day).aggregate(
            last=Max("visited_on")
        )["last"]
        visited += last_visit is not None and last_visit >= day - timedelta(days=92)
        last_review = LookedAfterReview.objects.filter(child=period.child_id, held_on__lte=day).aggregate(
            last=Max("held_on")
        )["last"]
        reviewed += last_review is not None and last_review >= add_months(day, -6)
    assert 80 <= share(visited, periods.count()) <= 100
    assert 75 <= share(reviewed, periods.count()) <= 100


# --- Allocations ------------------------------------------------------------------------------


STAGE_TEAMS = {
    "CP": {TeamType.CARE_PLANNING},
    "CIN": {TeamType.CARE_PLANNING},
    "LAC": {TeamType.PERMANENCE, TeamType.ADOPTION},
}


def test_every_child_on_a_plan_or_in_care_today_is_allocated_to_a_team_for_that_stage():
    current = allocations_today()
    on_plan = set(ChildProtectionPlan.objects.filter(open_on(TODAY)).values_list("child_id", flat=True))
    in_care = set(PeriodOfCare.objects.filter(open_on(TODAY)).values_list("child_id", flat=True))
    in_need = set(ChildInNeedPlan.objects.filter(open_on(TODAY)).values_list("child_id", flat=True))
    for child in on_plan:
        assert current[child].team.team_type == TeamType.CARE_PLANNING, child
    for child in in_care:
        assert current[child].team.team_type in STAGE_TEAMS["LAC"], child
    allocated_in_need = [child for child in in_need if child in current]
    assert all(current[child].team.team_type == TeamType.CARE_PLANNING for child in allocated_in_need)
    assert len(allocated_in_need) < len(in_need), "a few children in need are waiting to be allocated"
    leaving = {child for child, allocation in current.items() if allocation.team.team_type == TeamType.LEAVING_CARE}
    assert leaving
    assert not leaving & in_care
    assessing = {child for child, allocation in current.items() if allocation.team.team_type == TeamType.ASSESSMENT}
    assert assessing and not assessing & (on_plan | in_care)


def test_allocations_are_to_workers_in_post_in_their_own_team():
    workers = {worker.pk: worker for worker in SocialWorker.objects.all()}
    allocations = list(Allocation.objects.values_list("worker_id", "team_id", "started_on", "ended_on"))
    for worker_id, team_id, started_on, ended_on in allocations:
        worker = workers[worker_id]
        assert team_id == worker.team_id
        assert worker.started_on <= started_on
        if worker.ended_on is not None:
            assert ended_on is not None and ended_on <= worker.ended_on
    leavers = {pk for pk, worker in workers.items() if worker.ended_on}
    handed_on = [a for a in allocations if a[0] in leavers and a[3] == workers[a[0]].ended_on]
    assert handed_on, "workers who leave hand their children on"
    mid_month = [a for a in allocations if a[2].day not in (1,) and a[2] > HISTORY_START]
    assert len(mid_month) > len(allocations) / 2


def test_children_move_between_teams_as_their_case_progresses():
    by_child = defaultdict(list)
    for child, team_type in Allocation.objects.order_by("child_id", "started_on").values_list(
        "child_id", "team__team_type"
    ):
        if not by_child[child] or by_child[child][-1] != team_type:
            by_child[child].append(team_type)
    journeys = Counter(tuple(types[:2]) for types in by_child.values() if len(types) > 1)
    assert journeys[(TeamType.ASSESSMENT, TeamType.CARE_PLANNING)] > 50
    assert journeys[(TeamType.CARE_PLANNING, TeamType.PERMANENCE)] >= 5
    assert any(TeamType.ADOPTION in types for types in by_child.values())
    assert any(TeamType.LEAVING_CARE in types for types in by_child.values())


def test_the_demo_social_worker_holds_a_believable_caseload_with_a_cp_visit_overdue_today():
    worker = SocialWorker.objects.get(user__username="social.worker")
    assert worker.team.name == "Care Planning 1"
    children = set(Allocation.objects.filter(open_on(TODAY), worker=worker).values_list("child_id", flat=True))
    assert 12 <= len(children) <= 20
    plans = ChildProtectionPlan.objects.filter(open_on(TODAY), child__in=children)
    overdue = []
    for plan in plans:
        last = plan.visits.aggregate(last=Max("visited_on"))["last"] or plan.started_on
        if last + timedelta(days=27) < TODAY:
            overdue.append(plan)
    assert plans.count() >= 4
    assert 1 <= len(overdue) < plans.count()
    assert ChildInNeedPlan.objects.filter(open_on(TODAY), child__in=children).count() >= 5
    assert Child.objects.filter(pk__in=children, is_restricted=True).exists()
    assert Allocation.objects.filter(worker=worker, ended_on__lt=TODAY).exists(), "they have a history too"
    others = Allocation.objects.filter(open_on(TODAY), team=worker.team).exclude(worker=worker)
    assert others.values("worker").distinct().count() >= 3, "the rest of the team holds the rest"
    other = SocialWorker.objects.get(user__username="other.worker")
    assert other.team.name == "Care Planning 2"
    assert Team.objects.get(name="Care Planning 1").managers.filter(username="team.manager").exists()


def test_a_couple_of_children_are_restricted_and_names_are_varied():
    assert Child.objects.filter(is_restricted=True).count() >= 2
    children = Child.objects.filter(date_of_birth__isnull=False)
    assert children.values("first_name").distinct().count() > 150
    assert children.values("last_name").distinct().count() > 150
    assert len(set(Child.objects.values_list("ethnicity", flat=True))) > 12


# --- The domain rules -----------------------------------------------------------------------------


def date_fields(model) -> list[models.Field]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateField)
        and not getattr(field, "auto_now", False)
        and not getattr(field, "auto_now_add", False)
    ]


def test_no_record_is_dated_after_today():
    from django.apps import apps

    end_of_today = datetime.combine(TODAY + timedelta(days=1), time.min, tzinfo=LONDON)
    for model in [*apps.get_app_config("casework").get_models(), Allocation, CaseSupervision, SocialWorker]:
        for field in date_fields(model):
            if field.name == "expected_date_of_birth":
                continue
            latest = model.objects.aggregate(latest=Max(field.name))["latest"]
            if latest is None:
                continue
            if isinstance(latest, datetime):
                assert latest < end_of_today, (model.__name__, field.name)
            else:
                assert latest <= TODAY, (model.__name__, field.name)


PERIODS = [
    (ChildProtectionPlan, "started_on", "ended_on"),
    (ChildInNeedPlan, "started_on", "ended_on"),
    (PeriodOfCare, "started_on", "ended_on"),
    (Placement, "started_on", "ended_on"),
    (PreProceedings, "started_on", "ended_on"),
    (AdvocacyPeriod, "started_on", "ended_on"),
    (Allocation, "started_on", "ended_on"),
    (Referral, "received_on", "closed_on"),
    (Assessment, "started_on", "authorised_on"),
    (Section47Enquiry, "started_on", "completed_on"),
    (CareProceedings, "issued_on", "concluded_on"),
    (Contact, "received_at", "decided_at"),
    (MissingEpisode, "started_at", "ended_at"),
    (MissingEpisode, "ended_at", "interview_completed_at"),
    (MissingEpisode, "interview_offered_at", "interview_completed_at"),
]


@pytest.mark.parametrize(("model", "start", "end"), PERIODS, ids=lambda value: getattr(value, "__name__", value))
def test_nothing_ends_before_it_starts(model, start, end):
    assert not model.objects.filter(**{f"{end}__lt": models.F(start)}).exists()


@pytest.mark.parametrize(
    "model", [ChildProtectionPlan, ChildInNeedPlan, PeriodOfCare, Placement, PreProceedings, Allocation]
)
def test_periods_that_cannot_overlap_do_not(model):
    last_end: dict[int, date | None] = {}
    for child, started_on, ended_on in model.objects.order_by("child_id", "started_on").values_list(
        "child_id", "started_on", "ended_on"
    ):
        if child in last_end:
            previous = last_end[child]
            assert previous is not None and previous <= started_on, (model.__name__, child, started_on)
        last_end[child] = ended_on


def test_visits_lie_inside_their_plan_and_placements_and_statuses_inside_their_period():
    assert not ChildProtectionVisit.objects.filter(visited_on__lt=models.F("plan__started_on")).exists()
    assert not ChildProtectionVisit.objects.filter(visited_on__gt=models.F("plan__ended_on")).exists()
    for model in (Placement, LegalStatus):
        assert not model.objects.filter(started_on__lt=models.F("period_of_care__started_on")).exists()
        assert not model.objects.filter(started_on__gt=models.F("period_of_care__ended_on")).exists()
    assert not Placement.objects.filter(ended_on__gt=models.F("period_of_care__ended_on")).exists()
    assert not Placement.objects.filter(ended_on__isnull=True, period_of_care__ended_on__isnull=False).exists()
    in_care = PeriodOfCare.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=models.OuterRef("visited_on")),
        child=models.OuterRef("child"),
        started_on__lte=models.OuterRef("visited_on"),
    )
    assert not StatutoryVisit.objects.exclude(models.Exists(in_care)).exists()


# Every date a kind declares as needing a child who has been born (``casework.records``).
BIRTH_NEEDED = [(model, field) for model, field, _ in BIRTH_DATES]


@pytest.mark.parametrize(("model", "field"), BIRTH_NEEDED, ids=lambda value: getattr(value, "__name__", value))
def test_events_that_need_a_birth_come_after_it_and_never_for_an_unborn_child(model, field):
    records = model.objects.filter(**{f"{field}__isnull": False})
    assert not records.filter(child__date_of_birth__isnull=True).exists()
    if field.endswith("_at"):
        births = dict(records.values_list("pk", "child__date_of_birth"))
        for pk, moment in records.values_list("pk", field):
            assert local_day(moment) >= births[pk]
    else:
        assert not records.filter(**{f"{field}__lt": models.F("child__date_of_birth")}).exists()


def test_conferences_for_unborn_children_record_no_participation():
    unborn_then = ChildProtectionConference.objects.filter(
        Q(child__date_of_birth__isnull=True) | Q(held_on__lt=models.F("child__date_of_birth"))
    )
    assert unborn_then.exists(), "some children are on a plan before they are born"
    assert set(unborn_then.values_list("participation", flat=True)) <= {"", codes.Participation.DID_NOT_PARTICIPATE}


def test_every_coded_value_is_in_its_code_list():
    from django.apps import apps

    for model in apps.get_app_config("casework").get_models():
        for field in model._meta.concrete_fields:
            if not field.choices or isinstance(field, models.BooleanField):
                continue
            allowed = {str(key) for key, _ in field.flatchoices} | {""}
            used = set(map(str, model.objects.values_list(field.name, flat=True).distinct()))
            assert used <= allowed, (model.__name__, field.name, used - allowed)


def test_a_sample_of_every_kind_of_record_passes_the_casework_rules():
    """The same checks a social worker's form runs, on a deterministic sample of each record type."""
    sample = random.Random(7)
    with time_machine.travel(datetime.combine(TODAY, time(18, 0), tzinfo=LONDON), tick=False):
        for model in validation.rules():
            pks = list(model.objects.values_list("pk", flat=True))
            assert pks, f"no {model.__name__} records"
            for pk in sample.sample(pks, min(25, len(pks))):
                record = model.objects.get(pk=pk)
                try:
                    validation.check(record)
                except Exception as error:  # show which record broke which rule
                    raise AssertionError(f"{model.__name__} {pk}: {error}") from error
