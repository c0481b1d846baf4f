"""Predictions written a block of rows at a time: the same text as in one block, and
refusals that name the file's row wherever in the file it is."""

from __future__ import annotations

import csv
import io

import numpy as np
import pytest

from nndesigner.model.csv_chunks import read_chunks
from nndesigner.model.dataset import read_table
from nndesigner.model.errors import DesignError
from nndesigner.model.prediction_file import spreadsheet_safe, write_predictions
from nndesigner.model.serialize import load_design
from nndesigner.resources import resource_path

XOR = resource_path("examples", "xor.nnd.json")
SMALL_BLOCKS = 64  # bytes: a few rows per block


def rows_file(tmp_path, count: int = 300, name: str = "rows.csv", extra: str = ""):
    """`count` rows of XOR inputs with an id column written with leading zeros."""
    rng = np.random.default_rng(0)
    lines = ["id,x1,x2"] + [
        f"{k:04d},{a},{b}" for k, (a, b) in enumerate(rng.integers(0, 2, size=(count, 2)))
    ]
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n" + extra)
    return str(path)


def predicted_text(data: str, block_bytes: int, keep=("id",)) -> str:
    out = io.StringIO()
    write_predictions(load_design(XOR), data, out, list(keep), block_bytes=block_bytes)
    return out.getvalue()


def test_many_small_blocks_write_what_one_block_writes(tmp_path):
    data = rows_file(tmp_path)
    assert len(list(read_chunks(data, ["x1"], [], SMALL_BLOCKS))) > 20
    whole = predicted_text(data, 1 << 24)
    blocks = [line.split(",") for line in predicted_text(data, SMALL_BLOCKS).splitlines()]
    one = [line.split(",") for line in whole.splitlines()]
    # The ids and classes as written, the outputs equal to rounding (BLAS may sum blocks
    # of rows in another order).
    assert [(row[0], row[2]) for row in blocks] == [(row[0], row[2]) for row in one]
    np.testing.assert_allclose(
        [float(row[1]) for row in blocks[1:]], [float(row[1]) for row in one[1:]], rtol=1e-13
    )
    lines = whole.splitlines()
    assert lines[0] == "id,y,predicted" and len(lines) == 301
    assert lines[1].startswith("0000,") and lines[-1].startswith("0299,")  # ids as written


@pytest.mark.parametrize(
    ("last_row", "said"),
    [
        ("0300,1,\n", "row 302 column 'x2'"),  # a missing cell (the design refuses them)
        ("0300,1,one\n", "row 302: column 'x2' holds 'one', which is not a number"),
        ("0300,1\n", "row 302 has 2 cells but the header has 3"),
        ("0300,1,1,1\n", "row 302 has 4 cells but the header has 3"),
        ('0300,1,"1\n0301,0,0\n', "row 302"),  # a quote never closed
    ],
)
def test_a_bad_row_far_into_the_file_is_named_by_its_row(tmp_path, last_row, said):
    data = rows_file(tmp_path, extra=last_row)
    for block_bytes in (SMALL_BLOCKS, 1 << 24):
        with pytest.raises(DesignError, match=said):
            predicted_text(data, block_bytes)


def test_a_refusal_with_check_first_writes_nothing(tmp_path):
    data = rows_file(tmp_path, extra="0300,1,\n")
    out = io.StringIO()
    with pytest.raises(DesignError, match="row 302 column 'x2'"):
        write_predictions(load_design(XOR), data, out, [], check_first=True, block_bytes=64)
    assert out.getvalue() == ""


def test_windows_1252_text_past_the_first_block_is_read_as_such(tmp_path):
    path = tmp_path / "names.csv"
    body = "".join(f"row{k},0,1\n" for k in range(2000))
    path.write_bytes(("name,x1,x2\n" + body).encode() + "café,1,1\n".encode("cp1252"))
    text = predicted_text(str(path), SMALL_BLOCKS, keep=("name",))
    assert text.splitlines()[-1].startswith("café,")


def test_a_column_that_is_not_there_is_named_with_what_is(tmp_path):
    data = rows_file(tmp_path)
    with pytest.raises(DesignError, match="has no column 'name'; it has 'id', 'x1', 'x2'"):
        predicted_text(data, SMALL_BLOCKS, keep=("name",))


def test_rows_after_comment_lines_are_numbered_alike_by_both_readers(tmp_path):
    path = tmp_path / "commented.csv"
    path.write_text("# made by a logger\n# units: none\nx1,x2,y\n0,1,1\n1,,0\n")
    with pytest.raises(DesignError, match="row 5 column 'x2'") as whole:
        load_design(XOR).arrays_of(read_table(path))
    with pytest.raises(DesignError, match="row 5 column 'x2'") as streamed:
        predicted_text(str(path), SMALL_BLOCKS, keep=())
    assert str(whole.value).split(" (")[0] == str(streamed.value).split(" (")[0]


def test_no_written_cell_is_a_spreadsheet_formula(tmp_path):
    path = tmp_path / "hostile.csv"
    path.write_text("id,x1,x2\n=1+2,0,1\n@SUM(A1),1,0\n-x,0,0\n-5,1,1\n+3.5,0,1\n")
    design = load_design(XOR)
    design.document.update_neuron("y", label="=HYPERLINK(1)")
    out = io.StringIO()
    write_predictions(design, str(path), out, ["id"])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0][:2] == ["id", "'=HYPERLINK(1)"]
    assert [row[0] for row in rows[1:]] == ["'=1+2", "'@SUM(A1)", "'-x", "-5", "+3.5"]
    assert spreadsheet_safe("\tq") == "'\tq" and spreadsheet_safe("-.5") == "-.5"
    for payload in ("-2+3+cmd|' /C calc'!A0", "+1+cmd|'/C calc'!A0", "-1;=1+1"):  # OWASP's
        assert spreadsheet_safe(payload) == "'" + payload
    assert all(not row[1].startswith(("=", "@")) for row in rows[1:])
