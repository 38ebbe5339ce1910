"""The workforce's items in the navigation bar (registered in WorkforceConfig.ready)."""

from core.navigation import Item, has_any

ITEMS = (
    Item(90, "Teams", "workforce:teams", has_any("workforce.view_team"), "/workforce/teams"),
    Item(95, "Social workers", "workforce:workers", has_any("workforce.view_socialworker"), "/workforce/workers"),
)
