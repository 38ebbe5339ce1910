"""The children in need census code lists, pinned to the DfE validator's rules (csc-validator-be-cin,
cin_validator/rules/cin2022_23/rule_NNNN.py, unchanged to 2026-27)."""

from casework import codes
from casework.statutory import cin_census


def test_referral_sources_are_rule_8866s():
    assert set(cin_census.ReferralSource.values) == {
        "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4",
        "5A", "5B", "5C", "5D", "6", "7", "8", "9", "10",
    }  # fmt: skip


def test_categories_of_abuse_are_rules_8905_and_8910s():
    assert set(cin_census.AbuseCategory.values) == {"NEG", "PHY", "SAB", "EMO", "MUL"}


def test_the_product_reads_the_one_list():
    assert codes.ReferralSource is cin_census.ReferralSource
    assert codes.AbuseCategory is cin_census.AbuseCategory


# Rule 8897Q's list of valid AssessmentFactors codes (csc-validator-be-cin 0.1.13, unchanged to 2026-27).
RULE_8897Q_FACTORS = {
    "1A", "1B", "1C", "2A", "2B", "2C", "3A", "3B", "3C", "4A", "4B", "4C", "5A", "5B", "5C", "6A", "6B", "6C",
    "7A", "8B", "8C", "8D", "8E", "8F", "9A", "10A", "11A", "12A", "13A", "14A", "15A", "16A", "17A", "18A",
    "18B", "18C", "19A", "19B", "19C", "20", "21", "22A", "23A", "24A",
}  # fmt: skip


def test_assessment_factors_are_rule_8897qs_that_the_census_schema_allows():
    offered = [code for code, _ in cin_census.ASSESSMENT_FACTOR_CHOICES]
    assert len(offered) == len(set(offered)) == 42
    # 18A and 19A are in the validator's list but not in the DfE's schema (2020-21 to 2023-24), which
    # split physical and sexual abuse into child on child (B) and adult on child (C).
    assert RULE_8897Q_FACTORS - set(offered) == {"18A", "19A"}
    assert set(offered) <= RULE_8897Q_FACTORS
    assert cin_census.NO_FACTORS_IDENTIFIED == "21" and "21" in offered


def test_disabilities_are_the_census_schemas():
    assert [code for code, _ in cin_census.DISABILITY_CHOICES] == [
        "NONE", "MOB", "HAND", "PC", "INC", "COMM", "LD", "HEAR", "VIS", "BEH", "CON", "AUT", "DDA",
    ]  # fmt: skip
    assert cin_census.NO_DISABILITY == "NONE"


def test_every_factor_is_labelled_with_its_code_first():
    assert all(label.startswith(f"{code}: ") for code, label in cin_census.ASSESSMENT_FACTOR_CHOICES)
