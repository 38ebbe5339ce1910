"""The SSDA903 return (children looked after): read its CSV tables or its XML, check every row,
and plan the records.

Tables are recognised by their exact set of columns, never by file name. The XML
(``EXPSSDA903 > CHILD > HEADER`` with nested ``AREVIEW``, ``AMISSING``, ``AD_PLACED``, ...,
then ``EPISODE``s whose placement is ``PL``) is read into the same tables, so both formats
go through the same checks and give the same records.

Mapping
-------
- Header: the child, by CHILD (the authority's child ID, shared with the CIN census and with
  children recorded in the product). The return carries no names: a new child is named
  "Child <CHILD>" until a social worker records the name.
- Episodes: a period of care starts at an episode with RNE S and runs to the DEC of the last
  episode whose REC is not X1 (X1: a new episode starts that day, care continues). A return
  starts with the episodes open on 1 April, so a first episode that is not S continues the
  period of care already in the product that covers its start (or, when there is none,
  starts one there, with a warning). Within a period: a legal status each time LS changes;
  a placement at every episode that changes placement (RNE S, P, T, B, U), with RNE L
  continuing the placement. B and U change the placement type with the same carer, so the
  placement keeps the carer reference (the same carer is not a move, LAC 20). U1 and U4
  are long-term fostering.
- Adoption (one record per decision that the child should be placed for adoption): the
  decision (PlacedAdoption DATE_PLACED, AD1 DATE_INT) and its reversal
  (DATE_PLACED_CEASED), the match (AD1 DATE_MATCH), the day the child moved in with the
  adoptive family (the start of the first placement of type A3 to A6 in the period of
  care: in the DfE's guidance DATE_PLACED is the date of the *decision*, see rules 115,
  116 and 523), and the adoption order (the end of a period of care ending E11 or E12).
- Reviews, missing and absent episodes, OC3 (the birthday in the collection year from 17
  to 21), and social worker episodes (allocations, with their return, year and row; an SW_ID
  the product does not know becomes a social worker in the "Imported social workers" team,
  both marked as from the return, for the authority to match).
- Several years (``imports.history``): returns are imported oldest first, and each is the record of the
  child's care from its first episode of a period on. A placement an earlier year left open across that
  episode ends there; an earlier year's placements and legal statuses that begin within the episodes and that
  they do not give again are removed; a period an earlier year had refused is continued or started from
  them. Dates outside the return's year are refused (DfE rules 117, 354, 385, 570, 571; reviews).
- OC2, previous permanence, UASC and deprivation of liberty have no record in the
  product: their rows are checked (child in header, date of birth, UASC's sex against the
  header's, dates, and their codes against the DfE's lists in ``casework.statutory.ssda903``) but not
  imported.
"""

from .check import Ssda903Check
from .reading import KIND, read, recognise, unrecognised_message
from .tables import FIRST_YEAR, IMPORTED_TEAM, LAST_YEAR, RETURN, TABLES, WRITE_ORDER, Table

__all__ = [
    "FIRST_YEAR",
    "IMPORTED_TEAM",
    "KIND",
    "LAST_YEAR",
    "RETURN",
    "TABLES",
    "WRITE_ORDER",
    "Ssda903Check",
    "Table",
    "read",
    "recognise",
    "unrecognised_message",
]
