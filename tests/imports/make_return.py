"""A large, clean SSDA903 return for timing the import: ``python -m tests.imports.make_return OUT
--episodes 50000`` writes header.csv, episodes.csv, reviews.csv, missing.csv and sw_episodes.csv
for the 2023-24 collection year. Deterministic for a given seed."""

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

PLACES = ["U1", "U2", "U3", "U4", "U5", "U6", "K2", "R1", "P1", "S1"]
LEGAL = ["C1", "C2", "V2", "E1", "J1"]
YEAR_START, YEAR_END = date(2023, 4, 1), date(2024, 3, 31)


def _d(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def ssda903_tables(episodes: int, seed: int = 1) -> dict[str, str]:
    rng = random.Random(seed)
    header = ["CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"]
    rows = ["CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"]
    reviews = ["CHILD,DOB,REVIEW,REVIEW_CODE"]
    missing = ["CHILD,DOB,MISSING,MIS_START,MIS_END"]
    social_work = ["CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"]
    made = 0
    number = 0
    while made < episodes:
        number += 1
        child = f"G{number:07d}"
        born = date(2006, 1, 1) + timedelta(days=rng.randrange(0, 365 * 15))
        header.append(f"{child},{rng.choice('12')},{_d(born)},WBRI,,,")
        count = min(rng.randint(1, 7), episodes - made)
        start = max(born + timedelta(days=30), YEAR_START - timedelta(days=rng.randrange(0, 900)))
        legal = rng.choice(LEGAL)
        place = rng.choice(PLACES)
        for position in range(count):
            last = position == count - 1
            length = rng.randint(20, 120)
            end = start + timedelta(days=length)
            closing = last and rng.random() < 0.3 and end <= YEAR_END
            if last and not closing:
                dec, rec = "", ""
            else:
                dec, rec = _d(end), ("E4A" if closing else "X1")
            if position == 0:
                rne = "S"
            else:
                rne = rng.choice("PLT")
                if rne in "PT":
                    place = rng.choice([p for p in PLACES if p != place])
                if rne in "LT":
                    legal = rng.choice([code for code in LEGAL if code != legal])
            rows.append(f"{child},{_d(start)},{rne},{legal},N1,{place},PR1,{dec},{rec},,,AB1 2CD,")
            if position == 0:
                reviews.append(f"{child},{_d(born)},{_d(start + timedelta(days=15))},PN1")
                social_work.append(f"{child},{_d(born)},SW{number % 400:04d},{_d(start)},,")
                if rng.random() < 0.1:
                    missing.append(
                        f"{child},{_d(born)},M,{_d(start + timedelta(days=3))},{_d(start + timedelta(days=4))}"
                    )
            start = end
        made += count
    return {
        "header.csv": "\n".join(header) + "\n",
        "episodes.csv": "\n".join(rows) + "\n",
        "reviews.csv": "\n".join(reviews) + "\n",
        "missing.csv": "\n".join(missing) + "\n",
        "sw_episodes.csv": "\n".join(social_work) + "\n",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--episodes", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=1)
    arguments = parser.parse_args()
    arguments.folder.mkdir(parents=True, exist_ok=True)
    for name, text in ssda903_tables(arguments.episodes, arguments.seed).items():
        (arguments.folder / name).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
