"""Reading the census: every child of every file into the spool, each element a row."""

from collections.abc import Callable
from dataclasses import dataclass

from ..models import year_label
from ..readers import BadValue, Node, Source, SourceRow, UnreadableFile, XMLStream, parse_date, sniff, xml_root_tag
from ..report import Report
from ..spool import Spool
from .entities import FIRST_YEAR, LAST_YEAR, LONG, CinChild, CinEpisode, CinPlanRows


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


def _codes(parent: Node | None, tag: str) -> str:
    """The codes of a repeated element (Disabilities > Disability), as one value: separated by spaces."""
    return " ".join(node.text for node in parent.all(tag)) if parent is not None else ""


def _structure(census: CensusFile, number: int, node: Node, year: int, next_index: Callable[[], int]) -> CinChild:
    identifiers = node.first("ChildIdentifiers")
    characteristics = node.first("ChildCharacteristics")
    values = identifiers.leaves() if identifiers is not None else {}
    if characteristics is not None:
        values["Ethnicity"] = characteristics.value("Ethnicity")
        values["Disability"] = _codes(characteristics.first("Disabilities"), "Disability")
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
            factors = {"AssessmentFactors": _codes(element.first("FactorsIdentifiedAtAssessment"), "AssessmentFactors")}
            episode.assessments.append(row("assessment", element, f"{where_}, assessment {count}", factors))
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
