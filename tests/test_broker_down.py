"""With the broker unreachable (a closed port, really refused), saving a record and uploading a return
still answer as usual and lose nothing: the record is saved once, its months wait in the durable queue,
the upload waits as a batch, and the beat's minute tasks do the work once the broker is back."""

import socket
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile

from casework.models import Contact
from core.models import RecomputeRequest
from core.recompute import queue_summary
from imports.models import BatchStatus, ImportBatch
from indicators.models import ComputationRun
from indicators.reference import load_catalogue
from kpi_project.celery import app
from tests.casework.conftest import allocate, date_data, datetime_data
from tests.factories import ChildFactory
from tests.imports.test_ssda903 import RETURN_2024

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2024, 5, 15, 12, 0, tzinfo=LONDON)


def a_closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is


def _reset_connections() -> None:
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Celery sending for real (not in-process) to a Redis port nothing listens on."""
    saved = (app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options)
    app.conf.broker_url = f"redis://127.0.0.1:{a_closed_port()}/0"
    app.conf.task_always_eager = False
    app.conf.broker_transport_options = {"socket_connect_timeout": 3, "max_retries": 0}
    _reset_connections()
    yield
    app.conf.broker_url, app.conf.task_always_eager, app.conf.broker_transport_options = saved
    _reset_connections()


def broker_back() -> None:
    app.conf.task_always_eager = True  # the tests' worker: tasks run in this process


@time_machine.travel(NOW, tick=False)
def test_a_contact_saved_while_the_broker_is_down_is_saved_once_and_its_figures_follow_when_it_is_back(
    cast, client_for, broker_down, django_capture_on_commit_callbacks
):
    load_catalogue()
    child = allocate(ChildFactory(first_name="Amy"), cast.social_worker_a)
    RecomputeRequest.objects.all().delete()
    data = {
        **datetime_data("received_at", datetime(2024, 3, 5, 9, 30, tzinfo=LONDON)),
        "source_of_contact": "1A",
        "decision": "",
        **date_data("decided_at", None),
        "decided_at_time": "",
    }

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.worker_a).post(f"/children/{child.pk}/record/contact/", data)

    assert response.status_code == 302  # not a 500: the user has no reason to post again
    assert Contact.objects.filter(child=child).count() == 1
    assert queue_summary().count == 3  # March, April and May wait
    assert not ComputationRun.objects.exists()

    broker_back()
    from indicators.tasks import drain_recomputation

    assert drain_recomputation.delay().get() == 3  # the beat's minute task
    assert queue_summary().is_empty
    assert sorted(ComputationRun.objects.values_list("month", flat=True)) == [
        datetime(2024, m, 1).date() for m in (3, 4, 5)
    ]


def test_an_upload_while_the_broker_is_down_waits_and_is_checked_once_the_broker_is_back(
    cast, client_for, broker_down, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    files = [SimpleUploadedFile(name, text.encode(), content_type="text/csv") for name, text in RETURN_2024.items()]

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.performance).post("/imports/", {"files": files, "year": "2024"})

    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response.url == batch.get_absolute_url()
    assert batch.status == BatchStatus.QUEUED

    broker_back()
    from imports.tasks import start_waiting

    with time_machine.travel(NOW + timedelta(seconds=30), tick=False):
        assert start_waiting.delay().get() == 0  # a message may still be on its way: not yet
    with time_machine.travel(NOW + timedelta(minutes=2), tick=False):
        assert start_waiting.delay().get() == 1
    batch.refresh_from_db()
    assert batch.status == BatchStatus.READY
    assert batch.counts["Children"]["created"] == 2
