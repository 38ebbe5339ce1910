"""The demo authority's placements carry a code valid in every collection year whose return gives them
(DfE rule 146: H5 and Z1 withdrawn in 2025-26, K3 from 2024-25, Z11 to Z14 from 2025-26)."""

from datetime import date

import pytest

from casework.demo.care import valid_through


@pytest.mark.parametrize(
    ("kind", "start", "end", "expected"),
    [
        # Ends on 31 March 2025, the last day of 2024-25: H5 was valid throughout.
        ("H5", date(2024, 6, 23), date(2025, 3, 31), "H5"),
        # Runs into 2025-26 (ends 1 April 2025): K3, valid in 2024-25 and 2025-26.
        ("H5", date(2024, 6, 23), date(2025, 4, 1), "K3"),
        # From 2023-24 into 2025-26: neither H5 nor K3 (from 2024-25) is valid throughout.
        ("H5", date(2023, 6, 1), date(2025, 5, 14), "K2"),
        # Z1 within 2025-26: its successor Z14.
        ("Z1", date(2026, 2, 27), date(2026, 6, 1), "Z14"),
        # Z1 across 1 April 2025: Z1 is invalid after, Z14 before.
        ("Z1", date(2024, 11, 7), date(2025, 12, 15), "K2"),
        # A code valid in every year stays.
        ("U6", date(2017, 1, 1), date(2026, 6, 1), "U6"),
    ],
)
def test_a_placement_gets_a_code_valid_in_each_year_it_spans(kind, start, end, expected):
    assert valid_through(kind, start, end) == expected
