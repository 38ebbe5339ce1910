"""Adoption: placed for adoption (PlacedAdoption) and AD1."""

from datetime import date

from casework import codes
from casework.models import Adoption, Child, PeriodOfCare
from casework.statutory import ssda903 as dfe

from ..engine import covers, rule_messages
from ..fields import RowValues
from ..readers import SourceRow
from ..report import add_errors
from .columns import ADOPTER_COLUMNS, ADOPTION_COLUMNS, ADOPTION_FIELDS
from .drafts import CareNow, _AdoptionDraft
from .tables import LONG, SOURCE, STARTS_PERIOD


class AdoptionChecks:  # a part of Ssda903Check, which sets the attributes it uses
    """The PlacedAdoption and AD1 tables: a record per decision to place for adoption."""

    def _adoption(self, child: Child, placed_rows: list[SourceRow], ad1_rows: list[SourceRow], care: list[CareNow]):
        """One adoption record per decision that the child should be placed for adoption (see ``imports.ssda903``)."""

        def period_on(day: date | None) -> PeriodOfCare | None:
            if day is None:
                return None
            return next((c.period for c in care if covers(c.period.started_on, c.period.ended_on, day)), None)

        by_pk = {c.period.pk: c.period for c in care if c.period.pk}
        plans = [
            _AdoptionDraft(
                by_pk.get(adoption.period_of_care_id),
                decision_on=adoption.decision_on,
                matched_on=adoption.matched_on,
                moved_in_on=adoption.moved_in_on,
                adoption_order_on=adoption.adoption_order_on,
                ceased_on=adoption.ceased_on,
                existing=adoption,
            )
            for adoption in (self.existing.adoptions.get(child.pk, []) if child.pk else [])
        ]
        decisions = []
        for row in placed_rows:
            if self.report.is_rejected(row):
                continue
            values = RowValues(row, self.report)
            decided = values.date("DATE_PLACED", required=True, what="The date of the decision (DATE_PLACED)")
            ceased = values.date("DATE_PLACED_CEASED")
            reason = values.code(
                "REASON_PLACED_CEASED",
                dfe.REASON_PLACED_CEASED,
                what="reason the decision was reversed",
                hint=" (DfE rule 120)",
            )
            if values.ok and ceased is not None and not reason:
                values.fail("REASON_PLACED_CEASED", "Give the reason the decision was reversed (DfE rule 119).")
            for column, day in (("DATE_PLACED", decided), ("DATE_PLACED_CEASED", ceased)):
                if day is not None and day > self.year_end:
                    values.fail(
                        column,
                        f"The date {LONG(day)} is after the end of the {self.label} collection year "
                        f"({LONG(self.year_end)}) (DfE rule 117).",
                    )
            if values.ok:
                decisions.append((decided, ceased, row))
        decisions.sort(key=lambda item: (item[0], item[2].index))
        accepted: list[tuple[date, date | None, SourceRow]] = []
        for decided, ceased, row in decisions:
            if accepted:
                before_decided, before_ceased, before_row = accepted[-1]
                if before_ceased is None or before_ceased > decided:
                    self.report.error(
                        row,
                        "DATE_PLACED",
                        f"A new decision to place the child for adoption ({LONG(decided)}) cannot start while the one "
                        f"of {LONG(before_decided)} ({before_row.place}) is still open (DfE rule 579).",
                    )
                    continue
            period = period_on(decided)
            if period is None and self._rejected_care_on(decided) is not None:
                self.report.reject_dependants(
                    [row],
                    "Not imported: the period of care covering this date was rejected "
                    f"({self._rejected_care_on(decided).place}).",
                )
                continue
            if period is None:
                self.report.error(
                    row,
                    "DATE_PLACED",
                    f"The child was not looked after on {LONG(decided)} (no period of care in the files or the "
                    "product covers it): the decision is for a child in care (DfE rule 1003).",
                )
                continue
            accepted.append((decided, ceased, row))
            plan = next((p for p in plans if p.decision_on == decided), None)
            if plan is None:
                plan = _AdoptionDraft(period, decision_on=decided)
                plans.append(plan)
            plan.period = period
            plan.ceased_on = ceased
            plan.rows["decision_on"] = row
            if ceased is not None:
                plan.details["reason_ceased"] = row.get("REASON_PLACED_CEASED") or ""
        live = [row for row in ad1_rows if not self.report.is_rejected(row)]
        for row in live:
            if len(live) > 1:
                self.report.error(row, "CHILD", "This child appears more than once in AD1: give each child once.")
                continue
            values = RowValues(row, self.report)
            decided = values.date("DATE_INT", required=True, what="The date of the decision (DATE_INT)")
            matched = values.date("DATE_MATCH")
            # The DfE reports a bad detail of the adopters against its field: the decision and the match stand.
            adopters = {
                "FOSTER_CARE": values.code(
                    "FOSTER_CARE", dfe.FOSTER_CARE, what="adopted by the foster carers (0 or 1)", field_only=True
                ),
                "NB_ADOPTR": values.code(
                    "NB_ADOPTR", dfe.NUMBER_OF_ADOPTERS, what="number of adopters (1 or 2)", field_only=True
                ),
                "SEX_ADOPTR": values.code(
                    "SEX_ADOPTR", dfe.SEX_OF_ADOPTERS, what="sex of the adopters", field_only=True
                ),
                "LS_ADOPTR": values.code(
                    "LS_ADOPTR", dfe.LEGAL_STATUS_OF_ADOPTERS, what="legal status of the adopters", field_only=True
                ),
            }
            if not values.ok:
                continue
            plan = next((p for p in plans if p.decision_on == decided), None)
            if plan is None:
                period = period_on(decided) or period_on(matched)
                plan = next((p for p in reversed(plans) if p.period is period and period and p.ceased_on is None), None)
                if plan is not None and plan.decision_on is not None:
                    self.report.warning(
                        row,
                        "DATE_INT",
                        f"DATE_INT ({LONG(decided)}) is not the date of the decision in the placed for adoption "
                        f"table ({LONG(plan.decision_on)}) (DfE rule 523): that one is kept.",
                    )
                elif plan is not None:
                    plan.decision_on = decided
                elif period is None and (begun := self._care_begun_before_the_files(child, care, decided)):
                    # The files start with an episode that is not S: the day care began is before them, and the
                    # decision with it. The DfE checks DATE_INT against the S episode (rule 334), which is not
                    # there: the decision is kept, on the period it led to.
                    self.report.warning(
                        row,
                        "DATE_INT",
                        f"The decision ({LONG(decided)}) is before the earliest episode the product has for this "
                        f"period of care ({LONG(begun.started_on)}, not RNE S): it is kept with that period. Import "
                        "the earlier years' returns to have the day care began.",
                    )
                    plan = _AdoptionDraft(begun, decision_on=decided)
                    plans.append(plan)
                elif period is None:
                    self.report.error(
                        row,
                        "DATE_INT",
                        f"The child was not looked after on {LONG(decided)} (no period of care in the files or the "
                        "product covers it) (DfE rule 334).",
                    )
                    continue
                else:
                    plan = _AdoptionDraft(period, decision_on=decided)
                    plans.append(plan)
            plan.matched_on = matched
            plan.rows.setdefault("decision_on", row)
            plan.rows["matched_on"] = row
            for name, column in ADOPTER_COLUMNS.items():
                # A detail refused in its field is not kept (not known), as the DfE reports it against the field.
                plan.details[name] = adopters[column] or ""
        # The move to the adoptive family and the adoption order come from the episodes.
        for c in care:
            if c.chain is None:
                continue  # a period of care the files do not touch
            # The period's placements in the product count too: a return that starts with the episode after the
            # move (a T or U change with the same adopters, on 31 March) does not move the day the child moved in.
            earlier = [
                p
                for p in (self.existing.placements.get(child.pk, []) if child.pk else [])
                if c.period.pk is not None and p.period_of_care_id == c.period.pk and p.started_on < c.chain.first.start
            ]
            adoptive = sorted(
                (p for p in [*earlier, *c.placements] if p.placement_type in codes.ADOPTION_PLACEMENT_TYPES),
                key=lambda p: p.started_on,
            )
            adopted = c.period.reason_ceased in codes.ADOPTION_REASONS_CEASED
            if not adoptive and not adopted:
                continue
            moved_in = adoptive[0].started_on if adoptive else None
            anchor = moved_in or c.period.ended_on
            open_plans = [
                p
                for p in plans
                if p.period is c.period
                and (p.decision_on is None or p.decision_on <= anchor)
                and (p.ceased_on is None or p.ceased_on > anchor)
            ]
            plan = open_plans[-1] if open_plans else None
            if plan is None:
                plan = _AdoptionDraft(c.period)
                plans.append(plan)
            episode_row = next((e.row for e in c.chain.episodes if moved_in and e.start == moved_in), c.chain.last.row)
            if moved_in is not None:
                plan.moved_in_on = moved_in
                plan.rows["moved_in_on"] = episode_row
            if adopted:
                plan.adoption_order_on = c.period.ended_on
                plan.rows["adoption_order_on"] = c.chain.last.row
        for plan in plans:
            if plan.rows:
                self._settle_adoption(child, plan)

    def _care_begun_before_the_files(self, child: Child, care: list[CareNow], day: date) -> PeriodOfCare | None:
        """The first period of care after ``day`` whose earliest placement in the product or the files did not
        start it (RNE not S): care began before the earliest return imported, perhaps before ``day``."""
        for c in sorted(care, key=lambda c: c.period.started_on):
            if c.period.started_on <= day:
                continue
            placements = list(c.placements)
            if c.period.pk is not None:
                placements += [
                    p for p in self.existing.placements.get(child.pk, []) if p.period_of_care_id == c.period.pk
                ]
            first = min(placements, key=lambda p: p.started_on, default=None)
            if first is not None and first.reason_new_episode != STARTS_PERIOD:
                return c.period
            return None
        return None

    def _settle_adoption(self, child: Child, plan: "_AdoptionDraft") -> None:
        first_row = plan.rows.get("decision_on") or next(iter(plan.rows.values()))
        adoption = Adoption(
            child=child,
            period_of_care=plan.period,
            decision_on=plan.decision_on,
            matched_on=plan.matched_on,
            moved_in_on=plan.moved_in_on,
            adoption_order_on=plan.adoption_order_on,
            ceased_on=plan.ceased_on,
            **plan.details,
            source=SOURCE,
            source_reference=self.reference(first_row),
            recorded_by=self.by,
        )
        messages = rule_messages(adoption, child=child, links={"period_of_care": plan.period})
        if messages:
            from_tables = [row for row in plan.rows.values() if row.table != "episodes"]
            if from_tables:
                for row in dict.fromkeys(from_tables):
                    add_errors(self.report, row, messages, ADOPTION_COLUMNS)
            else:
                self.report.warning(
                    first_row,
                    "",
                    "The episodes are imported, but no adoption record could be made from them: "
                    + " ".join(message for field_messages in messages.values() for message in field_messages),
                )
            return
        self.plan.settle(adoption, plan.existing, ADOPTION_FIELDS, first_row, only_known=True)
