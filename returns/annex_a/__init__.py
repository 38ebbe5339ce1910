"""Ofsted's Annex A: the lists 1 to 11 an authority hands inspectors, for any date range."""
