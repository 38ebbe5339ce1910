"""The SSDA903 return (children looked after): read its CSV tables or its XML, check every row,
and plan the records.

Tables are recognised by their exact set of columns, never by file name. The XML
(``EXPSSDA903 > CHILD > HEADER`` with nested ``AREVIEW``, ``AMISSING``, ``AD_PLACED``, ...,
then ``EPISODE``s whose placement is ``PL``) is read into the same tables, so both formats
go through the same checks and give the same records.

Mapping
-------
- Header: the child, by CHILD (the authority's child ID, shared with the CIN census and with
  children recorded in the product). The return carries no names: a new child is named
  "Child <CHILD>" until a social worker records the name.
- Episodes: a period of care starts at an episode with RNE S and runs to the DEC of the last
  episode whose REC is not X1 (X1: a new episode starts that day, care continues). A return
  starts with the episodes open on 1 April, so a first episode that is not S continues the
  period of care already in the product that covers its start (or, when there is none,
  starts one there, with a warning). Within a period: a legal status each time LS changes;
  a placement at every episode that changes placement (RNE S, P, T, B, U), with RNE L
  continuing the placement. B and U change the placement type with the same carer, so the
  placement keeps the carer reference (the same carer is not a move, LAC 20). U1 and U4
  are long-term fostering.
- Adoption (one record per decision that the child should be placed for adoption): the
  decision (PlacedAdoption DATE_PLACED, AD1 DATE_INT) and its reversal
  (DATE_PLACED_CEASED), the match (AD1 DATE_MATCH), the day the child moved in with the
  adoptive family (the start of the first placement of type A3 to A6 in the period of
  care: in the DfE's guidance DATE_PLACED is the date of the *decision*, see rules 115,
  116 and 523), and the adoption order (the end of a period of care ending E11 or E12).
- Reviews, missing and absent episodes, OC3 (the birthday in the collection year from 17
  to 21), and social worker episodes (allocations, with their return, year and row; an SW_ID
  the product does not know becomes a social worker in the "Imported social workers" team,
  both marked as from the return, for the authority to match).
- Several years (``imports.history``): returns are imported oldest first, and each is the record of the
  child's care from its first episode of a period on. A placement an earlier year left open across that
  episode ends there; an earlier year's placements and legal statuses that begin within the episodes and that
  they do not give again are removed; a period an earlier year had refused is continued or started from
  them. Dates outside the return's year are refused (DfE rules 117, 354, 385, 570, 571; reviews).
- OC2, previous permanence, UASC and deprivation of liberty have no record in the
  product: their rows are checked (child in header, date of birth, UASC's sex against the
  header's, dates, and their codes against the DfE's lists in ``casework.statutory.ssda903``) but not
  imported.
"""

import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial

from django.core.exceptions import ValidationError
from django.utils import timezone

from casework import codes, validation
from casework.models import (
    Adoption,
    Allocation,
    CareLeaverBirthdayRecord,
    Child,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    StatutoryVisit,
)
from casework.statutory import ssda903 as dfe
from workforce.models import SocialWorker, Team, TeamType

from . import engine, ssda903_rules
from .engine import Plan, Report, add_errors, born_by, covers, overlaps, period_text, rule_messages, where
from .fields import CONTROL_CHARACTERS, RowValues, control_character_message
from .models import year_label
from .readers import (
    CSV,
    BadValue,
    Node,
    Source,
    SourceRow,
    UnreadableFile,
    XMLStream,
    csv_header,
    detect_encoding,
    iter_csv_rows,
    parse_date,
    sniff,
    xml_root_tag,
)
from .spool import Spool

RETURN = "SSDA903"
# The collection years the import reads (each named by the year it ends: 2018 is 2017-18).
FIRST_YEAR, LAST_YEAR = 2018, 2027
SOURCE = codes.Source.SSDA903
LONG = validation.long_date


@dataclass(frozen=True)
class Table:
    name: str
    label: str
    columns: frozenset[str]
    imported: bool = True
    note: str = ""


def _table(name: str, label: str, columns: str, imported: bool = True, note: str = "") -> Table:
    return Table(name, label, frozenset(columns.split()), imported, note)


_NOT_KEPT = (
    "the product has no record for it, so its rows are checked (child in the header, date of birth) but not imported."
)
TABLES = [
    _table("header", "Header", "CHILD SEX DOB ETHNIC UPN MOTHER MC_DOB"),
    _table(
        "episodes",
        "Episodes",
        "CHILD DECOM RNE LS CIN PLACE PLACE_PROVIDER DEC REC REASON_PLACE_CHANGE HOME_POST PL_POST URN",
    ),
    _table("reviews", "Reviews", "CHILD DOB REVIEW REVIEW_CODE"),
    _table("missing", "Missing", "CHILD DOB MISSING MIS_START MIS_END"),
    _table("oc3", "OC3 (care leavers)", "CHILD DOB IN_TOUCH ACTIV ACCOM"),
    _table("ad1", "AD1 (adoption)", "CHILD DOB DATE_INT DATE_MATCH FOSTER_CARE NB_ADOPTR SEX_ADOPTR LS_ADOPTR"),
    _table(
        "placed_for_adoption",
        "Placed for adoption",
        "CHILD DOB DATE_PLACED DATE_PLACED_CEASED REASON_PLACED_CEASED",
    ),
    _table("sw_episodes", "Social worker episodes", "CHILD DOB SW_ID SW_DECOM SW_DEC SW_REASON"),
    _table(
        "oc2",
        "OC2 (children looked after for 12 months)",
        "CHILD DOB SDQ_SCORE SDQ_REASON CONVICTED HEALTH_CHECK IMMUNISATIONS TEETH_CHECK HEALTH_ASSESSMENT "
        "SUBSTANCE_MISUSE INTERVENTION_RECEIVED INTERVENTION_OFFERED",
        imported=False,
        note=_NOT_KEPT,
    ),
    _table("previous_permanence", "Previous permanence", "CHILD DOB PREV_PERM LA_PERM DATE_PERM", False, _NOT_KEPT),
    _table("uasc", "UASC", "CHILD SEX DOB DUC", False, _NOT_KEPT),
    _table("dolo", "Deprivation of liberty", "CHILD DOB DOLO_START DOLO_END", False, _NOT_KEPT),
]
TABLE_BY_NAME = {table.name: table for table in TABLES}
TABLE_BY_COLUMNS = {table.columns: table for table in TABLES}

# The product's code lists as sets (``TextChoices.values`` builds a new list on every call).
REASONS_NEW_EPISODE = frozenset(dfe.ReasonNewEpisode.values)
LEGAL_STATUSES = frozenset(dfe.LegalStatusCode.values)
PROVIDERS = frozenset(dfe.PlacementProvider.values)
REASONS_CEASED = frozenset([*dfe.ReasonEpisodeCeased.values, dfe.END_OF_EPISODE_ONLY])
ALL_PLACEMENT_TYPES = frozenset(dfe.PlacementType.values)
ETHNICITIES = frozenset(codes.Ethnicity.values)
PARTICIPATION = frozenset(dfe.ReviewParticipation.values)
MISSING_KINDS = frozenset(dfe.MissingKind.values)
IN_TOUCH = frozenset(dfe.InTouch.values)
ACTIVITIES = frozenset(dfe.CareLeaverActivity.values)
ACCOMMODATION = frozenset(dfe.CareLeaverAccommodation.values)
# SEX: 1/2 before 2025, M/F/U from 2025; both are accepted whatever the year.
SEX = {"1": codes.Sex.MALE, "2": codes.Sex.FEMALE, "M": codes.Sex.MALE, "F": codes.Sex.FEMALE, "U": codes.Sex.UNKNOWN}
SEX_CODES = "sex (1 or 2 before 2025; M, F or U from 2025)"
END_OF_EPISODE_ONLY = dfe.END_OF_EPISODE_ONLY
STARTS_PERIOD = dfe.ReasonNewEpisode.STARTED
CONTINUES_PLACEMENT = dfe.ReasonNewEpisode.LEGAL_STATUS
SAME_CARER = set(dfe.SAME_CARER_REASONS)
LONG_TERM_FOSTERING = set(dfe.LONG_TERM_FOSTERING)
TEMPORARY = set(dfe.TEMPORARY_PLACEMENT_TYPES)
IMPORTED_TEAM = "Imported social workers (SSDA903)"

WRITE_ORDER = [
    Team,
    SocialWorker,
    Child,
    PeriodOfCare,
    LegalStatus,
    Placement,
    LookedAfterReview,
    MissingEpisode,
    Adoption,
    CareLeaverBirthdayRecord,
    Allocation,
]


def collection_year_of(day: date) -> int:
    """The collection year a date falls in: 1 April 2024 to 31 March 2025 is 2025."""
    return day.year + 1 if day.month >= 4 else day.year


# --- Reading ------------------------------------------------------------------------------------------


def recognise(columns: list[str]) -> Table | None:
    return TABLE_BY_COLUMNS.get(frozenset(columns)) if len(set(columns)) == len(columns) else None


def unrecognised_message(columns: list[str]) -> str:
    found = set(columns)

    def likeness(table: Table) -> float:
        return len(found & table.columns) / len(found | table.columns)

    closest = max(TABLES, key=likeness)
    missing = sorted(closest.columns - found)
    extra = sorted(found - closest.columns)
    detail = []
    if missing:
        detail.append("missing " + ", ".join(missing))
    if extra:
        detail.append("not expected " + ", ".join(extra))
    message = "Its columns are not those of any SSDA903 table, so it was not read."
    if likeness(closest) >= 0.5 and detail:
        message += f" Closest: the {closest.label} table ({'; '.join(detail)})."
    if len(set(columns)) != len(columns):
        message += " A column name appears twice."
    return message


KIND = "ssda903"


def read(sources: list[Source], report: Report, on_read: Callable[[int], None], spool: Spool) -> None:
    """Every row of every file into the spool, streaming. A file that cannot be read is reported whole."""
    index = 0
    for source in sources:
        summary = report.file(source.name)
        notes: list[str] = []
        try:
            with source.open() as raw:
                head = raw.read(64 * 1024)
            if sniff(head) == CSV:
                encoding = detect_encoding(source)
                columns = csv_header(source, encoding)
                table = recognise(columns)
                if table is None:
                    report.file_problem(source.name, unrecognised_message(columns))
                    on_read(source.size)
                    continue
                rows = iter_csv_rows(source, table.name, encoding, on_read)
                summary.table = table.label
            else:
                root = xml_root_tag(head)
                if root != "EXPSSDA903":
                    hint = " It looks like a CIN census: import it as one." if root == "Message" else ""
                    report.file_problem(
                        source.name, f"This XML is not an SSDA903 return (its root is <{root or '?'}>).{hint}"
                    )
                    on_read(source.size)
                    continue
                raw = source.open()
                rows = _rows_from_xml(source.name, raw, on_read)
                summary.table = "SSDA903 XML"
            for row in rows:
                index += 1
                row.index = index
                spool.add(KIND, row.child, row, source=source.name, table=row.table)
                summary.rows += 1
                table = TABLE_BY_NAME[row.table]
                if not table.imported and table.label not in notes:
                    notes.append(table.label)
        except UnreadableFile as error:
            spool.discard(KIND, source.name)  # what was read before the file turned out unreadable
            summary.rows = 0
            report.file_problem(source.name, str(error))
            continue
        if notes:
            summary.note = f"{', '.join(notes)}: {_NOT_KEPT}"


# XML elements nested in HEADER, and the table each becomes.
_XML_NESTED = {"AREVIEW": "reviews", "AMISSING": "missing", "AD_PLACED": "placed_for_adoption"}
_XML_NOT_KEPT = {"PERMANENCE": "previous_permanence", "OC2": "oc2"}


def _rows_from_xml(file_name: str, raw, on_read) -> Iterator[SourceRow]:
    """One CHILD at a time into the CSV tables' rows (closes ``raw`` when done)."""
    with raw:
        yield from _xml_children(file_name, raw, on_read)


def _xml_children(file_name: str, raw, on_read) -> Iterator[SourceRow]:
    for number, child in enumerate(XMLStream(raw, ("EXPSSDA903", "CHILD"), on_read), start=1):
        header = child.first("HEADER")
        head = header.leaves() if header is not None else {}
        child_id = head.get("CHILDID") or head.get("CHILD", "")
        dob = head.get("DOB", "")
        label = f"CHILD {number}" + (f" ({child_id})" if child_id else "")
        row = partial(_xml_row, file_name, label, child_id)

        if header is None:
            yield row("header", child, {"_no_header": "1"})
            continue
        yield row(
            "header",
            header,
            {key: head.get(key, "") for key in ("SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB")},
            "HEADER",
        )
        for tag, table in _XML_NESTED.items():
            for count, node in enumerate(header.all(tag), start=1):
                yield row(table, node, {"DOB": dob, **node.leaves()}, f"{tag} {count}")
        for tag, table in _XML_NOT_KEPT.items():
            for count, node in enumerate(header.all(tag), start=1):
                yield row(table, node, {"DOB": dob, **node.leaves()}, f"{tag} {count}")
        if any(head.get(key) for key in ("IN_TOUCH", "ACTIV", "ACCOM")):
            yield row(
                "oc3",
                header,
                {"DOB": dob, **{key: head.get(key, "") for key in ("IN_TOUCH", "ACTIV", "ACCOM")}},
                "HEADER (OC3)",
            )
        if head.get("UASC") or head.get("DUC"):
            yield row(
                "uasc",
                header,
                {"SEX": head.get("SEX", ""), "DOB": dob, "DUC": head.get("DUC", ""), "UASC": head.get("UASC", "")},
                "HEADER (UASC)",
            )
        ad1_columns = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
        if any(head.get(key) for key in ad1_columns):
            yield row("ad1", header, {"DOB": dob, **{key: head.get(key, "") for key in ad1_columns}}, "HEADER (AD1)")
        for count, node in enumerate(child.all("EPISODE"), start=1):
            values = node.leaves()
            values["PLACE"] = values.pop("PL", values.get("PLACE", ""))
            yield row("episodes", node, values, f"EPISODE {count}")
        social_work = [node for node in child.children if node.has("SW_ID")] + [
            node for node in header.children if node.has("SW_ID")
        ]
        for count, node in enumerate(social_work, start=1):
            yield row("sw_episodes", node, {"DOB": dob, **node.leaves()}, f"{node.tag} {count}")


def _xml_row(
    file_name: str, label: str, child_id: str, table: str, node: Node, values: dict[str, str], what: str = ""
) -> SourceRow:
    place = f"{label}, {what}" if what else label
    return SourceRow(table, file_name, node.line, place, {"CHILD": child_id, **values})


# --- Checking and planning ----------------------------------------------------------------------------


@dataclass(eq=False)
class Episode:
    row: SourceRow
    start: date
    end: date | None
    rne: str
    legal_status: str
    place: str
    provider: str
    reason_ended: str
    postcode: str
    urn: str

    @property
    def closes_period(self) -> bool:
        return self.end is not None and self.reason_ended != END_OF_EPISODE_ONLY


@dataclass(eq=False)
class Chain:
    """The episodes of one period of care in the files, in order."""

    episodes: list[Episode] = field(default_factory=list)

    @property
    def rows(self) -> list[SourceRow]:
        return [episode.row for episode in self.episodes]

    @property
    def first(self) -> Episode:
        return self.episodes[0]

    @property
    def last(self) -> Episode:
        return self.episodes[-1]

    @property
    def closed(self) -> bool:
        return self.last.closes_period


@dataclass(eq=False)
class CareNow:
    """A period of care this import keeps for the child (planned, or in the product), with its placements."""

    period: PeriodOfCare
    placements: list[Placement]
    chain: Chain | None = None


class Ssda903Check:
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
        if existing.source not in engine.IMPORTED_SOURCES:
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

    # --- Episodes -----------------------------------------------------------------------------------

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

    # --- Reviews and missing episodes -------------------------------------------------------------------

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

    # --- Adoption ---------------------------------------------------------------------------------------

    def _adoption(self, child: Child, placed_rows: list[SourceRow], ad1_rows: list[SourceRow], care: list[CareNow]):
        """One adoption record per decision that the child should be placed for adoption (see the module)."""

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

    # --- Care leavers -----------------------------------------------------------------------------------

    def _care_leaver(self, child: Child, rows: list[SourceRow]) -> None:
        existing = {r.age: r for r in self.existing.birthdays.get(child.pk, [])} if child.pk else {}
        live = [row for row in rows if not self.report.is_rejected(row)]
        for row in live:
            if len(live) > 1:
                self.report.error(row, "CHILD", "This young person appears more than once in OC3: give each once.")
                continue
            values = RowValues(row, self.report)
            in_touch = values.code("IN_TOUCH", IN_TOUCH, what="in touch", required=True)
            if not values.ok:
                continue
            activity, accommodation = self._care_leaver_outcomes(values, in_touch)
            age = _birthday_in_year(child.date_of_birth, self.year)
            if age is None:
                self.report.error(
                    row,
                    "DOB",
                    f"The young person's 17th to 21st birthdays do not fall in {self.label}, so they are not in "
                    "this year's care leaver cohort (DfE rule 391).",
                )
                continue
            record = CareLeaverBirthdayRecord(
                child=child,
                age=age,
                birthday_on=validation.birthday(child.date_of_birth, age),
                in_touch=in_touch,
                activity=activity or codes.CareLeaverActivity.NOT_KNOWN,
                accommodation=accommodation or codes.CareLeaverAccommodation.NOT_KNOWN,
                source=SOURCE,
                source_reference=self.reference(row),
                recorded_by=self.by,
            )
            messages = rule_messages(record, child=child)
            if messages:
                add_errors(self.report, row, messages, BIRTHDAY_COLUMNS)
                continue
            self.plan.settle(record, existing.get(age), ["birthday_on", "in_touch", "activity", "accommodation"], row)

    def _care_leaver_outcomes(self, values: RowValues, in_touch: str) -> tuple[str, str]:
        """OC3's activity and accommodation. A code off the DfE's list (rules 132, 133), or an outcome given
        for a young person who died or returned home (rule 344), is an error in that field: reported, the
        field kept as not known (0), the rest of the row imported. In touch with both not known (rule 345)
        is a query."""
        not_known = dfe.CareLeaverActivity.NOT_KNOWN
        unknown = ": imported as 0, information not known"
        given = {
            column: values.code(
                column, allowed, what=what, hint=f" (DfE rule {rule}){unknown}", default=not_known, field_only=True
            )
            for column, allowed, what, rule in (
                ("ACTIV", ACTIVITIES, "activity", "132"),
                ("ACCOM", ACCOMMODATION, "accommodation", "133"),
            )
        }
        row = values.row
        if in_touch in dfe.NO_OUTCOMES and (given["ACTIV"] != not_known or given["ACCOM"] != not_known):
            values.field_error(
                "ACTIV" if given["ACTIV"] != not_known else "ACCOM",
                f"IN_TOUCH is {in_touch} ({dfe.InTouch(in_touch).label.lower()}), so the activity and accommodation "
                f"must be 0 (DfE rule 344){unknown}.",
            )
            given = {"ACTIV": not_known, "ACCOM": not_known}
        elif in_touch == dfe.InTouch.YES and not_known in (row.get("ACTIV"), row.get("ACCOM")):
            self.report.warning(
                row,
                "ACTIV" if row.get("ACTIV") == not_known else "ACCOM",
                "The authority is in touch with this young person (IN_TOUCH YES), but the activity or "
                "accommodation is 0, not known (DfE rule 345).",
            )
        return given["ACTIV"], given["ACCOM"]

    # --- Social workers ----------------------------------------------------------------------------------

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
                year = max(self.year, engine.reference_year(worker.source_reference) or self.year)
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
        values.code(
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
        return _SocialWork(row, worker_id, started, ended, match, self.plan.keeps(match))

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
            source=SOURCE,
            source_reference=self.reference(draft.row),
        )
        self.plan.settle(allocation, match, ["worker", "team", "ended_on"], draft.row)


@dataclass(eq=False)
class _SocialWork:
    """A social worker episode that passed its own checks, and the allocation in the product it matches."""

    row: SourceRow
    worker_id: str
    started_on: date
    given_end: date | None  # SW_DEC
    match: Allocation | None
    kept: bool  # the match stays as it is (the product's, or a later year's return's)

    @property
    def ended_on(self) -> date | None:
        """The end the allocation will have: the match's when it is kept as it is."""
        return self.match.ended_on if self.kept else self.given_end


_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$", re.IGNORECASE)


def _check_postcode(values: RowValues, column: str) -> bool:
    """An error in the postcode's field alone (rule 392c): reported, the episode kept. False when it is bad."""
    value = values.row.get(column) if column else ""
    if value and not _POSTCODE.match(value):
        values.field_error(column, f"'{value}' is not a postcode: give it in full, as in AB1 2CD (DfE rule 392c).")
        return False
    return True


def _unkept_codes(collection_year: int) -> dict[str, dict[str, tuple[frozenset, str, str]]]:
    """Per table the product does not keep: column -> (the codes of the year, what it is, the DfE rule)."""
    flags = {column: (dfe.FLAG, f"{what} (0 or 1)", "") for column, what in dfe.OC2_FLAGS.items()}
    return {
        "oc2": {"SDQ_REASON": (dfe.SDQ_REASONS, "reason for no SDQ score", " (DfE rule 196)"), **flags},
        "previous_permanence": {
            "PREV_PERM": (dfe.PREVIOUS_PERMANENCE, "previous permanence option", " (DfE rule 631)"),
            "LA_PERM": (dfe.authority_codes(collection_year), "local authority", " (DfE rule 633)"),
        },
        "uasc": {"SEX": (frozenset(SEX), SEX_CODES, ""), "UASC": (dfe.FLAG, "UASC (0 or 1)", "")},
    }


def _ended(placement: Placement, day: date) -> Placement:
    """A copy of the placement ending on ``day`` (to plan the correction, or check against it)."""
    copy = Placement(**{f.attname: getattr(placement, f.attname) for f in Placement._meta.concrete_fields})
    copy.ended_on = day
    copy.source_reference = placement.source_reference
    return copy


def _made_by_import(worker: SocialWorker) -> bool:
    """A worker the import made from an SW_ID and the authority has not matched yet (still in the
    imported team): the import keeps their start date; every other worker is the product's."""
    return worker.source == SOURCE and worker.team.source == SOURCE


@dataclass(eq=False)
class _AdoptionDraft:
    period: PeriodOfCare | None
    decision_on: date | None = None
    matched_on: date | None = None
    moved_in_on: date | None = None
    adoption_order_on: date | None = None
    ceased_on: date | None = None
    existing: Adoption | None = None
    # The rows that gave each date (only rows in the files: an adoption nobody touched is left alone).
    rows: dict[str, SourceRow] = field(default_factory=dict)
    # Why a decision was reversed (REASON_PLACED_CEASED) and the adopters (AD1), as the files give them.
    details: dict[str, str] = field(default_factory=dict)


def _reason_moved_on(closing) -> str:
    """REASON_PLACE_CHANGE of the episode that ends a placement with a move (REC X1), when a DfE code
    (an unknown one is reported with its rule, 1009, and not kept)."""
    reason = closing.row.get("REASON_PLACE_CHANGE") or ""
    return reason if closing.row.get("REC") == "X1" and reason in dfe.REASONS_PLACE_CHANGE else ""


@dataclass(eq=False)
class _ChildCare:
    """A child's periods of care, placements and legal statuses already in the product, and which
    of them the files have matched."""

    periods: list[PeriodOfCare]
    placements: list[Placement]
    legal_statuses: list[LegalStatus]
    taken_periods: set[int] = field(default_factory=set)
    taken_placements: set[int] = field(default_factory=set)


def _errors_by_field(report: Report, messages: dict, columns: dict, row: SourceRow, rows_by_field: dict) -> None:
    """Report each field's messages against the row that gave that field (an end date: the last episode)."""
    for name, field_messages in messages.items():
        add_errors(report, rows_by_field.get(name, row), {name: field_messages}, columns)


class _Existing:
    """The records already in the product for the children in the files: one query per type."""

    def __init__(self, child_pks: list[int]) -> None:
        self.periods = engine.records_by_child(PeriodOfCare, child_pks)
        self.placements = engine.records_by_child(Placement, child_pks)
        self.legal_statuses = engine.records_by_child(LegalStatus, child_pks)
        self.reviews = engine.records_by_child(LookedAfterReview, child_pks)
        self.missing = engine.records_by_child(MissingEpisode, child_pks)
        self.adoptions = engine.records_by_child(Adoption, child_pks)
        self.birthdays = engine.records_by_child(CareLeaverBirthdayRecord, child_pks)
        self.allocations = engine.records_by_child(Allocation, child_pks)
        self.visits = engine.records_by_child(StatutoryVisit, child_pks)


def _moment(day: date | None) -> datetime | None:
    """A date from the return as a moment: midnight, Europe/London (the return carries no times)."""
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


def _birthday_in_year(date_of_birth: date, collection_year: int) -> int | None:
    """The birthday from 17 to 21 that falls in the collection year (1 April to 31 March)."""
    first, last = date(collection_year - 1, 4, 1), date(collection_year, 3, 31)
    for age in range(17, 22):
        if first <= validation.birthday(date_of_birth, age) <= last:
            return age
    return None


# Model fields -> the return's columns, for the messages of the casework rules.
CHILD_COLUMNS = {
    "la_child_id": "CHILD",
    "date_of_birth": "DOB",
    "sex": "SEX",
    "ethnicity": "ETHNIC",
    "upn": "UPN",
}
PERIOD_COLUMNS = {"started_on": "DECOM", "ended_on": "DEC", "reason_ceased": "REC", "category_of_need": "CIN"}
PLACEMENT_COLUMNS = {
    "started_on": "DECOM",
    "ended_on": "DEC",
    "placement_type": "PLACE",
    "provider": "PLACE_PROVIDER",
    "postcode": "PL_POST",
    "urn": "URN",
    "reason_new_episode": "RNE",
    "reason_place_change": "REASON_PLACE_CHANGE",
}
LEGAL_STATUS_COLUMNS = {"started_on": "DECOM", "code": "LS"}
PLACEMENT_FIELDS = [
    "period_of_care",
    "started_on",
    "ended_on",
    "placement_type",
    "provider",
    "carer_reference",
    "is_long_term",
    "reason_new_episode",
    "postcode",
    "urn",
    "reason_place_change",
]
ADOPTER_COLUMNS = {
    "by_foster_carers": "FOSTER_CARE",
    "number_of_adopters": "NB_ADOPTR",
    "sex_of_adopters": "SEX_ADOPTR",
    "legal_status_of_adopters": "LS_ADOPTR",
}
ADOPTION_FIELDS = [
    "period_of_care",
    "decision_on",
    "matched_on",
    "moved_in_on",
    "adoption_order_on",
    "ceased_on",
    "reason_ceased",
    *ADOPTER_COLUMNS,
]
REVIEW_COLUMNS = {"held_on": "REVIEW", "participation": "REVIEW_CODE"}
MISSING_COLUMNS = {"kind": "MISSING", "started_at": "MIS_START", "ended_at": "MIS_END"}
ADOPTION_COLUMNS = {
    "decision_on": "DATE_PLACED",
    "matched_on": "DATE_MATCH",
    "moved_in_on": "DECOM",
    "adoption_order_on": "DEC",
    "ceased_on": "DATE_PLACED_CEASED",
    "reason_ceased": "REASON_PLACED_CEASED",
    **ADOPTER_COLUMNS,
}
BIRTHDAY_COLUMNS = {
    "age": "DOB",
    "birthday_on": "DOB",
    "in_touch": "IN_TOUCH",
    "activity": "ACTIV",
    "accommodation": "ACCOM",
}
