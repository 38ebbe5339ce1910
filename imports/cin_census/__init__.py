"""The children in need census (XML, schema years 2021 to 2026): read, check every element, plan.

``Message > Children > Child`` with ``ChildIdentifiers`` (LAchildID, dates of birth, sex:
``GenderCurrent`` before 2025, ``Sex`` from 2025, either accepted in any year, coded 1/2,
0/9 or M/F/U), ``ChildCharacteristics`` (ethnicity, disabilities) and one ``CINdetails`` per episode of
need:

- the referral (``CINreferralDate``, ``ReferralSource``, closure ``CINclosureDate``);
- ``Assessments`` (start, authorisation, factors identified), linked to the referral;
- ``CINPlanDates`` (child in need plans);
- ``Section47``: ``S47ActualStartDate`` is the strategy discussion that started the
  enquiry and the enquiry's start; its ``DateOfInitialCPC`` is the initial conference that
  followed (``DateOfInitialCPC`` directly under ``CINdetails`` is an initial conference too);
- ``ChildProtectionPlans`` (start, end, category: the initial category, else the latest)
  and their ``Reviews`` (review conferences).

Each of these elements is a "row" of the report, named by where it is ("Child 3
(RND0001), CIN episode 1, assessment 2") and its line. The same record given twice for a
child (the census repeats a plan in two episodes) is imported once.
"""

from .check import CinCensusCheck
from .entities import FIRST_YEAR, LAST_YEAR, WRITE_ORDER, CinChild, CinEpisode
from .reading import KIND, YearNotGiven, collection_year, read

__all__ = [
    "FIRST_YEAR",
    "KIND",
    "LAST_YEAR",
    "WRITE_ORDER",
    "CinCensusCheck",
    "CinChild",
    "CinEpisode",
    "YearNotGiven",
    "collection_year",
    "read",
]
