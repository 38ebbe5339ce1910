"""Social worker episodes: allocations, and the social workers the product does not know."""

from datetime import date

from casework.models import Allocation, Child
from casework.statutory import ssda903 as dfe
from workforce.models import SocialWorker, Team, TeamType

from .. import engine
from ..engine import born_by, overlaps, period_text
from ..fields import CONTROL_CHARACTERS, RowValues
from ..plan import reference_year, where
from ..readers import SourceRow
from .drafts import _made_by_import, _SocialWork
from .tables import IMPORTED_TEAM, LONG, SOURCE


class SocialWorkerChecks:  # a part of Ssda903Check, which sets the attributes it uses
    """The social worker episodes table: allocations, and the social workers they name."""

    def _load_workers(self, by_child: dict[str, dict[str, list[SourceRow]]]) -> None:
        """The product's social workers with the SW_IDs of the batch not already known."""
        ids = sorted(
            {
                row.get("SW_ID")
                for tables in by_child.values()
                for row in tables.get("sw_episodes", [])
                if row.get("SW_ID")
                and row.get("SW_ID") not in self.workers
                and not CONTROL_CHARACTERS.search(row.get("SW_ID"))
            }
        )
        for part in engine.chunks(ids):
            for worker in SocialWorker.objects.filter(external_id__in=part).select_related("team"):
                self.workers[worker.external_id] = worker

    def _team(self) -> Team:
        if self.imported_team is None:
            team = Team.objects.filter(name=IMPORTED_TEAM).first()
            if team is None:
                team = Team(name=IMPORTED_TEAM, team_type=TeamType.PERMANENCE, source=SOURCE)
                self.plan.settle(team, None, [])
            self.imported_team = team
        return self.imported_team

    def _worker(self, worker_id: str, started_on: date, row: SourceRow) -> SocialWorker:
        """The worker with this SW_ID; one the product does not know is made in the imported team,
        starting at their earliest episode (corrected by ``_settle_workers`` at the end)."""
        worker = self.workers.get(worker_id)
        if worker is None:
            worker = SocialWorker(
                first_name="Social worker",
                last_name=worker_id,
                external_id=worker_id,
                team=self._team(),
                started_on=started_on,
                source=SOURCE,
                source_reference=self.reference(row),
            )
            self.plan.settle(worker, None, [])
            self.workers[worker_id] = worker
        earliest = self.worker_starts.get(worker_id)
        if earliest is None or started_on < earliest:
            self.worker_starts[worker_id] = started_on
            if worker.pk is None:
                worker.started_on = started_on  # not yet written: its start is the earliest seen
        return worker

    def _settle_workers(self) -> None:
        for worker_id, earliest in self.worker_starts.items():
            worker = self.workers[worker_id]
            if worker.pk is None:
                worker.started_on = earliest
            elif _made_by_import(worker) and worker.started_on > earliest:
                # An earlier episode is a fact about when they started, whichever year's return gave them.
                year = max(self.year, reference_year(worker.source_reference) or self.year)
                self.plan.settle(SocialWorker(started_on=earliest), worker, ["started_on"], year=year)

    def _social_work(self, child: Child, rows: list[SourceRow]) -> None:
        """Allocations from the child's social worker episodes: each row checked on its own, then
        against the others and the child's allocations in the product (one worker at a time)."""
        drafts = [draft for row in sorted(rows, key=lambda r: r.index) if (draft := self._sw_episode(child, row))]
        existing = self.existing.allocations.get(child.pk, []) if child.pk else []
        # An allocation in the product stands as it is unless a row that corrects it is accepted: when
        # one is rejected, the others are checked again against the allocation as it stays.
        failed: list[tuple[_SocialWork, str, str]] = []
        kept_as_is: set[int] = set()
        while True:
            corrected = {id(d.match) for d in drafts if d.match is not None and id(d.match) not in kept_as_is}
            standing = [a for a in existing if id(a) not in corrected]
            accepted, failed = self._allocations_side_by_side(drafts, standing)
            stays = {id(d.match) for d, _, _ in failed if d.match is not None} - kept_as_is
            if not stays:
                break
            kept_as_is |= stays
        for draft, column, message in failed:
            self.report.error(draft.row, column, message)
        for draft in accepted:
            self._settle_allocation(child, draft)

    def _sw_episode(self, child: Child, row: SourceRow) -> "_SocialWork | None":
        """One social worker episode, checked on its own (dates, worker, codes)."""
        if self.report.is_rejected(row):
            return None
        values = RowValues(row, self.report)
        worker_id = values.text("SW_ID", required=True, max_length=30, what="The social worker's ID (SW_ID)")
        if worker_id and not worker_id.startswith(dfe.SW_ID_PREFIXES):
            values.fail(
                "SW_ID",
                f"'{worker_id}' is not a social worker ID: it must begin with SW or XX, in capitals "
                "(DfE rule SW02STG1).",
            )
        elif worker_id and len(worker_id) < dfe.sw_id_shortest(self.year):
            values.fail(
                "SW_ID",
                f"'{worker_id}' is too short for a social worker ID: from 2025-26 it is SW or XX followed by at "
                "least two more characters (DfE rule SW02STG1).",
            )
        started = values.date("SW_DECOM", required=True, what="The date the social worker episode began (SW_DECOM)")
        ended = values.date("SW_DEC")
        reason = values.code(
            "SW_REASON", dfe.SW_REASONS, what="reason for the change of social worker", hint=" (DfE rule SW13STG1)"
        )
        if not values.ok:
            return None
        problem = born_by(child, started, "social worker episode")
        if problem:
            values.fail("SW_DECOM", problem)
        if started > self.today:
            values.fail("SW_DECOM", "The social worker episode cannot begin in the future.")
        if ended is not None and ended < started:
            values.fail("SW_DEC", f"The episode cannot end ({LONG(ended)}) before it began ({LONG(started)}).")
        elif ended is not None and ended > self.today:
            values.fail("SW_DEC", "The social worker episode cannot end in the future.")
        elif ended == started:
            self.report.warning(row, "SW_DEC", "The social worker episode ends the day it began (DfE rule SW09STG2).")
        known = self.workers.get(worker_id)
        if known is not None and known.pk is not None and not _made_by_import(known):
            if known.started_on > started:
                values.fail("SW_ID", f"{known} only started on {LONG(known.started_on)}.")
            elif known.ended_on is not None and known.ended_on <= started:
                values.fail("SW_ID", f"{known} left on {LONG(known.ended_on)}.")
        if not values.ok:
            return None
        existing = self.existing.allocations.get(child.pk, []) if child.pk else []
        match = next((a for a in existing if a.started_on == started), None)
        return _SocialWork(row, worker_id, started, ended, reason or "", match, self.plan.keeps(match))

    def _allocations_side_by_side(self, drafts: list["_SocialWork"], standing: list[Allocation]):
        """The episodes that can stand beside each other and the allocations in the product, in date
        order, and those that cannot, with (column, message)."""
        accepted: list[_SocialWork] = []
        failed: list[tuple[_SocialWork, str, str]] = []
        for draft in sorted(drafts, key=lambda d: (d.started_on, d.row.index)):
            start, end = draft.started_on, draft.ended_on
            clash = next((a for a in standing if overlaps(start, end, a.started_on, a.ended_on)), None)
            earlier = next((d for d in accepted if overlaps(start, end, d.started_on, d.ended_on)), None)
            if clash is not None:
                failed.append(
                    (
                        draft,
                        "SW_DECOM",
                        f"This overlaps the child's allocation {period_text(clash.started_on, clash.ended_on)} "
                        f"{where(clash)}: a child has one allocated worker at a time.",
                    )
                )
            elif earlier is not None and earlier.ended_on is None:
                failed.append(
                    (
                        draft,
                        "SW_DECOM",
                        f"This episode begins on {LONG(start)}, but the social worker episode from "
                        f"{LONG(earlier.started_on)} ({earlier.row.place}) has no end date (SW_DEC) "
                        "(DfE rule SW08STG2).",
                    )
                )
            elif earlier is not None:
                failed.append(
                    (
                        draft,
                        "SW_DECOM",
                        f"This episode begins on {LONG(start)}, before the social worker episode from "
                        f"{LONG(earlier.started_on)} ({earlier.row.place}) ended on {LONG(earlier.ended_on)} "
                        "(DfE rule SW10STG2).",
                    )
                )
            else:
                accepted.append(draft)
        return accepted, failed

    def _settle_allocation(self, child: Child, draft: "_SocialWork") -> None:
        match = draft.match
        if draft.kept:
            # The product's own allocation, or a later year's return's: it stays as it is (its differences
            # are reported), and no worker is made for it.
            worker = self.workers.get(draft.worker_id) or SocialWorker(
                first_name="Social worker", last_name=draft.worker_id, external_id=draft.worker_id, team=match.team
            )
        else:
            worker = self._worker(draft.worker_id, draft.started_on, draft.row)
        allocation = Allocation(
            child=child,
            worker=worker,
            team=worker.team,
            started_on=draft.started_on,
            ended_on=draft.given_end,
            reason=draft.reason,
            source=SOURCE,
            source_reference=self.reference(draft.row),
        )
        self.plan.settle(allocation, match, ["worker", "team", "ended_on", "reason"], draft.row)
