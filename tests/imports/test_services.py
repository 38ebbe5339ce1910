"""The import as a whole: one transaction, preview writes nothing, audit, recomputation, and no
query per row."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from casework.models import Child, ChildProtectionPlan, LookedAfterReview, PeriodOfCare, Placement
from imports.services import check_files, import_files
from tests.factories import user_with_role

from .conftest import EPISODES, HEADER, REVIEWS, check_903, cin_document, import_903, sources, table
from .test_ssda903 import RETURN_2024

pytestmark = pytest.mark.django_db


class Killed(Exception):
    pass


def test_an_import_killed_midway_leaves_nothing_behind():
    def kill(outcome):
        # Everything has been written inside the transaction by now.
        assert Placement.objects.count() == 4
        raise Killed

    with pytest.raises(Killed):
        import_903(RETURN_2024, on_written=kill)

    assert not Child.objects.exists()
    assert not PeriodOfCare.objects.exists()
    assert not Placement.objects.exists()
    assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(Placement)).exists()


def test_an_import_killed_between_two_record_types_leaves_nothing_behind(monkeypatch):
    def kill(*args, **kwargs):
        # Children, periods of care and legal statuses are written by now; the placements are next.
        assert PeriodOfCare.objects.count() == 2
        raise Killed

    monkeypatch.setattr(Placement.objects, "bulk_create", kill)

    with pytest.raises(Killed):
        import_903(RETURN_2024)

    assert not Child.objects.exists()
    assert not PeriodOfCare.objects.exists()
    assert not LogEntry.objects.exclude(content_type__app_label="auth").exists()  # the logins made for the test aside


def test_an_import_killed_while_writing_the_audit_entries_leaves_nothing_behind(monkeypatch):
    written = []
    real = LogEntry.objects.bulk_create

    def kill_on_the_third(entries, **kwargs):
        written.append(len(entries))
        if len(written) == 3:
            raise Killed
        return real(entries, **kwargs)

    monkeypatch.setattr(LogEntry.objects, "bulk_create", kill_on_the_third)

    with pytest.raises(Killed):
        import_903(RETURN_2024)

    assert written[:2] == [2, 2]  # the children's and the periods of care's entries were written
    assert not Child.objects.exists()
    assert not PeriodOfCare.objects.exists()
    assert not LogEntry.objects.exclude(content_type__app_label="auth").exists()  # the logins made for the test aside


def test_checking_writes_nothing():
    outcome = check_903(RETURN_2024)

    assert outcome.counts["Placements"] == {"created": 4, "updated": 0, "unchanged": 0}
    assert not Child.objects.exists()
    assert not Placement.objects.exists()


def test_an_import_queues_the_recomputation_of_the_months_it_touches(_no_recomputation):
    import_903(RETURN_2024)

    # A1's period of care began on 1 June 2023: the earliest event written (a date of birth is not one).
    assert _no_recomputation == [(date(2023, 6, 1), "import")]  # June 2023 and every month after


def test_a_reimport_that_changes_nothing_queues_no_recomputation(_no_recomputation):
    import_903(RETURN_2024)
    _no_recomputation.clear()

    import_903(RETURN_2024)

    assert _no_recomputation == []


def test_every_imported_record_is_in_the_audit_log_with_who_imported_it():
    officer = user_with_role("officer", None)

    import_903(RETURN_2024, by=officer)

    placement = Placement.objects.get(placement_type="K2")
    entry = LogEntry.objects.get(content_type=ContentType.objects.get_for_model(Placement), object_id=placement.pk)
    assert entry.action == LogEntry.Action.CREATE
    assert entry.actor == officer
    assert entry.additional_data["child_id"] == placement.child_id
    assert entry.changes["placement_type"] == ["None", "K2"]
    assert placement.recorded_by == officer


def test_a_correction_by_a_later_return_is_audited_with_the_change():
    import_903(RETURN_2024)
    review_file = table(REVIEWS, "B2,02/02/2010,20/10/2023,PN5")

    import_903({"header.csv": table(HEADER, "B2,F,02/02/2010,BAFR,,,"), "reviews.csv": review_file})

    review = LookedAfterReview.objects.get(child__la_child_id="B2")
    entry = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(LookedAfterReview), object_id=review.pk
    ).latest("pk")
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes == {"participation": ["PN1", "PN5"]}


def _return_with(children: int) -> dict[str, str]:
    header, episodes, reviews = [], [], []
    for number in range(children):
        child = f"Q{number}"
        header.append(f"{child},1,01/01/2010,WBRI,,,")
        episodes += [
            f"{child},01/05/2023,S,C2,N1,U6,PR1,01/09/2023,X1,,,,",
            f"{child},01/09/2023,P,C2,N1,U4,PR1,,,,,,",
        ]
        reviews.append(f"{child},01/01/2010,01/06/2023,PN1")
    return {
        "header.csv": table(HEADER, *header),
        "episodes.csv": table(EPISODES, *episodes),
        "reviews.csv": table(REVIEWS, *reviews),
    }


def _queries(django_assert_max_num_queries, files, **kwargs) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        check_903(files, **kwargs)
    return len(captured)


def test_checking_runs_a_fixed_number_of_queries_whatever_the_number_of_rows(django_assert_max_num_queries):
    import_903(_return_with(5))  # the children exist: their records are looked up, not queried row by row

    few = _queries(django_assert_max_num_queries, _return_with(5))
    many = _queries(django_assert_max_num_queries, _return_with(60))

    assert many == few


def test_a_corrected_date_of_birth_recomputes_the_returns_year(_no_recomputation):
    import_903({"header.csv": table(HEADER, "D1,1,01/01/2010,WBRI,,,")})
    _no_recomputation.clear()

    outcome = import_903({"header.csv": table(HEADER, "D1,1,02/01/2010,WBRI,,,")})

    assert outcome.counts["Children"]["updated"] == 1
    assert _no_recomputation == [(date(2023, 4, 1), "import")]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="The import lock is PostgreSQL's")
def test_a_silent_import_is_not_called_stopped_while_an_import_holds_the_lock():
    from datetime import timedelta

    from django.db import DEFAULT_DB_ALIAS, connections
    from django.utils import timezone

    from imports.models import BatchStatus, ImportBatch
    from imports.services import IMPORT_LOCK, batch_is_stale

    batch = ImportBatch.objects.create(
        kind="ssda903", status=BatchStatus.IMPORTING, progress_at=timezone.now() - timedelta(minutes=20)
    )
    worker = connections.create_connection(DEFAULT_DB_ALIAS)  # another process's import, waiting or writing
    try:
        with worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s, %s)", IMPORT_LOCK)
        assert not batch_is_stale(batch)
        with worker.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", IMPORT_LOCK)
        assert batch_is_stale(batch)
    finally:
        worker.close()


def _both_returns() -> dict[str, str]:
    from .test_cin_census import FULL_EPISODE, child_xml

    census = child_xml("B2", sex="F", birth="2010-02-02", details=FULL_EPISODE).replace("WBRI", "BAFR")
    return {**RETURN_2024, "cin.xml": cin_document(census)}


def test_both_returns_in_one_upload_are_checked_as_one_and_give_a_shared_child_once():
    outcome = check_files("both", sources(_both_returns()), year=2024)

    assert [part.kind for part in outcome.parts] == ["ssda903", "cin_census"]
    assert outcome.counts["Children"] == {"created": 2, "updated": 0, "unchanged": 1}  # B2 counted by the SSDA903
    assert outcome.counts["Child protection plans"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert not Child.objects.exists()

    imported = import_files("both", sources(_both_returns()), year=2024)

    assert imported.imported and imported.rows_rejected == 0, imported.report.issues
    child = Child.objects.get(la_child_id="B2")
    assert PeriodOfCare.objects.get(child=child).started_on == date(2023, 10, 10)
    assert ChildProtectionPlan.objects.get(child=child).started_on == date(2023, 9, 1)
    again = import_files("both", sources(_both_returns()), year=2024)
    assert all(count["created"] == count["updated"] == 0 for count in again.counts.values()), again.counts


def test_both_returns_are_written_in_one_transaction_a_failure_in_the_census_leaves_nothing(monkeypatch):
    from casework.models import Referral

    def fail(*args, **kwargs):
        assert Placement.objects.count() == 4  # the SSDA903 was written first, in the same transaction
        raise Killed

    monkeypatch.setattr(Referral.objects, "bulk_create", fail)

    with pytest.raises(Killed):
        import_files("both", sources(_both_returns()), year=2024)

    assert not Child.objects.exists()
    assert not Placement.objects.exists()
    assert not LogEntry.objects.exclude(content_type__app_label="auth").exists()  # the logins made for the test aside
