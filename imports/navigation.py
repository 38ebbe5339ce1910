"""The imports' item in the navigation bar (registered in ImportsConfig.ready)."""

from core.navigation import Item, has_any

ITEMS = (Item(80, "Imports", "imports:list", has_any("casework.import_returns"), "/imports"),)
