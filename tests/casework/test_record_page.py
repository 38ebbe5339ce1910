"""A child's record page: key facts, the chronology (newest first, ties in a fixed order),
imported records marked, the audit trail of views and corrections, and a query count
that does not grow with the number of events."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from casework import services
from casework.chronology import chronology
from casework.models import Child, StatutoryVisit
from tests.factories import (
    ChildFactory,
    ChildProtectionConferenceFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    ContactFactory,
    LegalStatusFactory,
    PlacementFactory,
    StatutoryVisitFactory,
    StrategyDiscussionFactory,
)
from tests.marks import Marks

from .conftest import allocate, date_data

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def titles(child: Child) -> list[str]:
    return [f"{event.day:%Y-%m-%d} {event.title}" for event in chronology(child)]


def test_the_chronology_is_newest_first_with_same_day_events_in_the_order_of_the_work():
    child = ChildFactory()
    ContactFactory(child=child, received_at=datetime(2024, 3, 4, 10, 0, tzinfo=LONDON))
    # Recorded out of order: the plan before the conference and discussion of the same day.
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    ChildProtectionConferenceFactory(child=child, held_on=date(2024, 3, 25))
    StrategyDiscussionFactory(child=child, held_on=date(2024, 3, 25))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 4, 1))
    assert titles(child) == [
        "2024-04-01 Child protection visit",
        "2024-03-25 Child protection plan started",
        "2024-03-25 Initial child protection conference",
        "2024-03-25 Strategy discussion",
        "2024-03-04 Contact received",
    ]


def test_two_events_of_one_kind_on_one_day_keep_the_order_they_were_recorded_in():
    child = ChildFactory()
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    first = ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 4, 1))
    second = ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 4, 1))
    same_day = [event.record for event in chronology(child) if event.day == date(2024, 4, 1)]
    assert same_day == [second, first]
    assert [event.record for event in chronology(child) if event.day == date(2024, 4, 1)] == same_day


def test_a_change_of_placement_shows_the_new_placement_above_the_end_of_the_old():
    child = ChildFactory()
    first = PlacementFactory(
        period_of_care__child=child,
        period_of_care__started_on=date(2024, 1, 4),
        started_on=date(2024, 1, 4),
        ended_on=date(2024, 3, 1),
    )
    PlacementFactory(period_of_care=first.period_of_care, started_on=date(2024, 3, 1), placement_type="K2")
    assert titles(child)[:2] == [
        "2024-03-01 Placement K2: Children's home",
        "2024-03-01 Placement ended (U6)",
    ]


def test_imported_records_are_marked_with_their_return_and_row(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    StatutoryVisitFactory(
        child=child, visited_on=date(2024, 3, 8), source="ssda903", source_reference="2023-24 visits row 12"
    )
    StatutoryVisitFactory(child=child, visited_on=date(2024, 4, 8))
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/").content.decode()
    assert page.count("Imported: SSDA903 return, 2023-24 visits row 12") == 1
    assert page.count("moj-timeline__item") >= 2


def test_the_key_facts_show_age_legal_status_plans_and_worker(cast, client_for):
    child = allocate(ChildFactory(first_name="Kit", date_of_birth=date(2015, 5, 5)), cast.social_worker_a)
    LegalStatusFactory(period_of_care__child=child, period_of_care__started_on=date(2024, 3, 4), code="C2")
    ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/").content.decode()
    facts = page[page.find('data-testid="key-facts"') :]
    facts = facts[: facts.find("</dl>")]
    assert "C2: Full care order" in facts
    assert "<li>Child protection plan</li>" in facts and "<li>Looked after</li>" in facts
    assert "Alice Archer (Care Planning A)" in facts
    assert " years (born 5 May 2015)" in facts


def test_each_event_links_to_its_correction_and_gives_its_date_to_machines(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    ContactFactory(child=child, received_at=datetime(2024, 7, 4, 10, 5, tzinfo=LONDON))
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/").content.decode()
    correct = reverse("casework:record_update", args=[child.pk, "statutory-visit", visit.pk])
    assert f'href="{correct}">Correct<span class="govuk-visually-hidden"> statutory visit of 8 March 2024' in page
    assert '<time datetime="2024-03-08">8 March 2024</time>' in page
    assert '<time datetime="2024-07-04T10:05:00+01:00">4 July 2024 at 10:05</time>' in page


def test_a_reader_sees_no_correction_links(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    page = client_for(cast.senior).get(f"/children/{child.pk}/").content.decode()
    assert "Statutory visit" in page and "/record/statutory-visit/" not in page


def test_an_unborn_child_shows_the_expected_date(cast, client_for):
    child = allocate(ChildFactory(date_of_birth=None, expected_date_of_birth=date(2031, 1, 9)), cast.social_worker_a)
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/").content.decode()
    assert "Unborn (expected 9 January 2031)" in page


# --- Audit ------------------------------------------------------------------------------------


def test_opening_a_record_writes_an_access_entry_naming_who_opened_it(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    client_for(cast.manager_a).get(f"/children/{child.pk}/")
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.object_id, entry.actor, entry.content_type.model) == (child.pk, cast.manager_a, "child")
    assert entry.additional_data == {"child_id": child.pk}


def test_a_refused_look_at_a_record_writes_no_access_entry(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    assert client_for(cast.worker_b).get(f"/children/{child.pk}/").status_code == 404
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_correction_is_audited_with_who_made_it_and_what_it_said_before(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    response = client_for(cast.worker_a).post(
        f"/children/{child.pk}/record/statutory-visit/{visit.pk}/", date_data("visited_on", date(2024, 3, 9))
    )
    assert response.status_code == 302
    entry = LogEntry.objects.get(
        action=LogEntry.Action.UPDATE, content_type=ContentType.objects.get_for_model(StatutoryVisit)
    )
    assert entry.actor == cast.worker_a
    assert entry.changes_dict["visited_on"] == ["2024-03-08", "2024-03-09"]
    assert entry.additional_data == {"child_id": child.pk}


def test_the_manager_reads_the_history_of_views_and_corrections(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    worker = client_for(cast.worker_a)
    worker.get(f"/children/{child.pk}/")
    worker.post(f"/children/{child.pk}/record/statutory-visit/{visit.pk}/", date_data("visited_on", date(2024, 3, 9)))
    page = client_for(cast.manager_a).get(f"/children/{child.pk}/history/").content.decode()
    assert 'data-action="Viewed"' in page
    assert "Corrected: Statutory visit" in page
    assert "Date of visit: 2024-03-08 → 2024-03-09" in page
    assert "Alice Archer" in page


def test_a_social_worker_cannot_read_the_history(cast, client_for):
    child = allocate(ChildFactory(), cast.social_worker_a)
    assert client_for(cast.worker_a).get(f"/children/{child.pk}/history/").status_code == 403


def test_the_service_names_the_viewer_outside_a_request():
    child = ChildFactory()
    from tests.factories import user_with_role

    reader = user_with_role("reader", None)
    services.child_record_viewed(child=child, user=reader)
    services.child_record_viewed(child=child, user=reader)
    assert list(LogEntry.objects.filter(action=LogEntry.Action.ACCESS).values_list("actor__username", flat=True)) == [
        "reader",
        "reader",
    ]


# --- Recomputation ----------------------------------------------------------------------------------


def test_a_saved_record_marks_the_months_from_its_earliest_date_in_its_own_transaction():
    queued = Marks()
    child = ChildFactory()
    queued.clear()
    plan = services.cp_plan_create(child=child, started_on=date(2024, 3, 25), category="NEG", by=None)
    services.cp_plan_update(plan=plan, started_on=date(2024, 2, 20), ended_on=date(2024, 9, 1), category="NEG", by=None)
    assert queued == [(date(2024, 3, 1), "record saved"), (date(2024, 2, 1), "record saved")]


def test_a_rejected_record_marks_nothing_and_sends_nothing(django_capture_on_commit_callbacks):
    queued = Marks()
    child = ChildFactory()
    queued.clear()
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(Exception):  # noqa: B017
        services.cp_plan_create(child=child, started_on=date(2024, 3, 25), category="nope", by=None)
    assert callbacks == []
    assert queued == []


def test_a_saved_record_asks_for_the_drain_only_once_committed(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("core.messaging.send", lambda name, *args, **kwargs: sent.append(name))
    child = ChildFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.cp_plan_create(child=child, started_on=date(2024, 3, 25), category="NEG", by=None)
    assert sent == [] and callbacks
    for callback in callbacks:
        callback()
    assert set(sent) == {"indicators.tasks.drain_recomputation"}


# --- Query counts --------------------------------------------------------------------------------------


def build_history(child: Child, size: int) -> None:
    """``size`` of each kind of event: contacts, plans with visits, placements, visits."""
    for index in range(size):
        start = date(2020, 1, 1) + timedelta(days=200 * index)
        ContactFactory(child=child, received_at=datetime.combine(start, datetime.min.time(), tzinfo=LONDON))
        plan = ChildProtectionPlanFactory(child=child, started_on=start, ended_on=start + timedelta(days=90))
        ChildProtectionVisitFactory(plan=plan, visited_on=start + timedelta(days=10))
        placement = PlacementFactory(
            period_of_care__child=child,
            period_of_care__started_on=start,
            period_of_care__ended_on=start + timedelta(days=100),
            period_of_care__reason_ceased="E4A",
            started_on=start,
            ended_on=start + timedelta(days=100),
        )
        LegalStatusFactory(period_of_care=placement.period_of_care, code="C2")
        StatutoryVisitFactory(child=child, visited_on=start + timedelta(days=5))


# Session, user, permissions, the user's teams, the child with key facts (one query), the
# user's roles (for the history link and the header), the access log entry, which kinds of record
# the child has (one query), one query for each of those kinds (the history below holds 8 of the
# 25: contacts, CP plans, CP visits, statutory visits, legal statuses, periods of care,
# placements, allocations), navigation (with whether the user works in fostering), and the
# session save. The same for 1 and for 12 events of each kind. Nothing is due for this child (no
# plan or period of care open): the due dates cost no query.
KINDS_HELD = 8
CHILD_PAGE_QUERIES = 18 + 1 + KINDS_HELD
# With something due: the rule parameters and the due dates that apply, in one query.
CHILD_PAGE_QUERIES_WITH_DUE_DATES = CHILD_PAGE_QUERIES + 2


@pytest.mark.parametrize("size", [1, 12])
def test_the_record_page_runs_the_same_queries_for_any_number_of_events(
    cast, client_for, django_assert_num_queries, size
):
    child = allocate(ChildFactory(), cast.social_worker_a)
    build_history(child, size)
    client = client_for(cast.worker_a)
    with django_assert_num_queries(CHILD_PAGE_QUERIES):
        response = client.get(f"/children/{child.pk}/")
    # Every event, up to the chronology's page of a hundred (12 of each kind make 108).
    assert response.content.decode().count("moj-timeline__item") >= min(9 * size, 100)


def looked_after_on_a_plan(worker) -> Child:
    child = allocate(ChildFactory(), worker)
    PlacementFactory(
        period_of_care__child=child, period_of_care__started_on=date(2024, 3, 4), started_on=date(2024, 3, 4)
    )
    ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    return child


def care_leaver(worker) -> Child:
    child = allocate(ChildFactory(date_of_birth=date.today() - timedelta(days=19 * 366)), worker)
    start = child.date_of_birth + timedelta(days=15 * 366)
    PlacementFactory(
        period_of_care__child=child,
        period_of_care__started_on=start,
        period_of_care__ended_on=start + timedelta(days=3 * 366),
        period_of_care__reason_ceased="E17",
        started_on=start,
        ended_on=start + timedelta(days=3 * 366),
    )
    return child


@pytest.mark.parametrize("kind", [looked_after_on_a_plan, care_leaver])
@pytest.mark.parametrize("size", [1, 12])
def test_the_record_page_of_a_child_with_something_due_costs_two_queries_more(
    cast, client_for, django_assert_num_queries, kind, size
):
    child = kind(cast.social_worker_a)
    build_history(child, size)
    client = client_for(cast.worker_a)
    with django_assert_num_queries(CHILD_PAGE_QUERIES_WITH_DUE_DATES):
        response = client.get(f"/children/{child.pk}/")
    assert 'data-testid="due"' in response.content.decode()
    assert "No statutory visit, review or plan review is due" not in response.content.decode()


# As above, with one page of children carrying their key facts and due dates as subqueries, and
# the number of them all, in one query (core.tables.OneQueryPaginator); the navigation's queries
# run again for the table's template (whether the user works in fostering is asked once).
CASELOAD_QUERIES = 21


@pytest.mark.parametrize("size", [2, 30])
def test_the_caseload_runs_the_same_queries_for_any_number_of_children(
    cast, client_for, django_assert_num_queries, size
):
    for _ in range(size):
        child = allocate(ChildFactory(), cast.social_worker_a)
        build_history(child, 1)
    client = client_for(cast.worker_a)
    with django_assert_num_queries(CASELOAD_QUERIES):
        response = client.get("/children/mine/")
    assert response.content.decode().count('href="/children/') >= min(size, 25)
