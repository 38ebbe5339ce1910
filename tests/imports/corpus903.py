"""A multi-year SSDA903 corpus with known truth (issue 14).

``Corpus(seed)`` makes an authority's children with a true history of care from 2014 to 2022 (periods of care,
placements, legal statuses, reviews, adoptions, care leavers' birthdays), writes the five returns 2017-18 to
2021-22 as an authority's system would (each year: the children with an episode open in it, their episodes open
on or after 1 April with a DEC only when it falls in the year, the year's reviews, AD1 for the year's adoptions,
OC3 for the year's 17th to 21st birthdays), and says what the product must hold once they are imported in order:
children in care at 31 March, LAC 11, LAC 20 and AD 7 at each 31 March, the missing episodes and the OC3 rows.

The truth is "what the files give": care that began before 1 April 2017 begins, as far as the files say, with the
earliest episode the 2017-18 return carries (the DfE's returns carry no older episodes).

Dates are on the 15th of a month (reviews on the 22nd and every 56 days): no figure's threshold (20 working days,
24 and 30 months, 16th birthday) falls within a few days of a 31 March, so the truth is worked out without
re-implementing the calculators' day arithmetic. Only RNE S, P and L are used for random children (the meanings of
B, T and U are pinned by the code list's own tests); the edges use T once, where it does not reach LAC 20.

Edges, each a named child:

- ``E148``: a move in 2018-19 whose open episode carries a REC without a DEC (DfE rule 148: the year's episodes
  are rejected); 2019-20's return gives the episode again, ended: the product must end up with the true history.
- ``EREV``: a review dated 1 June 2021 given in the 2017-18 return (outside its year: refused). The child has no
  other review, so accepting it would make LAC 11 wrong at 31 March 2022.
- ``EADT``: moved in with adopters on 9 March 2019 (A4); T to A6 on 31 March 2019; 2019-20's return starts with
  the T episode; adopted on 15 November 2019.
- ``EAD1``: care began in 2015, the 2017-18 return starts with the move to the adopters (P, A5, 15 January 2017);
  AD1's decision (15 September 2016) predates that episode: kept, with a warning.
- ``EACC``: an OC3 row with an invalid ACCOM (Z9): the row stands, accommodation not known.
- ``EMUM``: MOTHER written as 1.0.
- ``EMIS``: missing across 31 March 2019: open in 2018-19's return, ended in 2019-20's.
- ``ECOR``: 2017-18's return gives a move (and a care order) that 2018-19's corrects: the later one stands.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from core.periods import add_months

YEARS = (2018, 2019, 2020, 2021, 2022)
FIRST_DAY, LAST_DAY = date(2017, 4, 1), date(2022, 3, 31)
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
MISSING = "CHILD,DOB,MISSING,MIS_START,MIS_END"
AD1 = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"
FOSTERING = ("U1", "U3", "U4", "U6")
ADOPTIVE = ("A3", "A4", "A5", "A6")


def year_start(year: int) -> date:
    return date(year - 1, 4, 1)


def year_end(year: int) -> date:
    return date(year, 3, 31)


def _d(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass
class Episode:
    start: date
    end: date | None  # None: still open after 31 March 2022
    rne: str
    legal_status: str
    place: str
    reason_ended: str = ""  # X1 between episodes of a period; the period's last: E4A, E11...


@dataclass
class Kid:
    id: str
    dob: date
    sex: str = "1"
    mother: str = ""
    periods: list[list[Episode]] = field(default_factory=list)
    reviewed: bool = True  # reviews on time in every period
    extra_reviews: dict[int, list[date]] = field(default_factory=dict)  # stray rows, by return year
    ad1: tuple[date, date] | None = None  # decision, match
    oc3: dict[int, tuple[str, str, str]] = field(default_factory=dict)  # year -> IN_TOUCH, ACTIV, ACCOM
    rec_without_dec: int | None = None  # the year whose return writes a REC on the open episode (rule 148)
    wrong: dict[int, list[Episode]] = field(default_factory=dict)  # a year's return that said otherwise
    missing: list[tuple[date, date]] = field(default_factory=list)  # missing from care: from, to

    # --- What the files give ---------------------------------------------------------------------------

    def visible(self) -> list[list[Episode]]:
        """The periods as the returns show them: episodes that ended before 1 April 2017 are in none."""
        shown = []
        for period in self.periods:
            episodes = [e for e in period if e.end is None or e.end >= FIRST_DAY]
            if episodes and episodes[0].start <= LAST_DAY:
                shown.append(episodes)
        return shown

    def period_at(self, day: date) -> list[Episode] | None:
        for period in self.visible():
            if period[0].start <= day and (period[-1].end is None or period[-1].end > day):
                return period
        return None

    def reviews(self) -> list[date]:
        if not self.reviewed:
            return []
        held = []
        for period in self.visible():
            day, end = period[0].start + timedelta(days=7), period[-1].end or LAST_DAY
            while day < end and day <= LAST_DAY:
                held.append(day)
                day += timedelta(days=56)
        return [day for day in held if day >= FIRST_DAY]

    def moved_in(self) -> tuple[date, date] | None:
        """The day the child moved in with adopters and the day (the files say) care began."""
        for period in self.visible():
            adoptive = [e for e in period if e.place in ADOPTIVE]
            if adoptive:
                return adoptive[0].start, period[0].start
        return None

    # --- The returns ---------------------------------------------------------------------------------

    def rows(self, year: int) -> dict[str, list[str]]:
        start, end = year_start(year), year_end(year)
        rows: dict[str, list[str]] = {"episodes": [], "reviews": [], "oc3": [], "ad1": [], "missing": []}
        for went, came_back in self.missing:
            if went <= end and came_back >= start:  # given each year it is open in; its end once it is in the year
                rows["missing"].append(
                    f"{self.id},{_d(self.dob)},M,{_d(went)},{_d(came_back) if came_back <= end else ''}"
                )
        for period in [self.wrong[year]] if year in self.wrong else self.periods:
            for episode in period:
                if episode.start > end or (episode.end is not None and episode.end < start):
                    continue
                ends_in_year = episode.end is not None and episode.end <= end
                dec, rec = (_d(episode.end), episode.reason_ended) if ends_in_year else ("", "")
                if self.rec_without_dec == year and not ends_in_year and episode is period[-1]:
                    rec = "E4A"  # the system wrote a reason on the open episode
                rows["episodes"].append(
                    f"{self.id},{_d(episode.start)},{episode.rne},{episode.legal_status},N1,{episode.place},PR1,"
                    f"{dec},{rec},,,,"
                )
        for day in self.reviews() + self.extra_reviews.get(year, []):
            if start <= day <= end or day in self.extra_reviews.get(year, []):
                participation = "PN0" if day < add_months(self.dob, 48) else "PN1"  # DfE rules 440 and 441
                rows["reviews"].append(f"{self.id},{_d(self.dob)},{_d(day)},{participation}")
        if year in self.oc3:
            rows["oc3"].append(f"{self.id},{_d(self.dob)}," + ",".join(self.oc3[year]))
        adopted = [p[-1].end for p in self.periods if p[-1].reason_ended == "E11" and p[-1].end]
        if self.ad1 and any(start <= day <= end for day in adopted):
            decided, matched = self.ad1
            rows["ad1"].append(f"{self.id},{_d(self.dob)},{_d(decided)},{_d(matched)},0,2,MF,L11")
        return rows


class Corpus:
    def __init__(self, seed: int = 14, children: int = 60) -> None:
        self.rng = random.Random(seed)
        self.kids = [self._random_kid(number) for number in range(children)] + _edges()

    # --- Making children -------------------------------------------------------------------------------

    def _on_15th(self, first: date, last: date) -> date:
        months = (last.year - first.year) * 12 + last.month - first.month
        day = add_months(date(first.year, first.month, 15), self.rng.randint(1, max(1, months)))
        return day

    def _random_kid(self, number: int) -> Kid:
        rng = self.rng
        dob = self._on_15th(date(2001, 1, 1), date(2016, 6, 1))
        kid = Kid(f"R{number:03d}", dob, sex=rng.choice("12"), reviewed=rng.random() < 0.7)
        start = max(self._on_15th(date(2014, 1, 1), date(2021, 10, 1)), add_months(dob, 2))
        for _ in range(rng.choice((1, 1, 2))):
            if start > date(2021, 12, 31):
                break
            episodes, legal_status, day = [], rng.choice(("C1", "C2")), start
            place = rng.choice(FOSTERING)
            for position in range(rng.randint(1, 4)):
                if position == 0:
                    rne = "S"
                elif rng.random() < 0.3:
                    rne, legal_status = "L", "C2" if legal_status == "C1" else "C1"
                else:
                    rne, place = "P", rng.choice([p for p in FOSTERING if p != place])
                length = rng.randint(3, 40)
                end = add_months(day, length)
                episodes.append(Episode(day, end, rne, legal_status, place, "X1"))
                day = end
            # Care ends with the last episode, or goes on past 31 March 2022.
            if rng.random() < 0.5 or episodes[-1].end > LAST_DAY:
                episodes[-1].end, episodes[-1].reason_ended = None, ""
            else:
                episodes[-1].reason_ended = "E4A"
            if episodes[-1].end is None and any(e.start > LAST_DAY for e in episodes):
                episodes = [e for e in episodes if e.start <= LAST_DAY]
                episodes[-1].end, episodes[-1].reason_ended = None, ""
            # Care ends by the month before the 18th birthday.
            limit = add_months(dob, 18 * 12 - 1)
            episodes = [e for e in episodes if e.start < limit]
            if not episodes:
                break
            if episodes[-1].end is None or episodes[-1].end >= limit:
                episodes[-1].end, episodes[-1].reason_ended = limit, "E4A"
            if episodes[-1].end > LAST_DAY:
                episodes[-1].end, episodes[-1].reason_ended = None, ""
            kid.periods.append(episodes)
            if episodes[-1].end is None or episodes[-1].end >= limit:
                break
            start = add_months(episodes[-1].end, rng.randint(2, 12))
        for period in kid.visible():
            went = max(period[0].start, FIRST_DAY) + timedelta(days=rng.randint(20, 200))
            if rng.random() < 0.3 and went + timedelta(days=5) < min(period[-1].end or LAST_DAY, LAST_DAY):
                kid.missing.append((went, went + timedelta(days=2)))
        last_end = kid.periods[-1][-1].end if kid.periods else None
        for year in YEARS:
            for age in range(17, 22):
                birthday = add_months(dob, 12 * age)
                if last_end and year_start(year) <= birthday <= year_end(year) and birthday > last_end:
                    kid.oc3[year] = ("YES", rng.choice(("F1", "F2", "P4", "G5")), rng.choice(("B1", "D1", "E2")))
        return kid

    # --- The returns and the truth ------------------------------------------------------------------------

    def files(self, year: int) -> dict[str, str]:
        tables = {"episodes": [EPISODES], "reviews": [REVIEWS], "oc3": [OC3], "ad1": [AD1], "missing": [MISSING]}
        header = [HEADER]
        for kid in self.kids:
            rows = kid.rows(year)
            if any(rows.values()):
                header.append(f"{kid.id},{kid.sex},{_d(kid.dob)},WBRI,,{kid.mother},")
                for name, lines in rows.items():
                    tables[name] += lines
        files = {"header.csv": "\n".join(header) + "\n"}
        files.update({f"{name}.csv": "\n".join(lines) + "\n" for name, lines in tables.items()})
        return files

    def in_care(self, day: date) -> set[str]:
        return {kid.id for kid in self.kids if kid.period_at(day)}

    def lac_11(self, day: date) -> tuple[int, int]:
        """Reviewed children (every review on time) among those in care at least 20 working days at ``day``:
        with dates on the 15th, that is a period begun by the 15th of the month before."""
        due = [kid for kid in self.kids if (p := kid.period_at(day)) and p[0].start <= add_months(day, -1)]
        return sum(1 for kid in due if kid.reviewed), len(due)

    def lac_20(self, day: date) -> tuple[int, int]:
        numerator = denominator = 0
        for kid in self.kids:
            period = kid.period_at(day)
            if period is None or add_months(kid.dob, 16 * 12) <= day or add_months(period[0].start, 30) > day:
                continue
            denominator += 1
            current = [e for e in period if e.start <= day and (e.end is None or e.end > day)][0]
            since = current.start
            for episode in reversed(period[: period.index(current) + 1]):
                since = episode.start
                if episode.rne != "L":
                    break
            numerator += add_months(since, 24) <= day
        return numerator, denominator

    def ad_7(self, day: date) -> tuple[int, int]:
        """Total days from entering care to moving in, and the children, for moves in the 12 months to ``day``."""
        moves = [kid.moved_in() for kid in self.kids]
        window = [(moved, began) for moved, began in filter(None, moves) if add_months(day, -12) < moved <= day]
        return sum((moved - began).days for moved, began in window), len(window)

    def missing(self) -> set[tuple]:
        return {(kid.id, went, came_back) for kid in self.kids for went, came_back in kid.missing}

    def care_leavers(self) -> set[tuple]:
        rows = set()
        for kid in self.kids:
            for year, (in_touch, activity, accommodation) in kid.oc3.items():
                birthday = next(
                    add_months(kid.dob, 12 * age)
                    for age in range(17, 22)
                    if year_start(year) <= add_months(kid.dob, 12 * age) <= year_end(year)
                )
                rows.add((kid.id, birthday, in_touch, activity, accommodation if accommodation != "Z9" else "0"))
        return rows


def _edges() -> list[Kid]:
    e148 = Kid("E148", date(2008, 1, 15), rec_without_dec=2019)
    e148.periods = [
        [
            Episode(date(2017, 5, 15), date(2018, 9, 15), "S", "C2", "U1", "X1"),
            Episode(date(2018, 9, 15), date(2019, 10, 15), "P", "C2", "U3", "E4A"),
        ]
    ]
    erev = Kid("EREV", date(2009, 6, 15), reviewed=False, extra_reviews={2018: [date(2021, 6, 1)]})
    erev.periods = [[Episode(date(2016, 11, 15), None, "S", "C2", "U4")]]
    eadt = Kid("EADT", date(2016, 6, 15), sex="2")
    eadt.periods = [
        [
            Episode(date(2018, 5, 15), date(2019, 3, 9), "S", "C2", "U3", "X1"),
            Episode(date(2019, 3, 9), date(2019, 3, 31), "P", "C2", "A4", "X1"),
            Episode(date(2019, 3, 31), date(2019, 11, 15), "T", "E1", "A6", "E11"),
        ]
    ]
    eadt.ad1 = (date(2019, 1, 15), date(2019, 2, 15))
    ead1 = Kid("EAD1", date(2014, 3, 15))
    ead1.periods = [
        [
            Episode(date(2015, 6, 15), date(2017, 1, 15), "S", "E1", "U3", "X1"),
            Episode(date(2017, 1, 15), date(2017, 9, 15), "P", "E1", "A5", "E11"),
        ]
    ]
    ead1.ad1 = (date(2016, 9, 15), date(2016, 12, 15))
    eacc = Kid("EACC", date(2000, 7, 15))
    eacc.periods = [[Episode(date(2016, 2, 15), date(2018, 5, 15), "S", "C2", "U1", "E4A")]]
    eacc.oc3 = {2019: ("YES", "F2", "Z9")}
    emum = Kid("EMUM", date(2003, 2, 15), sex="2", mother="1.0")
    emum.periods = [[Episode(date(2019, 8, 15), date(2020, 12, 15), "S", "C2", "U6", "E4A")]]
    # 2017-18's return said ECOR moved to U3 on 15 January 2018 under a care order; 2018-19's gives the true
    # history from the episode open on 1 April 2018: the move was to U4 on 15 December 2017, still C1.
    ecor = Kid("ECOR", date(2012, 4, 15))
    ecor.periods = [
        [
            Episode(date(2017, 5, 15), date(2017, 12, 15), "S", "C1", "U1", "X1"),
            Episode(date(2017, 12, 15), None, "P", "C1", "U4"),
        ]
    ]
    ecor.wrong = {
        2018: [
            Episode(date(2017, 5, 15), date(2018, 1, 15), "S", "C1", "U1", "X1"),
            Episode(date(2018, 1, 15), None, "P", "C2", "U3"),
        ]
    }
    # Missing from 28 March to 3 April 2019: 2018-19's return gives it open, 2019-20's gives its end.
    emis = Kid("EMIS", date(2007, 9, 15))
    emis.periods = [[Episode(date(2018, 6, 15), None, "S", "C2", "U1")]]
    emis.missing = [(date(2019, 3, 28), date(2019, 4, 3))]
    return [e148, erev, eadt, ead1, eacc, emum, ecor, emis]


def main() -> None:
    """``python -m tests.imports.corpus903 OUT [--seed 14] [--children 60]``: the five returns, one folder a year
    (OUT/2017-18 ...), to import with ``manage.py import_ssda903 OUT/2017-18 --year 2018`` and so on."""
    import argparse
    from pathlib import Path

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--children", type=int, default=60)
    arguments = parser.parse_args()
    corpus = Corpus(seed=arguments.seed, children=arguments.children)
    for year in YEARS:
        folder = arguments.folder / f"{year - 1}-{year % 100:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in corpus.files(year).items():
            (folder / name).write_text(text)


if __name__ == "__main__":
    main()
