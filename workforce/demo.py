"""A believable workforce for the demo authority, the same for the same seed.

Teams of every type, funded posts (some vacant, some covered by agency staff), social
workers (about a quarter agency, some in their ASYE, some who have left) and one login
per role. Case records are added by ``casework.demo``.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, User

from core.roles import Role

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
    "Lamb",
    "Mahmood",
    "Nicholson",
    "Osei",
    "Parry",
    "Rahman",
    "Sutherland",
    "Thornton",
    "Varga",
    "Whitfield",
    "Yates",
    "Zielinski",
    "Asante",
    "Barker",
    "Chowdhury",
    "Dunn",
    "Egan",
    "Fraser",
    "Gordon",
    "Holt",
    "Ibrahim",
    "Jenkins",
    "Kowalski",
    "Lawson",
    "Marsh",
]

# (type, name stem, funded posts per team).
TEAM_PLAN = [
    (TeamType.FRONT_DOOR, "Front Door (MASH)", 6),
    (TeamType.ASSESSMENT, "Assessment", 6),
    (TeamType.CARE_PLANNING, "Care Planning", 6),
    (TeamType.PERMANENCE, "Permanence", 6),
    (TeamType.LEAVING_CARE, "Leaving Care", 5),
    (TeamType.FOSTERING, "Fostering", 4),
    (TeamType.ADOPTION, "Adoption", 4),
]


# How many teams of each type per size: small is a small unitary authority (about 60
# social workers), large the biggest English authority (about 600).
def _teams(**counts: int) -> dict[str, int]:
    return counts


TEAMS_PER_TYPE = {
    "small": _teams(front_door=1, assessment=2, care_planning=4, permanence=1, leaving_care=1, fostering=1, adoption=1),
    "medium": _teams(
        front_door=2, assessment=12, care_planning=25, permanence=10, leaving_care=5, fostering=2, adoption=2
    ),
    "large": _teams(
        front_door=4, assessment=23, care_planning=50, permanence=20, leaving_care=10, fostering=4, adoption=4
    ),
}
YEARS_OF_HISTORY = {"small": 3, "medium": 5, "large": 10}
# The casework starts a year before the history shown, so that the first month shown
# can look back twelve months (re-referrals, repeat assessments); posts are funded
# and held from well before that.
LEAD_IN_YEARS = 1
POSTS_FUNDED_YEARS_BEFORE = 8
# Turnover: permanent workers stay about four and a half years on average, agency
# workers a little over a year; two in five new holders are agency staff (so about
# one in six workers in post is agency staff at any time).
PERMANENT_TENURE_DAYS = 365 * 4.5
AGENCY_TENURE_DAYS = 400
AGENCY_SHARE = 0.4
ASYE_SHARE = 0.14


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: Role
    description: str


DEMO_LOGINS = [
    DemoLogin("social.worker", Role.SOCIAL_WORKER, "social worker in Care Planning 1"),
    DemoLogin("team.manager", Role.TEAM_MANAGER, "manager of Care Planning 1"),
    DemoLogin("other.worker", Role.SOCIAL_WORKER, "social worker in Care Planning 2 (cannot see team 1's children)"),
    DemoLogin("fostering.manager", Role.TEAM_MANAGER, "manager of Fostering 1: foster carers and their reviews"),
    DemoLogin("senior.manager", Role.SENIOR_MANAGER, "head of service: every scorecard, cases read-only"),
    DemoLogin("performance.officer", Role.PERFORMANCE_OFFICER, "performance officer: scorecards, sign-off, imports"),
    DemoLogin("administrator", Role.ADMINISTRATOR, "administrator: thresholds, benchmarks, milestones, users"),
]


def demo_already_loaded() -> bool:
    return User.objects.filter(username="social.worker").exists()


def _user(username: str, role: Role, first_name: str, last_name: str, password: str) -> User:
    """``password`` is already hashed: the logins share one published password, and hashing
    it once instead of six times saves seconds on every fresh install."""
    user = User.objects.create(
        username=username,
        password=password,
        first_name=first_name,
        last_name=last_name,
        is_staff=role == Role.ADMINISTRATOR,
    )
    user.groups.add(Group.objects.get(name=role.value))
    return user


def _holders(rng: random.Random, funded_from: date, today: date, *, keep: bool) -> list[tuple[str, date, date | None]]:
    """The people who held one post, in turn: (employment, started_on, ended_on).

    Permanent holders stay years, agency holders about a year; between holders the post
    is sometimes empty for weeks or months. ``keep`` holds the post with one permanent
    worker throughout (the demo logins need a worker with a history).
    """
    if keep:
        return [(Employment.PERMANENT, funded_from + timedelta(days=rng.randrange(0, 365 * 3)), None)]
    holders = []
    started_on = funded_from + timedelta(days=rng.randrange(0, 365 * 2))
    while started_on <= today:
        employment = Employment.AGENCY if rng.random() < AGENCY_SHARE else Employment.PERMANENT
        mean = AGENCY_TENURE_DAYS if employment == Employment.AGENCY else PERMANENT_TENURE_DAYS
        ended_on = started_on + timedelta(days=60 + int(rng.expovariate(1 / mean)))
        if ended_on > today:
            holders.append((employment, started_on, None))
            break
        holders.append((employment, started_on, ended_on))
        # Agency cover often starts straight away; a permanent appointment takes months.
        started_on = ended_on + timedelta(days=0 if rng.random() < 0.35 else rng.randrange(14, 150))
    if holders and holders[-1][2] is None and rng.random() < 0.07 and holders[-1][1] < today - timedelta(days=200):
        # Recently left and not yet replaced: the post is vacant today.
        employment, started_on, _ = holders[-1]
        holders[-1] = (employment, started_on, today - timedelta(days=rng.randrange(10, 150)))
    return holders


def create_workforce(*, size: str, rng: random.Random, today: date) -> dict:
    """Create teams, posts, workers (with their turnover over the history), a manager
    for every team, and the demo logins. Returns what casework.demo needs."""
    years = YEARS_OF_HISTORY[size]
    history_start = date(today.year - years, today.month, 1)
    casework_start = date(history_start.year - LEAD_IN_YEARS, history_start.month, 1)
    funded_from = date(casework_start.year - POSTS_FUNDED_YEARS_BEFORE, 4, 1)
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
    care_planning = [team for team in teams if team.team_type == TeamType.CARE_PLANNING]
    team_one, team_two = care_planning[0], care_planning[1]

    posts: list[Post] = []
    for number, team in enumerate(teams, start=1):
        for index in range(per_team[team.team_type]):
            fte = Decimal("1.00") if rng.random() < 0.85 else rng.choice([Decimal("0.60"), Decimal("0.80")])
            posts.append(
                Post(
                    team=team,
                    reference=f"{team.name[:2].upper()}{number:03d}-{index + 1:02d}",
                    fte=fte,
                    funded_from=funded_from,
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
        asye = rng.random() < ASYE_SHARE and employment == Employment.PERMANENT
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

    # The first post of Care Planning 1 and 2 is held throughout by the worker the demo
    # login is linked to.
    kept = {next(post.pk for post in posts if post.team_id == team.pk) for team in (team_one, team_two)}
    demo_workers: dict[int, SocialWorker] = {}
    for post in posts:
        for employment, started_on, ended_on in _holders(rng, funded_from, today, keep=post.pk in kept):
            if ended_on is not None and ended_on < casework_start:
                continue  # left before any of the casework: nobody will ask about them
            worker = new_worker(post.team, post, employment, started_on, ended_on)
            workers.append(worker)
            if post.pk in kept:
                demo_workers[post.team_id] = worker
    SocialWorker.objects.bulk_create(workers)

    users = {}
    password = make_password(DEMO_PASSWORD)
    for login in DEMO_LOGINS:
        first, last = next(names)
        users[login.username] = _user(login.username, login.role, first, last, password)
    for user, team in ((users["social.worker"], team_one), (users["other.worker"], team_two)):
        worker = demo_workers[team.pk]
        worker.user = user
        worker.first_name, worker.last_name = user.first_name, user.last_name
        worker.save(update_fields=["user", "first_name", "last_name"])
    fostering = next(team for team in teams if team.team_type == TeamType.FOSTERING)
    managers = _team_managers(
        teams, {team_one.pk: users["team.manager"], fostering.pk: users["fostering.manager"]}, names
    )
    return {
        "teams": teams,
        "history_start": history_start,
        "casework_start": casework_start,
        "years": years,
        "users": users,
        "managers": managers,
        "demo_worker": demo_workers[team_one.pk].pk,
        "other_demo_worker": demo_workers[team_two.pk].pk,
    }


def _team_managers(teams: list[Team], demo_managers: dict[int, User], names) -> dict[int, int]:
    """A manager for every team (team id -> user id). The teams in ``demo_managers`` (Care
    Planning 1, Fostering 1) are managed by a demo login; the others by named users who
    cannot sign in (no usable password)."""
    others = [team for team in teams if team.pk not in demo_managers]
    new_users = []
    for _ in others:
        first, last = next(names)
        username = f"{first}.{last}".lower().replace("'", "")  # names are drawn without replacement
        new_users.append(User(username=username, first_name=first, last_name=last, password="!demo-manager"))
    User.objects.bulk_create(new_users)
    usernames = [user.username for user in new_users]
    created = dict(User.objects.filter(username__in=usernames).values_list("username", "pk"))
    group = Group.objects.get(name=Role.TEAM_MANAGER.value)
    User.groups.through.objects.bulk_create(
        [User.groups.through(user_id=pk, group_id=group.pk) for pk in created.values()]
    )
    managers = {team_pk: user.pk for team_pk, user in demo_managers.items()}
    memberships = [Team.managers.through(team_id=team_pk, user_id=pk) for team_pk, pk in managers.items()]
    for team, user in zip(others, new_users, strict=True):
        managers[team.pk] = created[user.username]
        memberships.append(Team.managers.through(team_id=team.pk, user_id=created[user.username]))
    Team.managers.through.objects.bulk_create(memberships)
    return managers
