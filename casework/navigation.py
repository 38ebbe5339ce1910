"""Casework's items in the navigation bar (registered in CaseworkConfig.ready)."""

from core.navigation import Item, has_any


def _reads_fostering(user) -> bool:
    from .selectors import may_read_fostering

    return may_read_fostering(user)


ITEMS = (
    Item(10, "My caseload", "casework:my_caseload", lambda user: hasattr(user, "social_worker"), "/children/mine"),
    Item(20, "Team caseload", "casework:team_caseload", lambda user: user.managed_teams.exists(), "/children/team"),
    Item(30, "Due and overdue", "casework:due", has_any("casework.add_statutoryvisit"), "/children/due"),
    Item(40, "Children", "casework:child_search", has_any("casework.view_child"), "/children/search"),
    Item(50, "Foster carers", "fostering:households", _reads_fostering, "/foster-carers"),
)
