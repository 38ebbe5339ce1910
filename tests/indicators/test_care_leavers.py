"""Care leaver indicators (CL a, CL 1, CL 1a, CL 2, CL 3, CL 3a) on hand-worked scenarios."""

from datetime import date

import pytest

from casework.models import CareLeaverBirthdayRecord
from core.periods import anniversary
from indicators.explanations import describe
from indicators.models import Indicator

from .builders import allocate, child, pathway_review, period_of_care, team, worker
from .helpers import compute, ensure_catalogue, records

pytestmark = pytest.mark.django_db

JANUARY_2025 = date(2025, 1, 1)
FEBRUARY_2024 = date(2024, 2, 1)  # month end 29 February 2024 (a leap day)
FEBRUARY_2025 = date(2025, 2, 1)
MARCH_2025 = date(2025, 3, 1)


# --- Builders for this group ------------------------------------------------------------------


def young_person(born: date, care_from: date, care_to: date | None):
    """A young person with one period of care (to ``care_to``, or still open)."""
    person = child(born=born)
    period_of_care(person, care_from, care_to, reason="E17" if care_to else "")
    return person


def on_birthday(person, age: int, activity: str, accommodation: str, in_touch: str = "") -> CareLeaverBirthdayRecord:
    return CareLeaverBirthdayRecord.objects.create(
        child=person,
        age=age,
        birthday_on=anniversary(person.date_of_birth, age),
        activity=activity,
        accommodation=accommodation,
        in_touch=in_touch,
    )


@pytest.fixture
def teams():
    team_x, team_y = team("Team X"), team("Team Y")
    team("Team Z")
    return {"xena": worker(team_x, "Xena"), "yusuf": worker(team_y, "Yusuf")}


# --- CL a -------------------------------------------------------------------------------------


@pytest.fixture
def care_leavers_in_january(teams):
    """Month end 31 January 2025. Aged 18 to 21 means born after 31 January 2003 and on or before
    31 January 2007."""
    xena, yusuf = teams["xena"], teams["yusuf"]
    p = {
        name: young_person(date(2005, 6, 1), date(2020, 1, 1), date(2023, 6, 1))  # left care at 18
        for name in "abc"
    }
    pathway_review(p["a"], date(2024, 7, 31))  # + 6 months = 31 January 2025, month end: in
    pathway_review(p["b"], date(2024, 7, 30))  # due 30 January: overdue since 31 January
    pathway_review(p["c"], date(2025, 2, 1))  # the first of the next month does not count: never reviewed,
    # due on the 18th birthday, 1 June 2023: overdue since 2 June 2023
    p["e"] = young_person(date(2007, 1, 31), date(2022, 1, 1), date(2025, 1, 31))  # 18 and left care on month end:
    # a care leaver at month end, never reviewed, due today: not yet overdue, but not reviewed either: out
    p["f"] = young_person(date(2007, 6, 1), date(2022, 1, 1), None)  # 17 and still looked after: not a care leaver
    p["g"] = young_person(date(2003, 1, 31), date(2018, 1, 1), date(2021, 1, 31))  # 22 on month end: left out
    pathway_review(p["g"], date(2024, 12, 1))
    p["g2"] = young_person(date(2003, 2, 1), date(2018, 1, 1), date(2021, 2, 1))  # 21 until 1 February: in
    pathway_review(p["g2"], date(2024, 12, 1))
    p["h"] = young_person(date(2005, 6, 1), date(2019, 7, 1), date(2021, 5, 31))  # in care only before 16: left out
    # Born on a leap day: 18 on 1 March 2022, when the first review fell due: overdue since 2 March 2022.
    p["p"] = young_person(date(2004, 2, 29), date(2018, 6, 1), date(2022, 3, 1))
    allocate(p["a"], xena, date(2023, 6, 1))
    allocate(p["b"], xena, date(2023, 6, 1), date(2025, 1, 15))  # moved team mid-month: Team Y's at month end
    allocate(p["b"], yusuf, date(2025, 1, 15))
    return p


def test_cla_counts_care_leavers_whose_pathway_plan_was_reviewed_in_the_last_6_months(care_leavers_in_january):
    p = care_leavers_in_january
    result = compute("CL a", JANUARY_2025)
    # Denominator (6): a, b, c, e, g2, p. Numerator (2): a, g2.
    assert result["authority"] == (2, 6, 33.3)
    assert result["team:Team X"] == (1, 1, 100.0)  # a
    assert result["team:Team Y"] == (0, 1, 0.0)  # b
    assert result["team:Team Z"] == (0, 0, None)
    assert result["team:Unallocated"] == (1, 4, 25.0)  # c, e, g2, p; g2 in
    assert result["worker:Yusuf Smith"] == (0, 1, 0.0)
    drill_down = records("CL a", JANUARY_2025)
    assert set(drill_down) == {p[name].pk for name in ("a", "b", "c", "e", "g2", "p")}
    assert drill_down[p["a"].pk] == (True, "reviewed", date(2024, 7, 31))
    assert drill_down[p["b"].pk] == (False, "pathway_overdue", date(2025, 1, 31))
    assert drill_down[p["c"].pk] == (False, "pathway_overdue", date(2023, 6, 2))
    assert drill_down[p["e"].pk] == (False, "first_review_due", date(2025, 1, 31))
    assert drill_down[p["p"].pk] == (False, "pathway_overdue", date(2022, 3, 2))


def test_cla_takes_the_review_months_from_the_indicator(care_leavers_in_january):
    ensure_catalogue()
    Indicator.objects.filter(code="CL a").update(parameters={"review_months": 7})
    # 7 months: b (30 July + 7 months = 28 February 2025) comes in. 3 of 6.
    assert compute("CL a", JANUARY_2025)["authority"] == (3, 6, 50.0)


@pytest.mark.parametrize(
    ("month", "reviewed", "expected"),
    [
        # At 31 March 2025 the last 6 months start on 30 September 2024 (31 March - 6 months, clamped):
        # a review on 30 September is in them; one on 29 September fell due again by 29 March.
        (date(2025, 3, 1), date(2024, 9, 30), (True, "reviewed", date(2024, 9, 30))),
        (date(2025, 3, 1), date(2024, 9, 29), (False, "pathway_overdue", date(2025, 3, 30))),
        # At 31 August 2024 they start on 29 February 2024 (a leap day).
        (date(2024, 8, 1), date(2024, 2, 29), (True, "reviewed", date(2024, 2, 29))),
        (date(2024, 8, 1), date(2024, 2, 28), (False, "pathway_overdue", date(2024, 8, 29))),
        # At 30 April 2025 they start on 30 October 2024; a review on 31 October is in, 29 October is not.
        (date(2025, 4, 1), date(2024, 10, 31), (True, "reviewed", date(2024, 10, 31))),
        (date(2025, 4, 1), date(2024, 10, 29), (False, "pathway_overdue", date(2025, 4, 30))),
    ],
)
def test_cla_reviewed_in_the_last_6_months_looks_back_from_month_end(month, reviewed, expected):
    person = young_person(date(2005, 6, 1), date(2020, 1, 1), date(2023, 6, 1))  # 19, left care at 18
    pathway_review(person, reviewed)
    in_numerator = 1 if expected[0] else 0
    assert compute("CL a", month)["authority"] == (in_numerator, 1, 100.0 * in_numerator)
    assert records("CL a", month) == {person.pk: expected}


def test_cla_does_not_count_a_never_reviewed_care_leaver_whose_18th_birthday_is_month_end():
    # The example: 18 on 31 January 2025, care ended that day, no pathway plan review ever.
    # Their first review is due today, so it is not overdue, but no review is in the last 6 months.
    person = young_person(date(2007, 1, 31), date(2022, 1, 1), date(2025, 1, 31))
    assert compute("CL a", JANUARY_2025)["authority"] == (0, 1, 0.0)
    assert records("CL a", JANUARY_2025) == {person.pk: (False, "first_review_due", date(2025, 1, 31))}
    assert describe("first_review_due", date(2025, 1, 31)) == "never reviewed (first review due 31 January 2025)"
    # Reviewed on the birthday itself: in.
    pathway_review(person, date(2025, 1, 31))
    assert compute("CL a", JANUARY_2025)["authority"] == (1, 1, 100.0)
    assert records("CL a", JANUARY_2025) == {person.pk: (True, "reviewed", date(2025, 1, 31))}


def test_cla_with_no_care_leavers_has_no_value():
    young_person(date(2007, 6, 1), date(2022, 1, 1), None)
    assert compute("CL a", JANUARY_2025)["authority"] == (0, 0, None)


# --- CL 1, CL 1a, CL 2, CL 3, CL 3a -----------------------------------------------------------


@pytest.fixture
def birthdays_in_march(teams):
    """March 2025: 17th to 21st birthdays from 1 to 31 March 2025, with the care history that makes a
    former relevant care leaver (13 weeks in care after 14, some of it after 16, before the birthday for
    a 17th, before 18 otherwise)."""
    xena, yusuf = teams["xena"], teams["yusuf"]
    p = {}
    # Born on a leap day: 21 on 1 March 2025 (and 20 on 29 February 2024).
    p["p1"] = young_person(date(2004, 2, 29), date(2018, 6, 1), date(2022, 3, 1))
    on_birthday(p["p1"], 21, "F1", "U1")  # EET, suitable
    on_birthday(p["p1"], 20, "G4", "U1")  # NEET on the 20th (February 2024)
    p["p2"] = young_person(date(2004, 3, 31), date(2018, 6, 1), date(2022, 3, 31))  # 21 on month end
    on_birthday(p["p2"], 21, "G5", "B1")  # NEET, suitable
    p["p3"] = young_person(date(2004, 4, 1), date(2018, 6, 1), date(2022, 4, 1))  # 21 on 1 April: not March
    on_birthday(p["p3"], 21, "F1", "U1")
    p["p4"] = young_person(date(2007, 3, 15), date(2021, 1, 1), date(2025, 3, 15))  # 18, left care on the day
    # p4 has no record: not known, in the denominator only
    p["p5"] = young_person(date(2008, 3, 10), date(2022, 5, 1), date(2024, 9, 10))  # 17; left care at 16 and a half
    on_birthday(p["p5"], 17, "0", "0")  # recorded as not known
    p["p6"] = young_person(date(2003, 3, 20), date(2017, 6, 1), date(2021, 3, 20))  # 22: not 17 to 21
    on_birthday(p["p6"], 21, "F1", "U1")
    p["p7"] = young_person(date(2005, 3, 5), date(2019, 3, 5), date(2021, 3, 1))  # 20; in care only before 16
    on_birthday(p["p7"], 20, "F1", "U1")
    p["p8"] = young_person(date(2008, 3, 20), date(2022, 5, 1), None)  # 17 and still looked after: not a leaver
    on_birthday(p["p8"], 17, "F2", "U1")
    p["p9"] = young_person(date(2006, 3, 25), date(2020, 6, 1), date(2024, 3, 25))  # 19
    on_birthday(p["p9"], 18, "F1", "U1")  # last year's record: nothing for the 19th, not known
    p["p10"] = young_person(date(2006, 3, 12), date(2020, 6, 1), date(2024, 3, 12))  # 19
    on_birthday(p["p10"], 19, "P4", "K2")  # EET, unsuitable
    p["p11"] = young_person(date(2007, 3, 3), date(2021, 1, 1), date(2025, 3, 3))  # 18
    on_birthday(p["p11"], 18, "F5", "Y2")  # EET, unsuitable
    allocate(p["p1"], xena, date(2024, 1, 1), date(2025, 3, 10))  # Xena's on the birthday (1 March)
    allocate(p["p2"], xena, date(2024, 1, 1), date(2025, 3, 15))  # moved team mid-month: on the birthday
    allocate(p["p2"], yusuf, date(2025, 3, 15))  # (31 March) Team Y's
    return p


# Cohort (7): p1, p2, p4, p5, p9, p10, p11 (p3's birthday is in April, p6 is 22, p7 was not in care after 16,
# p8 is still looked after). Team X: p1. Team Y: p2. Unallocated: p4, p5, p9, p10, p11.
COHORT = ("p1", "p2", "p4", "p5", "p9", "p10", "p11")


def test_cl1a_is_the_share_in_education_employment_or_training_on_the_birthday(birthdays_in_march):
    p = birthdays_in_march
    result = compute("CL 1a", MARCH_2025)
    # EET (3): p1 (F1), p10 (P4), p11 (F5).
    assert result["authority"] == (3, 7, 42.9)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (0, 1, 0.0)
    assert result["team:Team Z"] == (0, 0, None)
    assert result["team:Unallocated"] == (2, 5, 40.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    drill_down = records("CL 1a", MARCH_2025)
    assert set(drill_down) == {p[name].pk for name in COHORT}
    assert drill_down[p["p1"].pk] == (True, "eet", date(2025, 3, 1))
    assert drill_down[p["p2"].pk] == (False, "neet", date(2025, 3, 31))
    assert drill_down[p["p4"].pk] == (False, "no_birthday_record", date(2025, 3, 15))
    assert drill_down[p["p5"].pk] == (False, "activity_unknown", date(2025, 3, 10))
    assert drill_down[p["p9"].pk] == (False, "no_birthday_record", date(2025, 3, 25))


def test_cl1_counts_those_in_education_employment_or_training(birthdays_in_march):
    p = birthdays_in_march
    result = compute("CL 1", MARCH_2025)
    assert result["authority"] == (3, None, 3)
    assert result["team:Team X"] == (1, None, 1)
    assert result["team:Team Y"] == (0, None, 0)
    assert result["team:Unallocated"] == (2, None, 2)  # p10, p11
    assert set(records("CL 1", MARCH_2025)) == {p["p1"].pk, p["p10"].pk, p["p11"].pk}


def test_cl2_is_the_share_not_in_education_employment_or_training_and_not_known_is_neither(birthdays_in_march):
    p = birthdays_in_march
    result = compute("CL 2", MARCH_2025)
    # NEET (1): p2 (G5). p4, p5 and p9 are not known: in the denominator, in neither numerator.
    assert result["authority"] == (1, 7, 14.3)
    assert result["team:Team X"] == (0, 1, 0.0)  # p1, Xena's on the birthday (1 March)
    assert result["team:Team Y"] == (1, 1, 100.0)  # p2, moved to Team Y before the birthday (31 March)
    assert result["team:Unallocated"] == (0, 5, 0.0)
    assert result["worker:Xena Smith"] == (0, 1, 0.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert records("CL 2", MARCH_2025)[p["p2"].pk] == (True, "neet", date(2025, 3, 31))


def test_cl3a_is_the_share_in_suitable_accommodation(birthdays_in_march):
    p = birthdays_in_march
    result = compute("CL 3a", MARCH_2025)
    # Suitable (2): p1 (U1), p2 (B1). Unsuitable: p10 (K2), p11 (Y2). Not known: p4, p5 (0), p9.
    assert result["authority"] == (2, 7, 28.6)
    assert result["team:Team X"] == (1, 1, 100.0)
    assert result["team:Team Y"] == (1, 1, 100.0)
    assert result["team:Unallocated"] == (0, 5, 0.0)
    assert result["worker:Xena Smith"] == (1, 1, 100.0)
    assert result["worker:Yusuf Smith"] == (1, 1, 100.0)
    assert result["team:Team Z"] == (0, 0, None)
    drill_down = records("CL 3a", MARCH_2025)
    assert drill_down[p["p2"].pk] == (True, "suitable", date(2025, 3, 31))
    assert drill_down[p["p10"].pk] == (False, "unsuitable", date(2025, 3, 12))
    assert drill_down[p["p5"].pk] == (False, "accommodation_unknown", date(2025, 3, 10))
    assert drill_down[p["p4"].pk] == (False, "no_birthday_record", date(2025, 3, 15))


def test_cl3_counts_those_in_suitable_accommodation(birthdays_in_march):
    p = birthdays_in_march
    result = compute("CL 3", MARCH_2025)
    assert result["authority"] == (2, None, 2)
    assert result["team:Team X"] == (1, None, 1)
    assert result["team:Team Y"] == (1, None, 1)
    assert result["team:Team Z"] == (0, None, 0)
    assert result["worker:Xena Smith"] == (1, None, 1)
    assert result["worker:Yusuf Smith"] == (1, None, 1)
    assert "team:Unallocated" not in result  # nobody counted there
    assert set(records("CL 3", MARCH_2025)) == {p["p1"].pk, p["p2"].pk}


def test_a_care_leaver_born_on_a_leap_day_has_the_birthday_on_29_february_or_1_march(birthdays_in_march):
    p1 = birthdays_in_march["p1"]
    # February 2025 has no 29th: p1's 21st birthday is 1 March 2025, so nobody's birthday is in February.
    assert compute("CL 1a", FEBRUARY_2025)["authority"] == (0, 0, None)
    assert compute("CL 1", FEBRUARY_2025)["authority"] == (0, None, 0)
    # February 2024 has: p1 turned 20 on 29 February 2024 (month end), NEET (G4) on that birthday.
    assert compute("CL 2", FEBRUARY_2024)["authority"] == (1, 1, 100.0)
    assert records("CL 2", FEBRUARY_2024) == {p1.pk: (True, "neet", date(2024, 2, 29))}


@pytest.mark.parametrize("code", ["CL 1a", "CL 2", "CL 3a"])
def test_a_month_with_no_care_leaver_birthdays_has_no_value_rather_than_zero(code, teams):
    young_person(date(2007, 4, 1), date(2021, 1, 1), date(2025, 4, 1))  # 18 on 1 April: not March's
    result = compute(code, MARCH_2025)
    assert result["authority"] == (0, 0, None)
    assert result["team:Team Z"] == (0, 0, None)


@pytest.mark.parametrize("code", ["CL 1", "CL 3"])
def test_a_count_of_care_leavers_with_no_birthdays_in_month_is_zero(code, teams):
    young_person(date(2007, 4, 1), date(2021, 1, 1), date(2025, 4, 1))
    result = compute(code, MARCH_2025)
    assert result["authority"] == (0, None, 0)
    assert result["team:Team Z"] == (0, None, 0)


# --- Short breaks (legal status V3/V4) are not care that makes a care leaver ------------------


def short_breaks_then(person, period_from: date, period_to: date, statuses: list[tuple[date, str]]):
    from casework.models import LegalStatus

    period = period_of_care(person, period_from, period_to)
    for started_on, code in statuses:
        LegalStatus.objects.create(child=person, period_of_care=period, started_on=started_on, code=code)


def test_a_young_person_looked_after_only_on_short_breaks_is_not_a_care_leaver():
    # Born 1 June 2005; on an agreed series of short breaks (V3) from 14 to 18: never eligible
    # (Care Planning Regulations 2010, regs 40(2) and 48), so not a care leaver at 31 January 2025.
    person = child(born=date(2005, 6, 1))
    short_breaks_then(person, date(2019, 6, 1), date(2023, 6, 1), [(date(2019, 6, 1), "V3")])
    assert compute("CL a", JANUARY_2025)["authority"] == (0, 0, None)


def test_care_after_short_breaks_counts_only_from_the_change_of_legal_status():
    # Born 1 June 2005 (16th birthday 1 June 2021, 18th 1 June 2023). Short breaks from 1 June 2019,
    # then a care order (C2) from 2 March 2023 until the period ends on the 18th birthday: 91 days
    # (2 March to 1 June 2023), exactly 13 weeks, all after 16: a care leaver. Moving the care order
    # one day later (3 March: 90 days) leaves a young person who was never eligible.
    eligible, not_eligible = child(born=date(2005, 6, 1)), child(born=date(2005, 6, 1))
    short_breaks_then(
        eligible, date(2019, 6, 1), date(2023, 6, 1), [(date(2019, 6, 1), "V3"), (date(2023, 3, 2), "C2")]
    )
    short_breaks_then(
        not_eligible, date(2019, 6, 1), date(2023, 6, 1), [(date(2019, 6, 1), "V4"), (date(2023, 3, 3), "C2")]
    )
    assert compute("CL a", JANUARY_2025)["authority"] == (0, 1, 0.0)
    assert set(records("CL a", JANUARY_2025)) == {eligible.pk}


def test_short_breaks_between_two_care_orders_are_taken_off_the_days_in_care():
    # Born 1 June 2005. C2 from 1 June 2020 (after the 14th), V3 from 1 July 2020, C2 again from
    # 31 May 2021: days in care that count are 30 (June 2020) + 366 (31 May 2021 to 1 June 2022,
    # crossing the 16th) = 396, a care leaver; but the same with the period ending 30 June 2021
    # counts 30 + 30 = 60 days: not eligible.
    counted, too_short = child(born=date(2005, 6, 1)), child(born=date(2005, 6, 1))
    statuses = [(date(2020, 6, 1), "C2"), (date(2020, 7, 1), "V3"), (date(2021, 5, 31), "C2")]
    short_breaks_then(counted, date(2020, 6, 1), date(2022, 6, 1), statuses)
    short_breaks_then(too_short, date(2020, 6, 1), date(2021, 6, 30), statuses)
    assert compute("CL a", JANUARY_2025)["authority"] == (0, 1, 0.0)
    assert set(records("CL a", JANUARY_2025)) == {counted.pk}


# --- A young person who has died, or returned home (DfE rule 344) ----------------------------------


@pytest.mark.parametrize(
    ("code", "expected"),
    [("CL 1a", (1, 2, 50.0)), ("CL 2", (1, 2, 50.0)), ("CL 3a", (1, 2, 50.0)), ("CL 1", (1, None, 1))],
)
def test_a_young_person_recorded_as_died_or_returned_home_is_not_in_the_birthday_cohort(code, expected):
    # March 2025. The DfE's care leaver figures exclude young people who have died since leaving care
    # and those who returned home to parents for 6 months or more (IN_TOUCH DIED, RHOM: no activity
    # or accommodation, rule 344).
    # - died_on_birthday (19 on 12 March): the 19th birthday's record says DIED: out.
    # - died_last_year (20 on 5 March): recorded as died on the 19th, nothing for the 20th: out (else
    #   "no birthday record", in the denominator).
    # - died_in_care (18 on 15 March): care ended on 1 October 2024 because the child died (E2): out.
    # - returned_home (19 on 20 March): RHOM on this birthday's record: out.
    # - home_last_year (20 on 25 March): RHOM on the 19th, in touch on the 20th, F1 and U1: in, EET, suitable.
    # - in_touch (21 on 10 March): G4 and K2: in, NEET, unsuitable.
    # So CL 1a, CL 2 and CL 3a are each 1 of 2, where the young people who died or returned home
    # would have made them 1 of 6.
    died_on_birthday = young_person(date(2006, 3, 12), date(2020, 6, 1), date(2024, 3, 12))
    on_birthday(died_on_birthday, 19, "0", "0", in_touch="DIED")
    died_last_year = young_person(date(2005, 3, 5), date(2019, 6, 1), date(2023, 3, 5))
    on_birthday(died_last_year, 19, "0", "0", in_touch="DIED")
    died_in_care = child(born=date(2007, 3, 15))
    period_of_care(died_in_care, date(2021, 1, 1), date(2024, 10, 1), reason="E2")
    returned_home = young_person(date(2006, 3, 20), date(2020, 6, 1), date(2024, 3, 20))
    on_birthday(returned_home, 19, "0", "0", in_touch="RHOM")
    home_last_year = young_person(date(2005, 3, 25), date(2019, 6, 1), date(2023, 3, 25))
    on_birthday(home_last_year, 19, "0", "0", in_touch="RHOM")
    on_birthday(home_last_year, 20, "F1", "U1", in_touch="YES")
    in_touch = young_person(date(2004, 3, 10), date(2018, 6, 1), date(2022, 3, 10))
    on_birthday(in_touch, 21, "G4", "K2", in_touch="YES")

    assert compute(code, MARCH_2025)["authority"] == expected
    assert set(records(code, MARCH_2025)) <= {home_last_year.pk, in_touch.pk}


def test_cla_leaves_out_a_care_leaver_from_the_day_they_are_recorded_as_died():
    # Born 1 June 2005, left care at 18 on 1 June 2023, pathway plan reviewed 1 December 2023 and
    # 1 May 2024. The record for the 19th birthday (1 June 2024) says DIED. At 31 May 2024 they are a
    # care leaver (reviewed in the last 6 months: in); from 1 June 2024 they are not (at 31 January
    # 2025, only the other care leaver, reviewed 1 December 2024, is counted). A care leaver whose
    # care ended because they died (E2) is never one.
    died, alive = (young_person(date(2005, 6, 1), date(2020, 1, 1), date(2023, 6, 1)) for _ in range(2))
    died_in_care = child(born=date(2005, 6, 1))
    period_of_care(died_in_care, date(2020, 1, 1), date(2023, 5, 1), reason="E2")
    for person in (died, alive):
        pathway_review(person, date(2023, 12, 1))
        pathway_review(person, date(2024, 5, 1))
    pathway_review(alive, date(2024, 12, 1))
    on_birthday(died, 19, "0", "0", in_touch="DIED")

    assert compute("CL a", date(2024, 5, 1))["authority"] == (2, 2, 100.0)
    assert compute("CL a", JANUARY_2025)["authority"] == (1, 1, 100.0)
    assert set(records("CL a", JANUARY_2025)) == {alive.pk}
