import django_tables2 as tables

from core.tables import BaseTable

from .models import SocialWorker, Team


class TeamTable(BaseTable):
    name = tables.Column(linkify=("workforce:team", {"pk": tables.A("pk")}))
    team_type = tables.Column("Type")
    worker_count = tables.Column("Social workers in post", attrs={"td": {"class": "govuk-table__cell--numeric"}})
    funded_fte = tables.Column("Funded posts (FTE)", attrs={"td": {"class": "govuk-table__cell--numeric"}}, default="0")
    caseload = tables.Column("Children allocated", attrs={"td": {"class": "govuk-table__cell--numeric"}})

    def render_funded_fte(self, value) -> str:
        return f"{value:.2f}"

    class Meta(BaseTable.Meta):
        model = Team
        fields = ("name", "team_type", "worker_count", "funded_fte", "caseload")


class WorkerTable(BaseTable):
    name = tables.Column(
        "Name",
        accessor="full_name",
        order_by=("last_name", "first_name"),
        linkify=("workforce:worker", {"pk": tables.A("pk")}),
    )
    team = tables.Column()
    employment = tables.Column()
    qualified_on = tables.DateColumn(format="j M Y", verbose_name="Qualified")
    asye_started_on = tables.DateColumn(format="j M Y", verbose_name="ASYE started")
    started_on = tables.DateColumn(format="j M Y", verbose_name="Started")
    ended_on = tables.DateColumn(format="j M Y", verbose_name="Left")
    caseload = tables.Column("Current caseload", attrs={"td": {"class": "govuk-table__cell--numeric"}})

    class Meta(BaseTable.Meta):
        model = SocialWorker
        fields = ("name", "team", "employment", "qualified_on", "asye_started_on", "started_on", "ended_on", "caseload")
