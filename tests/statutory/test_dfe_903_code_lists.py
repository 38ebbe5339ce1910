"""The product's SSDA903 code lists against the DfE's validator itself: a table with every code on the
product's list (and a few that are not) goes through the validator's code rules, for the years the
lists changed; the codes it accepts must be the product's list for that year."""

import pytest

from casework.statutory import ssda903 as dfe
from tests.imports.conftest import EPISODES, OC3, REVIEWS, table

OUTSIDERS = ["X9", "Q", "ZZ9", "N9"]
# Each checked column, its rule, and the product's list (by collection year when it changes).
EPISODE_LISTS = {
    "RNE": ("143", lambda year: set(dfe.ReasonNewEpisode.values)),
    "LS": ("144", lambda year: set(dfe.LegalStatusCode.values)),
    "CIN": ("145", lambda year: set(dfe.CATEGORY_OF_NEED)),
    "PLACE": ("146", dfe.placement_codes_for_year),
    "REC": ("149", lambda year: {*dfe.ReasonEpisodeCeased.values, dfe.END_OF_EPISODE_ONLY}),
}
OC3_LISTS = {
    "IN_TOUCH": ("131", lambda year: set(dfe.InTouch.values)),
    "ACTIV": ("132", lambda year: set(dfe.CareLeaverActivity.values)),
    "ACCOM": ("133", lambda year: set(dfe.CareLeaverAccommodation.values)),
}
ALL_PLACEMENT_TYPES = set(dfe.PlacementType.values)
VALID_EPISODE = {
    "CHILD": "A1", "DECOM": "01/05/2023", "RNE": "S", "LS": "C2", "CIN": "N1", "PLACE": "U6",
    "PLACE_PROVIDER": "PR1", "DEC": "", "REC": "", "REASON_PLACE_CHANGE": "", "HOME_POST": "", "PL_POST": "",
    "URN": "",
}  # fmt: skip
VALID_OC3 = {"CHILD": "L1", "DOB": "10/10/2005", "IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": "0"}


def _rows(valid: dict, lists: dict, year: int) -> tuple[list[str], list[tuple[str, str]]]:
    """One row per (column, code): the code in that column, the rest valid."""
    rows, cells = [], []
    for column, (_, listed) in lists.items():
        codes = sorted(listed(year) | (ALL_PLACEMENT_TYPES if column == "PLACE" else set()) | set(OUTSIDERS))
        for code in codes:
            values = {**valid, column: code, "CHILD": f"C{len(rows)}"}
            if column == "REC":
                values["DEC"] = "01/06/2023"
            rows.append(",".join(values.values()))
            cells.append((column, code))
    return rows, cells


@pytest.mark.parametrize("year", [2018, 2024, 2025, 2026, 2027])
def test_the_validator_accepts_exactly_the_products_codes(year, tmp_path, run_903_validator):
    episode_rows, episode_cells = _rows(VALID_EPISODE, EPISODE_LISTS, year)
    oc3_rows, oc3_cells = _rows(VALID_OC3, OC3_LISTS, year)
    (tmp_path / "episodes.csv").write_text(table(EPISODES, *episode_rows))
    (tmp_path / "oc3.csv").write_text(table(OC3, *oc3_rows))
    (tmp_path / "reviews.csv").write_text(
        table(REVIEWS, *(f"R{n},01/01/2010,01/06/2023,{code}" for n, code in enumerate(["PN0", "PN7", "PN8", "X"])))
    )
    rules = [rule for rule, _ in (*EPISODE_LISTS.values(), *OC3_LISTS.values())] + ["167"]

    flagged = run_903_validator(
        [tmp_path / "episodes.csv", tmp_path / "oc3.csv", tmp_path / "reviews.csv"], year=year, rules=rules
    )

    for lists, cells, file_name in ((EPISODE_LISTS, episode_cells, "episodes.csv"), (OC3_LISTS, oc3_cells, "oc3.csv")):
        for column, (rule, listed) in lists.items():
            rejected = {cells[row - 2][1] for name, row in flagged[rule] if name == file_name}
            tried = {code for checked, code in cells if checked == column}
            expected = set(listed(year))
            if column == "PLACE" and year == 2025:
                # The validator's 2024-25 list writes K3 as "k3" and upper-cases the files: it refuses K3,
                # which the DfE's 2024-25 guidance introduced. The product accepts it.
                expected -= {"K3"}
            assert tried - rejected == expected, (column, year)
    assert {row for _, row in flagged["167"]} == {4, 5}  # PN8 and X: rule 167's list is PN0 to PN7
