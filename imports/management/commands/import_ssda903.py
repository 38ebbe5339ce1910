from imports import ssda903
from imports.models import ReturnKind

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import an SSDA903 return (children looked after): the CSV tables (recognised by their columns) "
        "and/or the XML. Every row is checked; rows that fail are printed and not imported."
    )
    kind = ReturnKind.SSDA903
    return_name = "SSDA903"
    needs_year = True
    years = (ssda903.FIRST_YEAR, ssda903.LAST_YEAR)
