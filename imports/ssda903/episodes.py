"""Episodes: periods of care, placements and legal statuses from the episodes table."""

from datetime import date

from casework.models import Child, LegalStatus, PeriodOfCare, Placement
from casework.statutory import ssda903 as dfe

from .. import ssda903_rules
from ..engine import covers, overlaps, period_text, rule_messages
from ..fields import RowValues
from ..models import year_label
from ..plan import where
from ..readers import BadValue, SourceRow, parse_date
from ..report import add_errors
from .columns import LEGAL_STATUS_COLUMNS, PERIOD_COLUMNS, PLACEMENT_COLUMNS, PLACEMENT_FIELDS
from .drafts import CareNow, Chain, Episode, _check_postcode, _ChildCare, _ended, _errors_by_field, _reason_moved_on
from .tables import (
    ALL_PLACEMENT_TYPES,
    CONTINUES_PLACEMENT,
    END_OF_EPISODE_ONLY,
    LEGAL_STATUSES,
    LONG,
    LONG_TERM_FOSTERING,
    PROVIDERS,
    REASONS_CEASED,
    REASONS_NEW_EPISODE,
    RETURN,
    SAME_CARER,
    SOURCE,
    STARTS_PERIOD,
    TEMPORARY,
    collection_year_of,
)


class EpisodeChecks:  # a part of Ssda903Check, which sets the attributes it uses
    """The episodes table: periods of care, placements and legal statuses."""

    def _episode(self, row: SourceRow) -> Episode | None:
        values = RowValues(row, self.report)
        start = values.date("DECOM", required=True, what="The date the episode began (DECOM)")
        end = values.date("DEC")
        rne = values.code("RNE", REASONS_NEW_EPISODE, what="reason for new episode", required=True)
        legal_status = values.code("LS", LEGAL_STATUSES, what="legal status", required=True)
        # CIN, REASON_PLACE_CHANGE, the postcodes and the URN: the DfE reports a bad value against its field;
        # the episode (and the period of care it belongs to) still stands.
        values.code(
            "CIN", dfe.CATEGORY_OF_NEED, what="category of need (N1 to N8)", hint=" (DfE rule 145)", field_only=True
        )
        values.code(
            "REASON_PLACE_CHANGE",
            dfe.REASONS_PLACE_CHANGE,
            what="reason for the change of placement",
            hint=" (DfE rule 1009)",
            field_only=True,
        )
        year = self.year if end is None else min(self.year, collection_year_of(end))
        allowed = dfe.placement_codes_for_year(year)
        place = row.get("PLACE")
        if not place:
            values.fail("PLACE", "The placement type (PLACE) is missing.")
        elif place not in allowed:
            known = place in ALL_PLACEMENT_TYPES
            values.fail(
                "PLACE",
                f"'{place}' was not a placement type in {year_label(year)}."
                if known
                else f"'{place}' is not a placement type code.",
            )
        provider = values.code("PLACE_PROVIDER", PROVIDERS, what="placement provider")
        reason_ended = values.code("REC", REASONS_CEASED, what="reason the episode ceased")
        if end is not None and not reason_ended and row.get("REC") == "":
            values.fail("REC", "The episode has an end date (DEC) but no reason it ceased (REC) (DfE rule 148).")
        if end is None and reason_ended == END_OF_EPISODE_ONLY:
            # Some systems write X1 on the open episode: it can only mean the episode is still open.
            self.report.warning(
                row, "REC", "REC is X1 but the episode has no end date (DEC): taken as still open (DfE rule 148)."
            )
            reason_ended = ""
        elif end is None and row.get("REC"):
            values.fail("DEC", "The episode has a reason it ceased (REC) but no end date (DEC) (DfE rule 148).")
        postcode = values.text("PL_POST", max_length=8, what="the placement postcode", field_only=True)
        if not _check_postcode(values, "PL_POST" if postcode else ""):
            postcode = ""
        _check_postcode(values, "HOME_POST")
        urn = values.text("URN", max_length=10, what="the Ofsted URN", field_only=True)
        if start is not None and end is not None and end < start:
            values.fail("DEC", f"The episode cannot end ({LONG(end)}) before it began ({LONG(start)}) (DfE rule 356).")
        if start is not None and start > self.year_end:
            values.fail(
                "DECOM",
                f"The episode starts on {LONG(start)}, after the end of the {self.label} collection year "
                f"({LONG(self.year_end)}) (DfE rule 354).",
            )
        if end is not None and end > self.year_end:
            values.fail(
                "DEC",
                f"The episode ends on {LONG(end)}, after the end of the {self.label} collection year "
                f"({LONG(self.year_end)}) (DfE rule 385): an episode open on 31 March has no end date yet.",
            )
        if not values.ok or start is None:
            return None
        return Episode(row, start, end, rne, legal_status, place, provider, reason_ended, postcode, urn)

    def _chains(self, episodes: list[Episode], failed: dict[date, SourceRow]) -> list[Chain]:
        """Split the child's episodes into periods of care, reporting episodes out of sequence.
        ``failed``: the child's episodes that could not be read, by start date, so that an episode
        is not blamed for a gap that a rejected one fills."""
        chains: list[Chain] = []
        for episode in sorted(episodes, key=lambda e: (e.start, e.row.index)):
            previous = chains[-1].last if chains else None
            if previous is None or episode.rne == STARTS_PERIOD or previous.closes_period:
                if previous is not None and previous.closes_period and episode.rne != STARTS_PERIOD:
                    if episode.start >= previous.end:
                        self.report.error(
                            episode.row,
                            "RNE",
                            f"The child ceased to be looked after on {LONG(previous.end)} ({previous.row.place}, "
                            f"REC {previous.reason_ended}), so this episode must start a new period of care: "
                            "its RNE must be S (DfE rule 432).",
                        )
                    else:
                        self._out_of_sequence(previous, episode)
                elif previous is not None and not previous.closes_period and not self.report.is_rejected(episode.row):
                    self._out_of_sequence(previous, episode)
                chains.append(Chain([episode]))
            else:
                chain = chains[-1]
                if previous.end != episode.start:
                    gap_filler = failed.get(previous.end) if previous.end is not None else None
                    if gap_filler is not None and previous.end < episode.start:
                        self.report.reject_dependants(
                            [episode.row], f"Not imported: the episode before it ({gap_filler.place}) was rejected."
                        )
                    else:
                        self._out_of_sequence(previous, episode)
                if episode.rne == CONTINUES_PLACEMENT and (episode.place, episode.provider) != (
                    previous.place,
                    previous.provider,
                ):
                    self.report.error(
                        episode.row,
                        "PLACE",
                        f"RNE L is a change of legal status only, but the placement changed from {previous.place} "
                        f"to {episode.place} (DfE rule 434): use the reason for the change of placement.",
                    )
                chain.episodes.append(episode)
        for chain in chains:
            if chain.last.end is not None and chain.last.reason_ended == END_OF_EPISODE_ONLY:
                following = failed.get(chain.last.end)
                if following is not None:
                    self.report.reject_dependants(
                        [chain.last.row], f"Not imported: the episode after it ({following.place}) was rejected."
                    )
                    continue
                self.report.error(
                    chain.last.row,
                    "REC",
                    f"REC X1 means a new episode starts on {LONG(chain.last.end)}, but there is none in the files "
                    "(DfE rule 388).",
                )
        return chains

    def _out_of_sequence(self, previous: Episode, episode: Episode) -> None:
        starts_care_again = episode.rne == STARTS_PERIOD and previous.end == episode.start
        if previous.end is None:
            message = (
                f"This episode starts on {LONG(episode.start)}, but the episode from {LONG(previous.start)} "
                f"({previous.row.place}) has no end date (DEC) (DfE rule 142)."
            )
        elif previous.end > episode.start:
            message = (
                f"This episode starts on {LONG(episode.start)}, before the episode from {LONG(previous.start)} "
                f"({previous.row.place}) ended on {LONG(previous.end)}: episodes cannot overlap (DfE rule 501)."
            )
        elif starts_care_again:
            # The same problem as ssda903_rules.care_restarted reports over every episode: the same message,
            # said once (the report keeps one of two equal issues).
            message = ssda903_rules.care_restarted_message(previous, episode)
        else:
            message = (
                f"The episode before ({previous.row.place}) ended on {LONG(previous.end)} with REC X1 (a new episode "
                f"starts the same day), but this one starts on {LONG(episode.start)} (DfE rule 433)."
            )
        self.report.error(episode.row, "DECOM", message)

    def _episodes(self, child: Child, rows: list[SourceRow]) -> list[CareNow]:
        """Plan the child's periods of care, legal statuses and placements; return every period of
        care the child will have (planned, and already in the product) for the other tables."""
        existing = _ChildCare(
            self.existing.periods.get(child.pk, []) if child.pk else [],
            self.existing.placements.get(child.pk, []) if child.pk else [],
            self.existing.legal_statuses.get(child.pk, []) if child.pk else [],
        )
        parsed: list[Episode] = []
        unread: list[Episode] = []
        failed: dict[date, SourceRow] = {}
        for row in rows:
            episode = self._episode(row)
            if episode is not None:
                parsed.append(episode)
                continue
            try:
                start = parse_date(row.get("DECOM"))
            except BadValue:
                start = None
            if start is not None:
                failed.setdefault(start, row)
                # The child was in care over this episode: a review or decision in it depends on it.
                try:
                    end = parse_date(row.get("DEC"))
                except BadValue:
                    end = None
                self.rejected_care.append((start, end if end is None or end >= start else None, row))
                # As the file gives it, for the rules across episodes (the DfE's order counts every row).
                unread.append(
                    Episode(
                        row,
                        start,
                        end,
                        *(row.get(c) for c in ("RNE", "LS", "PLACE", "PLACE_PROVIDER", "REC")),
                        row.get("PL_POST"),
                        row.get("URN"),
                    )
                )
        self._across_episodes(parsed + unread)
        kept: list[CareNow] = []
        for chain in self._chains(parsed, failed):
            result = None
            if not self.report.any_rejected(chain.rows):
                result = self._chain(child, chain, existing, kept)
            if result is None:
                culprit = next((row for row in chain.rows if self.report.is_rejected(row)), None)
                self.report.reject_dependants(
                    chain.rows,
                    "Not imported: another episode of the same period of care"
                    + (f" ({culprit.place})" if culprit else "")
                    + " was rejected.",
                )
                self.rejected_care.append(
                    (chain.first.start, chain.last.end if chain.closed else None, culprit or chain.first.row)
                )
                continue
            kept.append(result)
        for period in existing.periods:
            if period.pk not in existing.taken_periods:
                placements = [p for p in existing.placements if p.period_of_care_id == period.pk]
                kept.append(CareNow(period, placements))
        return kept

    def _across_episodes(self, episodes: list[Episode]) -> None:
        """The DfE's rules across the child's episodes that change the figures (``ssda903_rules``): temporary
        placements (380, 381, 383), care ending and starting again the same day (431), and episodes after
        a death or an age assessment of 18 or over (437, whose later episodes are not imported either);
        adoption by the foster carers with an RNE that changes the carer is a query (217)."""
        ordered = ssda903_rules.in_order(episodes)
        problems = [
            *ssda903_rules.temporary_placements(ordered, self.year),
            *ssda903_rules.care_restarted(ordered),
            *ssda903_rules.care_after_a_final_ending(ordered),
        ]
        for problem in problems:
            self.report.error(problem.row, problem.column, problem.message)
        for problem in ssda903_rules.adoption_by_foster_carers(ordered):
            self.report.warning(problem.row, problem.column, problem.message)
        final = next((e for e in ordered if e.reason_ended in dfe.FINAL_REASONS_CEASED and e is not ordered[-1]), None)
        if final is not None:
            later = [e.row for e in ordered if (e.start, e.row.index) > (final.start, final.row.index)]
            self.report.reject_dependants(
                later,
                f"Not imported: the child's care ended with REC {final.reason_ended} ({final.row.place}) and no "
                "episode can follow (DfE rule 437).",
            )

    def _chain(self, child: Child, chain: Chain, existing: "_ChildCare", kept: list[CareNow]) -> CareNow | None:
        """Plan one period of care from its episodes; None (with the errors reported) when it cannot stand."""
        first = chain.first
        period_before = next((p for p in existing.periods if p.started_on == first.start), None)
        if period_before is None and first.rne != STARTS_PERIOD:
            # A return starts with the episodes open on 1 April: this continues a period of care.
            period_before = next((p for p in existing.periods if covers(p.started_on, p.ended_on, first.start)), None)
            if period_before is None:
                self.report.warning(
                    first.row,
                    "RNE",
                    f"The first episode of this period of care has RNE {first.rne}, not S, and the product has no "
                    f"period of care covering {LONG(first.start)}: the period of care is imported as starting then. "
                    "Import the earlier years' returns first to have the date care began.",
                )
        period = PeriodOfCare(
            child=child,
            started_on=period_before.started_on if period_before else first.start,
            ended_on=chain.last.end if chain.closed else None,
            reason_ceased=chain.last.reason_ended if chain.closed else "",
            # The category of need of the episode the return starts the period with (a wrong code is
            # reported with its rule, 145, and not kept).
            category_of_need=first.row.get("CIN") if first.row.get("CIN") in dfe.CATEGORY_OF_NEED else "",
            # The child's home when care began, as that episode gives it (a malformed one is reported, rule 392c).
            home_postcode=_postcode(first.row.get("HOME_POST")),
            source=SOURCE,
            source_reference=self.reference(first.row),
            recorded_by=self.by,
        )
        if self.plan.keeps(period_before):
            # The product's own period of care (or a later year's): the return's records must fit it.
            messages = {}
            period_as_is = period_before
        else:
            messages = rule_messages(period, child=child)
            period_as_is = period
        others = [
            (p, where(p)) for p in existing.periods if p is not period_before and p.pk not in existing.taken_periods
        ]
        others += [(c.period, f"({c.chain.first.row.place})" if c.chain else where(c.period)) for c in kept]
        for other, described in others:
            if overlaps(period_as_is.started_on, period_as_is.ended_on, other.started_on, other.ended_on):
                messages.setdefault("started_on", []).append(
                    f"This period of care ({period_text(period_as_is.started_on, period_as_is.ended_on)}) overlaps "
                    "the one "
                    f"{period_text(other.started_on, other.ended_on)} {described}: a child has one period of care "
                    "at a time."
                )
        if period_before is not None and not self.plan.keeps(period_before):
            # A corrected period of care must still cover the visits and reviews it covered.
            periods_after = [period] + [o for o, _ in others]
            for day, noun in self._events_in_care(child, period_before):
                if not any(covers(p.started_on, p.ended_on, day) for p in periods_after):
                    field = "started_on" if day < period.started_on else "ended_on"
                    messages.setdefault(field, []).append(
                        f"The {noun} of {LONG(day)} would no longer be in a period of care. Correct or remove it first."
                    )
                    break
        if messages:
            _errors_by_field(self.report, messages, PERIOD_COLUMNS, first.row, {"ended_on": chain.last.row})
            return None
        in_period = period_before or period
        placements = self._placements(child, chain, in_period, period_before, existing, kept)
        statuses = self._legal_statuses(child, chain, in_period, period_before, existing)
        if placements is None or statuses is None:
            return None
        # Everything in the period of care stands: plan it.
        period = self.plan.settle(period, period_before, ["started_on", "ended_on", "reason_ceased"], first.row)
        if period.pk:
            existing.taken_periods.add(period.pk)
        planned = []
        for draft, match, row in placements:
            if match is not None:
                existing.taken_placements.add(match.pk)
            if draft is None:
                self._remove(match, row)
                continue
            draft.period_of_care = period
            planned.append(self.plan.settle(draft, match, PLACEMENT_FIELDS, row))
        for status, match, row in statuses:
            if status is None:
                self._remove(match, row)
                continue
            status.period_of_care = period
            self.plan.settle(status, match, ["code"], row)
        return CareNow(period, planned, chain)

    def _remove(self, record, row: SourceRow) -> None:
        if self.plan.remove(record, row):
            what = record._meta.verbose_name
            self.report.warning(
                row,
                "",
                f"The {what} {period_text(record.started_on, getattr(record, 'ended_on', None))} "
                f"({where(record)}) is not in this return's episodes, which begin on or before it: "
                f"this return replaces it, so it is removed.",
            )

    def _placements(self, child, chain: Chain, period: PeriodOfCare, period_before, existing, kept):
        """A placement at each change of placement; RNE L continues the placement before.
        Returns (draft, existing match, row) for each, or None when one cannot stand."""
        segments: list[list[Episode]] = []
        for position, episode in enumerate(chain.episodes):
            # A temporary placement, and the return from it to the normal placement (DfE rules 380 and 383),
            # continue the normal placement: a stay in hospital or on holiday is not a move.
            stay = position > 0 and (episode.place in TEMPORARY or chain.episodes[position - 1].place in TEMPORARY)
            if position > 0 and (episode.rne == CONTINUES_PLACEMENT or stay):
                segments[-1].append(episode)
            else:
                segments.append([episode])
        in_period_before = sorted(
            (p for p in existing.placements if period_before is not None and p.period_of_care_id == period_before.pk),
            key=lambda p: p.started_on,
        )
        drafts = []
        carer = None
        for number, segment in enumerate(segments):
            opened, closing = segment[0], segment[-1]
            match = next((p for p in existing.placements if p.started_on == opened.start), None)
            started_on, reason, carer_reference = opened.start, opened.rne, None
            continues = opened.rne == CONTINUES_PLACEMENT or opened.place in TEMPORARY
            if number == 0 and match is None and (continues or opened.rne in SAME_CARER):
                # The first episode in the files continues, or keeps the carer of, a placement already here.
                before = next(
                    (
                        p
                        for p in reversed(in_period_before)
                        if p.started_on < opened.start and covers(p.started_on, p.ended_on, opened.start)
                    ),
                    None,
                )
                if before is not None and continues:
                    match, started_on, reason, carer_reference = (
                        before,
                        before.started_on,
                        before.reason_new_episode,
                        before.carer_reference,
                    )
                elif before is not None:
                    carer = before.carer_reference
            if carer_reference is None:
                if opened.rne in SAME_CARER and carer is not None:
                    carer_reference = carer  # a change of placement type with the same carer: not a move
                else:
                    carer_reference = f"{RETURN}:{child.la_child_id}:{opened.start.isoformat()}"
            carer = carer_reference
            # The placement's kind is the normal placement's, not a temporary stay's.
            normal = next((e for e in segment if e.place not in TEMPORARY), None)
            if normal is None and match is not None and opened.place in TEMPORARY:
                kind = (match.placement_type, match.provider, match.postcode, match.urn)
            else:
                normal = normal or opened
                kind = (normal.place, normal.provider, normal.postcode, normal.urn)
            drafts.append(
                (
                    Placement(
                        child=child,
                        period_of_care=period,
                        started_on=started_on,
                        ended_on=closing.end,
                        placement_type=kind[0],
                        provider=kind[1],
                        carer_reference=carer_reference,
                        is_long_term=kind[0] in LONG_TERM_FOSTERING,
                        reason_new_episode=reason,
                        postcode=kind[2],
                        urn=kind[3],
                        reason_place_change=_reason_moved_on(closing),
                        source=SOURCE,
                        source_reference=self.reference(opened.row),
                        recorded_by=self.by,
                    ),
                    match,
                    opened,
                    closing,
                )
            )
        matched = {match.pk for _, match, _, _ in drafts if match is not None} | existing.taken_placements
        # An earlier year's return left a placement open (or ending later) where this return's episodes say the
        # child moved on: the later return is the record, so that placement ends where the files' first one begins.
        first_start = drafts[0][0].started_on if drafts else None
        closed: dict[int, date] = {}
        replaced = {p.pk for p in self._replaced(in_period_before, chain, matched)}
        for placement in in_period_before:
            if (
                first_start is not None
                and placement.pk not in matched | replaced
                and placement.started_on < first_start
                and (placement.ended_on is None or placement.ended_on > first_start)
                and not self.plan.keeps(placement)
            ):
                closed[placement.pk] = first_start
        failed = False
        for draft, match, opened, closing in drafts:
            if self.plan.keeps(match):
                continue  # in the product as it is, and staying so
            messages = rule_messages(draft, child=child, links={"period_of_care": period})
            others = [
                (_ended(p, closed[p.pk]) if p.pk in closed else p, where(p))
                for p in existing.placements
                if p.pk not in matched | replaced
            ]
            others += [(p, "") for c in kept for p in c.placements]
            others += [(m, where(m)) for _, m, _, _ in drafts if self.plan.keeps(m)]
            for other, described in others:
                if overlaps(draft.started_on, draft.ended_on, other.started_on, other.ended_on):
                    messages.setdefault("started_on", []).append(
                        f"This placement ({period_text(draft.started_on, draft.ended_on)}) overlaps the placement "
                        f"{period_text(other.started_on, other.ended_on)} {described}".rstrip()
                        + ": a child lives in one placement at a time."
                    )
            if messages:
                failed = True
                _errors_by_field(self.report, messages, PLACEMENT_COLUMNS, opened.row, {"ended_on": closing.row})
        if failed:
            return None
        ends = []
        for placement in in_period_before:
            if placement.pk in closed:
                ended = _ended(placement, closed[placement.pk])
                ended.source_reference = self.reference(drafts[0][2].row)  # the return that ended it
                ends.append((ended, placement, drafts[0][2].row))
            elif placement.pk in replaced:
                ends.append((None, placement, drafts[0][2].row))  # removed: see ``_chain``
        return ends + [(draft, match, opened.row) for draft, match, opened, _ in drafts]

    def _replaced(self, records: list, chain: Chain, matched: set[int]) -> list:
        """An earlier year's records of the period (placements or legal statuses) that begin within this
        return's episodes and that the episodes do not give again: the later return is the record, so they go
        (the product's own and later years' are never removed, see ``Plan.remove``)."""
        last_end = chain.last.end if chain.closed else None
        return [
            record
            for record in records
            if record.pk not in matched
            and record.started_on >= chain.first.start
            and (last_end is None or record.started_on < last_end)
            and not self.plan.keeps(record)
        ]

    def _legal_statuses(self, child, chain: Chain, period: PeriodOfCare, period_before, existing):
        """A legal status at the start of the period and each time LS changes."""
        in_period_before = sorted(
            (
                s
                for s in existing.legal_statuses
                if period_before is not None and s.period_of_care_id == period_before.pk
            ),
            key=lambda s: s.started_on,
        )
        earlier = [s for s in in_period_before if s.started_on < chain.first.start]
        current = earlier[-1].code if earlier else None
        statuses = []
        failed = False
        for episode in chain.episodes:
            if episode.legal_status == current:
                continue
            current = episode.legal_status
            match = next((s for s in in_period_before if s.started_on == episode.start), None)
            status = LegalStatus(
                child=child,
                period_of_care=period,
                started_on=episode.start,
                code=episode.legal_status,
                source=SOURCE,
                source_reference=self.reference(episode.row),
                recorded_by=self.by,
            )
            messages = (
                {} if self.plan.keeps(match) else rule_messages(status, child=child, links={"period_of_care": period})
            )
            if messages:
                failed = True
                add_errors(self.report, episode.row, messages, LEGAL_STATUS_COLUMNS)
            statuses.append((status, match, episode.row))
        if failed:
            return None
        matched = {match.pk for _, match, _ in statuses if match is not None}
        replaced = self._replaced(in_period_before, chain, matched)
        return [(None, status, chain.first.row) for status in replaced] + statuses

    def _events_in_care(self, child: Child, period: PeriodOfCare):
        """The statutory visits and looked-after reviews in the product that the period covers."""
        for visit in self.existing.visits.get(child.pk, []):
            if covers(period.started_on, period.ended_on, visit.visited_on):
                yield visit.visited_on, "statutory visit"
        for review in self.existing.reviews.get(child.pk, []):
            if covers(period.started_on, period.ended_on, review.held_on):
                yield review.held_on, "looked-after review"

    def _rejected_care_on(self, day: date) -> SourceRow | None:
        """The row that failed a period of care the child would have had on that day, if any."""
        for start, end, row in self.rejected_care:
            if covers(start, end, day):
                return row
        return None


def _postcode(value: str | None) -> str:
    """A postcode as the return gives it, upper-cased; empty when it is not one."""
    value = (value or "").strip().upper()
    return value if dfe.POSTCODE.match(value) else ""
