"""Run the DfE's CIN census validator (csc-validator-be-cin) on one census XML file and print, as JSON,
the elements each chosen rule flags. Runs in .venv-dfe (the validator pins pandas < 2), never in the
product's environment: ``tests/statutory/conftest.py`` starts it as a subprocess.

    .venv-dfe/bin/python tests/statutory/dfe_cin_runner.py --year 2024 --rules 1104,8840 census.xml

``--year`` is the collection year by the year it ends (2024 for 2023-24); the validator's rulesets
start with 2022-23, so an earlier year is checked with the 2022-23 rules. The validator names a row
by its table and position (``CINdetails`` 0, 1, ...); the product by the line of the element in the
file. This maps each back to the line its element starts on, counting the elements of that table in
document order as the validator's reader does. Output: ``{"1104": [["Section47", 57], ...], ...}``.
"""

import argparse
import json
import logging
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from xml.parsers import expat

FIRST_RULESET_YEAR = 2023
# The validator's tables and the element each row of it comes from.
ELEMENTS = {
    "ChildIdentifiers": "ChildIdentifiers",
    "CINdetails": "CINdetails",
    "Assessments": "Assessments",
    "CINplanDates": "CINPlanDates",
    "Section47": "Section47",
    "ChildProtectionPlans": "ChildProtectionPlans",
    "Reviews": "Reviews",
}


def element_lines(content: bytes) -> dict[str, list[int]]:
    """The line each element of interest starts on, by tag, in document order. A ``Reviews`` row of the
    validator is a Reviews element holding a CPPreviewDate, read as its first one; the product names a
    review by its CPPreviewDate element, so that is the line kept."""
    lines: dict[str, list[int]] = {tag: [] for tag in ELEMENTS.values()}
    parser = expat.ParserCreate()
    in_reviews = {"open": False, "dated": False}

    def start(tag, _attributes):
        if tag == "Reviews":
            in_reviews.update(open=True, dated=False)
        elif tag == "CPPreviewDate" and in_reviews["open"] and not in_reviews["dated"]:
            in_reviews["dated"] = True
            lines["Reviews"].append(parser.CurrentLineNumber)
        elif tag in lines:
            lines[tag].append(parser.CurrentLineNumber)

    def end(tag):
        if tag == "Reviews":
            in_reviews["open"] = False

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.Parse(content, True)
    return lines


def main(argv: list[str]) -> dict[str, list[tuple[str, int]]]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--rules", required=True, help="comma-separated rule codes")
    parser.add_argument("file")
    arguments = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)

    import importlib

    from cin_validator import cin_validator

    year = max(arguments.year, FIRST_RULESET_YEAR)
    ruleset = f"cin{year - 1}_{str(year)[2:]}"
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    content = Path(arguments.file).read_bytes()
    data = cin_validator.process_data(cin_validator.convert_data(ET.fromstring(content)))
    rules = [code.strip() for code in arguments.rules.split(",") if code.strip()]
    validator = cin_validator.CinValidator(data, registry, selected_rules=rules)
    lines = element_lines(content)
    flagged: dict[str, set[tuple[str, int]]] = {code: set() for code in rules}
    issues = validator.full_issue_df
    for _, issue in issues.iterrows():
        code, table = str(issue["rule_code"]), issue["tables_affected"]
        if code not in flagged or table not in ELEMENTS:
            continue
        flagged[code].add((table, lines[ELEMENTS[table]][int(issue["row_id"])]))
    return {code: sorted(rows) for code, rows in flagged.items()}


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
