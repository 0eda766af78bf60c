"""An uploaded file's text, whatever its encoding: a BOM, else UTF-8, else Windows-1252."""

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rapport.domain.text_files import decode

TEXT = "René Lévesque, L’Œuvre… 5 €"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode(),
        codecs.BOM_UTF8 + TEXT.encode(),
        codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf-8", "utf-8 with its BOM", "utf-16 le", "utf-16 be", "windows-1252"],
)
def test_each_encoding_reads_the_same_text(data):
    assert decode(data) == TEXT


def test_latin_1_is_read_as_windows_1252_its_superset():
    assert decode("Ren\u00e9 \u00ab\u00a0ok\u00a0\u00bb".encode("latin-1")) == "René «\u00a0ok\u00a0»"


def test_bytes_windows_1252_leaves_undefined_stay_latin_1_controls():
    assert decode(b"\xe9\x81\x8d\x8f\x90\x9d") == "é\x81\x8d\x8f\x90\x9d"


def test_a_cut_utf16_file_ends_in_a_replacement_not_an_error():
    assert decode(codecs.BOM_UTF16_LE + "Zoé".encode("utf-16-le")[:-1]) == "Zo\ufffd"


@given(st.binary(max_size=300))
def test_any_bytes_decode(data):
    assert isinstance(decode(data), str)
