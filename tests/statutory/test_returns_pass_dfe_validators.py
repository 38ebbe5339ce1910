"""The returns the product writes from the small demo authority, run through the DfE's own
validators (csc-validator-be-903 rules lac2025_26, csc-validator-be-cin rules cin2025_26; every rule
of the year, in .venv-dfe).

The small demo authority (``seed_demo --size small --seed 1 --today 2026-11-23``, about ten seconds)
is used rather than a hand-built one: it has every kind of record the returns carry, in numbers
(about 200 children looked after and 1,600 in need in 2025-26), so the validators meet the cases
the product writes, not the ones a test author thought of.

Each test asserts the exact set of DfE errors left: the goal is none, and every rule still failed
is named in ``OUTSTANDING`` with why, so the test fails both when a new failure appears and when
one is fixed (remove it from the list). Where the product's own check of the return (the import's
rule module, ``returns.validation.check_return``) and the DfE's validator disagree on a rule the
product's module knows, the test names the rule.
"""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction

from returns.cin_census.writer import build_census
from returns.ssda903.tables import build_return, write_return
from returns.validation import CIN_CENSUS, SSDA903, check_return

YEAR = 2026  # the last complete collection year on 23 November 2026: April 2025 to March 2026
ROOT = Path(__file__).resolve().parents[2]

# Rules the DfE's SSDA903 validator still fails on the demo authority's return, and why.
OUTSTANDING_903 = {
    # The rule flags any social worker episode ending in the last five days of the year when the child
    # had one before it, even when the next worker's episode follows the next day (NB0000071: 19
    # January to 30 March, then another worker from 30 March): the rule's code, not its message.
    "SW11bSTG2": "a change of social worker in the last five days of March (the DfE rule's own fault)",
}
# Rules the product's module implements where its check of the return and the DfE's validator flag
# different children, and why. Each is flagged by the DfE and not by the product.
DISAGREE_903: dict[str, str] = {}
# Rules the DfE's CIN census validator still fails, errors and queries, and why.
OUTSTANDING_CIN = {
    # The episode's assessment was authorised before the year, so is not in the census (DfE rule
    # 8696 and its like), while its section 47 is.
    "2991Q": "a section 47 in the year on an episode whose assessment ended before it",
    # A query ("please check"): the demo has assessments that took that long.
    "8670Q": "an assessment open more than 45 working days at 31 March in the demo",
}

_RULE = re.compile(r"DfE rules? ([A-Za-z0-9]+)")


def product_rules() -> set[str]:
    """The DfE rules the product's own rule module names (the import's checks)."""
    sources = [
        *ROOT.glob("imports/**/*.py"),
        *ROOT.glob("casework/statutory/*.py"),
        *ROOT.glob("casework/validation/*.py"),
    ]
    found = set()
    for path in sources:
        found |= set(_RULE.findall(path.read_text(encoding="utf-8")))
    return found


def disagreements(dfe: dict, product) -> dict[str, tuple[list[str], list[str]]]:
    """Rules the product's module knows, where its check and the DfE's flag different children:
    rule -> (children only the DfE flags, children only the product flags)."""
    known = product_rules()
    by_rule: dict[str, set[str]] = {}
    for failure in product:
        found = _RULE.search(failure.message)
        if found:
            by_rule.setdefault(found.group(1), set()).add(failure.child)
    result = {}
    for rule in sorted(known & (set(by_rule) | set(dfe))):
        theirs = set(dfe.get(rule, {}).get("children", []))
        ours = by_rule.get(rule, set())
        if theirs != ours:
            result[rule] = (sorted(theirs - ours), sorted(ours - theirs))
    return result


@pytest.fixture
def demo(db):
    with transaction.atomic():
        call_command("seed_demo", "--size", "small", "--seed", "1", "--today", "2026-11-23", stdout=io.StringIO())


def test_the_ssda903_return_fails_no_dfe_rule_but_those_named(demo, run_dfe_validator, tmp_path):
    paths = write_return(build_return(YEAR), tmp_path)
    result = run_dfe_validator("ssda903", paths, year=YEAR)
    assert result["rules_run"] > 300  # every rule of 2025-26, not a chosen few
    flagged = result["flagged"]
    assert set(flagged) == set(OUTSTANDING_903), {
        "new failures": {rule: flagged[rule]["children"][:5] for rule in set(flagged) - set(OUTSTANDING_903)},
        "now passing (remove from OUTSTANDING_903)": sorted(set(OUTSTANDING_903) - set(flagged)),
    }
    differ = disagreements(flagged, check_return(SSDA903, YEAR))
    # The product's import checks flag no rule the DfE's validator passes, and the DfE's flag no
    # rule the product's module implements but misses, but for those named here.
    assert set(differ) == set(DISAGREE_903), differ


def test_the_cin_census_fails_no_dfe_rule_but_those_named(demo, run_dfe_validator, tmp_path):
    path = tmp_path / "cin.xml"
    path.write_bytes(build_census(YEAR, lea="201", now=None).xml)
    result = run_dfe_validator("cin", [path], year=YEAR)
    assert result["rules_run"] > 100
    assert result["failed_to_run"] == []
    flagged = result["flagged"]
    assert set(flagged) == set(OUTSTANDING_CIN), {
        "new failures": {rule: flagged[rule]["children"][:5] for rule in set(flagged) - set(OUTSTANDING_CIN)},
        "now passing (remove from OUTSTANDING_CIN)": sorted(set(OUTSTANDING_CIN) - set(flagged)),
    }
    errors = {rule for rule, entry in flagged.items() if entry["kind"] == "error"}
    queries = set(flagged) - errors
    assert all(rule.endswith("Q") for rule in queries) and not any(rule.endswith("Q") for rule in errors)
    differ = disagreements(flagged, check_return(CIN_CENSUS, YEAR))
    assert set(differ) == set(), differ
