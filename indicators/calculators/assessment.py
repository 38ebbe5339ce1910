"""Calculators: assessment."""
