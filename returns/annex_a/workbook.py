"""The Annex A workbook: one sheet per list, "List 1" to "List 11", headers in row 1 as the
Ofsted template has them, one row per record, dates as Excel dates shown dd/mm/yyyy."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from . import front_door, in_care, leaving_care
from .common import Period

DATE_FORMAT = "dd/mm/yyyy"


@dataclass(frozen=True)
class AnnexList:
    number: int
    title: str
    headers: list[str]
    rows: Callable[[Period], list[list]]

    @property
    def sheet_name(self) -> str:
        return f"List {self.number}"


LISTS = [
    AnnexList(1, "Contacts", front_door.LIST_1, front_door.contacts),
    AnnexList(2, "Early help assessments", front_door.LIST_2, front_door.early_help_assessments),
    AnnexList(3, "Referrals", front_door.LIST_3, front_door.referrals),
    AnnexList(4, "Assessments", front_door.LIST_4, front_door.assessments),
    AnnexList(5, "Section 47 enquiries and initial conferences", front_door.LIST_5, front_door.section47_enquiries),
    AnnexList(6, "Children in need", in_care.LIST_6, in_care.children_in_need),
    AnnexList(7, "Child protection plans", in_care.LIST_7, in_care.protection_plans),
    AnnexList(8, "Children looked after", in_care.LIST_8, in_care.looked_after),
    AnnexList(9, "Care leavers", leaving_care.LIST_9, leaving_care.care_leavers),
    AnnexList(10, "Adoption", leaving_care.LIST_10, leaving_care.adoptions),
    AnnexList(11, "Adopters", leaving_care.LIST_11, leaving_care.adopters),
]


def annex_a_rows(period: Period) -> dict[int, list[list]]:
    """Each list's rows (one query a list)."""
    return {annex_list.number: annex_list.rows(period) for annex_list in LISTS}


def write_workbook(rows: dict[int, list[list]], target) -> None:
    """Writes the lists to ``target`` (a path or a binary file)."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for annex_list in LISTS:
        sheet = workbook.create_sheet(annex_list.sheet_name)
        header = []
        for text in annex_list.headers:
            cell = WriteOnlyCell(sheet, value=text)
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        for row in rows[annex_list.number]:
            sheet.append([_cell(sheet, value) for value in row])
    workbook.save(target)


def _cell(sheet, value):
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    return cell


def annex_a_bytes(period: Period) -> tuple[bytes, dict[int, int]]:
    """The workbook and the number of rows in each list."""
    rows = annex_a_rows(period)
    buffer = BytesIO()
    write_workbook(rows, buffer)
    return buffer.getvalue(), {number: len(list_rows) for number, list_rows in rows.items()}


def file_name(period: Period) -> str:
    return f"annex-a-{period.start:%Y-%m-%d}-to-{period.end:%Y-%m-%d}.xlsx"
