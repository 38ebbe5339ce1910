"""The report pages' items in the navigation bar (registered in IndicatorsConfig.ready)."""

from core.navigation import Item, has_any

ITEMS = (
    Item(60, "Team KPIs", "indicators:team_kpis", has_any("indicators.view_team_kpis"), "/performance/team"),
    Item(70, "Scorecards", "indicators:scorecards", has_any("indicators.view_all_kpis"), "/performance/scorecards"),
    Item(75, "Sign-off", "indicators:sign_off", has_any("indicators.sign_off_month"), "/performance/sign-off"),
)
