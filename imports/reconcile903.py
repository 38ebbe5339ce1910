"""Reconciliation of an SSDA903 return, child by child: the children in care at 31 March, the starters, the
leavers and the placements by type at 31 March, as the return's episodes give them and as the product holds
them now, with the differences listed by child and the row problems of the return that explain each.

The files' side is worked out when the return is imported (``store_file_figures``, from the rows as read,
refused ones included: it is what the authority sent) and kept as ``ReturnChild`` rows, since the files are
deleted once imported. The product's side is computed when the page is shown, in a fixed number of queries,
from every record (entered in the product, or from any year's return): a later year's return that corrected
this one shows here as a difference, explained by its row problems or by "corrected by a later return".

The definitions, from the DfE's episode fields, for the collection year 1 April to 31 March (D):

- in care at D: an episode that began on or before D and has no DEC (or a DEC after D); in the product, a
  period of care that began on or before D and did not end on or before D;
- starters: an episode with RNE S beginning in the year; in the product, a period of care beginning in it;
- leavers: an episode ending in the year with a REC other than X1; in the product, a period of care ending in it;
- placement at D: the PLACE of the episode open at D; in the product, the type of the placement open at D.
"""

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.db.models.functions import Substr

from casework.models import PeriodOfCare, Placement

from . import history
from .models import ImportBatch, ReturnChild, RowIssue, Severity, year_label
from .readers import BadValue, parse_date

KIND = "ssda903"
SHOWN = 500  # differences listed on the page (the counts cover them all)
STEP = 2000


def _day(text: str) -> date | None:
    try:
        return parse_date(text)
    except BadValue:
        return None


def child_from_episodes(child: str, rows, collection_year: int) -> ReturnChild:
    """What one child's episode rows say about the year (rows with unreadable dates are left out)."""
    start, end = date(collection_year - 1, 4, 1), date(collection_year, 3, 31)
    figures = ReturnChild(child=child[:40])
    for row in rows:
        began, ended = _day(row.get("DECOM")), _day(row.get("DEC"))
        if began is None:
            continue
        if row.get("RNE") == "S" and start <= began <= end:
            figures.started = True
        if ended is not None and start <= ended <= end and row.get("REC") not in ("", "X1"):
            figures.left = True
        if began <= end and (ended is None or ended > end):
            figures.in_care_at_end = True
            figures.placement_at_end = row.get("PLACE")[:4]
    return figures


def store_file_figures(batch: ImportBatch, spool, collection_year: int) -> None:
    """Keep what the return's episodes say about each child, streaming from the import's spool."""
    ReturnChild.objects.filter(batch=batch).delete()
    pending: list[ReturnChild] = []
    for child_ids in spool.batches():
        for child, rows in spool.items(KIND, child_ids).items():
            episodes = [row for row in rows if row.table == "episodes"]
            if child and episodes:
                figures = child_from_episodes(child, episodes, collection_year)
                figures.batch = batch
                pending.append(figures)
        if len(pending) >= STEP:
            ReturnChild.objects.bulk_create(pending, batch_size=STEP)
            pending = []
    ReturnChild.objects.bulk_create(pending, batch_size=STEP)


def _corrected_later(collection_year: int, children: list[str]) -> dict[str, set[str]]:
    """For these children, the later years' SSDA903 returns that wrote their periods of care or placements
    (two queries)."""
    found: dict[str, set[str]] = {}
    if not children:
        return found
    labels = "|".join(re.escape(year_label(year)) for year in range(collection_year + 1, history.LAST_YEAR + 1))
    for model in (PeriodOfCare, Placement):
        records = model.objects.filter(
            child__la_child_id__in=children, source_reference__regex=rf"^SSDA903 ({labels}) "
        ).values_list("child__la_child_id", Substr("source_reference", 9, 7))
        for child, label in records.distinct():
            found.setdefault(child, set()).add(label)
    return found


@dataclass
class Difference:
    child: str
    what: list[str]
    explained_by: list[str] = field(default_factory=list)


@dataclass
class Side:
    in_care: set[str]
    started: set[str]
    left: set[str]
    placements: dict[str, str]  # child -> placement type at year end
    children: set[str] = field(default_factory=set)  # every child the side has a record of

    def totals(self) -> dict[str, int]:
        return {"in_care": len(self.in_care), "started": len(self.started), "left": len(self.left)}


def _files_side(batch: ImportBatch) -> Side:
    rows = list(ReturnChild.objects.filter(batch=batch).values_list("child", "in_care_at_end", "started", "left",
                                                                     "placement_at_end"))  # fmt: skip
    return Side(
        {child for child, in_care, *_ in rows if in_care},
        {child for child, _, started, *_ in rows if started},
        {child for child, _, _, left, _ in rows if left},
        {child: place for child, in_care, _, _, place in rows if in_care},
        {child for child, *_ in rows},
    )


def _product_side(collection_year: int) -> Side:
    start, end = date(collection_year - 1, 4, 1), date(collection_year, 3, 31)
    open_at_end = Q(started_on__lte=end) & (Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    periods = PeriodOfCare.objects.values_list("child__la_child_id", flat=True)
    placements = Placement.objects.filter(open_at_end).values_list("child__la_child_id", "placement_type")
    return Side(
        set(periods.filter(open_at_end)),
        set(periods.filter(started_on__range=(start, end))),
        set(periods.filter(ended_on__range=(start, end))),
        dict(placements.order_by("started_on")),  # the latest placement open at D, if two
    )


def compare_children(batch: ImportBatch) -> dict:
    """The files beside the product for the batch's year: totals, placements by type, and the differences by
    child with their explanations. At most eight queries, whatever the number of children."""
    files, product = _files_side(batch), _product_side(batch.collection_year)
    names = {"in_care": "in care at 31 March", "started": "started to be looked after", "left": "ceased"}
    differences: dict[str, Difference] = {}
    for key, label in names.items():
        ours, theirs = getattr(files, key), getattr(product, key)
        for child in sorted(ours - theirs):
            differences.setdefault(child, Difference(child, [])).what.append(f"{label} in the files, not the product")
        for child in sorted(theirs - ours):
            differences.setdefault(child, Difference(child, [])).what.append(f"{label} in the product, not the files")
    for child in sorted(set(files.placements) & set(product.placements)):
        if files.placements[child] != product.placements[child]:
            differences.setdefault(child, Difference(child, [])).what.append(
                f"placement at 31 March {files.placements[child] or '(none)'} in the files, "
                f"{product.placements[child]} in the product"
            )
    shown = [differences[child] for child in sorted(differences)][:SHOWN]
    issues = RowIssue.objects.filter(batch=batch, child__in=[d.child for d in shown]).order_by("severity", "pk")
    by_child: dict[str, list[str]] = {}
    for issue in issues.values("child", "severity", "file_name", "location", "field", "message"):
        kind = "" if issue["severity"] == Severity.ERROR else " (imported, check)"
        column = f", {issue['field']}" if issue["field"] else ""
        by_child.setdefault(issue["child"], []).append(
            f"{issue['file_name']} {issue['location']}{column}: {issue['message']}{kind}"
        )
    in_files = files.children
    later = _corrected_later(batch.collection_year, [d.child for d in shown if d.child not in by_child])
    for difference in shown:
        if difference.child in by_child:
            difference.explained_by = by_child[difference.child]
        elif difference.child in later:
            years = " and ".join(sorted(later[difference.child]))
            difference.explained_by = [f"Corrected by the {years} SSDA903 return (its records of this child's care)."]
        else:
            difference.explained_by = [
                "No row of this child was refused in this return: the product's own records say otherwise."
                if difference.child in in_files
                else "This child is not in the return's episodes: the product's own records, or another return."
            ]
    types = sorted(set(files.placements.values()) | set(product.placements.values()))
    by_type = Counter(files.placements.values()), Counter(product.placements.values())
    return {
        "totals": [(names[key], files.totals()[key], product.totals()[key]) for key in names],
        "placement_types": [(code, by_type[0][code], by_type[1][code]) for code in types],
        "differences": shown,
        "difference_count": len(differences),
        "shown_limit": SHOWN,
    }
