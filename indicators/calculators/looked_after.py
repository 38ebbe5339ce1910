"""Calculators: looked_after."""
