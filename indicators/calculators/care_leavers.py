"""Calculators: care_leavers."""
