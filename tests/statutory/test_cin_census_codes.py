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
