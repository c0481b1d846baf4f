"""The CSV reader on real-world variants of one file (tests/model/csv_variants.py): each
reads to the same numbers and text as the plain file, or is refused with a sentence that
names the row, the column or the cause."""

from __future__ import annotations

import numpy as np
import pytest

from nndesigner.model.csv_chunks import read_chunks
from nndesigner.model.dataset import read_table
from nndesigner.model.errors import DesignError
from tests.model.csv_variants import HEADER, READABLE, REFUSED, ROWS, write_variants

NUMBERS = ["x1", "x2", "y"]


@pytest.fixture(scope="module")
def variants(tmp_path_factory):
    return write_variants(tmp_path_factory.mktemp("variants"))


@pytest.mark.parametrize("name", list(READABLE))
def test_a_variant_reads_like_the_plain_file(variants, name):
    table = read_table(variants[name])
    assert table.header == tuple(HEADER)
    expected = np.array([[float(v) for v in row[:3]] for row in ROWS])
    np.testing.assert_array_equal(table.numeric_columns(NUMBERS), expected)
    cities = table.text_column("city")
    assert cities[:2] == ["Zürich", "Málaga"] and cities[3] == "Genève"


def test_what_the_reader_found_out_is_told(variants):
    assert read_table(variants["plain"]).notes == ()
    assert read_table(variants["excel europe"]).dialect == (
        "semicolon-separated, decimal comma, UTF-8"
    )
    assert any("Windows-1252" in n for n in read_table(variants["latin-1"]).notes)
    assert any("comment" in n for n in read_table(variants["comment line"]).notes)
    assert read_table(variants["tab"]).dialect.startswith("tab-separated")
    assert read_table(variants["excel unicode text"]).dialect == "tab-separated, UTF-16"
    assert any(
        "header from the comment" in n for n in read_table(variants["commented header"]).notes
    )
    ends = read_table(variants["separator at every line end"]).notes
    assert any("ends with a separator" in n for n in ends)


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_broken_variant_is_refused_with_its_cause_named(variants, name):
    _, words = REFUSED[name]
    with pytest.raises(DesignError) as refused:
        table = read_table(variants[name])
        table.numeric_columns(NUMBERS)
    for word in words:
        assert word in str(refused.value)


def test_files_a_review_found_hard_read_as_meant(tmp_path):
    """Ids past 2**53, a non-UTF-8 byte far past the sample, a gap written as a space,
    comment lines with blank lines between them."""
    ids = tmp_path / "ids.csv"
    ids.write_text("id,x1\n1700000000000000000,1\n")
    assert read_table(ids).numeric_columns(["id"])[0, 0] == 1.7e18
    late = tmp_path / "late.csv"
    late.write_bytes(b"x,name\n" + b"1,plain\n" * 20_000 + "2,café\n".encode("cp1252"))
    table = read_table(late)
    assert table.text_column("name")[-1] == "café" and "Windows-1252" in table.notes[0]
    gaps = tmp_path / "gaps.csv"
    gaps.write_text("x, y\n1, 2\n3, \n5, 6\n")
    values = read_table(gaps).numeric_columns(["x", "y"], allow_missing=True)
    assert values[:, 1].tolist()[::2] == [2.0, 6.0] and np.isnan(values[1, 1])
    comments = tmp_path / "comments.csv"
    comments.write_text("# made by hand\n\n# on a Tuesday\nx,y\n1,2\n")
    assert read_table(comments).numeric_columns(["x", "y"]).tolist() == [[1.0, 2.0]]


@pytest.mark.parametrize("name", list(READABLE))
def test_the_block_reader_reads_a_variant_as_the_whole_file_reader(variants, name):
    whole = read_table(variants[name])
    blocks = list(read_chunks(str(variants[name]), NUMBERS, ["city"], block_bytes=64))
    numbers = np.vstack([block.numeric_columns(NUMBERS) for block in blocks])
    np.testing.assert_array_equal(numbers, whole.numeric_columns(NUMBERS))
    assert [c for block in blocks for c in block.text_column("city")] == whole.text_column("city")
    assert blocks[0].first_row == whole.first_row


# Not "quote never closed": in blocks this small the quote ends at its block's end and no
# row is lost (in 1 MB blocks it swallows the block and is refused: test_prediction_file).
BLOCK_REFUSED = [
    n for n in REFUSED if n not in ("header only", "missing cell", "quote never closed")
]


@pytest.mark.parametrize("name", BLOCK_REFUSED)
def test_the_block_reader_refuses_a_broken_variant_alike(variants, name):
    _, words = REFUSED[name]
    with pytest.raises(DesignError) as refused:
        for block in read_chunks(str(variants[name]), NUMBERS, [], block_bytes=64):
            block.numeric_columns(NUMBERS)
    for word in words:
        assert word in str(refused.value)
