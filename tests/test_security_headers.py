"""Headers for children's data: a Content-Security-Policy on every page, nothing that shows a child
kept in a cache, row-problem downloads audited like other exports, styled error pages with the
service's navigation, and login throttling that sees the client behind our own reverse proxy."""

import pytest
from auditlog.models import LogEntry
from django.test import Client, override_settings
from django.urls import reverse

from core.middleware import TrustedProxyMiddleware
from core.roles import Role
from imports.models import ImportBatch, RowIssue
from tests.casework.conftest import allocate
from tests.factories import ChildFactory, user_with_role

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password-1"


def test_every_page_carries_a_content_security_policy_with_a_nonce_for_its_one_inline_script(cast, client_for):
    response = client_for(cast.worker_a).get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "object-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<script nonce="{nonce}">document.body.className' in response.content.decode()
    assert "Content-Security-Policy" in Client().get(reverse("login")).headers


def test_the_pages_and_downloads_that_show_a_child_are_never_stored(cast, client_for):
    child = allocate(ChildFactory(first_name="Amy"), cast.social_worker_a)
    batch = ImportBatch.objects.create(kind="ssda903", status="ready", created_by=cast.performance)
    RowIssue.objects.create(batch=batch, severity="error", file_name="episodes.csv", row=2, child="A1", message="x")
    pages = [
        (cast.worker_a, f"/children/{child.pk}/"),
        (cast.manager_a, f"/children/{child.pk}/history/"),
        (cast.worker_a, "/children/mine/"),
        (cast.performance, f"/imports/{batch.pk}/row-problems.csv"),
    ]
    for user, path in pages:
        response = client_for(user).get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"].split(", "), path
        assert "private" in response["Cache-Control"], path


def test_a_row_problem_download_is_written_to_the_audit_log(cast, client_for):
    batch = ImportBatch.objects.create(kind="ssda903", status="ready", created_by=cast.performance)
    for row in (2, 3):
        RowIssue.objects.create(
            batch=batch, severity="error", file_name="episodes.csv", row=row, child="A1", message="x"
        )

    response = client_for(cast.performance).get(f"/imports/{batch.pk}/row-problems.csv")
    b"".join(response.streaming_content)

    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS, actor=cast.performance)
    assert entry.changes_text == f"Exported import-{batch.pk}-row-problems as CSV (2 rows)"
    assert entry.additional_data["import_batch"] == batch.pk


@pytest.mark.parametrize(
    ("user", "path", "status", "heading"),
    [
        ("worker_b", "/performance/sign-off/", 403, "You cannot see this page"),
        ("worker_a", "/children/999999/", 404, "Page not found"),
    ],
)
def test_the_error_pages_are_the_services_with_its_navigation(cast, client_for, user, path, status, heading):
    response = client_for(getattr(cast, user)).get(path)
    page = response.content.decode()
    assert response.status_code == status
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in page
    assert 'class="govuk-service-navigation__list"' in page and "My caseload" in page


def test_the_500_page_is_styled_and_a_plain_one_is_given_if_even_that_fails(cast, rf, monkeypatch):
    from core import views

    request = rf.get("/")
    request.user = cast.worker_a
    response = views.server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()
    assert "govuk-service-navigation" in response.content.decode()

    def broken(*args, **kwargs):
        raise RuntimeError("the database is down as well")

    monkeypatch.setattr(views, "render", broken)
    plain = views.server_error(request)
    assert plain.status_code == 500 and b"Nothing you were saving has been half-saved" in plain.content


# --- Login throttling behind a proxy -------------------------------------------------------------------------


def with_password(user) -> None:
    user.set_password(PASSWORD)
    user.save()


def sign_in(address: str, username: str, password: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return Client().post(reverse("login"), {"username": username, "password": password}, **extra)


def locked(response) -> bool:
    return response.status_code == 429 or "locked" in response.content.decode().lower()


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_our_proxy_a_lockout_is_for_that_client_and_that_username_only(settings):
    with_password(user_with_role("amy", Role.SOCIAL_WORKER))
    with_password(user_with_role("ben", Role.SOCIAL_WORKER))
    proxy = "10.0.0.2"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(proxy, "amy", "wrong", forwarded="203.0.113.7")

    assert locked(sign_in(proxy, "amy", PASSWORD, forwarded="203.0.113.7"))
    # Amy from another desk, and a colleague at the same desk, are not locked out.
    assert sign_in(proxy, "amy", PASSWORD, forwarded="198.51.100.20").status_code == 302
    assert sign_in(proxy, "ben", PASSWORD, forwarded="203.0.113.7").status_code == 302
    # A forged address written in front of the proxy's is not believed: still the same client.
    assert locked(sign_in(proxy, "amy", PASSWORD, forwarded="198.51.100.99, 203.0.113.7"))


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_with_no_proxy_a_forwarded_header_cannot_move_the_lockout_to_someone_else(settings):
    with_password(user_with_role("amy", Role.SOCIAL_WORKER))
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in("203.0.113.7", "amy", "wrong", forwarded=f"198.51.100.{attempt}")
    assert locked(sign_in("203.0.113.7", "amy", PASSWORD, forwarded="198.51.100.200"))
    assert sign_in("198.51.100.20", "amy", PASSWORD).status_code == 302


def test_the_proxy_middleware_takes_the_address_our_proxies_saw(rf, settings):
    for hops, forwarded, expected in [
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "6.6.6.6, 203.0.113.7", "203.0.113.7"),
        (2, "6.6.6.6, 203.0.113.7, 10.0.0.1", "203.0.113.7"),
        (0, "6.6.6.6", "10.0.0.2"),
    ]:
        settings.TRUSTED_PROXY_COUNT = hops
        request = rf.get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded)
        TrustedProxyMiddleware(lambda request: None)(request)
        assert request.META["REMOTE_ADDR"] == expected, (hops, forwarded)
