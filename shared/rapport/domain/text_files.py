"""The text of an uploaded file, whatever encoding it was saved in: pure, total, for every import.

Exports are UTF-8 (LinkedIn's, with a BOM), but a file opened and saved again by a spreadsheet on
Windows is in the system's code page (Windows-1252 in Western Europe: "René" is the single byte
0xE9), and "Unicode text" is UTF-16 with a BOM. Read as UTF-8 with replacements, the first turns
every accent into "�" and the second's bytes become characters, quotes and line breaks included.

The rule, in order: a BOM says it (UTF-8, UTF-16 LE or BE); else bytes that are valid UTF-8 are
UTF-8 (text in a legacy code page with an accent almost never is); else Windows-1252, a superset of
Latin-1's printable characters. No guessing library: these three cover the files networkers have.
"""

from __future__ import annotations

import codecs
import csv

_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))

# Windows-1252 as browsers read it (WHATWG): Latin-1, except 0x80-0x9F, which hold "€", "’", "œ"...;
# the five bytes it leaves undefined stay the Latin-1 control characters, so that any bytes decode.
_WINDOWS_1252 = {
    byte: bytes([byte]).decode("cp1252") for byte in range(0x80, 0xA0) if byte not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


# csv's default limit on a cell (128 KB) is none on a file (4 MB, a zip's CSV 50 MB): past it, the reader loses
# the cell's quotes and reads the rest of a long cell (a note of many lines) as rows, thousands of people who
# are not. A cell as long as a file is read, and its row taken or rejected for what it says.
csv.field_size_limit(2**31 - 1)


def decode(data: bytes) -> str:
    """The file's text, without its BOM; never raises (a lone surrogate or a cut UTF-16 file gives "�")."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1").translate(_WINDOWS_1252)
