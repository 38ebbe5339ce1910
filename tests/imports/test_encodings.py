"""Any file an authority would send is read: UTF-8 with or without a byte-order mark, UTF-16 with or
without one, Windows-1252 (with a stray UTF-8 byte-order mark too). A file that is not text is named
as unreadable, and nothing of it is read."""

import pytest

from casework.models import Child

from .conftest import EPISODES, HEADER, import_903, messages, table

pytestmark = pytest.mark.django_db

HEADER_TEXT = table(HEADER, "A1,1,05/05/2012,WBRI,,,", "B2,2,02/02/2010,BAFR,,,")
EPISODES_TEXT = table(EPISODES, "A1,01/06/2023,S,C2,N1,U6,PR1,,,,,,", "B2,10/10/2023,S,V2,N2,U3,PR1,,,,,,")


@pytest.mark.parametrize(
    "encoded",
    [
        pytest.param(lambda text: text.encode("utf-8"), id="utf-8"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"), id="utf-8 with BOM"),
        pytest.param(lambda text: text.encode("utf-16"), id="utf-16 with BOM"),
        pytest.param(lambda text: text.encode("utf-16-le"), id="utf-16-le without BOM"),
        pytest.param(lambda text: text.encode("utf-16-be"), id="utf-16-be without BOM"),
        pytest.param(lambda text: text.encode("cp1252"), id="windows-1252"),
        pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode("latin-1"), id="latin-1 behind a UTF-8 BOM"),
    ],
)
def test_a_return_is_read_whatever_the_encoding_it_was_saved_in(encoded):
    outcome = import_903({"header.csv": encoded(HEADER_TEXT), "episodes.csv": encoded(EPISODES_TEXT)})

    assert outcome.rows_rejected == 0, messages(outcome)
    assert sorted(Child.objects.values_list("la_child_id", flat=True)) == ["A1", "B2"]


def test_a_non_ascii_character_is_read_as_written_in_windows_1252_behind_a_utf8_bom():
    header = table(HEADER, "A1,1,05/05/2012,WBRI,Zoë,,")
    import_903({"header.csv": b"\xef\xbb\xbf" + header.encode("latin-1")})
    assert Child.objects.get().upn == "Zoë"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4, "It is a spreadsheet workbook or a zip file"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(200), "It is a PDF, not a CSV table"),
        (b"CHILD,SEX\x00\x01\x02" + bytes(range(256)), "It is not a text file"),
        (b"\xff\xfe" + b"\x00\xd8" * 50, "It cannot be read as text (it is not valid UTF-16)"),
    ],
    ids=["xlsx", "pdf", "binary", "broken utf-16"],
)
def test_a_file_that_is_not_text_is_named_as_unreadable_and_nothing_is_imported(content, expected):
    outcome = import_903({"return.csv": content, "episodes.csv": EPISODES_TEXT})

    (problem,) = [issue for issue in outcome.report.issues if issue.file_name == "return.csv"]
    assert problem.place == "whole file" and problem.message.startswith(expected), problem.message
    assert outcome.report.files["return.csv"].readable is False
    assert outcome.report.files["return.csv"].rows == 0
