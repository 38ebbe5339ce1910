from imports import cin_census
from imports.models import ReturnKind

from ._import_command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import a children in need census (XML, 2021 to 2026 schemas). Every element is checked; "
        "those that fail are printed and not imported."
    )
    kind = ReturnKind.CIN_CENSUS
    return_name = "CIN census"
    years = (cin_census.FIRST_YEAR, cin_census.LAST_YEAR)
