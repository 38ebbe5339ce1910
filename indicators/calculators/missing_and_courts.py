"""Calculators: missing episodes (MC 6, MC 7), care proceedings (LE 2) and pre-proceedings (PLO)."""
