"""For each DfE CIN census rule the import enforces (``imports/cin_rules.py``), the product refuses the
elements the DfE's validator (csc-validator-be-cin, run in .venv-dfe) flags: on a small census written
here, and on the public samples. Where they differ, the test names the elements and why:

- Where the DfE flags a pair, the import refuses the one out of place and keeps the other: for 1104,
  1105, 2889 and 4015 the DfE flags the event and the referral (CINdetails) it is dated before, the
  import refuses the event; for 8820 and 8890 it flags both overlapping episodes (section 47s), the
  import refuses the later; for 8816 it flags the open episode that is not the latest referral and
  the latest one too, the import refuses the former.
- The import never looks at the rows of a child it refuses as a whole (identifiers it cannot accept:
  an LAchildID over 20 characters, a date of birth before 1900): those rows are refused all the same,
  as "Not imported", without naming the DfE's rule.
- The product never flags a row the DfE does not.
"""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings

from imports.readers import Source
from imports.services import check_files
from tests.imports.conftest import cin_document
from tests.imports.test_cin_census import child_xml
from tests.imports.test_cin_rules import assessment, cin_plan, cp_plan, episode, section47

pytestmark = pytest.mark.django_db

ENFORCED = ["1104", "1105", "2889", "4015", "8831", "8815", "8816", "8820", "8839", "8890", "8896", "8840"]
ENFORCED += ["8600", "8620", "8696"]
SAMPLES = Path(settings.BASE_DIR).parent / "shared" / "data" / "statutory-samples" / "cin-census-fake"


def product_flags(path: Path, *, year: int) -> dict[str, list[int]]:
    """Per rule, the lines of the elements whose own problem names it (not a dependant's "Not imported")."""
    content = path.read_bytes()
    outcome = check_files("cin_census", [Source(path.name, lambda: io.BytesIO(content), len(content))], year=year)
    flagged = {code: set() for code in ENFORCED}
    for issue in outcome.report.issues:
        for code in ENFORCED:
            if f"(DfE rule {code})" in issue.message and issue.field:
                flagged[code].add(issue.row)
    return {code: sorted(rows) for code, rows in flagged.items()}


def differences(dfe: dict, ours: dict) -> dict[str, tuple[list, list]]:
    """Per rule: (elements only the DfE flags, as (table, line); lines only the product flags)."""
    result = {}
    for code in ENFORCED:
        theirs = {line for _, line in dfe[code]}
        result[code] = (sorted(row for row in dfe[code] if row[1] not in ours[code]), sorted(set(ours[code]) - theirs))
    return result


def _one_element_a_line(document: str) -> str:
    """Each element the rules name on a line of its own, so that a line names one element."""
    for tag in ("CINdetails", "Assessments", "CINPlanDates", "Section47", "ChildProtectionPlans", "Reviews"):
        document = document.replace(f"<{tag}>", f"\n<{tag}>")
    return document


# A 2023-24 census (1 April 2023 to 31 March 2024), each child breaking one enforced rule; the referral is
# on 1 June 2023 unless said otherwise.
SMALL_CENSUS = {
    "C1104": episode(inner=section47("2023-06-01", initial="2023-05-31")),  # conference before the referral
    "C1105": episode(inner=cp_plan("2023-05-20")),  # CP plan before the referral
    "C2889": episode(inner=section47("2023-05-25", initial="2023-06-10")),  # section 47 before the referral
    "C4015": episode(inner=cin_plan("2023-05-20")),  # CIN plan before the referral
    "C8831": episode(closed="2023-06-01", nfa="true", inner=assessment("2023-06-02", "2023-06-20")),
    # Two open episodes (8815); the earlier is not the latest referral (8816); the later starts inside it (8820).
    "C8815": episode() + episode("2023-09-01"),
    # Two section 47s with no conference and one not marked as not needed (8839); the second starts while
    # the first is still waiting for its conference (8890).
    "C8839": episode(inner=section47("2023-06-02") + section47("2023-07-01")),
    "C8896": episode(inner=assessment("2023-06-02") + assessment("2023-07-01")),  # two open assessments
    "C8840": episode(inner=cp_plan("2023-07-01", "2023-07-01")),  # starts and ends the same day
    "C8600": episode("2024-04-02"),  # referred after the reference date
    "C8620": episode(closed="2024-04-05"),  # closed after the census year
    "C8696": episode(inner=assessment("2023-06-02", "2024-04-10")),  # authorised after the census year
    # Everything in order: nothing flagged.
    "CLEAN": episode(
        closed="2024-02-01",
        inner=assessment("2023-06-02", "2023-07-01")
        + section47("2023-06-05", initial="2023-06-20")
        + cp_plan("2023-06-20", "2024-01-31", reviews=["2023-09-20"])
        + cin_plan("2024-01-31"),
    ),
}


# Where the DfE flags a pair, the element it flags beside the one the import refuses, by rule.
PAIR_PARTNERS = {
    "1104": "CINdetails",
    "1105": "CINdetails",
    "2889": "CINdetails",
    "4015": "CINdetails",
    "8816": "CINdetails",
    "8820": "CINdetails",
    "8890": "Section47",
}


def test_the_product_refuses_what_the_dfe_flags_on_a_small_census(tmp_path, run_cin_validator):
    children = "\n".join(child_xml(child_id, details=details) for child_id, details in SMALL_CENSUS.items())
    path = tmp_path / "cin.xml"
    path.write_text(_one_element_a_line(cin_document(children, year=2024)), encoding="utf-8")

    dfe = run_cin_validator(path, year=2024, rules=ENFORCED)
    ours = product_flags(path, year=2024)

    # Every rule is broken here, so the comparison is not vacuous; the clean child is flagged by none.
    assert all(dfe[code] for code in ENFORCED), dfe
    compared = differences(dfe, ours)
    assert {code: only_ours for code, (_, only_ours) in compared.items() if only_ours} == {}
    # The DfE flags one element more for each pair rule: the partner the import keeps.
    only_dfe = {code: [table for table, _ in rows] for code, (rows, _) in compared.items() if rows}
    assert only_dfe == {code: [table] for code, table in PAIR_PARTNERS.items()}
    for code in PAIR_PARTNERS:
        assert len(dfe[code]) == 2 and len(ours[code]) == 1, code
    # The pairs in this census: the import refuses the event, the earlier open episode (8816), the
    # episode that starts inside the other (8820), the later section 47 (8890).
    lines = {code: sorted(line for _, line in dfe[code]) for code in ENFORCED}
    for code in ("1104", "1105", "2889", "4015"):
        referral = next(line for table, line in dfe[code] if table == "CINdetails")
        assert ours[code] == [line for line in lines[code] if line != referral]
    assert ours["8816"] == lines["8816"][:1]
    assert ours["8820"] == lines["8820"][1:]
    assert ours["8890"] == lines["8890"][1:]
    # Where the DfE flags every element of a kind, so does the import.
    for code in ("8815", "8831", "8839", "8896", "8840", "8600", "8620", "8696"):
        assert ours[code] == lines[code], code


def _for_the_census_year(path: Path, tmp_path: Path) -> tuple[Path, int]:
    """The sample with its ReferenceDate on 31 March of its year, and that year. The validator's census
    year ends on the ReferenceDate; the import's on 31 March of the collection year. Two samples give
    another day (fake_CIN_data.xml 21 July 2022, CIN_header_issues_100.xml 28 March 2023, a header
    error of its own); moved to 31 March, both read the same census year."""
    text = path.read_text(encoding="utf-8")
    year = int(re.search(r"<ReferenceDate>(\d{4})", text).group(1))
    copy = tmp_path / path.name
    copy.write_text(re.sub(r"<ReferenceDate>[^<]*", f"<ReferenceDate>{year}-03-31", text), encoding="utf-8")
    return copy, year


def _refused_with_the_child(path: Path, year: int) -> set[int]:
    content = path.read_bytes()
    outcome = check_files("cin_census", [Source(path.name, lambda: io.BytesIO(content), len(content))], year=year)
    return {
        issue.row
        for issue in outcome.report.errors
        if issue.message == "Not imported: the child's identifiers were rejected."
    }


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"The shared samples are not here ({SAMPLES}).")
@pytest.mark.parametrize("name", sorted(path.name for path in SAMPLES.glob("*.xml")) if SAMPLES.is_dir() else [])
def test_the_product_refuses_what_the_dfe_flags_on_the_public_samples(name, tmp_path, run_cin_validator):
    path, year = _for_the_census_year(SAMPLES / name, tmp_path)

    dfe = run_cin_validator(path, year=year, rules=ENFORCED)
    ours = product_flags(path, year=year)
    refused_with_child = _refused_with_the_child(path, year)

    compared = differences(dfe, ours)
    assert {code: only_ours for code, (_, only_ours) in compared.items() if only_ours} == {}
    for code, (only_dfe, _) in compared.items():
        for table, line in only_dfe:
            # The partner of a pair the import refuses the other element of, or a row of a child refused whole.
            partner = PAIR_PARTNERS.get(code) == table and ours[code]
            assert partner or line in refused_with_child, (code, table, line)


@pytest.mark.skipif(not SAMPLES.is_dir(), reason=f"The shared samples are not here ({SAMPLES}).")
def test_on_the_largest_sample_the_product_refuses_exactly_what_the_dfe_flags(tmp_path, run_cin_validator):
    # fake_CIN_data.xml: 332 children, 402 episodes; the DfE flags 8831 (350 elements), 8600 (46) and
    # 8620 (218), and the import refuses exactly those, naming the rule.
    path, year = _for_the_census_year(SAMPLES / "fake_CIN_data.xml", tmp_path)

    dfe = run_cin_validator(path, year=year, rules=ENFORCED)
    ours = product_flags(path, year=year)

    assert {code: len(rows) for code, rows in dfe.items() if rows} == {"8831": 350, "8600": 46, "8620": 218}
    assert differences(dfe, ours) == {code: ([], []) for code in ENFORCED}


# --- The rules the import's own messages cite (imports/cin_rules.py's docstring) ------------------------

# A 2023-24 census whose elements each draw one of the import's own messages; the referral is on 1 June 2023.
CITED_CENSUS = {
    "CPPTWICE": episode(inner=cp_plan("2023-06-20") + cp_plan("2023-06-20")),  # the same plan twice: 8940
    "CPPOVER": episode(inner=cp_plan("2023-06-20") + cp_plan("2023-07-01")),  # overlapping plans: 8940
    "CINPTWICE": episode(inner=cin_plan("2023-06-20") + cin_plan("2023-06-20")),  # 4014
    "REVBEFORE": episode(inner=cp_plan("2023-06-20", reviews=["2023-06-10"])),  # review before the plan: 8841
    "BADREF": episode("2023-02-30"),  # unreadable required dates: 8600, 4010, 8720, 8615, 8842Q
    "BADCINP": episode(inner=cin_plan("2023-02-30")),
    "BADCPP": episode(inner=cp_plan("2023-02-30")),
    "BADS47": episode(inner=section47("2023-02-30", initial="2023-06-20")),
    "BADREV": episode(inner=cp_plan("2023-06-20", reviews=["2023-02-30"])),
    # No DfE rule: a review after the plan ended; a section 47 given twice.
    "REVAFTER": episode(inner=cp_plan("2023-06-20", "2023-08-01", reviews=["2023-09-10"])),
    "S47TWICE": episode(
        inner=section47("2023-06-02", initial="2023-06-20") + section47("2023-06-02", initial="2023-06-20")
    ),
}
CITED = ["8940", "4014", "8841", "8600", "4010", "8720", "8615", "8842Q", "8510", "8525Q", "8890"]


def test_each_rule_the_import_cites_is_one_the_dfe_flags_on_that_element(tmp_path, run_cin_validator):
    children = [child_xml(child_id, details=details) for child_id, details in CITED_CENSUS.items()]
    children += [child_xml("TWICE"), child_xml("TWICE")]  # a child given twice: 8510
    both = "<ExpectedPersonBirthDate>2015-04-01</ExpectedPersonBirthDate>"
    children.append(child_xml("BOTHDOB", extra_identifiers=both))  # both dates of birth: 8525Q
    path = tmp_path / "cin.xml"
    path.write_text(_one_element_a_line(cin_document("\n".join(children), year=2024)), encoding="utf-8")
    content = path.read_bytes()

    dfe = run_cin_validator(path, year=2024, rules=CITED)
    outcome = check_files("cin_census", [Source(path.name, lambda: io.BytesIO(content), len(content))], year=2024)

    cited = {}
    for issue in outcome.report.issues:
        match = re.search(r"\(DfE rule (\w+)\)\.$", issue.message)
        if match:
            cited.setdefault(match.group(1), set()).add(issue.row)
    # Every rule is cited here, each on an element the DfE flags under it.
    assert set(cited) == set(CITED) - {"8890"}
    for code, rows in cited.items():
        assert rows <= {line for _, line in dfe[code]}, (code, rows, dfe[code])
    # Where the import cites no rule, the DfE flags nothing: a review after the plan ended (8841 looks only
    # at the start), a section 47 given twice (8890 does not compare it with itself).
    uncited = {
        issue.child: issue.row
        for issue in outcome.report.issues
        if issue.child in ("REVAFTER", "S47TWICE") and "(DfE rule" not in issue.message
    }
    assert set(uncited) == {"REVAFTER", "S47TWICE"}
    assert uncited["REVAFTER"] not in {line for _, line in dfe["8841"]}
    assert dfe["8890"] == []
