"""Reading a CSV a block of rows at a time, so that work on a file of any length (such as
predictions) holds one block in memory, never the file.

The dialect, the missing texts, the refusals (rows of the wrong length, a name used
twice) and the row numbers are those of `csv_reading`. Only the
named columns are read: numbers as float64 with NaN where missing or not finite, text
as stripped strings ("" where missing) kept exactly as written (an id 007 stays 007).
A file that is not UTF-8 anywhere is read as Windows-1252, found by one pass over its
bytes before any row is read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from nndesigner.model.csv_reading import (
    BadRows,
    Dialect,
    checked_header,
    file_dialect,
    numpy_column,
    reader_options,
    unclosed_quote,
    unreadable,
)
from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError

# pyarrow's streaming reader reads up to 32 blocks ahead on its own thread, so memory is
# about 32 blocks whatever the file's length.
BLOCK_BYTES = 1 << 20
NOT_A_NUMBER = re.compile(
    r"column #(\d+): Row #(\d+): CSV conversion error to double: invalid value '(.*)'",
    re.DOTALL,  # a cell that swallowed lines after a quote never closed
)


def _is_utf8(path: str) -> bool:
    """Whether the whole file decodes as UTF-8 (read in blocks, memory stays small)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as stream:
            while block := stream.read(BLOCK_BYTES):
                decoder.decode(block)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _whole_file_dialect(path: str) -> Dialect:
    dialect = file_dialect(path)
    if dialect.encoding == "utf-8" and not _is_utf8(path):
        dialect = replace(dialect, encoding="cp1252")
    return dialect


def _header(path: str, dialect: Dialect) -> list[str]:
    """The column names as written (unstripped, for pyarrow to select them by)."""
    options = reader_options(dialect, False, BadRows())
    try:
        reader = pa_csv.open_csv(path, **options)
    except (pa.ArrowInvalid, OSError, UnicodeDecodeError) as error:
        raise DesignError(unreadable(path, error)) from error
    return list(reader.schema.names)


def read_chunks(
    path: str, numbers: list[str], texts: list[str], block_bytes: int = BLOCK_BYTES
) -> Iterator[Table]:
    """The columns named in `numbers` (as floats) and `texts` (as text) of the CSV at
    `path`, as tables of consecutive rows (`first_row` saying where each starts), a block
    of about `block_bytes` of the file at a time. DesignError for a file
    that cannot be read, a column that is not there, a cell of a `numbers` column that is
    not a number, or a row of the wrong length, with the row or column named."""
    dialect = _whole_file_dialect(path)
    written = _header(path, dialect)
    header = checked_header(path, written, dialect)
    as_written = dict(zip(header, written, strict=True))
    for name in [*numbers, *texts]:
        if name not in as_written:
            raise DesignError(Table(path, header, {}).no_column(name))
    # Every column is parsed (the others as text), so that a quote never closed is seen
    # wherever it opens; only the named ones are converted.
    types = dict.fromkeys(written, pa.string())
    types.update({as_written[name]: pa.float64() for name in numbers})
    types.update({as_written[name]: pa.string() for name in texts})
    bad_rows = BadRows()
    options = reader_options(dialect, False, bad_rows, column_types=types)
    options["read_options"].block_size = block_bytes
    names = list(dict.fromkeys([*numbers, *texts]))
    first_row = dialect.first_row
    try:
        for batch in pa_csv.open_csv(path, **options):
            # A quote never closed swallows the rest of its block into its row's last cell.
            problem = bad_rows.problem(path) or _unclosed_quote(path, batch, first_row)
            if problem:
                raise DesignError(problem)
            columns = {
                name: numpy_column(pa.chunked_array([batch.column(as_written[name])]))
                for name in numbers
            }
            for name in texts:  # as written, even when every cell reads as a number
                cells = pc.utf8_trim_whitespace(batch.column(as_written[name])).fill_null("")
                columns[name] = np.array(cells.to_pylist(), dtype=object)
            yield Table(path, tuple(names), columns, first_row=first_row)
            first_row += batch.num_rows
    except pa.ArrowInvalid as error:
        raise DesignError(_conversion_problem(path, header, error)) from error
    except (UnicodeDecodeError, OSError) as error:  # bytes its encoding cannot read
        raise DesignError(unreadable(path, error)) from error
    problem = bad_rows.problem(path)
    if problem:
        raise DesignError(problem)


def _unclosed_quote(path: str, batch: pa.RecordBatch, first_row: int) -> str | None:
    """`unclosed_quote` on a block's last row."""
    if not batch.num_rows:
        return None
    cells = {
        name: np.array([column[batch.num_rows - 1].as_py()], dtype=object)
        for name, column in zip(batch.schema.names, batch.columns, strict=True)
        if pa.types.is_string(column.type)
    }
    return unclosed_quote(path, cells, first_row + batch.num_rows - 1)


def _conversion_problem(path: str, header: tuple[str, ...], error: pa.ArrowInvalid) -> str:
    """pyarrow's refusal of a cell, said as the whole-file reader says it."""
    found = NOT_A_NUMBER.search(str(error))
    if not found:
        return unreadable(path, error)
    column, row, cell = int(found[1]), int(found[2]), found[3].strip()
    return Table(path, header, {}).bad_cell(header[column], row, cell)
