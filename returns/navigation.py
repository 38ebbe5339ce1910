"""The returns' item in the navigation bar (registered in ReturnsConfig.ready)."""

from core.navigation import Item, has_any

ITEMS = (Item(85, "Returns", "returns:annex_a", has_any("casework.import_returns"), "/returns"),)
