"""Reading an SSDA903 return: its CSV tables or its XML, every row into the spool."""

from collections.abc import Callable, Iterator
from functools import partial

from ..readers import (
    CSV,
    Node,
    Source,
    SourceRow,
    UnreadableFile,
    XMLStream,
    csv_header,
    detect_encoding,
    iter_csv_rows,
    sniff,
    xml_root_tag,
)
from ..report import Report
from ..spool import Spool
from .tables import _NOT_KEPT, TABLE_BY_COLUMNS, TABLE_BY_NAME, TABLES, Table


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
