"""The census check: a batch of children at a time, the child, and matching and checking one record."""

from collections import defaultdict

from django.core.exceptions import ValidationError

from casework import codes, validation
from casework.models import Child, ChildProtectionPlan
from casework.statutory import cin_census as statutory_cin

from .. import cin_rules, engine
from ..engine import overlaps, period_text, rule_messages
from ..models import year_label
from ..plan import IMPORTED_SOURCES, Plan, comparable, where
from ..readers import SourceRow
from ..report import Report, add_errors
from ..spool import Spool
from .entities import CHILD_COLUMNS, ETHNICITIES, LONG, RETURN, SEX, SOURCE, CinChild, CinValues, _ChildState, _Existing
from .need import NeedChecks
from .reading import KIND, CensusFile, _structure


class CinCensusCheck(NeedChecks):
    def __init__(
        self,
        spool: Spool,
        tables: dict,
        *,
        collection_year: int,
        report: Report,
        plan: Plan,
        by,
        on_child,
    ) -> None:
        self.spool = spool
        self.files: list[CensusFile] = tables["files"]
        self.children: dict[str, Child] = {}
        self.checked = 0
        self.year = collection_year
        self.report = report
        self.plan = plan
        self.by = by
        self.on_child = on_child
        self._index = 0

    def _next_index(self) -> int:
        self._index += 1
        return self._index

    def reference(self, row: SourceRow, year: int) -> str:
        return f"{RETURN} {year_label(year)} {row.file_name} {row.place}"[:200]

    def check_batch(self, child_ids: list[str], total: int, children: dict[str, Child]) -> None:
        """Check and plan these children: each once, across the files in collection-year order (a later
        census updates what an earlier one in the same batch gave, as it would if imported the year after).
        ``children``: those the SSDA903 return of the same upload creates or corrects in this batch."""
        self.children = children
        files = {census.name: census for census in self.files}
        by_id: dict[str, list[CinChild]] = {}
        for items in self.spool.items(KIND, child_ids).values():
            ordered = sorted(
                (item for item in items if item[0] in files),
                key=lambda item: (files[item[0]].year or self.year, files[item[0]].position, item[1]),
            )
            for file_name, number, node in ordered:
                census = files[file_name]
                year = census.year or self.year
                child = _structure(census, number, node, year, self._next_index)
                self.report.file(census.name).rows += len(child.rows())
                by_id.setdefault(child.row.child, []).append(child)
        if not by_id:
            return
        existing_children = engine.children_by_id(by_id)
        existing_children.update({child_id: child for child_id, child in self.children.items() if child_id in by_id})
        self.existing = _Existing([child.pk for child in existing_children.values() if child.pk is not None])
        for child_id, entries in sorted(by_id.items()):
            self._check_child(child_id, entries, existing_children.get(child_id))
            self.checked += 1
            self.on_child(self.checked, total)

    def _check_child(self, child_id: str, entries: list[CinChild], existing: Child | None) -> None:
        if not child_id:
            for entry in entries:
                what = "ChildIdentifiers" if entry.row.get("_no_identifiers") else "LAchildID"
                self.report.error(
                    entry.row,
                    what,
                    cin_rules.cite(
                        "The child's ID (LAchildID) is missing: nothing of theirs can be imported.",
                        cin_rules.MISSING_CHILD_ID_RULE,
                    ),
                )
                self.report.reject_dependants(entry.rows(), "Not imported: the child's identifiers were rejected.")
            return
        in_file: dict[str, list[CinChild]] = defaultdict(list)
        for entry in entries:
            in_file[entry.row.file_name].append(entry)
        state = None
        child = existing
        for entry in entries:
            repeated = in_file[entry.row.file_name]
            if len(repeated) > 1:
                places = ", ".join(other.row.place for other in repeated)
                self.report.error(
                    entry.row,
                    "LAchildID",
                    cin_rules.cite(
                        f"This child is given {len(repeated)} times in the file ({places}): give each child once.",
                        cin_rules.CHILD_GIVEN_TWICE_RULE,
                    ),
                )
                self.report.reject_dependants(entry.rows(), "Not imported: the child's identifiers were rejected.")
                continue
            accepted = self._child(entry, child)
            if accepted is None:
                self.report.reject_dependants(entry.rows(), "Not imported: the child's identifiers were rejected.")
                continue
            child = accepted
            if state is None:
                state = _ChildState(self.existing, child)
            state.year = entry.year
            # The DfE's rules across the entry's dates refuse the rows they flag (``cin_rules``).
            for finding in cin_rules.check(entry, entry.year):
                self.report.error(finding.row, finding.column, finding.message)
            for episode in entry.episodes:
                self._episode(child, episode, entry.year, state)

    # --- The child -----------------------------------------------------------------------------------------

    def _child(self, entry: CinChild, existing: Child | None) -> Child | None:
        row = entry.row
        values = CinValues(row, self.report)
        la_child_id = values.text("LAchildID", required=True, max_length=20, what="The child's ID (LAchildID)")
        born = values.date("PersonBirthDate")
        expected = values.date("ExpectedPersonBirthDate")
        sex_column = "Sex" if row.get("Sex") else "GenderCurrent"
        sex = values.code(sex_column, SEX, what="sex (1, 2, 0 or 9; or M, F or U)")
        ethnicity = values.code("Ethnicity", ETHNICITIES, what="ethnicity")
        upn = values.text("UPN", max_length=13, what="the UPN")
        values.date("PersonDeathDate")
        if not values.ok:
            return None
        disabilities = values.code_list(
            "Disability",
            statutory_cin.DISABILITY_CHOICES,
            statutory_cin.NO_DISABILITY,
            what="disabilities",
            alone_message="'NONE' (no disability) is given with a disability: give one or the other.",
        )
        if born is not None and expected is not None:
            self.report.warning(
                row,
                "ExpectedPersonBirthDate",
                cin_rules.cite(
                    f"The child has a date of birth ({LONG(born)}): the expected date of birth is not kept.",
                    cin_rules.BOTH_BIRTH_DATES_RULE,
                ),
            )
            expected = None
        new = Child(
            la_child_id=la_child_id,
            first_name="Child",
            last_name=la_child_id,
            date_of_birth=born,
            expected_date_of_birth=expected,
            sex=SEX.get(sex, codes.Sex.UNKNOWN),
            ethnicity=ethnicity or codes.Ethnicity.NOBT,
            upn=upn,
            disabilities=disabilities,
            source=SOURCE,
            source_reference=self.reference(row, entry.year),
        )
        messages = rule_messages(new, child=None)
        if messages:
            add_errors(self.report, row, cin_rules.cite_casework(messages), CHILD_COLUMNS)
            return None
        if existing is None:
            return self.plan.settle(new, None, [], row)
        if existing.source not in IMPORTED_SOURCES:
            if (existing.date_of_birth, existing.expected_date_of_birth) != (born, expected):
                self.report.warning(
                    row,
                    "PersonBirthDate",
                    "The product records a different date of birth for this child: the product's is kept, and "
                    "the census is checked against it.",
                )
            self.plan.settle(new, existing, [])
            return existing
        # The dates of birth go together (a child born since the last census loses the expected date); a
        # census that gives neither says nothing about them.
        details = ["date_of_birth", "expected_date_of_birth"] if born or expected else []
        if details and existing.date_of_birth != born and existing.pk is not None:
            probe = Child(pk=existing.pk, date_of_birth=born, expected_date_of_birth=expected, first_name="")
            try:
                validation.child_errors(probe)
            except ValidationError as error:
                add_errors(self.report, row, cin_rules.cite_casework(error.message_dict), CHILD_COLUMNS)
                return None
        details += engine.known_details(new, ["sex", "ethnicity", "upn"])
        if disabilities:  # a census that gives none says nothing about them
            details.append("disabilities")
        return self.plan.settle(new, existing, details, row, year=entry.year)

    # --- Matching and checking one record ---------------------------------------------------------------

    def _settle(self, record, key_fields, fields, row, state, columns, noun, *, links=None, periods=False):
        """Check the record; plan it (matched to the child's record with the same key) unless it
        fails. Returns the record that stands for it, or None."""
        model = type(record)
        key = tuple(getattr(record, name) for name in key_fields)
        existing = state.existing_by_key(model, key_fields).get(key)
        seen = state.seen[model].get(key)
        if seen is not None:
            planned, planned_row = seen
            if planned_row.file_name == row.file_name:
                same = all(comparable(planned, name) == comparable(record, name) for name in fields)
                rule = cin_rules.OVERLAP_RULES.get(noun)
                if same:
                    self.report.warning(
                        row,
                        "",
                        cin_rules.cite(
                            f"The same {noun} is given again ({planned_row.place}): it is imported once.", rule
                        ),
                    )
                    return planned
                self.report.error(
                    row,
                    "",
                    cin_rules.cite(
                        f"Another {noun} with the same date is given ({planned_row.place}) with different details.",
                        rule,
                    ),
                )
                return None
            existing = planned  # an earlier census in this batch gave it: this one updates it
        if self.plan.keeps(existing, state.year):
            # The product's own record (or a later census's): it stays as it is, and the census's
            # differences are reported as warnings.
            settled = self.plan.settle(record, existing, fields, row, year=state.year)
            state.seen[model][key] = (settled, row)
            return settled
        messages = rule_messages(record, child=state.child, links=links)
        if periods:
            others = {id(other): (other, where(other)) for other in state.existing_of(model)}
            for other, other_row in state.seen[model].values():
                others[id(other)] = (other, f"({other_row.file_name} {other_row.place})")
            others.pop(id(existing), None)
            for other, described in others.values():
                if overlaps(record.started_on, record.ended_on, other.started_on, other.ended_on):
                    messages.setdefault("started_on", []).append(
                        cin_rules.cite(
                            f"This {noun} ({period_text(record.started_on, record.ended_on)}) overlaps the {noun} "
                            f"{period_text(other.started_on, other.ended_on)} {described}: a child has one at a time.",
                            cin_rules.OVERLAP_RULES.get(noun),
                        )
                    )
                    break
        if model is ChildProtectionPlan and existing is not None and existing.pk and not messages:
            # A corrected plan must still hold the visits recorded under it.
            for visit in self.existing.visits.get(state.child.pk, []):
                if visit.plan_id == existing.pk and record.ended_on is not None and visit.visited_on > record.ended_on:
                    messages.setdefault("ended_on", []).append(
                        f"A visit under this plan on {LONG(visit.visited_on)} would fall outside the plan. "
                        "Correct the visit first."
                    )
                    break
        if messages:
            add_errors(self.report, row, cin_rules.cite_casework(messages), columns)
            return None
        settled = self.plan.settle(record, existing, fields, row, year=state.year)
        state.seen[model][key] = (settled, row)
        return settled
