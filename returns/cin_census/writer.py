"""The children in need census for a collection year, as the DfE's XML.

``Message > Header > CollectionDetails, Source`` then ``Children > Child`` with
``ChildIdentifiers``, ``ChildCharacteristics`` (ethnicity, disabilities) and one ``CINdetails`` per
episode of need (its assessments with the factors identified at them),
in the element order of the DfE's schema, as the product's importer (``imports.cin_census``,
schemas 2021 to 2026) reads it. Sex is ``GenderCurrent`` 1/2 (0 unborn) before 2024-25 and
``Sex`` M/F/U from 2024-25 (DfE rule 8750). Dates are yyyy-mm-dd.

An episode of need is a referral, to its case closure. The census holds the episodes open at
some time in the year (received by 31 March, not closed before 1 April). A record belongs to
the episode whose span holds its start date (received on or before it; closed, if closed, on
or after it); anything dated after 31 March is left out, as an end after it (not yet known).
Each kind of record is one query, whatever the number of children.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from xml.etree import ElementTree as ET

from django.db.models import Q
from django.utils import timezone

from casework.codes import ConferenceKind, Section47Outcome
from casework.models import (
    Assessment,
    Child,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    PeriodOfCare,
    Referral,
    Section47Enquiry,
)

from ..ssda903.episodes import CollectionYear

SOFTWARE = "Children's services performance"
_GENDER_BEFORE_2025 = {"M": "1", "F": "2", "U": "0"}


@dataclass
class Census:
    year: CollectionYear
    children: int = 0
    episodes: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    xml: bytes = b""


def _text(parent: ET.Element, tag: str, value) -> None:
    if value is None or value == "":
        return
    element = ET.SubElement(parent, tag)
    element.text = value.isoformat() if isinstance(value, date) else str(value)


def _codes(parent: ET.Element, tag: str, item_tag: str, codes: list[str] | None) -> None:
    """A list of codes (the child's disabilities, an assessment's factors): none written when none recorded."""
    if not codes:
        return
    element = ET.SubElement(parent, tag)
    for code in codes:
        _text(element, item_tag, code)


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _within(day: date, referral: Referral) -> bool:
    return referral.received_on <= day and (referral.closed_on is None or day <= referral.closed_on)


def _not_ended_before(records: list, field: str, day: date) -> list:
    return [record for record in records if getattr(record, field) is None or getattr(record, field) >= day]


def _any_within(plans: list, referral: Referral) -> bool:
    return any(_within(plan.started_on, referral) for plan in plans)


def build_census(year: int, *, lea: str = "000", now: datetime | None = None) -> Census:
    collection = CollectionYear(year)
    start, end = collection.start, collection.end

    def known(day: date | None) -> date | None:
        return day if day is not None and day <= end else None

    referrals = list(
        Referral.objects.filter(received_on__lte=end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
        .order_by("child_id", "received_on", "pk")
    )
    child_ids = {referral.child_id for referral in referrals}
    children = {child.pk: child for child in Child.objects.filter(pk__in=child_ids)}
    by_child: dict[int, list[Referral]] = defaultdict(list)
    for referral in referrals:
        by_child[referral.child_id].append(referral)

    def grouped(queryset, date_field: str) -> dict[int, list]:
        result: dict[int, list] = defaultdict(list)
        for record in queryset.filter(child__in=child_ids, **{f"{date_field}__lte": end}).order_by(date_field, "pk"):
            result[record.child_id].append(record)
        return result

    assessments = grouped(Assessment.objects.all(), "started_on")
    cin_plans = grouped(ChildInNeedPlan.objects.all(), "started_on")
    enquiries = grouped(Section47Enquiry.objects.all(), "started_on")
    protection_plans = grouped(ChildProtectionPlan.objects.all(), "started_on")
    periods_of_care = grouped(PeriodOfCare.objects.all(), "started_on")
    conferences = grouped(ChildProtectionConference.objects.all(), "held_on")
    initial_by_enquiry = {
        c.section47_id: c for cs in conferences.values() for c in cs if c.kind == ConferenceKind.INITIAL
    }

    root = ET.Element("Message")
    header = ET.SubElement(root, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _text(details, "Collection", "CIN")
    _text(details, "Year", year)
    _text(details, "ReferenceDate", end)
    source = ET.SubElement(header, "Source")
    _text(source, "SourceLevel", "L")
    _text(source, "LEA", lea)
    _text(source, "SoftwareCode", SOFTWARE)
    _text(source, "Release", "1")
    _text(source, "SerialNo", "1")
    _text(source, "DateTime", timezone.localtime(now or timezone.now()).replace(microsecond=0, tzinfo=None).isoformat())
    children_element = ET.SubElement(root, "Children")
    census = Census(collection)
    counts: dict[str, int] = defaultdict(int)

    for child in sorted(children.values(), key=lambda c: c.la_child_id):
        element = ET.SubElement(children_element, "Child")
        identifiers = ET.SubElement(element, "ChildIdentifiers")
        _text(identifiers, "LAchildID", child.la_child_id)
        _text(identifiers, "UPN", child.upn)
        # A child born after 31 March was unborn at the census date (DfE rule 8520): expected then.
        born = known(child.date_of_birth)
        _text(identifiers, "PersonBirthDate", born)
        expected = None if born else child.expected_date_of_birth or child.date_of_birth
        _text(identifiers, "ExpectedPersonBirthDate", expected)
        if year >= 2025:
            _text(identifiers, "Sex", "U" if born is None else child.sex)
        else:
            _text(identifiers, "GenderCurrent", "0" if born is None else _GENDER_BEFORE_2025[child.sex])
        characteristics = ET.SubElement(element, "ChildCharacteristics")
        _text(characteristics, "Ethnicity", child.ethnicity)
        _codes(characteristics, "Disabilities", "Disability", child.disabilities)
        census.children += 1
        for referral in by_child[child.pk]:
            census.episodes += 1
            counts["referrals"] += 1
            episode = ET.SubElement(element, "CINdetails")
            _text(episode, "CINreferralDate", referral.received_on)
            _text(episode, "ReferralSource", referral.source_of_referral)
            _text(episode, "PrimaryNeedCode", referral.primary_need)
            closed = known(referral.closed_on)
            _text(episode, "CINclosureDate", closed)
            _text(episode, "ReasonForClosure", referral.reason_for_closure if closed else None)
            its_assessments = [a for a in assessments[child.pk] if a.referral_id == referral.pk]
            # The census holds what was open in the year: not an assessment authorised, a plan
            # ended or an enquiry finished before 1 April (DfE rule 8696 and its like).
            for assessment in _not_ended_before(its_assessments, "authorised_on", start):
                counts["assessments"] += 1
                part = ET.SubElement(episode, "Assessments")
                _text(part, "AssessmentActualStartDate", assessment.started_on)
                authorised = known(assessment.authorised_on)
                _text(part, "AssessmentAuthorisationDate", authorised)
                # Factors belong to a completed assessment only (DfE rule 8614): not to one completed after 31 March.
                if authorised is not None:
                    _codes(part, "FactorsIdentifiedAtAssessment", "AssessmentFactors", assessment.factors)
            for plan in _not_ended_before(cin_plans[child.pk], "ended_on", start):
                if _within(plan.started_on, referral):
                    counts["cin_plans"] += 1
                    part = ET.SubElement(episode, "CINPlanDates")
                    _text(part, "CINPlanStartDate", plan.started_on)
                    _text(part, "CINPlanEndDate", known(plan.ended_on))
            for enquiry in enquiries[child.pk]:
                if not _within(enquiry.started_on, referral):
                    continue
                conference = initial_by_enquiry.get(enquiry.pk)
                last_day = conference.held_on if conference else enquiry.completed_on
                if last_day is not None and last_day < start:
                    continue
                counts["section47s"] += 1
                part = ET.SubElement(episode, "Section47")
                _text(part, "S47ActualStartDate", enquiry.started_on)
                _text(part, "DateOfInitialCPC", conference.held_on if conference else None)
                decided = enquiry.outcome and known(enquiry.completed_on)
                if conference is None and decided:
                    _text(part, "ICPCnotRequired", _flag(enquiry.outcome != Section47Outcome.INITIAL_CONFERENCE))
            # Every referral says whether it was NFA (DfE rule 8568): closed with no assessment, nor
            # any plan, enquiry or care in the episode (rules 4000, 8832, 8569Q).
            acted = (
                its_assessments
                or any(episode.find(part) is not None for part in ("CINPlanDates", "Section47"))
                or _any_within(protection_plans[child.pk], referral)
                or _any_within(periods_of_care[child.pk], referral)
            )
            _text(episode, "ReferralNFA", _flag(closed is not None and not acted))
            for plan in _not_ended_before(protection_plans[child.pk], "ended_on", start):
                if not _within(plan.started_on, referral):
                    continue
                counts["cp_plans"] += 1
                part = ET.SubElement(episode, "ChildProtectionPlans")
                _text(part, "CPPstartDate", plan.started_on)
                plan_end = known(plan.ended_on)
                _text(part, "CPPendDate", plan_end)
                _text(part, "InitialCategoryOfAbuse", plan.category)
                _text(part, "LatestCategoryOfAbuse", plan.category)
                earlier = sum(1 for other in protection_plans[child.pk] if other.started_on < plan.started_on)
                _text(part, "NumberOfPreviousCPP", earlier)  # DfE rule 8730
                reviews = [
                    c.held_on
                    for c in conferences[child.pk]
                    if c.kind == ConferenceKind.REVIEW
                    and c.held_on >= plan.started_on
                    and (plan.ended_on is None or c.held_on <= plan.ended_on)
                ]
                if reviews:
                    counts["cp_reviews"] += len(reviews)
                    review_element = ET.SubElement(part, "Reviews")
                    for held_on in reviews:
                        _text(review_element, "CPPreviewDate", held_on)
    ET.indent(root)
    census.xml = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    census.counts = {"children": census.children, **counts}
    return census
