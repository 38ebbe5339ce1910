"""Calculators: quality."""
