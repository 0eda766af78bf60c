"""LinkedIn's Connections.csv, read on fixtures in the export's real format, quirks included."""

import io
import zipfile
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rapport.domain.linkedin import parse_date, read_connections, read_export

PREAMBLE = (
    "Notes:\r\n"
    '"When exporting your connection data, you may notice that some of the email addresses are missing. '
    'You will only see email addresses for connections who have allowed their connections to see or download it."\r\n'
    "\r\n"
)
HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
ROWS = (
    "Claire,Martin,https://www.linkedin.com/in/clairemartin,claire@example.com,Acme,CTO,15 Mar 2024\r\n"
    'Paul,Durand,https://www.linkedin.com/in/pauldurand,,"Durand, Fils & Cie","Founder, CEO",29-Mar-21\r\n'
    "Ana,Lopes,https://www.linkedin.com/in/ana,,,,2024-03-15\r\n"
)
EXPORT = "\ufeff" + PREAMBLE + HEADER + ROWS + ",,,,,,\r\n\r\n"


def test_the_real_export_with_its_bom_preamble_and_trailing_rows():
    reading = read_connections(EXPORT.encode())
    assert reading.rejected == []
    claire, paul, ana = reading.rows
    assert (claire.name, claire.email, claire.company, claire.position) == (
        "Claire Martin",
        "claire@example.com",
        "Acme",
        "CTO",
    )
    assert claire.url == "https://www.linkedin.com/in/clairemartin"
    assert claire.line == 5  # 3 preamble lines, then the header
    assert (paul.email, paul.company, paul.position) == (None, "Durand, Fils & Cie", "Founder, CEO")
    assert (ana.company, ana.position) == (None, None)


def test_every_date_shape():
    reading = read_connections(EXPORT.encode())
    assert [row.connected_on for row in reading.rows] == [date(2024, 3, 15), date(2021, 3, 29), date(2024, 3, 15)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15 Mar 2024", date(2024, 3, 15)), ("29-Mar-21", date(2021, 3, 29)), ("2024-03-15", date(2024, 3, 15))],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["", "yesterday", "31 Feb 2024", "15/03/2024"])
def test_unreadable_dates_are_none(text):
    assert parse_date(text) is None


def test_an_unreadable_date_keeps_the_row():
    reading = read_connections((HEADER + "Claire,Martin,,,,,sometime\r\n").encode())
    assert reading.rejected == []
    assert reading.rows[0].connected_on is None


def test_a_row_without_a_name_is_rejected_with_its_line():
    data = (PREAMBLE + HEADER + ",,https://www.linkedin.com/in/gone,,Acme,,15 Mar 2024\r\n" + ROWS).encode()
    reading = read_connections(data)
    assert [(r.line, r.reason) for r in reading.rejected] == [(5, "no first or last name")]
    assert [row.line for row in reading.rows] == [6, 7, 8]


def test_one_name_is_enough():
    reading = read_connections((HEADER + "Madonna,,,,,,\r\n").encode())
    assert reading.rows[0].name == "Madonna"
    assert reading.rows[0].last_name == ""


def test_an_older_export_without_the_url_column():
    data = (
        PREAMBLE
        + "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        + "Claire,Martin,claire@example.com,Acme,CTO,15 Mar 2019\n"
    ).encode()
    (claire,) = read_connections(data).rows
    assert (claire.url, claire.email, claire.company, claire.connected_on) == (
        None,
        "claire@example.com",
        "Acme",
        date(2019, 3, 15),
    )


def test_columns_are_found_by_name_not_position():
    data = "First Name,Connected On,Company,Last Name\nClaire,15 Mar 2024,Acme,Martin\n"
    (claire,) = read_connections(data.encode()).rows
    assert (claire.name, claire.company, claire.connected_on) == ("Claire Martin", "Acme", date(2024, 3, 15))


def test_a_quoted_field_across_lines_gives_the_line_where_the_row_starts():
    data = (HEADER + 'Claire,Martin,,,"Acme\nLabs",CTO,15 Mar 2024\n,,,,,,\nPaul,Durand,,,,,\n').encode()
    reading = read_connections(data)
    assert [row.line for row in reading.rows] == [2, 5]
    assert reading.rows[0].company == "Acme\nLabs"


def test_short_rows_have_missing_fields_as_none():
    (claire,) = read_connections((HEADER + "Claire,Martin\n").encode()).rows
    assert (claire.url, claire.email, claire.connected_on) == (None, None, None)


def test_a_file_without_the_header_is_a_problem_not_rows():
    reading = read_connections(b"name,email\nClaire,claire@example.com\n")
    assert (reading.rows, reading.rejected) == ([], [])
    assert "First Name" in reading.problem


# Seven connections as a spreadsheet on Windows saves them (Windows-1252, no BOM), or as "Unicode text".
SEVEN = [
    "René,Lévesque,https://www.linkedin.com/in/rene-levesque,,Hydro-Québec,Président,15 Mar 2024",
    "Hélène,Côté,,,Société Générale,Directrice,16 Mar 2024",
    "Zoé,Núñez,,,Café «Flore»,Serveuse,17 Mar 2024",
    "Tatiana,Ivanova,,,L’Œuvre,Trésorière,18 Mar 2024",
    "Anaïs,Noël,,,Crème & Co,Pâtissière,19 Mar 2024",
    'Jérôme,Bové,,,"Élysée, Paris",Conseiller,20 Mar 2024',
    "Ève,Garçon,,,Coût…,Chef € 2,21 Mar 2024",
]


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-16-be", "utf-8"])
def test_a_file_saved_again_by_a_spreadsheet_reads_every_row_right(encoding):
    text = PREAMBLE + HEADER + "".join(row + "\r\n" for row in SEVEN)
    bom = "\ufeff" if encoding == "utf-16-be" else ""  # Python's utf-16 writes its own
    reading = read_connections((bom + text).encode(encoding))
    assert (len(reading.rows), reading.rejected) == (7, [])
    assert [row.name for row in reading.rows][:3] == ["René Lévesque", "Hélène Côté", "Zoé Núñez"]
    assert [row.company for row in reading.rows][3:] == ["L’Œuvre", "Crème & Co", "Élysée, Paris", "Coût…"]


def test_a_row_in_cyrillic_in_utf16_does_not_swallow_the_next_ones():
    """ "Т" is U+0422: its bytes, read as anything but UTF-16, are a quote that opens a field."""
    text = HEADER + "Татьяна,Иванова,,,Т-Банк,,\r\n" + "".join(row + "\r\n" for row in SEVEN[1:])
    reading = read_connections(text.encode("utf-16"))
    assert [row.name for row in reading.rows][:2] == ["Татьяна Иванова", "Hélène Côté"]
    assert len(reading.rows) == 7


def test_invalid_utf8_is_read_as_windows_1252():
    reading = read_connections(HEADER.encode() + b"Cl\xe9ment,Martin,,,\x80 \x92 \x81,,\n")
    assert (reading.rows[0].name, reading.rows[0].company) == ("Clément Martin", "€ ’ \x81")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=300).map(lambda text: (HEADER + text).encode()))
def test_any_input_is_read_without_raising(data):
    reading = read_connections(data)
    assert all(row.name for row in reading.rows)


def _zip(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def test_the_export_zip_is_read():
    data = _zip({"Profile.csv": "First Name\nMe\n", "Connections.csv": EXPORT})
    assert [row.name for row in read_export(data).rows] == ["Claire Martin", "Paul Durand", "Ana Lopes"]


def test_a_zip_with_connections_in_a_folder():
    data = _zip({"Basic_LinkedInDataExport/Connections.csv": EXPORT})
    assert len(read_export(data).rows) == 3


def test_a_zip_without_connections_is_a_clear_error():
    with pytest.raises(ValueError, match="no Connections.csv"):
        read_export(_zip({"Profile.csv": "First Name\nMe\n"}))


def test_a_broken_zip_is_a_value_error():
    with pytest.raises(ValueError, match="zip"):
        read_export(_zip({"Connections.csv": EXPORT})[:60])


def test_bare_csv_is_read_as_csv():
    assert read_export(EXPORT.encode()) == read_connections(EXPORT.encode())


def test_a_field_longer_than_csvs_limit_is_read_whole_and_the_next_rows_after_it():
    """Past csv's default limit (128 KB) the reader lost the quotes: the rest of a cell of many lines became rows."""
    data = (HEADER + 'Claire,Martin,"' + "x\n" * 100_000 + '"\nPaul,Durand,,,,,\n').encode()
    reading = read_connections(data)
    assert [(row.name, row.line) for row in reading.rows] == [("Claire Martin", 2), ("Paul Durand", 100_003)]
    assert len(reading.rows[0].url) == 199_999 and reading.rejected == []  # too long a URL: the import rejects it
