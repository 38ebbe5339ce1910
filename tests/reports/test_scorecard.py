from datetime import date

import pytest
from django.urls import reverse

from indicators.commentary import commentary_save
from indicators.models import IndicatorStatus, Scorecard, SnapshotKind
from tests.factories import IndicatorFactory, ScorecardFactory, ScorecardRowFactory

from .conftest import FEBRUARY, JANUARY, MARCH, figure, rows_of, table_of, team_key, text

pytestmark = pytest.mark.django_db


def scorecard_url(world, **query) -> str:
    url = reverse("indicators:scorecard", args=[world.scorecard.slug])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_it_lays_out_the_scorecard_as_the_seed_does(world, client_for):
    response = client_for(world.cast.senior).get(scorecard_url(world))

    rows = rows_of(response, "scorecard")
    assert rows[0] == "Thresholds Actual Milestones"
    # Four months to the latest signed-off month (February), then the milestone dates.
    assert rows[1] == (
        "Theme Action plan PI ref Measure Stat neigh av Adequate Good Outstanding "
        "Nov-24 Dec-24 Jan-25 Feb-25 Dec-24 Mar-25 Jun-25 Against milestone"
    )
    assert rows[2] == "Timeliness"
    # A senior manager may comment: each indicator without a comment for the month offers one.
    assert rows[3] == (
        "Quality of Practice A4 CP 13 % children on a plan visited within 4 weeks "
        "Add a comment on CP 13 for February 2025 85.5 70-79 80-89 90+ "
        "no data no data 2 of 4 (50.0%) Inadequate Small number: fewer than 5 "
        # February against January: the same 50.0%, said in words as well as by the arrow.
        "2 of 4 (50.0%) Inadequate ▶ no change No change on January 2025 Small number: fewer than 5 "
        "80+ 85+ 90+ Off track"
    )
    assert rows[4] == "Comment Visits: counted from CP visits."
    # A count, lower is better: 3 is below 5, Outstanding; it has no milestones.
    assert rows[5] == (
        "2.5 Number of CP plans open more than 15 months Add a comment on 2.5 for February 2025 "
        "10-15 5-9 below 5 no data no data 3 Outstanding 3 Outstanding ▶ no change No change on January 2025"
    )
    assert len(rows) == 6


def test_it_opens_at_the_latest_signed_off_month_and_says_who_signed_it(world, client_for):
    response = client_for(world.cast.senior).get(scorecard_url(world))

    assert "Figures for February 2025 , signed off by" in text(response)
    assert '<option value="2025-02" selected>February 2025</option>' in response.content.decode()
    assert '<option value="2025-03">March 2025 (provisional)</option>' in response.content.decode()


def test_the_current_month_is_available_and_marked_provisional(world, client_for):
    response = client_for(world.cast.senior).get(scorecard_url(world, month="2025-03"))

    page = text(response)
    assert "Provisional March 2025 is not signed off" in page
    assert rows_of(response, "scorecard")[1].split(" Dec-24 Jan-25 Feb-25 ")[1].startswith("Mar-25 (provisional)")
    assert (
        "2 of 4 (50.0%) Inadequate ▶ no change No change on February 2025 Provisional Small number"
        in (rows_of(response, "scorecard")[3])
    )


def test_it_shows_a_chosen_team_figures(world, client_for):
    response = client_for(world.cast.senior).get(scorecard_url(world, scope=team_key(world.cast.team_a)))

    assert "Care Planning A Action plan test" in text(response)
    assert "2 of 3 (66.7%) Inadequate" in rows_of(response, "scorecard")[3]
    assert "2 of 4 (50.0%)" not in rows_of(response, "scorecard")[3]


def test_each_value_is_coloured_by_its_rating(world, client_for):
    figure(world.visits, FEBRUARY, kind=SnapshotKind.RESTATED, numerator=4, denominator=4)

    response = client_for(world.cast.senior).get(scorecard_url(world))

    html = response.content.decode()
    assert '<span class="app-rating app-rating--inadequate" data-rating="Inadequate">2 of 4 (50.0%)</span>' in html
    assert '<span class="app-rating app-rating--outstanding" data-rating="Outstanding">3</span>' in html


def test_a_restated_figure_is_shown_beside_the_reported_one_with_the_difference(world, client_for):
    figure(world.visits, FEBRUARY, kind=SnapshotKind.RESTATED, numerator=3, denominator=4)
    # January was restated to the same figure: nothing to show.
    figure(world.visits, JANUARY, kind=SnapshotKind.RESTATED, numerator=2, denominator=4)

    response = client_for(world.cast.senior).get(scorecard_url(world))

    row = rows_of(response, "scorecard")[3]
    assert (
        "2 of 4 (50.0%) Inadequate ▶ no change No change on January 2025 Small number: fewer than 5 "
        "Restated: 3 of 4 (75.0%) (+25.0 percentage points)" in row
    )
    assert row.count("Restated") == 1


def test_managers_commentary_for_the_month_is_shown_as_a_comment_row_with_author_and_date(world, client_for):
    commentary_save(
        indicator=world.visits,
        month=FEBRUARY,
        scope_key="authority",
        text="Two children were visited a day late: =HYPERLINK",
        by=world.cast.senior,
    )
    commentary_save(
        indicator=world.visits, month=MARCH, scope_key="authority", text="Not this month", by=world.cast.senior
    )
    commentary_save(
        indicator=world.visits,
        month=FEBRUARY,
        scope_key=team_key(world.cast.team_a),
        text="Team only",
        by=world.cast.manager_a,
    )

    response = client_for(world.cast.senior).get(scorecard_url(world))

    rows = rows_of(response, "scorecard")
    today = date.today()
    assert rows[4] == (
        f"Comment on CP 13 Two children were visited a day late: =HYPERLINK senior, {today.day} {today:%B %Y} "
        "Edit the comment on CP 13"
    )
    assert rows[5] == "Comment Visits: counted from CP visits."
    assert "Not this month" not in text(response)
    assert "Team only" not in text(response)


def test_seed_000_layout_groups_rows_by_code_prefix_and_shows_the_row_to_be_confirmed(cast, client_for):
    card = ScorecardFactory(name="Improvement KPIs", slug="kpis", layout=Scorecard.Layout.PREFIX)
    for position, code in enumerate(["FD 3", "FD 8", "CIN", "CP 5", "CP 13"], start=1):
        status = IndicatorStatus.TO_BE_CONFIRMED if code == "CIN" else IndicatorStatus.LIVE
        indicator = IndicatorFactory(code=code, title=f"Title of {code}", status=status)
        ScorecardRowFactory(scorecard=card, position=position, indicator=indicator)
        if code == "CP 13":
            figure(indicator, JANUARY, numerator=1, denominator=2)

    response = client_for(cast.performance).get(reverse("indicators:scorecard", args=["kpis"]) + "?month=2025-01")

    rows = rows_of(response, "scorecard")
    assert rows[1].startswith("PI ref Measure Stat neigh av")  # no theme or action plan columns
    assert [row.split(" ")[0] for row in rows[2:]] == ["FD:", "FD", "FD", "CIN:", "CIN", "CP:", "CP", "CP"]
    assert rows[2] == "FD: Front door"
    assert rows[5] == "CIN: Children in need"
    assert rows[6] == (
        "CIN Title of CIN To be confirmed To be confirmed To be confirmed To be confirmed To be confirmed"
    )
    assert rows[9].endswith("no data no data no data 1 of 2 (50.0%) Provisional Small number: fewer than 5")


def test_the_seeded_action_plan_scorecard_renders_its_seed_layout(cast, client_for):
    from indicators.reference import load_catalogue, load_scorecards, load_seed_003_configuration

    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()

    response = client_for(cast.senior).get(reverse("indicators:scorecard", args=["action-plan-2013-14"]))

    rows = rows_of(response, "scorecard")
    assert rows[1] == (
        "Theme Action plan PI ref Measure Stat neigh av Adequate Good Outstanding "
        "Sep-13 Oct-13 Nov-13 Dec-13 Dec-13 Mar-14 Jun-14 Against milestone"
    )
    # Section headings, comment rows and PI refs in the seed's order.
    outline = [row if not row[0].isdigit() else row.split(" ")[0] for row in rows[2:]]
    outline = [row.split(" ")[0] if row.startswith(("Quality", "A4", "B4", "B3", "D3")) else row for row in outline]
    assert [row[:30] for row in outline] == [
        "1.1",
        "1.2",
        "Comment Repeat referrals: Has ",
        "Timeliness",
        "Quality",
        "Comment Children seen within 1",
        "A4",
        "2.3",
        "2.4",
        "Comment",
        "2.5",
        "Views and Wishes",
        "Quality",
        "3.2",
        "3.3",
        "Development of Workforce",
        "Quality",
        "B3",
        "4.3",
        "D3",
        "4.5",
        "4.6",
    ]
    # The hand-reported months, the bands as typed, the milestone columns.
    assert rows[2] == (
        "1.1 % repeat referrals Add a comment on 1.1 for December 2013 25 25-30 20-24 below 20 "
        "18.0% Outstanding Reported by hand "
        # Repeat referrals: lower is better, so down is better and up is worse.
        "9.0% Outstanding ▼ 9.0 better Down 9.0 percentage points on September 2013: better Reported by hand "
        "13.0% Outstanding ▲ 4.0 worse Up 4.0 percentage points on October 2013: worse Reported by hand "
        "9.0% Outstanding ▼ 4.0 better Down 4.0 percentage points on November 2013: better Reported by hand "
        "below 20 below 20 below 20 On track"
    )
    assert rows[3].startswith("1.2 % children subject to a child protection plan for a second or subsequent time")
    assert "13.8 15-20 10-14 5-9 15.2% Adequate Reported by hand" in rows[3]
    assert rows[8].startswith("A4 2.2 % of s47 children seen within 1 day")
    assert "70-79 80-89 90+ no data no data 53.0% Inadequate Reported by hand no data 75+ 75+ 75+" in rows[8]
    assert rows[21].startswith("D3 4.4 % of agency Social Workers covering full time permanent posts")
    assert rows[20].startswith("4.3 % agency Social Workers Add a comment on 4.3 for December 2013 ")
    assert "December 2013 20-15 10-14 below 10 27.1% Inadequate" in rows[20]
    assert "Figures for December 2013 as they were reported." in text(response)


@pytest.mark.parametrize(
    ("slug", "columns"),
    [
        # Seed 000: PI ref, measure, neighbours, 3 bands, 4 months, against milestone (it has no milestones).
        ("improvement-kpis-2017", 11),
        # Seed 003: theme and action plan in front, and its 3 milestone columns.
        ("action-plan-2013-14", 16),
    ],
)
def test_every_row_of_both_seeded_scorecards_spans_the_full_width_of_the_header(slug, columns, cast, client_for):
    from indicators.reference import load_catalogue, load_scorecards, load_seed_003_configuration

    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()
    card = Scorecard.objects.get(slug=slug)
    first = card.rows.filter(row_type="indicator").order_by("position").first().indicator
    commentary_save(indicator=first, month=date(2013, 12, 1), scope_key="authority", text="Noted.", by=cast.senior)

    response = client_for(cast.senior).get(reverse("indicators:scorecard", args=[slug]) + "?month=2013-12")

    rows = table_of(response, "scorecard")
    header = rows[1]
    assert header.width == len(header.cells) == columns
    kinds = {tuple(row.attrs.get("class", "").split()[1:2]) for row in rows[2:]}
    # Section or group headings, indicator rows and the managers' comment row (seed 003 adds its own comment rows).
    assert {("app-scorecard__section",), ("app-scorecard__comment",), ()} <= kinds
    assert [(index, row.width) for index, row in enumerate(rows) if row.width != columns] == []
