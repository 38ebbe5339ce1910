"""A believable workforce for the demo authority, the same for the same seed.

Teams of every type, funded posts (some vacant, some covered by agency staff), social
workers (about a quarter agency, some in their ASYE, some who have left) and one login
per role. Case records are added by ``casework.demo``.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.models import Group, User

from kpi_project.roles import Role

from .models import Employment, Post, SocialWorker, Team, TeamType

DEMO_PASSWORD = "Northbridge-demo-2026"

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Esther",
    "Farah",
    "Gareth",
    "Hannah",
    "Imran",
    "Jasmine",
    "Kofi",
    "Laura",
    "Mohammed",
    "Niamh",
    "Oliver",
    "Priya",
    "Quentin",
    "Rachel",
    "Samir",
    "Tara",
    "Umar",
    "Victoria",
    "William",
    "Xenia",
    "Yusuf",
    "Zara",
    "Aisha",
    "Bethany",
    "Callum",
    "Deborah",
    "Ella",
    "Finn",
    "Grace",
    "Harry",
    "Isla",
    "Jack",
    "Katie",
    "Liam",
    "Maya",
    "Noah",
    "Olivia",
    "Patrick",
    "Ruby",
    "Sophie",
    "Thomas",
    "Uma",
    "Vikram",
    "Wendy",
    "Yasmin",
    "Zoe",
    "Adam",
    "Bilal",
    "Carys",
    "Dylan",
    "Erin",
    "Fatima",
    "George",
    "Holly",
    "Ishaan",
    "Joel",
]
LAST_NAMES = [
    "Adeyemi",
    "Brown",
    "Campbell",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Khan",
    "Lewis",
    "Morgan",
    "Nowak",
    "Okafor",
    "Patel",
    "Quinn",
    "Roberts",
    "Smith",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Wright",
    "Young",
    "Ahmed",
    "Baker",
    "Clarke",
    "Doherty",
    "Edwards",
    "Foster",
    "Gill",
    "Harris",
    "Jackson",
    "Kelly",
    "Lloyd",
    "Mensah",
    "Novak",
    "O'Brien",
    "Price",
    "Reid",
    "Shah",
    "Thomas",
    "Turner",
    "Watson",
    "Wilson",
    "Ali",
    "Bennett",
    "Cooper",
    "Dixon",
    "Ellis",
    "Francis",
    "Graham",
    "Hall",
    "Irwin",
    "James",
    "Knight",
]

# (type, name stem, workers per team) for a small authority; sizes scale the team count.
TEAM_PLAN = [
    (TeamType.FRONT_DOOR, "Front Door (MASH)", 6),
    (TeamType.ASSESSMENT, "Assessment", 6),
    (TeamType.CARE_PLANNING, "Care Planning", 6),
    (TeamType.PERMANENCE, "Permanence", 6),
    (TeamType.LEAVING_CARE, "Leaving Care", 5),
    (TeamType.FOSTERING, "Fostering", 4),
    (TeamType.ADOPTION, "Adoption", 4),
]


# How many teams of each type per size: small is a county district, large the biggest
# English authority.
def _teams(**counts: int) -> dict[str, int]:
    return counts


TEAMS_PER_TYPE = {
    "small": _teams(front_door=1, assessment=2, care_planning=3, permanence=2, leaving_care=1, fostering=1, adoption=1),
    "medium": _teams(
        front_door=2, assessment=6, care_planning=9, permanence=6, leaving_care=3, fostering=2, adoption=2
    ),
    "large": _teams(
        front_door=4, assessment=20, care_planning=34, permanence=22, leaving_care=8, fostering=4, adoption=4
    ),
}
YEARS_OF_HISTORY = {"small": 3, "medium": 5, "large": 10}


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    description: str


DEMO_LOGINS = [
    DemoLogin("social.worker", Role.SOCIAL_WORKER, "social worker in Care Planning 1"),
    DemoLogin("team.manager", Role.TEAM_MANAGER, "manager of Care Planning 1"),
    DemoLogin("other.worker", Role.SOCIAL_WORKER, "social worker in Care Planning 2 (cannot see team 1's children)"),
    DemoLogin("senior.manager", Role.SENIOR_MANAGER, "head of service: every scorecard, cases read-only"),
    DemoLogin("performance.officer", Role.PERFORMANCE_OFFICER, "performance officer: scorecards, sign-off, imports"),
    DemoLogin("administrator", Role.ADMINISTRATOR, "administrator: thresholds, benchmarks, milestones, users"),
]


def demo_already_loaded() -> bool:
    return User.objects.filter(username="social.worker").exists()


def _user(username: str, role: Role, first_name: str, last_name: str) -> User:
    user = User.objects.create_user(
        username=username, password=DEMO_PASSWORD, first_name=first_name, last_name=last_name
    )
    user.is_staff = role == Role.ADMINISTRATOR
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role.value))
    return user


def create_workforce(*, size: str, rng: random.Random, today: date) -> dict:
    """Create teams, posts, workers and the demo logins. Returns what casework.demo needs."""
    years = YEARS_OF_HISTORY[size]
    history_start = date(today.year - years, today.month, 1)
    names = iter(
        rng.sample(
            [(first, last) for first in FIRST_NAMES for last in LAST_NAMES], k=len(FIRST_NAMES) * len(LAST_NAMES)
        )
    )

    teams: list[Team] = []
    for team_type, stem, _ in TEAM_PLAN:
        for number in range(1, TEAMS_PER_TYPE[size][team_type.value] + 1):
            teams.append(Team(name=f"{stem} {number}", team_type=team_type))
    Team.objects.bulk_create(teams)
    teams = list(Team.objects.order_by("pk"))
    per_team = {team_type.value: count for team_type, _, count in TEAM_PLAN}

    posts: list[Post] = []
    for team in teams:
        for index in range(per_team[team.team_type]):
            fte = Decimal("1.00") if rng.random() < 0.85 else rng.choice([Decimal("0.60"), Decimal("0.80")])
            posts.append(
                Post(
                    team=team,
                    reference=f"{team.name[:2].upper()}{team.pk:03d}-{index + 1:02d}",
                    fte=fte,
                    funded_from=history_start - timedelta(days=365 * 2),
                )
            )
    Post.objects.bulk_create(posts)
    posts = list(Post.objects.order_by("pk"))

    workers: list[SocialWorker] = []
    swe = 100000 + rng.randrange(1000)

    def new_worker(
        team: Team, post: Post | None, employment: str, started_on: date, ended_on: date | None
    ) -> SocialWorker:
        nonlocal swe
        first, last = next(names)
        swe += rng.randrange(1, 40)
        asye = rng.random() < 0.14 and employment == Employment.PERMANENT
        if asye:
            # Newly qualified: ASYE starts with the job, qualification just before.
            qualified_on = started_on - timedelta(days=rng.randrange(30, 120))
            asye_started_on = started_on
        else:
            qualified_on = started_on - timedelta(days=rng.randrange(200, 365 * 15))
            asye_started_on = None
        return SocialWorker(
            first_name=first,
            last_name=last,
            swe_number=f"SW{swe}",
            qualified_on=qualified_on,
            employment=employment,
            asye_started_on=asye_started_on,
            post=post,
            team=team,
            started_on=started_on,
            ended_on=ended_on,
        )

    for post in posts:
        roll = rng.random()
        if roll < 0.08:
            continue  # vacant, nobody covering
        employment = Employment.AGENCY if roll < 0.30 else Employment.PERMANENT
        # Today's holder started some time in the history (or before it).
        started_on = (
            history_start - timedelta(days=rng.randrange(0, 365 * 4))
            if rng.random() < 0.6
            else (history_start + timedelta(days=rng.randrange(0, max(1, (today - history_start).days - 30))))
        )
        if started_on > history_start + timedelta(days=60):
            # Someone held the post before them and left.
            previous_start = history_start - timedelta(days=rng.randrange(100, 900))
            workers.append(
                new_worker(
                    post.team,
                    post,
                    rng.choice([Employment.PERMANENT, Employment.AGENCY]),
                    previous_start,
                    started_on - timedelta(days=1),
                )
            )
        workers.append(new_worker(post.team, post, employment, started_on, None))
    SocialWorker.objects.bulk_create(workers)

    # Demo logins, linked to workers where the role holds cases.
    care_planning = [team for team in teams if team.team_type == TeamType.CARE_PLANNING]
    team_one, team_two = care_planning[0], care_planning[1]
    in_post = SocialWorker.objects.filter(ended_on__isnull=True).order_by("pk")
    worker_one = in_post.filter(team=team_one).first()
    worker_two = in_post.filter(team=team_two).first()
    users = {}
    for login in DEMO_LOGINS:
        first, last = next(names)
        users[login.username] = _user(login.username, login.role, first, last)
    for user, worker in ((users["social.worker"], worker_one), (users["other.worker"], worker_two)):
        worker.user = user
        worker.first_name, worker.last_name = user.first_name, user.last_name
        worker.save(update_fields=["user", "first_name", "last_name"])
    team_one.managers.add(users["team.manager"])
    return {"teams": teams, "history_start": history_start, "years": years, "users": users}
