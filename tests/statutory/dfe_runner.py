"""Run the DfE's SSDA903 validator (csc-validator-be-903) on CSV files and print, as JSON, the rows
each chosen rule flags. Runs in .venv-dfe (the validator pins pandas < 2), never in the product's
environment: ``tests/statutory/conftest.py`` starts it as a subprocess.

    .venv-dfe/bin/python tests/statutory/dfe_runner.py --year 2024 --rules 380,381 header.csv episodes.csv

``--year`` is the collection year by the year it ends (2024 for 2023-24); the validator's rulesets
start with 2022-23, so an earlier year is checked with the 2022-23 rules. Output:
``{"380": [["episodes.csv", 5], ...], ...}``, each a file and its spreadsheet row (the header is
row 1), as the product's import numbers rows.
"""

import argparse
import json
import logging
import sys
from pathlib import Path

FIRST_RULESET_YEAR = 2023


def main(argv: list[str]) -> dict[str, list[tuple[str, int]]]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--rules", required=True, help="comma-separated rule codes")
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the validator logs every rule at INFO

    from lac_validator.config import column_names
    from lac_validator.lac_validator import LacValidator
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    year = max(arguments.year, FIRST_RULESET_YEAR)
    uploaded = [
        {"name": Path(path).name, "file_content": Path(path).read_bytes(), "description": "This year"}
        for path in arguments.files
    ]
    # The validator names tables by their columns; map each back to its file.
    table_files = {}
    for path in arguments.files:
        header = Path(path).read_text(encoding="utf-8-sig").splitlines()[0].strip().split(",")
        for table, columns in column_names.items():
            if set(header) == set(columns):
                table_files[table] = Path(path).name
    rules = [code.strip() for code in arguments.rules.split(",") if code.strip()]
    metadata = {"collectionYear": str(year), "localAuthority": "E09000027"}
    validator = LacValidator(metadata, uploaded, get_year_ruleset(str(year)), rules)
    if validator.fails:
        raise SystemExit(f"rules failed to run: {validator.fails}")
    flagged: dict[str, list[tuple[str, int]]] = {code: [] for code in rules}
    for table, frame in validator.ds_results.items():
        if table == "metadata" or table not in table_files:
            continue
        for code in rules:
            column = f"ERR_{code}"
            if column in frame.columns:
                rows = frame.index[frame[column] == True].tolist()  # noqa: E712 (pandas mask)
                flagged[code] += [(table_files[table], int(index) + 2) for index in rows]
    return {code: sorted(rows) for code, rows in flagged.items()}


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
