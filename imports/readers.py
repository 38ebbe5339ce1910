"""Reading the files of a statutory return, streaming: CSV tables and XML.

Nothing here knows what a row means. A reader turns a file into ``SourceRow``s (a table
name, where the row is in the file, and its values as text) or, for XML, into small
element trees, one per child, which are dropped once read. The returns' own modules
(``imports.ssda903``, ``imports.cin_census``) check and map them.

XML from an upload is untrusted: a file that declares a document type or entities is
refused (that is how "billion laughs" and external-entity attacks start), and no
statutory return needs either.
"""

import codecs
import contextlib
import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import BinaryIO
from xml.parsers import expat

CHUNK = 64 * 1024


class BadValue(ValueError):
    """A value that cannot be read: the message says what is wrong in words an officer can act on."""


class UnreadableFile(ValueError):
    """A file that cannot be read at all (not CSV, not well-formed XML, unsafe XML)."""


@dataclass
class Source:
    """A file to import: its name as the officer knows it, and how to open it (as bytes)."""

    name: str
    open: Callable[[], BinaryIO]
    size: int = 0


@dataclass(slots=True, eq=False)
class SourceRow:
    """One row of a return's table, as text. ``row`` is the spreadsheet row number for CSV
    (the header is row 1) or the line for XML; ``place`` says where it is in words."""

    table: str
    file_name: str
    row: int | None
    place: str
    values: dict[str, str]
    index: int = 0

    @property
    def child(self) -> str:
        return self.values.get("CHILD", "")

    def get(self, column: str) -> str:
        return self.values.get(column, "")


# --- Values ---------------------------------------------------------------------------------

_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+00:00(?::00)?)?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?Z?)?$")
EARLIEST_PLAUSIBLE = date(1900, 1, 1)


def parse_date(text: str) -> date | None:
    """dd/mm/yyyy (the CSV tables, and SSDA903 XML) or yyyy-mm-dd (the CIN census); empty is None."""
    text = (text or "").strip()
    if not text:
        return None
    match = _DAY_MONTH_YEAR.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
    else:
        match = _ISO.match(text)
        if not match:
            raise BadValue(f"'{text}' is not a date: write it as dd/mm/yyyy (or yyyy-mm-dd).")
        year, month, day = (int(part) for part in match.groups())
    try:
        value = date(year, month, day)
    except ValueError:
        raise BadValue(f"'{text}' is not a real date.") from None
    if value < EARLIEST_PLAUSIBLE:
        raise BadValue(f"'{text}' cannot be right: it is before 1900.")
    return value


def parse_flag(text: str) -> bool | None:
    """true/false/1/0 as the CIN census writes them; empty is None."""
    value = (text or "").strip().lower()
    if not value:
        return None
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise BadValue(f"'{text}' is not true or false.")


# --- What kind of file --------------------------------------------------------------------------

CSV = "csv"
XML = "xml"


def sniff(head: bytes) -> str:
    """'xml' or 'csv' from the first bytes of a file."""
    text = head.lstrip(b"\xef\xbb\xbf\xff\xfe\xfe\xff \t\r\n")
    if text.startswith(b"<") or head[:4] in (b"\xff\xfe<\x00", b"\xfe\xff\x00<"):
        return XML
    return CSV


def xml_root_tag(head: bytes) -> str:
    """The root element's name from the first bytes of an XML file ('' when it cannot be seen)."""
    parser = expat.ParserCreate()
    found: list[str] = []

    def start(name, attributes):
        found.append(local_name(name))
        raise StopIteration

    parser.StartElementHandler = start
    with contextlib.suppress(StopIteration, expat.ExpatError):
        parser.Parse(head, False)
    return found[0] if found else ""


def local_name(name: str) -> str:
    """'ns:Child' or '{uri}Child' -> 'Child'."""
    return name.rsplit("}", 1)[-1].rsplit(":", 1)[-1]


class CountingReader(io.RawIOBase):
    """Wraps a binary file, reporting how many bytes have been read (for the progress bar)."""

    def __init__(self, raw: BinaryIO, on_read: Callable[[int], None] | None = None) -> None:
        self.raw = raw
        self.count = 0
        self.on_read = on_read

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        if self.on_read is not None:
            self.on_read(size)
        return size


# --- CSV ------------------------------------------------------------------------------------------


UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


# Bytes that text never holds (tab, line feed and carriage return excepted).
_OTHER_CONTROL_BYTES = re.compile(rb"[\x01-\x08\x0b\x0c\x0e-\x1a\x1c-\x1f]")


def detect_encoding(source: Source) -> str:
    """The text encoding of a CSV file, as the files authorities send come: UTF-8 (with or without a
    byte-order mark), UTF-16 (with a byte-order mark, or plain text whose every other byte is zero),
    else Windows-1252 as Excel writes it (a UTF-8 byte-order mark in front of Windows-1252 text
    included). The encoding is confirmed over the whole file, streaming, before a row is read: a file
    is never half read in one encoding and half in another. A file that is not text is refused."""
    with source.open() as raw:
        head = raw.read(4096)
    if head.startswith(b"PK\x03\x04"):
        raise UnreadableFile(
            "It is a spreadsheet workbook or a zip file, not a CSV table: save each table as CSV (UTF-8)."
        )
    if head.startswith(b"%PDF"):
        raise UnreadableFile("It is a PDF, not a CSV table: export the table as CSV (UTF-8).")
    candidates = []
    if head.startswith(UTF16_BOMS):
        candidates.append("utf-16")
    elif head[1:200:2] and head[1:200:2].count(0) > len(head[1:200:2]) * 0.6:
        candidates.append("utf-16-le")
    elif head[0:200:2] and head[0:200:2].count(0) > len(head[0:200:2]) * 0.6:
        candidates.append("utf-16-be")
    elif b"\x00" in head and (head.count(0) > max(2, len(head) // 100) or _OTHER_CONTROL_BYTES.search(head)):
        # A stray NUL in a value is text with a bad value (the row is refused by its checks); many are binary.
        raise UnreadableFile("It is not a text file (it holds binary data): export the table as CSV (UTF-8).")
    else:
        candidates.append("utf-8-sig")
    for encoding in candidates:
        if _decodes_as(source, encoding):
            return encoding
    if candidates[0].startswith("utf-16"):
        raise UnreadableFile("It cannot be read as text (it is not valid UTF-16): save it as CSV (UTF-8).")
    return "cp1252-sig" if head.startswith(UTF8_BOM) else "cp1252"


def _decodes_as(source: Source, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    with source.open() as raw:
        try:
            while chunk := raw.read(CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _text(raw: BinaryIO, encoding: str) -> io.TextIOWrapper:
    """The file as text; "cp1252-sig" is Windows-1252 text behind a UTF-8 byte-order mark. The five
    bytes Windows-1252 leaves undefined read as a replacement character, which the checks then name."""
    if encoding == "cp1252-sig":
        raw.read(len(UTF8_BOM))
        encoding = "cp1252"
    errors = "replace" if encoding == "cp1252" else "strict"
    return io.TextIOWrapper(raw, encoding=encoding, errors=errors, newline="")


def _clean_header(first: list[str]) -> list[str]:
    return [column.strip().lstrip("\ufeff").strip() for column in first]


def csv_header(source: Source, encoding: str) -> list[str]:
    """The column names of a CSV file, with a byte-order mark and surrounding whitespace removed."""
    with source.open() as raw:
        text = _text(raw, encoding)
        try:
            return _clean_header(next(csv.reader(text), []))
        except csv.Error as error:
            raise UnreadableFile(f"It cannot be read as CSV: {error}.") from None
        finally:
            text.detach()


def iter_csv_rows(
    source: Source, table: str, encoding: str, on_read: Callable[[int], None] | None = None
) -> Iterator[SourceRow]:
    """The rows of a CSV table, one at a time (never the whole file in memory). A row with the wrong
    number of values carries a ``_width`` value, which the checks report."""
    with source.open() as raw:
        counted = io.BufferedReader(CountingReader(raw, on_read), buffer_size=CHUNK)
        text = _text(counted, encoding)
        reader = csv.reader(text)
        try:
            header = _clean_header(next(reader, []))
            width = len(header)
            for values in reader:
                if not any(value.strip() for value in values):
                    continue  # blank lines, often at the end of an export
                number = reader.line_num  # the spreadsheet row: the header is row 1
                row = dict(zip(header, (value.strip() for value in values), strict=False))
                if len(values) != width:
                    row["_width"] = str(len(values))
                yield SourceRow(table, source.name, number, f"row {number}", row)
        except csv.Error as error:
            raise UnreadableFile(f"It cannot be read as CSV (row {reader.line_num}): {error}.") from None


# --- XML --------------------------------------------------------------------------------------------


@dataclass(slots=True, eq=False)
class Node:
    """A small element tree: tag, line of its start tag, text, children."""

    tag: str
    line: int
    parts: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def first(self, tag: str) -> "Node | None":
        for child in self.children:
            if child.tag == tag:
                return child
        return None

    def all(self, tag: str) -> list["Node"]:
        return [child for child in self.children if child.tag == tag]

    def value(self, *tags: str) -> str:
        """The text of the first child with any of the tags ('' if none)."""
        for tag in tags:
            node = self.first(tag)
            if node is not None:
                return node.text
        return ""

    def has(self, tag: str) -> bool:
        return self.first(tag) is not None

    def leaves(self) -> dict[str, str]:
        """Text of the children that have no children of their own, by tag (the first of each)."""
        values: dict[str, str] = {}
        for child in self.children:
            if not child.children and child.tag not in values:
                values[child.tag] = child.text
        return values


class XMLStream:
    """Iterates over the record elements of an XML file (those at ``record_path``), each once
    complete, keeping the rest of the document (e.g. the CIN census header) on ``root``."""

    def __init__(self, raw: BinaryIO, record_path: tuple[str, ...], on_read: Callable[[int], None] | None = None):
        self.raw = raw
        self.record_path = record_path
        self.on_read = on_read
        self.root: Node | None = None

    def __iter__(self) -> Iterator[Node]:
        parser = expat.ParserCreate()
        parser.buffer_text = True
        stack: list[Node] = []
        finished: list[Node] = []
        depth_of_record = len(self.record_path) - 1
        record_tag = self.record_path[-1]

        def start(name, attributes):
            node = Node(local_name(name), parser.CurrentLineNumber)
            if stack:
                is_record = len(stack) == depth_of_record and node.tag == record_tag
                if not is_record:
                    stack[-1].children.append(node)
            else:
                self.root = node
            stack.append(node)

        def end(name):
            node = stack.pop()
            if len(stack) == depth_of_record and node.tag == record_tag:
                finished.append(node)

        def text(data):
            if stack:
                stack[-1].parts.append(data)

        def refuse(*args):
            raise UnreadableFile(
                "The file declares a document type or entities, which a statutory return never needs: "
                "it was not read, for safety. Export the return again from the case management system."
            )

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = refuse
        parser.EntityDeclHandler = refuse
        parser.ExternalEntityRefHandler = refuse
        try:
            while True:
                chunk = self.raw.read(CHUNK)
                if self.on_read is not None:
                    self.on_read(len(chunk))
                if not chunk:
                    break
                parser.Parse(chunk, False)
                yield from finished
                finished.clear()
            parser.Parse(b"", True)
        except expat.ExpatError as error:
            raise UnreadableFile(
                f"The file is not well-formed XML (line {error.lineno}, column {error.offset}: "
                f"{expat.ErrorString(error.code)})."
            ) from None
        yield from finished
