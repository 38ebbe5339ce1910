"""The DfE's SSDA903 validation rules across a child's episodes that change the figures, enforced at
import as the DfE's validator (csc-validator-be-903) applies them: each function returns the
problems as (episode or row, column, message), the message naming the DfE rule.

- Temporary placements (T0 to T4) are a stay away from the normal placement: a period of care
  cannot start with one, so it starts with RNE P or B (rule 380); it cannot end with one, so it
  ends with X1 (rule 381); and the next episode returns to the normal placement, with RNE P and
  the placement type (from 2025-26 also the postcode) of the episode before the temporary one
  (rule 383). The import then keeps the normal placement across the stay (no move, LAC 20).
- Care cannot end and start again the same day: an episode with RNE S must start after the one
  before ended (rule 431).
- No episode follows one that ended because the child died (E2) or was found to be 18 or over (E15)
  (rule 437).
- A child placed for adoption with their current foster carers (A3, A5) keeps the carer: RNE S, T
  or U (rule 217; from 1 April 2015). A query: the episode is imported as the file gives it.
- A missing or absent episode is within a period of care: it starts in one (rules 581 and 578) and,
  when that period of care has ended, ends in it (rule 577).
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from casework.statutory import ssda903 as dfe
from casework.validation import long_date as LONG

from .readers import SourceRow

TEMPORARY = frozenset(dfe.TEMPORARY_PLACEMENT_TYPES)
TEMPORARY_STARTS = (dfe.ReasonNewEpisode.PLACEMENT, dfe.ReasonNewEpisode.STATUS_AND_PLACEMENT)


class EpisodeLike(Protocol):
    row: SourceRow
    start: date
    end: date | None
    rne: str
    place: str
    reason_ended: str
    postcode: str


@dataclass(frozen=True)
class Problem:
    row: SourceRow
    column: str
    message: str


def in_order(episodes: Iterable[EpisodeLike]) -> list[EpisodeLike]:
    """The child's episodes by start date (the validator sorts by CHILD and DECOM), then file order."""
    return sorted(episodes, key=lambda e: (e.start, e.row.index))


def temporary_placements(episodes: Sequence[EpisodeLike], collection_year: int) -> list[Problem]:
    """Rules 380, 381 and 383 over the child's episodes in order (``in_order``)."""
    problems = []
    for position, episode in enumerate(episodes):
        if episode.place in TEMPORARY and episode.rne not in TEMPORARY_STARTS:
            problems.append(
                Problem(
                    episode.row,
                    "RNE",
                    f"A temporary placement ({episode.place}) is a stay away from the normal placement with another "
                    f"carer: its RNE must be P or B, not {episode.rne}, and a period of care cannot start with one "
                    "(DfE rule 380).",
                )
            )
        if episode.place in TEMPORARY and episode.reason_ended and episode.reason_ended != dfe.END_OF_EPISODE_ONLY:
            problems.append(
                Problem(
                    episode.row,
                    "REC",
                    f"A period of care cannot end with a temporary placement ({episode.place}): its REC must be X1, "
                    f"not {episode.reason_ended}, and the child returns to the normal placement (DfE rule 381).",
                )
            )
        if position < 2 or episodes[position - 1].place not in TEMPORARY:
            continue
        stay, normal = episodes[position - 1], episodes[position - 2]
        wrong = []
        if episode.rne != dfe.ReasonNewEpisode.PLACEMENT:
            wrong.append(f"RNE P (not {episode.rne})")
        if episode.place != normal.place:
            wrong.append(f"the placement type {normal.place} (not {episode.place})")
        if collection_year >= 2026 and episode.postcode != normal.postcode:
            wrong.append(f"the placement postcode {normal.postcode or '(none)'} (not {episode.postcode or '(none)'})")
        if wrong:
            problems.append(
                Problem(
                    episode.row,
                    "PLACE",
                    f"After the temporary placement ({stay.place}, {stay.row.place}) the child returns to the normal "
                    f"placement ({normal.row.place}): this episode needs " + " and ".join(wrong) + " (DfE rule 383).",
                )
            )
    return problems


ADOPTION_RULES_FROM = date(2015, 4, 1)
KEEPS_FOSTER_CARER = (dfe.ReasonNewEpisode.STARTED, *dfe.SAME_CARER_REASONS)


def adoption_by_foster_carers(episodes: Sequence[EpisodeLike]) -> list[Problem]:
    """Rule 217 (a query): A3 or A5 from 1 April 2015 with an RNE other than S, T or U."""
    return [
        Problem(
            episode.row,
            "RNE",
            f"{episode.place} is placed for adoption with the current foster carers, so the carer does not change: "
            f"the RNE must be S, T or U, not {episode.rne} (DfE rule 217). Imported as the file gives it.",
        )
        for episode in episodes
        if episode.place in dfe.ADOPTION_WITH_FOSTER_CARERS
        and episode.start >= ADOPTION_RULES_FROM
        and episode.rne not in KEEPS_FOSTER_CARER
    ]


def care_restarted(episodes: Sequence[EpisodeLike]) -> list[Problem]:
    """Rule 431: an episode with RNE S that starts on or before the day the episode before it ended."""
    problems = []
    for previous, episode in zip(episodes, episodes[1:], strict=False):
        if episode.rne != dfe.ReasonNewEpisode.STARTED or previous.end is None or episode.start > previous.end:
            continue
        problems.append(Problem(episode.row, "DECOM", care_restarted_message(previous, episode)))
    return problems


def care_restarted_message(previous: EpisodeLike, episode: EpisodeLike) -> str:
    """Rule 431's message for ``episode`` (RNE S) starting on or before the day ``previous`` ended."""
    if previous.reason_ended == dfe.END_OF_EPISODE_ONLY and previous.end == episode.start:
        return (
            f"RNE S starts a new period of care, but the episode before ({previous.row.place}) ended on "
            f"{LONG(previous.end)} with REC X1 (care continues) (DfE rule 431)."
        )
    return (
        f"RNE S starts a new period of care on {LONG(episode.start)}, but the episode before "
        f"({previous.row.place}) ended on {LONG(previous.end)}: a child cannot leave care and start "
        "again the same day; continue the period of care (DfE rule 431)."
    )


def care_after_a_final_ending(episodes: Sequence[EpisodeLike]) -> list[Problem]:
    """Rule 437: an episode ending E2 (died) or E15 (aged 18 or over) with a later episode."""
    problems = []
    for episode, following in zip(episodes, episodes[1:], strict=False):
        if episode.reason_ended in dfe.FINAL_REASONS_CEASED:
            reason = dfe.ReasonEpisodeCeased(episode.reason_ended).label
            problems.append(
                Problem(
                    episode.row,
                    "REC",
                    f"This episode ended with REC {reason}, but there is a later episode ({following.row.place}, from "
                    f"{LONG(following.start)}): no episode can follow (DfE rule 437).",
                )
            )
    return problems


def missing_outside_care(
    started: date, ended: date | None, periods: Iterable[tuple[date, date | None]]
) -> tuple[str, str] | None:
    """Rules 581, 578 and 577 for one missing episode against the child's periods of care (start, end):
    (column, message) when it is not within one."""
    periods = sorted(periods)
    covering = next((p for p in periods if p[0] <= started and (p[1] is None or started <= p[1])), None)
    if covering is None:
        ended_before = [p for p in periods if p[1] is not None and p[1] < started]
        if ended_before:
            return (
                "MIS_START",
                f"The child went missing on {LONG(started)}, after they ceased to be looked after on "
                f"{LONG(ended_before[-1][1])} (DfE rule 578).",
            )
        return (
            "MIS_START",
            f"The child went missing on {LONG(started)}, but was not looked after then: no period of care in the "
            "files or the product covers that day (DfE rule 581).",
        )
    period_end = covering[1]
    if period_end is not None and (ended is None or ended > period_end):
        return (
            "MIS_END",
            f"The child ceased to be looked after on {LONG(period_end)}, but this missing episode "
            + ("has no end date" if ended is None else f"ends later, on {LONG(ended)}")
            + ": it must end by the day care ended (DfE rule 577).",
        )
    return None
