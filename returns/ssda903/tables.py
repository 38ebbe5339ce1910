"""The SSDA903 return's CSV tables for a collection year, from the records.

Columns, in the DfE's order, are those the product's importer recognises
(``imports.ssda903.TABLES``) and the DfE validator reads. Dates are dd/mm/yyyy. The tables
the product holds no records for (OC2, previous permanence, UASC, deprivation of liberty)
are not written. Each table is one query (episodes three), whatever the number of children.
"""

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import TruncDate
from django.utils import timezone

from casework.codes import ADOPTION_REASONS_CEASED
from casework.models import (
    Adoption,
    CareLeaverBirthdayRecord,
    Child,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
)

from ..annex_a.common import Period
from .episodes import CollectionYear, episodes_in_year
from .sw_episodes import sw_episodes

COLUMNS = {
    "header": ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"],
    "episodes": [
        "CHILD",
        "DECOM",
        "RNE",
        "LS",
        "CIN",
        "PLACE",
        "PLACE_PROVIDER",
        "DEC",
        "REC",
        "REASON_PLACE_CHANGE",
        "HOME_POST",
        "PL_POST",
        "URN",
    ],
    "reviews": ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"],
    "missing": ["CHILD", "DOB", "MISSING", "MIS_START", "MIS_END"],
    "oc3": ["CHILD", "DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    "ad1": ["CHILD", "DOB", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
    "placed_for_adoption": ["CHILD", "DOB", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    "sw_episodes": ["CHILD", "DOB", "SW_ID", "SW_DECOM", "SW_DEC", "SW_REASON"],
}
# Short breaks: no motherhood (DfE rules 393, 399, 607) and no location (214, 398, 420) asked.
SHORT_BREAKS = {"V3", "V4"}
# SEX was 1 (male) or 2 (female) until 2023-24; M, F or U from 2024-25.
_SEX_BEFORE_2025 = {"M": "1", "F": "2", "U": ""}


def day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d/%m/%Y}"


@dataclass
class Return:
    year: CollectionYear
    tables: dict[str, list[list[str]]] = field(default_factory=dict)

    def counts(self) -> dict[str, int]:
        return {name: len(rows) for name, rows in self.tables.items()}


def _children(ids: Iterable[int]) -> dict[int, Child]:
    return {child.pk: child for child in Child.objects.filter(pk__in=set(ids))}


def build_return(year: int) -> Return:
    """Every table of the SSDA903 return for the collection year ending in ``year``."""
    collection = CollectionYear(year)
    start, end = collection.start, collection.end
    result = Return(collection)
    episodes = episodes_in_year(collection)
    looked_after = {episode.child_id for episode in episodes}

    result.tables["episodes"] = [
        [
            episode.period.child.la_child_id,
            day(episode.start),
            episode.rne,
            episode.legal_status,
            episode.period.category_of_need,
            episode.placement.placement_type if episode.placement else "",
            episode.placement.provider if episode.placement else "",
            day(episode.end),
            episode.rec,
            episode.reason_place_change,
            *_location(episode),
        ]
        for episode in episodes
    ]

    reviews = LookedAfterReview.objects.filter(child__in=looked_after, held_on__gte=start, held_on__lte=end)
    result.tables["reviews"] = [
        [child_id, day(dob_), day(held_on), participation]
        for child_id, dob_, held_on, participation in reviews.order_by("child__la_child_id", "held_on").values_list(
            "child__la_child_id", "child__date_of_birth", "held_on", "participation"
        )
    ]

    first, after = _aware_year(collection)
    # Only what happened while looked after: the DfE refuses a missing episode that starts outside a
    # period of care (rules 578, 581) or runs past its end (577); the product records those of children
    # in need too.
    missing = (
        MissingEpisode.objects.filter(child__in=looked_after, started_at__gte=first, started_at__lt=after)
        .annotate(start_day=TruncDate("started_at"), end_day=TruncDate("ended_at"))
        .filter(Exists(_care_covering(OuterRef("child"), OuterRef("start_day"), OuterRef("end_day"))))
    )
    result.tables["missing"] = [
        [child_id, day(dob_), kind, day(started), day(ended)]
        for child_id, dob_, kind, started, ended in missing.order_by("child__la_child_id", "started_at").values_list(
            "child__la_child_id", "child__date_of_birth", "kind", "started_at", "ended_at"
        )
    ]

    birthdays = CareLeaverBirthdayRecord.objects.filter(birthday_on__gte=start, birthday_on__lte=end)
    oc3 = list(
        birthdays.order_by("child__la_child_id").values_list(
            "child_id", "child__la_child_id", "child__date_of_birth", "in_touch", "activity", "accommodation"
        )
    )
    result.tables["oc3"] = [[cid, day(dob_), touch, activity, accom] for _, cid, dob_, touch, activity, accom in oc3]

    # AD1: children adopted in the year (care ended E11 or E12), with their adoption plan.
    adopted = Adoption.objects.filter(
        child__periodofcare_set__reason_ceased__in=ADOPTION_REASONS_CEASED,
        child__periodofcare_set__ended_on__gte=start,
        child__periodofcare_set__ended_on__lte=end,
    ).distinct()
    result.tables["ad1"] = [
        [cid, day(dob_), day(decided), day(matched), *adopters]
        for cid, dob_, decided, matched, *adopters in adopted.order_by("child__la_child_id").values_list(
            "child__la_child_id",
            "child__date_of_birth",
            "decision_on",
            "matched_on",
            "by_foster_carers",
            "number_of_adopters",
            "sex_of_adopters",
            "legal_status_of_adopters",
        )
    ]

    placed = Adoption.objects.filter(child__in=looked_after, decision_on__lte=end).filter(
        Q(ceased_on__isnull=True) | Q(ceased_on__gte=start)
    )
    result.tables["placed_for_adoption"] = [
        [cid, day(dob_), day(decided), day(ceased), reason if ceased else ""]
        for cid, dob_, decided, ceased, reason in (
            (cid, dob_, decided, ceased if ceased and ceased <= end else None, reason)
            for cid, dob_, decided, ceased, reason in placed.order_by("child__la_child_id", "decision_on").values_list(
                "child__la_child_id", "child__date_of_birth", "decision_on", "ceased_on", "reason_ceased"
            )
        )
    ]

    result.tables["sw_episodes"] = [
        [
            child.la_child_id,
            day(child.date_of_birth),
            worker_id(episode.worker),
            day(episode.start),
            day(episode.end),
            episode.reason,
        ]
        for child, episode in sw_episodes(episodes, collection)
    ]

    # MOTHER is asked of a girl looked after in the year, not only on short breaks (V3, V4: DfE rules
    # 393, 399, 607), and not of a care leaver who was not looked after in the year (628).
    asked_motherhood = {e.child_id for e in episodes if e.legal_status not in SHORT_BREAKS}
    in_return = looked_after | {row[0] for row in oc3}
    in_return |= set(adopted.values_list("child_id", flat=True))
    result.tables["header"] = [
        [
            child.la_child_id,
            _sex(child.sex, year),
            day(child.date_of_birth),
            child.ethnicity,
            child.upn,
            *_motherhood(child, asked=child.pk in asked_motherhood),
        ]
        for child in sorted(_children(in_return).values(), key=lambda c: c.la_child_id)
    ]
    return result


def _location(episode) -> list[str]:
    """HOME_POST, PL_POST and URN: the child's home when care began, the placement's postcode (from which
    the DfE derives its authority, PL_LA, and whether it is in the child's own, PL_LOCATION) and Ofsted
    number. None for short breaks (V3, V4: DfE rules 214, 398, 420)."""
    placement = episode.placement
    if episode.legal_status in SHORT_BREAKS:
        return ["", "", ""]
    return [
        episode.period.home_postcode,
        placement.postcode if placement else "",
        placement.urn if placement else "",
    ]


def _motherhood(child: Child, *, asked: bool) -> list[str]:
    """MOTHER and MC_DOB: as recorded, for a girl they are asked of; else empty."""
    if not asked or child.sex != "F" or not child.is_mother:
        return ["", ""]
    return [child.is_mother, day(child.first_child_born_on) if child.is_mother == "1" else ""]


def worker_id(worker) -> str:
    """SW_ID: the ID the return gave the worker, their Social Work England number, or XX and the
    product's number for them (DfE rule SW02STG1: SW or XX and at least two more characters)."""
    if worker.external_id:
        return worker.external_id
    if worker.swe_number and worker.swe_number.upper().startswith("SW"):
        return worker.swe_number.upper()
    return f"XX{worker.pk:06d}"


def _sex(code: str, year: int) -> str:
    return _SEX_BEFORE_2025.get(code, "") if year < 2025 else code


def _care_covering(child, started, ended):
    """The periods of care a missing episode from ``started`` to ``ended`` lies within (as the import's
    rules 581, 578 and 577 read it: care's last day included)."""
    return PeriodOfCare.objects.filter(child=child, started_on__lte=started).filter(
        Q(ended_on__isnull=True) | (Q(ended_on__gte=started) & Q(ended_on__gte=ended))
    )


def _aware_year(collection: CollectionYear) -> tuple[datetime, datetime]:
    return Period(collection.start, collection.end).aware_bounds()


def write_return(result: Return, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, columns in COLUMNS.items():
        path = out_dir / f"{name}.csv"
        with path.open("w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(columns)
            writer.writerows(result.tables.get(name, []))
        written.append(path)
    return written
