"""Several years of SSDA903 returns as one history.

An authority's returns are imported oldest first: each year's return is the record from its first episode on
(it closes or corrects what an earlier one left open or had rejected, see ``ssda903``), and a record a later year
gave is never undone by an earlier year. An earlier year imported after a later one could not be told apart
from a stale copy, so it is refused with a plain message, before anything is read: the product then holds the
same history whatever order the files came in, or says why not.
"""

import re

from django.db.models.functions import Substr

from casework import codes
from casework.models import CareLeaverBirthdayRecord, LegalStatus, LookedAfterReview, PeriodOfCare, Placement

from .models import BatchStatus, ImportBatch, ReturnKind, year_label
from .plan import reference_year

LAST_YEAR = 2027
# The records each year's return brings that say which year gave them ("SSDA903 2019-20 episodes.csv row 4").
_DATED_BY_RETURN = (PeriodOfCare, Placement, LegalStatus, LookedAfterReview, CareLeaverBirthdayRecord)


def later_years_held(collection_year: int) -> list[int]:
    """The SSDA903 collection years after ``collection_year`` already imported (by a batch, or, for an import
    without one, by the records that name their return's year): a query for the batches and one per record type."""
    later = range(collection_year + 1, LAST_YEAR + 1)
    held = set(
        ImportBatch.objects.filter(
            kind__in=[ReturnKind.SSDA903, ReturnKind.BOTH],
            status=BatchStatus.IMPORTED,
            collection_year__gt=collection_year,
        ).values_list("collection_year", flat=True)
    )
    unseen = [year for year in later if year not in held]
    if unseen:
        labels = "|".join(re.escape(year_label(year)) for year in unseen)
        for model in _DATED_BY_RETURN:
            named = model.objects.filter(source=codes.Source.SSDA903, source_reference__regex=rf"^SSDA903 ({labels}) ")
            # "SSDA903 2019-20 ...": the label is characters 9 to 15; at most one row per year comes back.
            for label in named.values_list(Substr("source_reference", 9, 7), flat=True).distinct():
                year = reference_year(label)
                if year is not None:
                    held.add(year)
    return sorted(held)


def out_of_order_message(collection_year: int, later: list[int]) -> str:
    names = [year_label(year) for year in later]
    labels = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return (
        f"The product already holds the {labels} SSDA903 return{'s' if len(later) > 1 else ''}, so the "
        f"{year_label(collection_year)} return cannot be imported now: an authority's returns are imported oldest "
        "first, each year's correcting the one before."
    )
