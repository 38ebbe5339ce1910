"""Returns written in the tests: small CSV tables and XML documents, as text."""

import io
from collections.abc import Callable

import pytest

from imports.readers import Source
from imports.services import Outcome, check_files, import_files
from tests.marks import Marks

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"
EPISODES = "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
REVIEWS = "CHILD,DOB,REVIEW,REVIEW_CODE"
MISSING = "CHILD,DOB,MISSING,MIS_START,MIS_END"
OC3 = "CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"
AD1 = "CHILD,DOB,DATE_INT,DATE_MATCH,FOSTER_CARE,NB_ADOPTR,SEX_ADOPTR,LS_ADOPTR"
PLACED = "CHILD,DOB,DATE_PLACED,DATE_PLACED_CEASED,REASON_PLACED_CEASED"
SW_EPISODES = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON"
OC2 = (
    "CHILD,DOB,SDQ_SCORE,SDQ_REASON,CONVICTED,HEALTH_CHECK,IMMUNISATIONS,TEETH_CHECK,HEALTH_ASSESSMENT,"
    "SUBSTANCE_MISUSE,INTERVENTION_RECEIVED,INTERVENTION_OFFERED"
)
PREVIOUS_PERMANENCE = "CHILD,DOB,PREV_PERM,LA_PERM,DATE_PERM"
UASC = "CHILD,SEX,DOB,DUC"


def table(header: str, *rows: str) -> str:
    return "\n".join([header, *rows]) + "\n"


def sources(files: dict[str, str | bytes]) -> list[Source]:
    """In-memory files, as the import reads them."""

    def opener(data: bytes) -> Callable[[], io.BytesIO]:
        return lambda: io.BytesIO(data)

    made = []
    for name, content in files.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        made.append(Source(name, opener(data), len(data)))
    return made


def check_903(files: dict[str, str | bytes], year: int | None = 2024, **kwargs) -> Outcome:
    return check_files("ssda903", sources(files), year=year, **kwargs)


def import_903(files: dict[str, str | bytes], year: int | None = 2024, **kwargs) -> Outcome:
    return import_files("ssda903", sources(files), year=year, **kwargs)


def check_cin(files: dict[str, str | bytes], year: int | None = None, **kwargs) -> Outcome:
    return check_files("cin_census", sources(files), year=year, **kwargs)


def import_cin(files: dict[str, str | bytes], year: int | None = None, **kwargs) -> Outcome:
    return import_files("cin_census", sources(files), year=year, **kwargs)


def messages(outcome: Outcome, severity: str = "error") -> list[str]:
    return [issue.message for issue in outcome.report.issues if issue.severity == severity]


def issues_for(outcome: Outcome, file_name: str, row: int | None = None) -> list:
    return [
        issue for issue in outcome.report.issues if issue.file_name == file_name and (row is None or issue.row == row)
    ]


def cin_document(children: str, *, year: int = 2024, reference_date: str | None = None) -> str:
    reference = reference_date or f"{year}-03-31"
    return f"""<?xml version="1.0" encoding="utf-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>{year}</Year><ReferenceDate>{reference}</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>201</LEA><SoftwareCode>Tests</SoftwareCode><Release>1</Release><SerialNo>1</SerialNo><DateTime>{year}-05-01T10:00:00</DateTime></Source>
  </Header>
  <Children>
{children}
  </Children>
</Message>
"""


@pytest.fixture(autouse=True)
def _no_recomputation(monkeypatch):
    """An import marks the months it touches for recomputation in its transaction; the tests look at
    the import only, so the drain is not asked to run after commit. Returns the marks, as the durable
    queue holds them (``test_services`` checks them)."""
    monkeypatch.setattr("core.recompute.send_on_commit", lambda *args, **kwargs: None)
    return Marks()
