"""A fixed cast of users, so every endpoint test is also a permissions test:
a social worker in team A, their manager, a social worker in team B, a senior manager,
a performance officer and an administrator."""

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from core.roles import Role
from tests.factories import SocialWorkerFactory, TeamFactory, user_with_role
from workforce.models import SocialWorker, Team


@dataclass
class Cast:
    team_a: Team
    team_b: Team
    worker_a: User
    manager_a: User
    worker_b: User
    senior: User
    performance: User
    admin: User
    nobody: User

    @property
    def social_worker_a(self) -> SocialWorker:
        return self.worker_a.social_worker

    @property
    def social_worker_b(self) -> SocialWorker:
        return self.worker_b.social_worker


@pytest.fixture
def cast(db) -> Cast:
    team_a = TeamFactory(name="Care Planning A")
    team_b = TeamFactory(name="Care Planning B")
    worker_a = user_with_role("worker.a", Role.SOCIAL_WORKER, first_name="Alice", last_name="Archer")
    manager_a = user_with_role("manager.a", Role.TEAM_MANAGER, first_name="Mo", last_name="Ahmed")
    worker_b = user_with_role("worker.b", Role.SOCIAL_WORKER, first_name="Bea", last_name="Brown")
    SocialWorkerFactory(user=worker_a, team=team_a, first_name="Alice", last_name="Archer")
    SocialWorkerFactory(user=worker_b, team=team_b, first_name="Bea", last_name="Brown")
    team_a.managers.add(manager_a)
    return Cast(
        team_a=team_a,
        team_b=team_b,
        worker_a=worker_a,
        manager_a=manager_a,
        worker_b=worker_b,
        senior=user_with_role("senior", Role.SENIOR_MANAGER),
        performance=user_with_role("performance", Role.PERFORMANCE_OFFICER),
        admin=user_with_role("admin", Role.ADMINISTRATOR),
        nobody=user_with_role("nobody", None),
    )


@pytest.fixture
def client_for(client):
    """client_for(user) -> a test client signed in as that user."""

    def make(user: User) -> Client:
        fresh = Client()
        fresh.force_login(user)
        return fresh

    return make


# --- The fostering service (appended with the foster carer pages) --------------------------------


@dataclass
class Fostering:
    team: Team
    worker: User  # a social worker in the Fostering team
    manager: User  # its team manager


@pytest.fixture
def fostering(cast) -> Fostering:
    from workforce.models import TeamType

    team = TeamFactory(name="Fostering", team_type=TeamType.FOSTERING)
    worker = user_with_role("fostering.worker", Role.SOCIAL_WORKER, first_name="Fay", last_name="Foster")
    SocialWorkerFactory(user=worker, team=team, first_name="Fay", last_name="Foster")
    manager = user_with_role("fostering.manager", Role.TEAM_MANAGER, first_name="Fred", last_name="Fisher")
    team.managers.add(manager)
    return Fostering(team=team, worker=worker, manager=manager)


# --- Markers -----------------------------------------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    """``postgres_only``: two connections racing need a real server (SQLite's in-memory test database has
    one writer and table locks that do not wait). CI runs the suite on both, so these run there."""
    from django.db import connection

    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: CI's second run (DATABASE_URL=postgres://...) runs it")
    for item in items:
        if item.get_closest_marker("postgres_only"):
            item.add_marker(skip)
