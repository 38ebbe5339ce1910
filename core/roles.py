"""The four roles people have, as Django groups with real permissions.

The groups are synchronised after every ``migrate`` (see ``apps.py``), so a new
database, the test database and an upgraded one all hold exactly these permissions.
What a role may *see* within a permission (which team, which children) is decided by
the selectors, which take the user.
"""

from enum import StrEnum

from django.contrib.auth.models import Group, Permission


class Role(StrEnum):
    SOCIAL_WORKER = "Social worker"
    TEAM_MANAGER = "Team manager"
    SENIOR_MANAGER = "Senior manager"
    PERFORMANCE_OFFICER = "Performance officer"
    ADMINISTRATOR = "Administrator"


# Case records a social worker writes. Listed by model so a new record type is a
# deliberate addition here, not an accident of naming.
CASE_RECORD_MODELS = [
    "child",
    "contact",
    "referral",
    "assessment",
    "strategydiscussion",
    "section47enquiry",
    "childprotectionconference",
    "childprotectionplan",
    "childprotectionvisit",
    "childinneedplan",
    "childinneedplanreview",
    "advocacyperiod",
    "periodofcare",
    "legalstatus",
    "placement",
    "statutoryvisit",
    "lookedafterreview",
    "missingepisode",
    "careproceedings",
    "preproceedings",
    "adoption",
    "pathwayplanreview",
    "careleaverbirthdayrecord",
    "caseaudit",
]
FOSTERING_MODELS = ["fostercarerhousehold", "fostercarerreview"]
WORKFORCE_MODELS = ["team", "post", "socialworker", "allocation", "casesupervision"]
CONFIGURATION_MODELS = [
    "indicator",
    "scorecard",
    "scorecardrow",
    "thresholdset",
    "benchmark",
    "milestone",
]


def _codenames(actions: list[str], models: list[str]) -> list[str]:
    return [f"{action}_{model}" for model in models for action in actions]


_read_cases = _codenames(["view"], CASE_RECORD_MODELS + FOSTERING_MODELS)
_write_cases = _codenames(["add", "change", "view"], CASE_RECORD_MODELS + FOSTERING_MODELS)
_read_workforce = _codenames(["view"], WORKFORCE_MODELS)
_read_configuration = _codenames(["view"], CONFIGURATION_MODELS)

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.SOCIAL_WORKER: _write_cases + _read_workforce,
    Role.TEAM_MANAGER: _write_cases
    + _read_workforce
    + _codenames(["add", "change"], ["allocation"])
    # A supervision recorded in error is removed from the child's record (its history keeps it).
    + _codenames(["add", "change", "delete"], ["casesupervision"])
    + _read_configuration
    + ["view_team_kpis", "add_commentary", "change_commentary"],
    Role.SENIOR_MANAGER: _read_cases
    + _read_workforce
    + _read_configuration
    + ["view_all_children", "view_team_kpis", "view_all_kpis", "add_commentary", "change_commentary"],
    Role.PERFORMANCE_OFFICER: _read_cases
    + _read_workforce
    + _read_configuration
    + [
        "view_all_children",
        "view_team_kpis",
        "view_all_kpis",
        "add_commentary",
        "change_commentary",
        "sign_off_month",
        "import_returns",
    ],
    Role.ADMINISTRATOR: _codenames(
        ["add", "change", "delete", "view"], CONFIGURATION_MODELS + ["team", "post", "socialworker"]
    )
    # Logins and who holds which role; the roles' own permissions are this file's (synced on
    # every migrate), so groups are read-only in the admin.
    + _codenames(["add", "change", "view"], ["user"])
    + ["view_group"]
    + _read_workforce
    + ["view_snapshot", "view_logentry"]
    # The first month of figures, and the months waiting for recomputation (read-only).
    + ["view_figureshorizon", "change_figureshorizon", "view_pendingmonth"],
}

# The order a person's role is shown in when they hold several groups.
ROLE_ORDER = [
    Role.ADMINISTRATOR,
    Role.PERFORMANCE_OFFICER,
    Role.SENIOR_MANAGER,
    Role.TEAM_MANAGER,
    Role.SOCIAL_WORKER,
]


def sync_role_groups() -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    for role, codenames in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = list(Permission.objects.filter(codename__in=set(codenames)))
        missing = set(codenames) - {permission.codename for permission in permissions}
        if missing:
            raise RuntimeError(f"Role {role} names permissions that do not exist: {sorted(missing)}")
        group.permissions.set(permissions)


def roles_of(user) -> list[Role]:
    if not user.is_authenticated:
        return []
    names = {group.name for group in user.groups.all()}
    return [role for role in ROLE_ORDER if role.value in names]


def primary_role(user) -> Role | None:
    roles = roles_of(user)
    return roles[0] if roles else None
