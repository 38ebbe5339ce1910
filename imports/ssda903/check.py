"""The SSDA903 check: a batch of children at a time, the child (header) and the rows not kept; the other
tables are checked by the mixins of their own modules."""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import codes, validation
from casework.models import Child
from casework.statutory import ssda903 as dfe
from workforce.models import SocialWorker, Team

from .. import engine
from ..engine import rule_messages
from ..fields import CONTROL_CHARACTERS, RowValues, control_character_message
from ..models import year_label
from ..plan import IMPORTED_SOURCES, Plan
from ..readers import BadValue, SourceRow, parse_date
from ..report import Report, add_errors
from ..spool import Spool
from .adoption import AdoptionChecks
from .care_leavers import CareLeaverChecks
from .columns import CHILD_COLUMNS
from .drafts import _Existing, _unkept_codes
from .episodes import EpisodeChecks
from .reading import KIND
from .reviews import ReviewChecks
from .social_workers import SocialWorkerChecks
from .tables import ETHNICITIES, LONG, RETURN, SEX, SEX_CODES, SOURCE, TABLES


class Ssda903Check(EpisodeChecks, ReviewChecks, AdoptionChecks, CareLeaverChecks, SocialWorkerChecks):
    """Checks and plans a return a batch of children at a time (``check_batch``), then ``finish``."""

    def __init__(
        self,
        spool: Spool,
        *,
        collection_year: int,
        report: Report,
        plan: Plan,
        by,
        on_child: Callable[[int, int], None],
    ) -> None:
        self.spool = spool
        self.year = collection_year
        self.label = year_label(collection_year)
        self.year_start, self.year_end = date(collection_year - 1, 4, 1), date(collection_year, 3, 31)
        self.report = report
        self.plan = plan
        self.by = by
        self.on_child = on_child
        self.today = timezone.localdate()
        self.imported_team: Team | None = None
        self.workers: dict[str, SocialWorker] = {}
        self.worker_starts: dict[str, date] = {}
        # Per child: the periods of care whose episodes were rejected (start, end, the failing row).
        self.rejected_care: list[tuple[date, date | None, SourceRow]] = []
        self.unkept_codes = _unkept_codes(collection_year)
        self.has_header_file = spool.has(KIND, "header")
        self.checked = 0

    def reference(self, row: SourceRow) -> str:
        return f"{RETURN} {self.label} {row.file_name} {row.place}"[:200]

    # --- Running ---------------------------------------------------------------------------------

    def check_batch(self, child_ids: list[str], total: int) -> dict[str, Child]:
        """Check and plan these children (those of the batch the return has rows for). Returns the children
        it plans to create or correct, by ID, as they will be (the census of the same upload joins them)."""
        by_child: dict[str, dict[str, list[SourceRow]]] = {}
        for child_id, rows in self.spool.items(KIND, child_ids).items():
            tables: dict[str, list[SourceRow]] = defaultdict(list)
            for row in rows:
                tables[row.table].append(row)
            by_child[child_id] = tables
        unnamed = by_child.pop("", None)
        for child_id in [child_id for child_id in by_child if CONTROL_CHARACTERS.search(child_id)]:
            # Never looked up: PostgreSQL cannot hold a NUL byte even in a query.
            message = control_character_message("The child's ID (CHILD)", child_id)
            for rows in by_child.pop(child_id).values():
                for row in rows:
                    self.report.error(row, "CHILD", message + " None of this child's rows can be imported.")
        if unnamed:
            for rows in unnamed.values():
                for row in rows:
                    if row.get("_no_header"):
                        self.report.error(
                            row, "HEADER", "This CHILD has no HEADER: none of its records can be imported."
                        )
                    else:
                        self.report.error(row, "CHILD", "The child's ID (CHILD) is missing.")
        if not by_child:
            return {}
        existing = engine.children_by_id(by_child)
        self.existing = _Existing([child.pk for child in existing.values()])
        self._load_workers(by_child)
        for child_id in sorted(by_child):
            self._check_child(child_id, by_child[child_id], existing.get(child_id), self.has_header_file)
            self.checked += 1
            self.on_child(self.checked, total)
        planned = self.plan.created(Child) + [entry.record for entry in self.plan.updated(Child)]
        return {child.la_child_id: child for child in planned}

    def finish(self) -> None:
        """After the last batch: the social workers' start dates, from the earliest episode of each."""
        self._settle_workers()

    def _check_child(
        self, child_id: str, rows: dict[str, list[SourceRow]], existing: Child | None, has_header_file: bool
    ):
        everything = [row for table_rows in rows.values() for row in table_rows]
        headers = rows.get("header", [])
        child = None
        header_row = None
        if len(headers) > 1:
            places = ", ".join(row.place for row in headers)
            for row in headers:
                self.report.error(
                    row,
                    "CHILD",
                    f"This child appears {len(headers)} times in the header ({places}): give each child once.",
                )
        elif headers:
            header_row = headers[0]
            child = self._child(header_row, existing)
        elif has_header_file:
            for row in everything:
                self.report.error(row, "CHILD", f"Child {child_id} is not in the header file: add their header row.")
            return
        elif existing is not None:
            child = existing
        else:
            for row in everything:
                self.report.error(
                    row,
                    "CHILD",
                    f"Child {child_id} is not in the product and there is no header file: include the header.",
                )
            return
        if child is None:
            others = [row for row in everything if row.table != "header"]
            self.report.reject_dependants(others, "Not imported: the child's header row was rejected.")
            return
        # The other tables repeat the date of birth: it must be the header's (or, with no header file,
        # the product's).
        expected = parse_date(header_row.get("DOB")) if header_row is not None else child.date_of_birth
        for row in everything:
            if row.table != "header" and "DOB" in row.values and not self.report.is_rejected(row):
                self._same_birth_date(row, expected, header_row)
        if header_row is not None:
            for row in rows.get("uasc", []):
                if not self.report.is_rejected(row):
                    self._same_sex(row, header_row)
        self.rejected_care = []
        self._unkept(rows)
        care = self._episodes(child, rows.get("episodes", []))
        self._reviews(child, rows.get("reviews", []), care)
        self._missing(child, rows.get("missing", []), care)
        self._adoption(child, rows.get("placed_for_adoption", []), rows.get("ad1", []), care)
        self._care_leaver(child, rows.get("oc3", []))
        self._social_work(child, rows.get("sw_episodes", []))

    # --- The child --------------------------------------------------------------------------------

    def _child(self, row: SourceRow, existing: Child | None) -> Child | None:
        values = RowValues(row, self.report)
        la_child_id = values.text("CHILD", required=True, max_length=20, what="The child's ID (CHILD)")
        sex = values.code("SEX", SEX, what=SEX_CODES, required=True)
        date_of_birth = values.date("DOB", required=True, what="The date of birth (DOB)")
        # ETHNIC, UPN, MOTHER and MC_DOB: the DfE reports a bad value against its field; the child and their
        # records stand (ethnicity then "not obtained", which never overwrites a known one).
        not_obtained = codes.Ethnicity.NOBT
        ethnicity = values.code("ETHNIC", ETHNICITIES, what="ethnicity", default=not_obtained, field_only=True)
        if not row.get("ETHNIC"):
            values.field_error("ETHNIC", "The ethnicity (ETHNIC) is missing: taken as not obtained.")
        upn = values.text("UPN", max_length=13, what="the UPN", field_only=True)
        mother = values.code("MOTHER", dfe.MOTHER, what="mother (0 or 1)", field_only=True)
        first_child_born_on = values.date("MC_DOB", field_only=True)
        if not values.ok:
            return None
        new = Child(
            la_child_id=la_child_id,
            first_name="Child",
            last_name=la_child_id,
            date_of_birth=date_of_birth,
            sex=SEX[sex],
            ethnicity=ethnicity,
            upn=upn,
            is_mother=mother or "",
            first_child_born_on=first_child_born_on if mother == "1" else None,
            source=SOURCE,
            source_reference=self.reference(row),
        )
        messages = rule_messages(new, child=None)
        if messages:
            add_errors(self.report, row, messages, CHILD_COLUMNS)
            return None
        if existing is None:
            return self.plan.settle(new, None, [], row)
        if existing.source not in IMPORTED_SOURCES:
            if existing.date_of_birth != date_of_birth:
                self.report.warning(
                    row,
                    "DOB",
                    f"The product records this child's date of birth as {LONG(existing.date_of_birth) or 'unknown'}; "
                    "the product's is kept, and the records are checked against it.",
                )
            self.plan.settle(new, existing, [])
            return existing
        if existing.date_of_birth != date_of_birth:
            # A correction of the date of birth must leave the child's other records after it.
            probe = Child(pk=existing.pk, date_of_birth=date_of_birth, first_name=existing.first_name)
            try:
                validation.child_errors(probe)
            except ValidationError as error:
                add_errors(self.report, row, error.message_dict, CHILD_COLUMNS)
                return None
        details = engine.known_details(new, ["date_of_birth", "sex", "ethnicity", "upn"])
        return self.plan.settle(new, existing, details, row)

    def _same_birth_date(self, row: SourceRow, expected: date | None, header_row: SourceRow | None) -> None:
        try:
            given = parse_date(row.get("DOB"))
        except BadValue as error:
            self.report.error(row, "DOB", str(error))
            return
        if given is not None and given != expected:
            against = f"the header's ({header_row.place})" if header_row else "the product's"
            self.report.error(row, "DOB", f"The date of birth {LONG(given)} is not {against}, {LONG(expected)}.")

    def _same_sex(self, row: SourceRow, header_row: SourceRow) -> None:
        """The UASC table repeats the child's sex: it must be the header's (DfE rule INT21, which compares
        the two only when both are given). Both codings are read whatever the year, so 1 and M are the same
        sex; a code in neither is left to the code check."""
        given, expected = row.get("SEX"), header_row.get("SEX")
        if given in SEX and expected in SEX and SEX[given] != SEX[expected]:
            self.report.error(
                row,
                "SEX",
                f"The sex {given} ({SEX[given].label.lower()}) is not the header's ({header_row.place}), "
                f"{expected} ({SEX[expected].label.lower()}) (DfE rule INT21): give the child's sex the same in both.",
            )

    def _unkept(self, rows: dict[str, list[SourceRow]]) -> None:
        """Tables the product has no record for: checked for the child, the date of birth, their dates and
        their codes, so that the report says what the DfE would reject."""
        for table in TABLES:
            if table.imported:
                continue
            coded = self.unkept_codes.get(table.name, {})
            for row in rows.get(table.name, []):
                values = RowValues(row, self.report)
                for column in row.values:
                    if column.startswith(("DATE", "DUC", "DOLO_")):
                        values.date(column)
                for column, (allowed, what, rule) in coded.items():
                    values.code(column, allowed, what=what, hint=rule)
                score = row.get("SDQ_SCORE")
                if score and not (score.isdigit() and int(score) in dfe.SDQ_SCORES):
                    values.fail(
                        "SDQ_SCORE", f"'{score}' is not an SDQ score: a whole number from 0 to 40 (DfE rule 180)."
                    )
