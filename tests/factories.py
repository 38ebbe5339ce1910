"""Factories for the records tests build scenarios from. Dates are always explicit in
indicator tests; the defaults here are only for tests that do not care."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from casework.models import Allocation, Child
from core.roles import Role
from workforce.models import Employment, Post, SocialWorker, Team, TeamType


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    team_type = TeamType.CARE_PLANNING


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    team = factory.SubFactory(TeamFactory)
    reference = factory.Sequence(lambda n: f"P-{n:04d}")
    fte = Decimal("1.00")
    funded_from = date(2015, 1, 1)


class SocialWorkerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SocialWorker

    first_name = factory.Sequence(lambda n: f"Worker{n}")
    last_name = "Smith"
    team = factory.SubFactory(TeamFactory)
    employment = Employment.PERMANENT
    qualified_on = date(2010, 6, 1)
    started_on = date(2015, 1, 1)


class ChildFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Child

    la_child_id = factory.Sequence(lambda n: f"C{n:06d}")
    first_name = factory.Sequence(lambda n: f"Child{n}")
    last_name = "Jones"
    date_of_birth = date(2015, 5, 5)


class AllocationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Allocation

    child = factory.SubFactory(ChildFactory)
    worker = factory.SubFactory(SocialWorkerFactory)
    team = factory.SelfAttribute("worker.team")
    started_on = date(2016, 1, 1)


def user_with_role(username: str, role: Role | None, **extra) -> User:
    user = User.objects.create_user(username=username, password="not-used-in-tests", **extra)
    if role is not None:
        user.groups.add(Group.objects.get(name=role.value))
        user.is_staff = role == Role.ADMINISTRATOR
        user.save(update_fields=["is_staff"])
    return user


# --- Casework records (appended with the casework pages) ---------------------------------
# Dates are fixed and in order for a child born on 5 May 2015 (ChildFactory's default).

from datetime import datetime as _datetime  # noqa: E402
from zoneinfo import ZoneInfo as _ZoneInfo  # noqa: E402

from casework import models as _case  # noqa: E402

_LONDON = _ZoneInfo("Europe/London")


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Contact

    child = factory.SubFactory(ChildFactory)
    received_at = _datetime(2024, 3, 4, 10, 0, tzinfo=_LONDON)
    source_of_contact = "2A"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Referral

    child = factory.SubFactory(ChildFactory)
    received_on = date(2024, 3, 5)


class AssessmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Assessment

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 3, 6)


class StrategyDiscussionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.StrategyDiscussion

    child = factory.SubFactory(ChildFactory)
    held_on = date(2024, 3, 7)


class Section47EnquiryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Section47Enquiry

    child = factory.SubFactory(ChildFactory)
    strategy_discussion = factory.SubFactory(StrategyDiscussionFactory, child=factory.SelfAttribute("..child"))
    started_on = date(2024, 3, 7)


class ChildProtectionConferenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.ChildProtectionConference

    child = factory.SubFactory(ChildFactory)
    kind = "initial"
    held_on = date(2024, 3, 25)


class ChildProtectionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.ChildProtectionPlan

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 3, 25)
    category = "NEG"


class ChildProtectionVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.ChildProtectionVisit

    plan = factory.SubFactory(ChildProtectionPlanFactory)
    child = factory.SelfAttribute("plan.child")
    visited_on = date(2024, 4, 1)


class ChildInNeedPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.ChildInNeedPlan

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 3, 25)


class AdvocacyPeriodFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.AdvocacyPeriod

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 4, 1)


class PeriodOfCareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.PeriodOfCare

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 3, 4)


class LegalStatusFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.LegalStatus

    period_of_care = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period_of_care.child")
    started_on = factory.SelfAttribute("period_of_care.started_on")
    code = "C2"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Placement

    period_of_care = factory.SubFactory(PeriodOfCareFactory)
    child = factory.SelfAttribute("period_of_care.child")
    started_on = factory.SelfAttribute("period_of_care.started_on")
    placement_type = "U6"
    carer_reference = "CARER-1"


class StatutoryVisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.StatutoryVisit

    child = factory.SubFactory(ChildFactory)
    visited_on = date(2024, 3, 8)


class LookedAfterReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.LookedAfterReview

    child = factory.SubFactory(ChildFactory)
    held_on = date(2024, 3, 28)


class MissingEpisodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.MissingEpisode

    child = factory.SubFactory(ChildFactory)
    started_at = _datetime(2024, 5, 1, 22, 0, tzinfo=_LONDON)


class CareProceedingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.CareProceedings

    child = factory.SubFactory(ChildFactory)
    issued_on = date(2024, 4, 2)


class PreProceedingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.PreProceedings

    child = factory.SubFactory(ChildFactory)
    started_on = date(2024, 3, 1)


class AdoptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.Adoption

    child = factory.SubFactory(ChildFactory)


class PathwayPlanReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.PathwayPlanReview

    child = factory.SubFactory(ChildFactory, date_of_birth=date(2005, 5, 5))
    reviewed_on = date(2024, 1, 10)


class CaseAuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.CaseAudit

    child = factory.SubFactory(ChildFactory)
    audited_on = date(2024, 6, 3)
    case_type = "CP"
    grade = "good"
    views_and_wishes_met = True


class FosterCarerHouseholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _case.FosterCarerHousehold

    reference = factory.Sequence(lambda n: f"FC-{n:04d}")
    name = factory.Sequence(lambda n: f"The Carer{n} household")
    approved_on = date(2018, 1, 15)


# --- Indicators and stored figures (appended with the report pages) ------------------------
# Report tests build their own small catalogue; they never depend on the seeded one.

from django.conf import settings as _settings  # noqa: E402
from django.utils import timezone as _timezone  # noqa: E402

from indicators import models as _indicators  # noqa: E402
from indicators.bands import Thresholds as _Thresholds  # noqa: E402
from indicators.bands import rate as _rate  # noqa: E402


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.Indicator
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"T {n}")
    title = factory.LazyAttribute(lambda o: f"Test indicator {o.code}")
    description = "Children in the test denominator; in the numerator when the test says so."
    unit = _indicators.Unit.PERCENTAGE
    polarity = _indicators.Polarity.HIGHER_IS_BETTER
    window = _indicators.Window.MONTH_END
    catalogue_position = factory.Sequence(lambda n: n)


class ThresholdSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.ThresholdSet

    indicator = factory.SubFactory(IndicatorFactory)
    outstanding = "90+"
    good = "80-89"
    adequate = "70-79"


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.Benchmark

    indicator = factory.SubFactory(IndicatorFactory)
    kind = _indicators.Benchmark.Kind.STATISTICAL_NEIGHBOURS
    year = "2023-24"
    value = Decimal("25")


class MilestoneFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.Milestone

    indicator = factory.SubFactory(IndicatorFactory)
    due_on = date(2025, 3, 31)
    target = "85+"


class ScorecardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.Scorecard

    name = factory.Sequence(lambda n: f"Scorecard {n}")
    slug = factory.Sequence(lambda n: f"scorecard-{n}")
    layout = _indicators.Scorecard.Layout.ROWS


class ScorecardRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.ScorecardRow

    scorecard = factory.SubFactory(ScorecardFactory)
    position = factory.Sequence(lambda n: n + 1)
    row_type = _indicators.ScorecardRow.RowType.INDICATOR
    indicator = factory.SubFactory(IndicatorFactory)
    text = factory.LazyAttribute(lambda o: o.indicator.title if o.indicator else "")


def _value(o) -> Decimal | None:
    if o.numerator is None:
        return None
    if o.indicator.unit == _indicators.Unit.COUNT:
        return Decimal(o.numerator)
    if not o.denominator:
        return None
    value = Decimal(o.numerator) / Decimal(o.denominator)
    return value * 100 if o.indicator.unit == _indicators.Unit.PERCENTAGE else value


def _rating(o) -> str:
    """As the computation rates a stored figure: bands.rate with the indicator's thresholds."""
    try:
        bands = o.indicator.thresholds
    except _indicators.ThresholdSet.DoesNotExist:
        return ""
    rating = _rate(o.value, _Thresholds.parse(bands.outstanding, bands.good, bands.adequate), o.indicator.polarity)
    return rating.value if rating else ""


def _scope_type(o) -> str:
    return o.scope_key.split(":")[0]


def _scope_name(o) -> str:
    if o.scope_key == "authority":
        return _settings.AUTHORITY_NAME
    if o.team is not None:
        return o.team.name
    if o.worker is not None:
        return o.worker.full_name
    return "Unallocated"


class SnapshotFactory(factory.django.DjangoModelFactory):
    """A stored figure. Give numerator and denominator (value and rating follow), or value."""

    class Meta:
        model = _indicators.Snapshot

    indicator = factory.SubFactory(IndicatorFactory)
    month = date(2025, 1, 1)
    kind = _indicators.SnapshotKind.PROVISIONAL
    scope_key = "authority"
    team = None
    worker = None
    scope_type = factory.LazyAttribute(_scope_type)
    scope_name = factory.LazyAttribute(_scope_name)
    numerator = Decimal("9")
    denominator = Decimal("10")
    value = factory.LazyAttribute(_value)
    rating = factory.LazyAttribute(_rating)
    method = _indicators.Method.COMPUTED
    computed_at = factory.LazyFunction(_timezone.now)


class SnapshotRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.SnapshotRecord

    snapshot = factory.SubFactory(SnapshotFactory)
    record_type = "cp_plan"
    record_id = factory.Sequence(lambda n: n + 1)
    child_id = None
    team_id = None
    worker_id = None
    in_numerator = True
    numerator = factory.LazyAttribute(lambda o: Decimal(1 if o.in_numerator else 0))
    denominator = Decimal(1)
    reference_date = date(2025, 1, 31)
    detail = factory.LazyAttribute(lambda o: "visited" if o.in_numerator else "overdue_since")
    detail_date = date(2025, 1, 20)


class MonthSignOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = _indicators.MonthSignOff

    month = date(2025, 1, 1)
    signed_off_by = factory.LazyFunction(lambda: User.objects.get_or_create(username="signer")[0])
    signed_off_at = factory.LazyFunction(_timezone.now)
