"""Reviews and missing or absent episodes."""

from datetime import date, datetime

from casework.models import Child, LookedAfterReview, MissingEpisode

from .. import ssda903_rules
from ..engine import covers, overlaps, rule_messages
from ..fields import RowValues
from ..readers import SourceRow
from ..report import add_errors
from .columns import MISSING_COLUMNS, REVIEW_COLUMNS
from .drafts import CareNow, _moment
from .tables import LONG, MISSING_KINDS, PARTICIPATION, SOURCE


class ReviewChecks:  # a part of Ssda903Check, which sets the attributes it uses
    """The reviews and missing tables."""

    def _reviews(self, child: Child, rows: list[SourceRow], care: list[CareNow]) -> None:
        existing = {review.held_on: review for review in self.existing.reviews.get(child.pk, [])} if child.pk else {}
        seen: dict[date, SourceRow] = {}
        for row in rows:
            if self.report.is_rejected(row):
                continue
            values = RowValues(row, self.report)
            held_on = values.date("REVIEW", required=True, what="The date of the review (REVIEW)")
            participation = values.code(
                "REVIEW_CODE", PARTICIPATION, what="review participation (PN0 to PN7)", required=True
            )
            if not values.ok:
                continue
            if not self.year_start <= held_on <= self.year_end:
                # A return gives the reviews held in its year; one dated outside it is a wrong date (it would
                # otherwise stand in another year's care, and block that year's corrections).
                self.report.error(
                    row,
                    "REVIEW",
                    f"The review is dated {LONG(held_on)}, outside the {self.label} collection year "
                    f"({LONG(self.year_start)} to {LONG(self.year_end)}): correct the date or give it in its "
                    "year's return.",
                )
                continue
            if held_on in seen:
                self.report.error(row, "REVIEW", f"This review is given twice: also {seen[held_on].place}.")
                continue
            seen[held_on] = row
            review = LookedAfterReview(
                child=child,
                held_on=held_on,
                participation=participation,
                source=SOURCE,
                source_reference=self.reference(row),
                recorded_by=self.by,
            )
            messages = rule_messages(review, child=child)
            if "held_on" not in messages and not any(
                covers(c.period.started_on, c.period.ended_on, held_on) for c in care
            ):
                rejected = self._rejected_care_on(held_on)
                if rejected is not None:
                    self.report.reject_dependants(
                        [row], f"Not imported: the period of care covering this date was rejected ({rejected.place})."
                    )
                    continue
                messages.setdefault("held_on", []).append(
                    f"The child was not looked after on {LONG(held_on)}: no period of care in the files or the "
                    "product covers that day (was the episode rejected, or is the review date wrong?)."
                )
            if messages:
                add_errors(self.report, row, messages, REVIEW_COLUMNS)
                continue
            self.plan.settle(review, existing.get(held_on), ["participation"], row)

    def _missing(self, child: Child, rows: list[SourceRow], care: list[CareNow]) -> None:
        existing = {e.started_at: e for e in self.existing.missing.get(child.pk, [])} if child.pk else {}
        planned: list[tuple[datetime, datetime | None, SourceRow]] = []
        for row in rows:
            if self.report.is_rejected(row):
                continue
            values = RowValues(row, self.report)
            kind = values.code("MISSING", MISSING_KINDS, what="missing or absent (M or A)", required=True)
            started = values.date("MIS_START", required=True, what="The date the child went missing (MIS_START)")
            ended = values.date("MIS_END")
            if started is not None and started > self.year_end:
                values.fail(
                    "MIS_START",
                    f"The child went missing on {LONG(started)}, after the end of the {self.label} collection year "
                    f"({LONG(self.year_end)}) (DfE rule 570).",
                )
            if ended is not None and not self.year_start <= ended <= self.year_end:
                values.fail(
                    "MIS_END",
                    f"The missing episode ended on {LONG(ended)}, outside the {self.label} collection year "
                    f"({LONG(self.year_start)} to {LONG(self.year_end)}) (DfE rule 571).",
                )
            if not values.ok:
                continue
            started_at, ended_at = _moment(started), _moment(ended)
            episode = MissingEpisode(
                child=child,
                kind=kind,
                started_at=started_at,
                ended_at=ended_at,
                source=SOURCE,
                source_reference=self.reference(row),
                recorded_by=self.by,
            )
            messages = rule_messages(episode, child=child)
            outside = None if messages else self._missing_outside_care(started, ended, care)
            if outside is not None:
                rejected = self._rejected_care_on(started)
                if rejected is not None:
                    self.report.reject_dependants(
                        [row], f"Not imported: the period of care covering this date was rejected ({rejected.place})."
                    )
                    continue
                messages.setdefault({"MIS_START": "started_at", "MIS_END": "ended_at"}[outside[0]], []).append(
                    outside[1]
                )
            for other_start, other_end, other_row in planned:
                if overlaps(started_at, ended_at, other_start, other_end):
                    messages.setdefault("started_at", []).append(
                        f"This overlaps the missing episode {other_row.place}: a child is missing once at a time "
                        "(DfE rule 574)."
                    )
            if messages:
                add_errors(self.report, row, messages, MISSING_COLUMNS)
                continue
            planned.append((started_at, ended_at, row))
            self.plan.settle(episode, existing.get(started_at), ["kind", "ended_at"], row)

    def _missing_outside_care(self, started: date, ended: date | None, care: list[CareNow]):
        """(column, message) when the missing episode is not within a period of care (DfE rules 581, 578, 577)."""
        return ssda903_rules.missing_outside_care(
            started, ended, [(c.period.started_on, c.period.ended_on) for c in care]
        )
