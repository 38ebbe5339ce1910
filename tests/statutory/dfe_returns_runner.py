"""Run every rule of the DfE's validator for a collection year over a whole return and print, as
JSON, what each rule flags. Runs in .venv-dfe (the validators pin pandas < 2), never in the
product's environment: ``tests/statutory/conftest.py`` starts it as a subprocess.

    .venv-dfe/bin/python tests/statutory/dfe_returns_runner.py ssda903 --year 2026 header.csv episodes.csv ...
    .venv-dfe/bin/python tests/statutory/dfe_returns_runner.py cin --year 2026 cin.xml

``--year`` is the collection year by the year it ends (2026 for 2025-26): SSDA903 rules
``lac2025_26``, CIN census rules ``cin2025_26``. Output:
``{"rules_run": N, "failed_to_run": [...], "flagged": {"225": {"kind": "error", "children": ["C1", ...]}}}``.
The SSDA903 validator names no queries, so all its rules are errors; the CIN census validator
marks each rule an error or a query.
"""

import argparse
import importlib
import io
import json
import logging
import sys
from contextlib import redirect_stdout
from pathlib import Path

FIRST_RULESET_YEAR = 2023


def _ssda903(year: int, files: list[str]) -> dict:
    from lac_validator.lac_validator import LacValidator
    from lac_validator.rules.ruleset_utils import get_year_ruleset

    year = max(year, FIRST_RULESET_YEAR)
    uploaded = [
        {"name": Path(path).name, "file_content": Path(path).read_bytes(), "description": "This year"} for path in files
    ]
    registry = get_year_ruleset(str(year))
    metadata = {"collectionYear": str(year), "localAuthority": "E09000027"}
    validator = LacValidator(metadata, uploaded, registry)
    flagged: dict[str, dict] = {}
    for table, frame in validator.ds_results.items():
        if table == "metadata" or "CHILD" not in getattr(frame, "columns", []):
            continue
        for column in frame.columns:
            if not str(column).startswith("ERR_"):
                continue
            rows = frame[frame[column] == True]  # noqa: E712 (pandas mask)
            if len(rows):
                entry = flagged.setdefault(column[4:], {"kind": "error", "children": []})
                entry["children"] += [str(child) for child in rows["CHILD"].tolist()]
    return {"rules_run": len(registry), "failed_to_run": sorted(validator.fails), "flagged": flagged}


def _cin(year: int, files: list[str]) -> dict:
    from xml.etree import ElementTree as ET

    from cin_validator import cin_validator
    from cin_validator.rule_engine import RuleType

    ruleset = f"cin{year - 1}_{str(year)[2:]}"
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    data = cin_validator.process_data(cin_validator.convert_data(ET.parse(files[0]).getroot()))
    printed = io.StringIO()
    with redirect_stdout(printed):  # the validator prints the rules that could not run
        validator = cin_validator.CinValidator(data, registry)
    lines = [line for line in printed.getvalue().splitlines() if line.startswith("Error with rule ")]
    failed = sorted({line.split(":")[0].removeprefix("Error with rule ") for line in lines})
    flagged: dict[str, dict] = {}
    kinds = {str(code): rule.rule_type for code, rule in registry.items()}
    for code, child in validator.full_issue_df[["rule_code", "child_id"]].itertuples(index=False):
        kind = "query" if kinds.get(str(code)) == RuleType.QUERY else "error"
        flagged.setdefault(str(code), {"kind": kind, "children": []})["children"].append(str(child))
    for code, _ in validator.multichild_issues.itertuples(index=False):
        kind = "query" if kinds.get(str(code)) == RuleType.QUERY else "error"
        flagged.setdefault(str(code), {"kind": kind, "children": []})["children"].append("(return)")
    return {"rules_run": len(registry), "failed_to_run": [f for f in failed if f], "flagged": flagged}


def main(argv: list[str]) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("return_name", choices=["ssda903", "cin"])
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("files", nargs="+")
    arguments = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)  # the validators log every rule at INFO
    run = _ssda903 if arguments.return_name == "ssda903" else _cin
    with redirect_stdout(io.StringIO()):  # some rules print what they read
        result = run(arguments.year, arguments.files)
    for entry in result["flagged"].values():
        entry["children"] = sorted(set(entry["children"]))
    return result


if __name__ == "__main__":
    json.dump(main(sys.argv[1:]), sys.stdout)
