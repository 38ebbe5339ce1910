"""The children in need census (XML, schema years 2021 to 2026): read, check every element, plan.

``Message > Children > Child`` with ``ChildIdentifiers`` (LAchildID, dates of birth, sex:
``GenderCurrent`` before 2025, ``Sex`` from 2025, either accepted in any year, coded 1/2,
0/9 or M/F/U), ``ChildCharacteristics`` (ethnicity) and one ``CINdetails`` per episode of
need:

- the referral (``CINreferralDate``, ``ReferralSource``, closure ``CINclosureDate``);
- ``Assessments`` (start, authorisation), linked to the referral;
- ``CINPlanDates`` (child in need plans);
- ``Section47``: ``S47ActualStartDate`` is the strategy discussion that started the
  enquiry and the enquiry's start; its ``DateOfInitialCPC`` is the initial conference that
  followed (``DateOfInitialCPC`` directly under ``CINdetails`` is an initial conference too);
- ``ChildProtectionPlans`` (start, end, category: the initial category, else the latest)
  and their ``Reviews`` (review conferences).

Each of these elements is a "row" of the report, named by where it is ("Child 3
(RND0001), CIN episode 1, assessment 2") and its line. The same record given twice for a
child (the census repeats a plan in two episodes) is imported once.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError

from casework import codes, validation
from casework.models import (
    Assessment,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)

from . import cin_rules, engine
from .engine import Plan, Report, add_errors, overlaps, period_text, rule_messages, where
from .fields import RowValues
from .models import year_label
from .readers import BadValue, Node, Source, SourceRow, UnreadableFile, XMLStream, parse_date, sniff, xml_root_tag
from .spool import Spool

RETURN = "CIN census"


class CinValues(RowValues):
    """A census element's values; a value the DfE's rules refuse names the rule (``cin_rules.cite_field``)."""

    def fail(self, column: str, message: str) -> None:
        super().fail(column, cin_rules.cite_field(column, message))


SOURCE = codes.Source.CIN_CENSUS
LONG = validation.long_date
FIRST_YEAR, LAST_YEAR = 2021, 2026
SEX = {
    "1": codes.Sex.MALE,
    "2": codes.Sex.FEMALE,
    "0": codes.Sex.UNKNOWN,
    "9": codes.Sex.UNKNOWN,
    "M": codes.Sex.MALE,
    "F": codes.Sex.FEMALE,
    "U": codes.Sex.UNKNOWN,
}
PRIMARY_NEED = {f"N{number}" for number in range(0, 10)}
REASON_FOR_CLOSURE = {f"RC{number}" for number in range(1, 10)}
ETHNICITIES = frozenset(codes.Ethnicity.values)
REFERRAL_SOURCES = frozenset(codes.ReferralSource.values)
ABUSE_CATEGORIES = frozenset(codes.AbuseCategory.values)
WRITE_ORDER = [
    Child,
    Referral,
    Assessment,
    ChildInNeedPlan,
    StrategyDiscussion,
    Section47Enquiry,
    ChildProtectionPlan,
    ChildProtectionConference,
]


@dataclass(eq=False)
class CinPlanRows:
    row: SourceRow
    reviews: list[SourceRow] = field(default_factory=list)


@dataclass(eq=False)
class CinEpisode:
    row: SourceRow  # the referral
    assessments: list[SourceRow] = field(default_factory=list)
    plans: list[SourceRow] = field(default_factory=list)
    section47s: list[SourceRow] = field(default_factory=list)
    protection_plans: list[CinPlanRows] = field(default_factory=list)

    def rows(self) -> list[SourceRow]:
        rows = [self.row, *self.assessments, *self.plans, *self.section47s]
        for plan in self.protection_plans:
            rows += [plan.row, *plan.reviews]
        return rows


@dataclass(eq=False)
class CinChild:
    row: SourceRow
    year: int
    episodes: list[CinEpisode] = field(default_factory=list)

    def rows(self) -> list[SourceRow]:
        return [self.row, *(row for episode in self.episodes for row in episode.rows())]


# --- Reading --------------------------------------------------------------------------------------------------


@dataclass
class CensusFile:
    name: str
    year: int | None
    position: int  # in the order the files were given


KIND = "cin"


def read(sources: list[Source], report: Report, on_read: Callable[[int], None], spool: Spool) -> dict:
    """Every Child of every census file (as small element trees, into the spool by LAchildID) and each
    file's collection year."""
    files = []
    for position, source in enumerate(sources):
        summary = report.file(source.name)
        try:
            with source.open() as raw:
                head = raw.read(64 * 1024)
            root = xml_root_tag(head) if sniff(head) == "xml" else ""
            if root != "Message":
                hint = " It looks like an SSDA903 return: import it as one." if root == "EXPSSDA903" else ""
                what = f"its root is <{root}>" if root else "it is not XML"
                report.file_problem(source.name, f"This is not a CIN census ({what}).{hint}")
                on_read(source.size)
                continue
            with source.open() as raw:
                stream = XMLStream(raw, ("Message", "Children", "Child"), on_read)
                for number, node in enumerate(stream, start=1):
                    identifiers = node.first("ChildIdentifiers")
                    child_id = identifiers.value("LAchildID") if identifiers is not None else ""
                    spool.add(KIND, child_id, (source.name, number, node), source=source.name)
            year, note = _file_year(stream.root)
        except UnreadableFile as error:
            spool.discard(KIND, source.name)  # what was read before the file turned out unreadable
            report.file_problem(source.name, str(error))
            continue
        except BadValue as error:
            spool.discard(KIND, source.name)
            report.file_problem(source.name, f"The header's ReferenceDate cannot be read: {error}")
            continue
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            spool.discard(KIND, source.name)
            report.file_problem(
                source.name,
                f"This census is for {year_label(year)}: the import reads the {year_label(FIRST_YEAR)} to "
                f"{year_label(LAST_YEAR)} schemas.",
            )
            continue
        summary.table = "CIN census XML" + (f" {year_label(year)}" if year else "")
        summary.note = note
        files.append(CensusFile(source.name, year, position))
    return {"files": files}


def _file_year(root: Node | None) -> tuple[int | None, str]:
    details = None
    if root is not None and root.first("Header") is not None:
        details = root.first("Header").first("CollectionDetails")
    if details is None:
        return None, "The file has no header with the collection year."
    reference = parse_date(details.value("ReferenceDate"))
    stated = details.value("Year")
    if reference is not None:
        year = reference.year + 1 if reference.month >= 4 else reference.year
        note = f"Collection year {year_label(year)}, from the reference date {LONG(reference)}."
        if stated.isdigit() and int(stated) != year:
            note += f" (The header's Year says {stated}.)"
        return year, note
    if stated.isdigit():
        return int(stated), f"Collection year {year_label(int(stated))}, from the header's Year."
    return None, "The header gives no collection year."


class YearNotGiven(ValueError):
    """Neither the upload nor the census's header says which collection year it is."""


def collection_year(tables: dict, requested: int | None) -> tuple[int, str]:
    """The batch's collection year: the one asked for, else the latest file's header. Never guessed
    from the dates in the files."""
    if requested is not None:
        return requested, "as given on upload"
    years = [census.year for census in tables["files"] if census.year is not None]
    if years:
        return max(years), "from the census header"
    raise YearNotGiven(
        "The census does not say which collection year it is for (its header has no ReferenceDate): give the "
        "collection year."
    )


def _structure(census: CensusFile, number: int, node: Node, year: int, next_index: Callable[[], int]) -> CinChild:
    identifiers = node.first("ChildIdentifiers")
    characteristics = node.first("ChildCharacteristics")
    values = identifiers.leaves() if identifiers is not None else {}
    if characteristics is not None:
        values["Ethnicity"] = characteristics.value("Ethnicity")
    child_id = values.get("LAchildID", "")
    label = f"Child {number}" + (f" ({child_id})" if child_id else "")

    def row(table: str, element: Node, what: str = "", extra: dict | None = None) -> SourceRow:
        leaves = values if element is identifiers or element is node else element.leaves()
        made = SourceRow(
            table,
            census.name,
            element.line,
            f"{label}, {what}" if what else label,
            {**leaves, **(extra or {}), "CHILD": child_id},
        )
        made.index = next_index()
        return made

    if identifiers is None:
        values["_no_identifiers"] = "1"
    child = CinChild(row("child", identifiers or node), year)
    for episode_number, details in enumerate(node.all("CINdetails"), start=1):
        where_ = f"CIN episode {episode_number}"
        episode = CinEpisode(row("referral", details, f"{where_} (referral)"))
        for count, element in enumerate(details.all("Assessments"), start=1):
            episode.assessments.append(row("assessment", element, f"{where_}, assessment {count}"))
        for count, element in enumerate(details.all("CINPlanDates"), start=1):
            episode.plans.append(row("cin_plan", element, f"{where_}, CIN plan {count}"))
        for count, element in enumerate(details.all("Section47"), start=1):
            episode.section47s.append(row("section47", element, f"{where_}, section 47 enquiry {count}"))
        for count, element in enumerate(details.all("ChildProtectionPlans"), start=1):
            plan = CinPlanRows(row("cp_plan", element, f"{where_}, child protection plan {count}"))
            review_number = 0
            for reviews in element.all("Reviews"):
                for review in reviews.all("CPPreviewDate"):
                    review_number += 1
                    plan.reviews.append(
                        row(
                            "cp_review",
                            review,
                            f"{where_}, child protection plan {count}, review {review_number}",
                            {"CPPreviewDate": review.text},
                        )
                    )
            episode.protection_plans.append(plan)
        child.episodes.append(episode)
    return child


# --- Checking and planning ------------------------------------------------------------------------------------


class CinCensusCheck:
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
            source=SOURCE,
            source_reference=self.reference(row, entry.year),
        )
        messages = rule_messages(new, child=None)
        if messages:
            add_errors(self.report, row, cin_rules.cite_casework(messages), CHILD_COLUMNS)
            return None
        if existing is None:
            return self.plan.settle(new, None, [], row)
        if existing.source not in engine.IMPORTED_SOURCES:
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
        return self.plan.settle(new, existing, details, row, year=entry.year)

    # --- An episode of need ---------------------------------------------------------------------------------

    def _episode(self, child: Child, episode: CinEpisode, year: int, state: "_ChildState") -> None:
        refused = self.report.is_rejected  # already, by a DfE rule across the entry's dates
        referral = None if refused(episode.row) else self._referral(child, episode.row, year, state)
        if referral is None:
            self.report.reject_dependants(episode.assessments, "Not imported: its referral was rejected.")
        else:
            for row in episode.assessments:
                if not refused(row):
                    self._assessment(child, row, referral, year, state)
        for row in episode.plans:
            if not refused(row):
                self._cin_plan(child, row, year, state)
        initial_dates = set()
        for row in episode.section47s:
            if not refused(row):
                initial_dates |= self._section47(child, row, year, state)
        try:
            initial = parse_date(episode.row.get("DateOfInitialCPC"))
        except BadValue:
            initial = None  # reported with the referral
        if initial is not None and initial not in initial_dates and not self.report.is_rejected(episode.row):
            self._conference(child, episode.row, codes.ConferenceKind.INITIAL, initial, None, year, state)
        for plan_rows in episode.protection_plans:
            plan = None if refused(plan_rows.row) else self._cp_plan(child, plan_rows.row, year, state)
            if plan is None:
                self.report.reject_dependants(
                    plan_rows.reviews, "Not imported: its child protection plan was rejected."
                )
                continue
            for row in plan_rows.reviews:
                self._review(child, row, plan, year, state)

    def _referral(self, child: Child, row: SourceRow, year: int, state: "_ChildState") -> Referral | None:
        values = CinValues(row, self.report)
        received = values.date("CINreferralDate", required=True, what="The referral date (CINreferralDate)")
        source = values.code("ReferralSource", REFERRAL_SOURCES, what="referral source", required=True)
        primary_need = values.code("PrimaryNeedCode", PRIMARY_NEED, what="primary need")
        closed = values.date("CINclosureDate")
        reason = values.code("ReasonForClosure", REASON_FOR_CLOSURE, what="reason for closure")
        values.flag("ReferralNFA")
        values.date("DateOfInitialCPC")
        if not values.ok:
            return None
        if closed is not None and not reason:
            self.report.warning(
                row,
                "ReasonForClosure",
                cin_rules.cite(
                    "The case closed but the reason for closure is missing.", cin_rules.CLOSED_WITHOUT_REASON_RULE
                ),
            )
        referral = Referral(
            child=child,
            received_on=received,
            source_of_referral=source,
            closed_on=closed,
            primary_need=primary_need or "",
            reason_for_closure=reason or "",
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        return self._settle(
            referral,
            ("received_on",),
            ["source_of_referral", "closed_on", "primary_need", "reason_for_closure"],
            row,
            state,
            REFERRAL_COLUMNS,
            "referral",
        )

    def _assessment(self, child, row, referral: Referral, year, state) -> None:
        values = CinValues(row, self.report)
        started = values.date("AssessmentActualStartDate", required=True, what="The assessment's start date")
        authorised = values.date("AssessmentAuthorisationDate")
        values.date("AssessmentInternalReviewDate")
        if not values.ok:
            return
        assessment = Assessment(
            child=child,
            referral=referral,
            started_on=started,
            authorised_on=authorised,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        self._settle(
            assessment,
            ("started_on",),
            ["referral", "authorised_on"],
            row,
            state,
            ASSESSMENT_COLUMNS,
            "assessment",
            links={"referral": referral},
        )

    def _cin_plan(self, child, row, year, state) -> None:
        values = CinValues(row, self.report)
        started = values.date("CINPlanStartDate", required=True, what="The plan's start date (CINPlanStartDate)")
        ended = values.date("CINPlanEndDate")
        if not values.ok:
            return
        plan = ChildInNeedPlan(
            child=child,
            started_on=started,
            ended_on=ended,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        self._settle(
            plan, ("started_on",), ["ended_on"], row, state, CIN_PLAN_COLUMNS, "child in need plan", periods=True
        )

    def _section47(self, child, row, year, state) -> set[date]:
        """The strategy discussion, the enquiry it started and the initial conference that followed."""
        values = CinValues(row, self.report)
        started = values.date("S47ActualStartDate", required=True, what="The enquiry's start date (S47ActualStartDate)")
        initial = values.date("DateOfInitialCPC")
        values.date("InitialCPCtarget")
        values.flag("ICPCnotRequired")
        if not values.ok:
            return set()
        discussion = StrategyDiscussion(
            child=child, held_on=started, source=SOURCE, source_reference=self.reference(row, year), recorded_by=self.by
        )
        discussion = self._settle(
            discussion, ("held_on",), [], row, state, {"held_on": "S47ActualStartDate"}, "strategy discussion"
        )
        if discussion is None:
            return set()
        enquiry = Section47Enquiry(
            child=child,
            strategy_discussion=discussion,
            started_on=started,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        enquiry = self._settle(
            enquiry,
            ("started_on",),
            ["strategy_discussion"],
            row,
            state,
            {"started_on": "S47ActualStartDate", "strategy_discussion": "S47ActualStartDate"},
            "section 47 enquiry",
            links={"strategy_discussion": discussion},
        )
        if enquiry is None or initial is None:
            return set()
        self._conference(child, row, codes.ConferenceKind.INITIAL, initial, enquiry, year, state)
        return {initial}

    def _conference(self, child, row, kind: str, held_on: date, enquiry, year, state) -> None:
        conference = ChildProtectionConference(
            child=child,
            kind=kind,
            held_on=held_on,
            section47=enquiry,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        column = "CPPreviewDate" if kind == codes.ConferenceKind.REVIEW else "DateOfInitialCPC"
        self._settle(
            conference,
            ("kind", "held_on"),
            ["section47"] if enquiry is not None else [],
            row,
            state,
            {"held_on": column, "section47": column, "kind": column},
            "review conference" if kind == codes.ConferenceKind.REVIEW else "initial conference",
            links={"section47": enquiry} if enquiry is not None else None,
        )

    def _cp_plan(self, child, row, year, state) -> ChildProtectionPlan | None:
        values = CinValues(row, self.report)
        started = values.date("CPPstartDate", required=True, what="The plan's start date (CPPstartDate)")
        ended = values.date("CPPendDate")
        initial = values.code("InitialCategoryOfAbuse", ABUSE_CATEGORIES, what="category of abuse")
        latest = values.code("LatestCategoryOfAbuse", ABUSE_CATEGORIES, what="category of abuse")
        if values.ok and not (initial or latest):
            values.fail("InitialCategoryOfAbuse", "The category of abuse is missing.")
        if not values.ok:
            return None
        plan = ChildProtectionPlan(
            child=child,
            started_on=started,
            ended_on=ended,
            category=initial or latest,
            source=SOURCE,
            source_reference=self.reference(row, year),
            recorded_by=self.by,
        )
        return self._settle(
            plan,
            ("started_on",),
            ["ended_on", "category"],
            row,
            state,
            CP_PLAN_COLUMNS,
            "child protection plan",
            periods=True,
        )

    def _review(self, child, row, plan: ChildProtectionPlan, year, state) -> None:
        values = CinValues(row, self.report)
        held_on = values.date("CPPreviewDate", required=True, what="The review date (CPPreviewDate)")
        if not values.ok:
            return
        if not (plan.started_on <= held_on and (plan.ended_on is None or plan.ended_on >= held_on)):
            # Before the plan: the DfE's rule 8841; after it ended, the validator has no rule.
            self.report.error(
                row,
                "CPPreviewDate",
                cin_rules.cite(
                    f"The review conference on {LONG(held_on)} is outside its child protection plan "
                    f"({period_text(plan.started_on, plan.ended_on)}).",
                    cin_rules.REVIEW_BEFORE_PLAN_RULE if held_on < plan.started_on else None,
                ),
            )
            return
        self._conference(child, row, codes.ConferenceKind.REVIEW, held_on, None, year, state)

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
                same = all(engine.comparable(planned, name) == engine.comparable(record, name) for name in fields)
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


class _Existing:
    """The children's records already in the product: one query per type per 2,000 children."""

    def __init__(self, child_pks: list[int]) -> None:
        self.by_model = {
            model: engine.records_by_child(model, child_pks) for model in WRITE_ORDER if model is not Child
        }
        self.visits = engine.records_by_child(ChildProtectionVisit, child_pks)


class _ChildState:
    """One child's records: those in the product (by natural key) and those planned so far."""

    def __init__(self, existing: _Existing, child: Child) -> None:
        self.child = child
        self.existing = existing
        self.year: int | None = None
        self.seen: dict[type, dict[tuple, tuple]] = defaultdict(dict)
        self._keyed: dict[tuple, dict] = {}

    def existing_of(self, model) -> list:
        if self.child.pk is None:
            return []
        return self.existing.by_model[model].get(self.child.pk, [])

    def existing_by_key(self, model, key_fields: tuple[str, ...]) -> dict:
        cache_key = (model, key_fields)
        if cache_key not in self._keyed:
            self._keyed[cache_key] = {
                tuple(getattr(record, name) for name in key_fields): record for record in self.existing_of(model)
            }
        return self._keyed[cache_key]


CHILD_COLUMNS = {
    "la_child_id": "LAchildID",
    "date_of_birth": "PersonBirthDate",
    "expected_date_of_birth": "ExpectedPersonBirthDate",
    "sex": "Sex",
    "ethnicity": "Ethnicity",
    "upn": "UPN",
}
REFERRAL_COLUMNS = {
    "received_on": "CINreferralDate",
    "closed_on": "CINclosureDate",
    "source_of_referral": "ReferralSource",
    "primary_need": "PrimaryNeedCode",
    "reason_for_closure": "ReasonForClosure",
}
ASSESSMENT_COLUMNS = {
    "started_on": "AssessmentActualStartDate",
    "authorised_on": "AssessmentAuthorisationDate",
    "referral": "AssessmentActualStartDate",
}
CIN_PLAN_COLUMNS = {"started_on": "CINPlanStartDate", "ended_on": "CINPlanEndDate"}
CP_PLAN_COLUMNS = {"started_on": "CPPstartDate", "ended_on": "CPPendDate", "category": "InitialCategoryOfAbuse"}
