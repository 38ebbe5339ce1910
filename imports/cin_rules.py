"""The DfE's CIN census validation rules that compare dates across a child's census entry.

Each rule is the DfE's, as its published validator (data-to-insight/csc-validator-be-cin,
``cin_validator/rules/cin2022_23``) implements it; none of them changed in the 2023-24 to 2025-26
rule sets, and the import applies them to every census year it reads. The census year runs from
1 April to the ReferenceDate, 31 March (the validator's ``make_census_period``).

Every rule here changes a figure (CP 5, 1.1, 1.2, FD 8, 2.x), so each is enforced: the rows it
flags are refused, and the message names the rule. Where the DfE flags a pair of rows (an event and
the referral it is dated before, two overlapping episodes), the one refused is the one out of
place: the event, or the episode that starts inside another; the other stays.

- 1104: a section 47's DateOfInitialCPC before the episode's CINreferralDate: the section 47.
- 1105: a CPPstartDate before the CINreferralDate: the child protection plan (and its reviews).
- 2889: an S47ActualStartDate before the CINreferralDate: the section 47.
- 4015: a CINPlanStartDate before the CINreferralDate: the child in need plan.
- 8831: a referral with ReferralNFA true (or 1) with an assessment (start or authorisation date),
  a section 47 (start date) or a DateOfInitialCPC of its own: the referral and that activity.
- 8815: more than one episode with no CINclosureDate and ReferralNFA false (or 0): every episode
  of that child with no CINclosureDate.
- 8816: an episode with no CINclosureDate and ReferralNFA false (or 0) that is not the child's
  latest referral (the first of the latest, in file order): that episode.
- 8820: an episode whose CINreferralDate is on or after another's and before that one's
  CINclosureDate (or, when that one has none and ReferralNFA false or 0, before the
  ReferenceDate): the later episode. One may start the day another closes.
- 8839: within an episode, two or more section 47s with no DateOfInitialCPC and ICPCnotRequired
  not true: each of them.
- 8890: within an episode, a section 47 starting on or after another's start and on or before
  that one's DateOfInitialCPC (or, with none and ICPCnotRequired not true, the ReferenceDate):
  the later section 47. The same section 47 given twice is not compared with itself.
- 8896: within an episode, two or more assessments with no AssessmentAuthorisationDate: each.
- 8840: a child protection plan whose CPPstartDate and CPPendDate are the same day: the plan.
- 8600: a CINreferralDate after the ReferenceDate: the referral.
- 8620: a CINclosureDate outside the census year: the referral.
- 8696: an AssessmentAuthorisationDate outside the census year: the assessment.

A value that cannot be read is not compared here: the row is refused for it anyway, with the
field's own message.

The import's own CIN messages cite the DfE rule that says the same, where the validator has one:

- a code missing or not on the DfE's list: ``CODE_RULES``; the child's ID missing: 8500; a case closed
  without a reason: 8805; the casework rules the DfE shares: ``CASEWORK_RULES``;
- a required date missing or unreadable: ``REQUIRED_DATE_RULES`` (the validator reads a date it
  cannot read as missing);
- a child given twice in a file: 8510; a date of birth and an expected date of birth both given: 8525Q;
- a review conference before its plan started: 8841 (the DfE also refuses one on the plan's start day,
  which the import accepts as within the plan);
- two referrals, child in need plans or child protection plans of a child that overlap, or one given
  twice (with the same or different details): the overlap rules 8820, 4014 and 8940 (``OVERLAP_RULES``:
  a record given twice overlaps itself; for plans the DfE also counts one starting the day another
  ends as overlapping, the import does not).

The validator has no rule, so the message cites none, for:

- a review conference after its plan ended (the validator checks reviews only against the start);
- the same assessment, section 47 enquiry, strategy discussion or conference given twice, or another
  on the same date with different details (no rule compares them; 8890 does not flag a section 47
  given twice);
- a date of birth that differs from the one the product records (the validator sees only the census);
- an optional date that cannot be read (closure, authorisation and end dates, DateOfInitialCPC, the
  dates of birth and death): the DfE's XML schema refuses it before the validator runs, which reads
  it as missing.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from casework import validation

from .readers import BadValue, SourceRow, parse_date

if TYPE_CHECKING:
    from .cin_census.entities import CinChild, CinEpisode

LONG = validation.long_date
TRUE = ("true", "1")
FALSE = ("false", "0")


@dataclass(frozen=True)
class Finding:
    row: SourceRow
    column: str
    message: str


def census_period(year: int) -> tuple[date, date]:
    """The census year ``year`` (2024 for 2023-24): 1 April 2023 to the ReferenceDate, 31 March 2024."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def check(child: "CinChild", year: int) -> list[Finding]:
    """What the rules refuse in one child's entry in one census (collection year ``year``)."""
    findings = list(_episodes(child.episodes, year))
    for episode in child.episodes:
        findings += _within(episode, year)
    return findings


def _date(row: SourceRow, column: str) -> date | None:
    try:
        return parse_date(row.get(column))
    except BadValue:
        return None


def _flag(row: SourceRow, column: str, values: tuple[str, ...]) -> bool:
    return row.get(column).strip().lower() in values


def _open_and_acted_on(episode: "CinEpisode") -> bool:
    """No closure date and ReferralNFA false or 0 (not a referral with no further action)."""
    return _date(episode.row, "CINclosureDate") is None and _flag(episode.row, "ReferralNFA", FALSE)


# --- The child's episodes together --------------------------------------------------------------


def _episodes(episodes: list["CinEpisode"], year: int) -> Iterator[Finding]:
    _, reference_date = census_period(year)
    referred = [(episode, _date(episode.row, "CINreferralDate")) for episode in episodes]
    referred = [(episode, day) for episode, day in referred if day is not None]

    if sum(1 for episode in episodes if _open_and_acted_on(episode)) > 1:
        for episode in episodes:
            if _date(episode.row, "CINclosureDate") is None:
                yield Finding(
                    episode.row,
                    "CINclosureDate",
                    "More than one open CIN episode (no CINclosureDate) that is not a referral with no further "
                    "action is given for this child: close all but the current one (DfE rule 8815).",
                )

    if referred:
        latest_episode, latest = referred[0]
        for episode, day in referred[1:]:
            if day > latest:
                latest_episode, latest = episode, day
        for episode, day in referred:
            if episode is not latest_episode and _open_and_acted_on(episode):
                yield Finding(
                    episode.row,
                    "CINreferralDate",
                    f"This CIN episode (referred {LONG(day)}) is open and not a referral with no further action, but "
                    f"it is not the child's latest: {latest_episode.row.place} was referred {LONG(latest)} "
                    "(DfE rule 8816).",
                )

    for episode, day in referred:
        for other, other_day in referred:
            if other is episode or day < other_day:
                continue
            closed = _date(other.row, "CINclosureDate")
            if closed is not None:
                inside = day < closed
            else:
                inside = _flag(other.row, "ReferralNFA", FALSE) and day < reference_date
            if inside:
                until = f"closed {LONG(closed)}" if closed is not None else "still open"
                yield Finding(
                    episode.row,
                    "CINreferralDate",
                    f"This CIN episode (referred {LONG(day)}) overlaps {other.row.place} (referred "
                    f"{LONG(other_day)}, {until}): a child's CIN episodes cannot overlap, though one may start the "
                    "day another closes (DfE rule 8820).",
                )
                break


# --- Within one episode ----------------------------------------------------------------------------


def _within(episode: "CinEpisode", year: int) -> list[Finding]:
    start, reference_date = census_period(year)
    findings: list[Finding] = []
    row = episode.row
    referred = _date(row, "CINreferralDate")
    closed = _date(row, "CINclosureDate")
    period = f"the census year ({LONG(start)} to {LONG(reference_date)})"

    if referred is not None and referred > reference_date:
        findings.append(
            Finding(
                row,
                "CINreferralDate",
                f"The referral date ({LONG(referred)}) is after the census's reference date ({LONG(reference_date)}) "
                "(DfE rule 8600).",
            )
        )
    if closed is not None and not start <= closed <= reference_date:
        findings.append(
            Finding(
                row, "CINclosureDate", f"The case closure date ({LONG(closed)}) is outside {period} (DfE rule 8620)."
            )
        )

    if referred is not None:
        before = f"before the referral date ({LONG(referred)})"
        for section47 in episode.section47s:
            started = _date(section47, "S47ActualStartDate")
            if started is not None and started < referred:
                findings.append(
                    Finding(
                        section47,
                        "S47ActualStartDate",
                        f"The section 47 enquiry cannot start ({LONG(started)}) {before} (DfE rule 2889).",
                    )
                )
            conference = _date(section47, "DateOfInitialCPC")
            if conference is not None and conference < referred:
                findings.append(
                    Finding(
                        section47,
                        "DateOfInitialCPC",
                        f"The initial child protection conference ({LONG(conference)}) cannot be {before} "
                        "(DfE rule 1104).",
                    )
                )
        for plan in episode.protection_plans:
            started = _date(plan.row, "CPPstartDate")
            if started is not None and started < referred:
                findings.append(
                    Finding(
                        plan.row,
                        "CPPstartDate",
                        f"The child protection plan cannot start ({LONG(started)}) {before} (DfE rule 1105).",
                    )
                )
        for plan_row in episode.plans:
            started = _date(plan_row, "CINPlanStartDate")
            if started is not None and started < referred:
                findings.append(
                    Finding(
                        plan_row,
                        "CINPlanStartDate",
                        f"The child in need plan cannot start ({LONG(started)}) {before} (DfE rule 4015).",
                    )
                )

    if _flag(row, "ReferralNFA", TRUE):
        findings += _activity_on_no_further_action(episode)

    for assessment in episode.assessments:
        authorised = _date(assessment, "AssessmentAuthorisationDate")
        if authorised is not None and not start <= authorised <= reference_date:
            findings.append(
                Finding(
                    assessment,
                    "AssessmentAuthorisationDate",
                    f"The assessment's authorisation date ({LONG(authorised)}) is outside {period} (DfE rule 8696).",
                )
            )
    unauthorised = [row for row in episode.assessments if _date(row, "AssessmentAuthorisationDate") is None]
    if len(unauthorised) > 1:
        findings += [
            Finding(
                assessment,
                "AssessmentAuthorisationDate",
                f"{len(unauthorised)} assessments in this CIN episode have no authorisation date: only one can be "
                "open at a time (DfE rule 8896).",
            )
            for assessment in unauthorised
        ]

    findings += _section47s(episode, reference_date)

    for plan in episode.protection_plans:
        started, ended = _date(plan.row, "CPPstartDate"), _date(plan.row, "CPPendDate")
        if started is not None and started == ended:
            findings.append(
                Finding(
                    plan.row,
                    "CPPendDate",
                    f"The child protection plan cannot start and end on the same day ({LONG(started)}) "
                    "(DfE rule 8840).",
                )
            )
    return findings


def _activity_on_no_further_action(episode: "CinEpisode") -> list[Finding]:
    findings = []
    reason = "is recorded against a referral with no further action (ReferralNFA) (DfE rule 8831)."
    for assessment in episode.assessments:
        for column in ("AssessmentActualStartDate", "AssessmentAuthorisationDate"):
            if assessment.get(column):
                findings.append(Finding(assessment, column, f"An assessment {reason}"))
                break
    for section47 in episode.section47s:
        if section47.get("S47ActualStartDate"):
            findings.append(Finding(section47, "S47ActualStartDate", f"A section 47 enquiry {reason}"))
    if episode.row.get("DateOfInitialCPC"):
        findings.append(Finding(episode.row, "DateOfInitialCPC", f"An initial conference {reason}"))
    elif findings:
        findings.append(Finding(episode.row, "ReferralNFA", f"Activity {reason}"))
    return findings


def _section47s(episode: "CinEpisode", reference_date: date) -> list[Finding]:
    findings = []
    enquiries = []
    for row in episode.section47s:
        conference = _date(row, "DateOfInitialCPC")
        not_required = _flag(row, "ICPCnotRequired", TRUE)
        enquiries.append((row, _date(row, "S47ActualStartDate"), conference, not_required))
    waiting = [row for row, _, conference, not_required in enquiries if conference is None and not not_required]
    if len(waiting) > 1:
        findings += [
            Finding(
                row,
                "DateOfInitialCPC",
                f"{len(waiting)} section 47 enquiries in this CIN episode have no initial conference and are not "
                "marked as not needing one: only one can be ongoing (DfE rule 8839).",
            )
            for row in waiting
        ]
    for row, started, conference, _ in enquiries:
        if started is None:
            continue
        for other, other_started, other_conference, other_not_required in enquiries:
            if other is row or other_started is None or started < other_started:
                continue
            if (other_started, other_conference) == (started, conference):
                continue  # the same enquiry given twice
            if other_conference is not None:
                ongoing, until = started <= other_conference, f"its initial conference on {LONG(other_conference)}"
            else:
                ongoing, until = not other_not_required and started <= reference_date, "no initial conference yet"
            if ongoing:
                findings.append(
                    Finding(
                        row,
                        "S47ActualStartDate",
                        f"This section 47 enquiry starts ({LONG(started)}) while another is ongoing: "
                        f"{other.place} started {LONG(other_started)}, {until} (DfE rule 8890).",
                    )
                )
                break
    return findings


# --- The DfE rule behind each of the import's own CIN messages (see the module docstring) -----------

# A value that is missing or not on the DfE's list, by column (the validator's rules 8866, 8650,
# 8640, 8905, 8910, 4220 and 4180).
CODE_RULES = {
    "ReferralSource": "8866",
    "PrimaryNeedCode": "8650",
    "ReasonForClosure": "8640",
    "InitialCategoryOfAbuse": "8905",
    "LatestCategoryOfAbuse": "8910",
    "Ethnicity": "4220",
    "Sex": "4180",
    "GenderCurrent": "4180",
}
# The casework rules the import checks records against, where a DfE rule says the same.
CASEWORK_RULES = {
    "The case cannot close before the referral date": "8630",
    "The assessment cannot start before the referral": "1103",
    "The conference cannot be before the section 47 enquiry started": "8615",
    "The assessment cannot be completed before it started": "8608",
}
MISSING_REFERRAL_DATE_RULE = "8600"
MISSING_CHILD_ID_RULE = "8500"
CLOSED_WITHOUT_REASON_RULE = "8805"
# A date the census must give, missing or unreadable: the validator reads an unreadable date as missing
# (``process_date_columns`` coerces it), and these rules flag it missing. The other dates have no rule
# for a value that cannot be read: the DfE's XML schema refuses it before the validator runs.
REQUIRED_DATE_RULES = {
    "CINreferralDate": MISSING_REFERRAL_DATE_RULE,  # missing or after the census year
    "CINPlanStartDate": "4010",  # missing or out of the census year
    "CPPstartDate": "8720",  # missing or out of the census year
    "S47ActualStartDate": "8615",  # must be present
    "CPPreviewDate": "8842Q",  # a review with a missing date
}
CHILD_GIVEN_TWICE_RULE = "8510"  # more than one child record with the same LAchildID
BOTH_BIRTH_DATES_RULE = "8525Q"  # a date of birth or an expected one, not both
REVIEW_BEFORE_PLAN_RULE = "8841"  # a review on or before the plan's start
# Two records of a kind the child has one at a time, overlapping or the same one given twice: the
# DfE's overlap rule for that kind flags both (a plan given twice overlaps itself).
OVERLAP_RULES = {"referral": "8820", "child in need plan": "4014", "child protection plan": "8940"}


def cite(message: str, rule: str | None) -> str:
    """The message naming the DfE rule, as the SSDA903 ones do: "... (DfE rule 8866)."."""
    if not rule or "(DfE rule " in message:
        return message
    body = message[:-1] if message.endswith(".") else message
    return f"{body} (DfE rule {rule})."


def cite_field(column: str, message: str) -> str:
    if column in REQUIRED_DATE_RULES:
        return cite(message, REQUIRED_DATE_RULES[column])
    if column == "LAchildID" and "is missing" in message:
        return cite(message, MISSING_CHILD_ID_RULE)
    if column in CODE_RULES and (message.endswith("is missing.") or " code" in message):
        return cite(message, CODE_RULES[column])
    return message


def cite_casework(messages: dict[str, list[str]]) -> dict[str, list[str]]:
    """The casework rules' messages (by model field), each naming the DfE rule that says the same."""
    return {
        name: [
            cite(message, next((rule for start, rule in CASEWORK_RULES.items() if message.startswith(start)), None))
            for message in field_messages
        ]
        for name, field_messages in messages.items()
    }
