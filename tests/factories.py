"""Factories for the records tests build scenarios from. Dates are always explicit in
indicator tests; the defaults here are only for tests that do not care."""

from datetime import date
from decimal import Decimal

import factory
from django.contrib.auth.models import Group, User

from casework.models import Child
from kpi_project.roles import Role
from workforce.models import Allocation, Employment, Post, SocialWorker, Team, TeamType


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
