"""Reading CSV files as users have them, with pyarrow's CSV reader.

The dialect is detected from the first lines: the separator (comma, semicolon or tab),
a decimal comma (only with semicolons, as European spreadsheets write), the encoding
(UTF-8 with or without a byte-order mark, else Windows-1252/Latin-1, said in a note) and
leading `#` comment lines (skipped, said in a note). Quoted fields and CRLF line ends
are read as they are. Refused, with the row or column named: a row with more or fewer
cells than the header, a column name used twice, a file that cannot be read.

Cells that are empty, NA, N/A, NaN, nan, null, None or ? are missing; numbers that are
not finite (inf, -inf, 1e999) are missing too. Rows are counted as the file's non-blank
lines (comment lines included), the header being row 1 when no comment precedes it.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv

from nndesigner.model.errors import DesignError
from nndesigner.model.file_checks import MAX_CSV_BYTES, regular_file

SAMPLE_BYTES = 64 * 1024
SAMPLE_LINES = 50
SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab"}
ENCODING_NAMES = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "latin-1": "Latin-1",
}
UTF16_MARKS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
MISSING_TEXTS = ["", "NA", "N/A", "n/a", "NaN", "nan", "NAN", "-nan", "null", "NULL", "None", "?"]
DECIMAL_COMMA = re.compile(r"^\s*[-+]?\d*,\d+([eE][-+]?\d+)?\s*$")


@dataclass(frozen=True)
class Dialect:
    """How a file is written: separator, decimal mark, encoding, comment lines before
    the header."""

    separator: str = ","
    decimal: str = "."
    encoding: str = "utf-8"
    comment_lines: int = 0
    # The header is written as a comment ("# x,y") over rows of numbers.
    commented_header: bool = False

    @property
    def first_row(self) -> int:
        """The file row of the first data row: the one after the header, which follows
        the comment lines (pyarrow counts them, not blank lines)."""
        return 2 + self.comment_lines

    def describe(self) -> str:
        decimal = ", decimal comma" if self.decimal == "," else ""
        return f"{SEPARATORS[self.separator]}-separated{decimal}, {self.encoding_name()}"

    def encoding_name(self) -> str:
        return ENCODING_NAMES[self.encoding]


@dataclass(frozen=True)
class ReadColumns:
    """A file's column names and columns (float64 with NaN for missing, or object arrays
    of stripped text with "" for missing), how it was written and what to tell the user."""

    header: tuple[str, ...]
    columns: dict[str, np.ndarray]
    dialect: Dialect
    notes: tuple[str, ...]


def _decoded_sample(sample: bytes) -> tuple[str, str]:
    """The sample as text (cut at its last full line) and the encoding that reads it."""
    if sample.startswith(UTF16_MARKS):  # as Excel's "Unicode text" writes
        text = sample.decode("utf-16", errors="ignore")
        return (text[: text.rindex("\n") + 1] if "\n" in text else text), "utf-16"
    if len(sample) == SAMPLE_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return sample.decode(encoding), encoding.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    return sample.decode("latin-1"), "latin-1"


def detect_dialect(sample: bytes) -> Dialect:
    """The dialect of a file that starts with `sample`."""
    text, encoding = _decoded_sample(sample)
    raw = text.splitlines()
    skipped = 0  # comment and blank lines before the header, as the file has them
    while skipped < len(raw) and (not raw[skipped].strip() or raw[skipped].lstrip()[:1] == "#"):
        skipped += 1
    comments = skipped if any(line.strip() for line in raw[:skipped]) else 0
    lines = [line for line in raw[comments:] if line.strip()][:SAMPLE_LINES]

    def fit(separator: str) -> tuple[bool, int, int]:
        counts = [len(row) for row in csv.reader(lines, delimiter=separator)]
        if not counts or counts[0] < 2:
            return (False, 0, 0)
        agreeing = sum(count == counts[0] for count in counts)
        return (agreeing == len(counts), agreeing, counts[0])

    separator = max(SEPARATORS, key=fit)
    if fit(separator)[2] == 0:
        separator = ","  # one column: no separator to find
    decimal = "."
    if separator == ";":
        cells = (cell for row in csv.reader(lines[1:], delimiter=";") for cell in row)
        if any(DECIMAL_COMMA.match(cell) for cell in cells):
            decimal = ","
    header_line = _commented_header(raw[:comments], lines[:1], separator)
    if header_line is not None:
        return Dialect(separator, decimal, encoding, header_line, commented_header=True)
    return Dialect(separator, decimal, encoding, comments)


def _commented_header(comments: list[str], first: list[str], separator: str) -> int | None:
    """The index of the last comment line when it is the header: names, none a number
    ("# x,y"), over a first line with as many cells, some of them numbers; else None."""
    written = [k for k, line in enumerate(comments) if line.strip()]
    if not written or not first:
        return None
    (names,) = csv.reader([comments[written[-1]].lstrip().removeprefix("#")], delimiter=separator)
    (cells,) = csv.reader(first, delimiter=separator)
    if (
        len(names) == len(cells) >= 2
        and any(map(_is_float, cells))
        and not any(map(_is_float, names))
    ):
        return written[-1]
    return None


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


class _CountingFile(io.RawIOBase):
    """A binary file that reports the fraction read to `progress` (which may raise to
    stop the reading; the error is kept to be raised again)."""

    def __init__(self, path: str, progress: Callable[[float], None]) -> None:
        self._file = open(path, "rb")  # noqa: SIM115 (closed by close())
        self._size = max(os.fstat(self._file.fileno()).st_size, 1)
        self._progress = progress
        self.stopped: BaseException | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # noqa: ANN001 (a writable buffer)
        count = self._file.readinto(buffer)
        try:
            self._progress(min(self._file.tell() / self._size, 1.0))
        except BaseException as error:
            self.stopped = error
            raise
        return count

    def close(self) -> None:
        self._file.close()
        super().close()


class BadRows:
    """Collects the rows whose cell count differs from the header's."""

    def __init__(self) -> None:
        self.rows: list[pa_csv.InvalidRow] = []

    def __call__(self, row: pa_csv.InvalidRow) -> str:
        self.rows.append(row)
        return "skip"

    def problem(self, path: str) -> str | None:
        if not self.rows:
            return None
        row = self.rows[0]
        where = f"row {row.number}" if row.number is not None else "a row"
        more = f" ({len(self.rows) - 1} more rows too)" if len(self.rows) > 1 else ""
        if row.text.lstrip().startswith("#"):
            return (
                f"{path}, {where} is a comment line; comments are read only before the "
                f"header (remove it){more}."
            )
        cells = "1 cell" if row.actual_columns == 1 else f"{row.actual_columns} cells"
        return f"{path}, {where} has {cells} but the header has {row.expected_columns}{more}."


def reader_options(
    dialect: Dialect, threads: bool, bad_rows: BadRows, **convert: object
) -> dict[str, object]:
    """pyarrow's read, parse and convert options for `dialect` (missing texts as nulls,
    rows of the wrong length to `bad_rows`); `convert` adds conversion options."""
    return {
        "read_options": pa_csv.ReadOptions(
            encoding=dialect.encoding, skip_rows=dialect.comment_lines, use_threads=threads
        ),
        "parse_options": pa_csv.ParseOptions(
            delimiter=dialect.separator, invalid_row_handler=bad_rows
        ),
        "convert_options": pa_csv.ConvertOptions(
            null_values=MISSING_TEXTS,
            strings_can_be_null=True,
            quoted_strings_can_be_null=True,
            decimal_point=dialect.decimal,
            **convert,
        ),
    }


def _arrow_table(
    path: str, dialect: Dialect, progress: Callable[[float], None] | None, threads: bool
) -> tuple[pa.Table, BadRows]:
    bad_rows = BadRows()
    source = path if progress is None else _CountingFile(path, progress)
    try:
        table = pa_csv.read_csv(source, **reader_options(dialect, threads, bad_rows))
    except BaseException:
        if isinstance(source, _CountingFile) and source.stopped is not None:
            raise source.stopped from None
        raise
    finally:
        if isinstance(source, _CountingFile):
            source.close()
    return table, bad_rows


def checked_header(path: str, names: list[str], dialect: Dialect) -> tuple[str, ...]:
    """The column names, stripped (and the "#" of a commented header taken off);
    DesignError for a name used twice."""
    header = tuple(name.strip() for name in names)
    if dialect.commented_header:
        header = (header[0].removeprefix("#").strip(), *header[1:])
    for index, name in enumerate(header):
        if name in header[:index]:
            first = header.index(name) + 1
            raise DesignError(
                f"{path}: the column name '{name}' is used twice (columns {first} and {index + 1})."
            )
    return header


def _floats(column: pa.ChunkedArray) -> np.ndarray:
    """A numeric column as one new float64 array, NaN where missing or not finite, filled
    chunk by chunk (no concatenated copy in between)."""
    values = np.empty(len(column))
    start = 0
    for chunk in column.chunks:
        # Not a safe cast: whole numbers past 2**53 (ids) become the nearest float.
        part = chunk.cast(pa.float64(), safe=False).to_numpy(zero_copy_only=False)
        values[start : start + len(part)] = part
        start += len(part)
    values[~np.isfinite(values)] = np.nan
    return values


def numpy_column(column: pa.ChunkedArray) -> np.ndarray:
    """Numbers as float64 (missing and non-finite as NaN); anything else as stripped text."""
    kind = column.type
    if pa.types.is_null(kind):  # every cell missing
        return np.full(len(column), np.nan)
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        return _floats(column)
    text = pc.utf8_trim_whitespace(column.cast(pa.string()))
    blank = pc.fill_null(pc.equal(text, ""), True)
    try:  # numbers after all once trimmed ("1, 2 ,3" with a lone space for a gap)
        return _floats(pa.chunked_array([pc.if_else(blank, None, text).cast(pa.float64())]))
    except pa.ArrowInvalid:
        return np.array(text.fill_null("").to_pylist(), dtype=object)


def _numpy_columns(
    arrow_columns: list[pa.ChunkedArray], header: tuple[str, ...]
) -> dict[str, np.ndarray]:
    """The columns as NumPy arrays, emptying `arrow_columns` (the only reference to them):
    each Arrow column is let go once converted and Arrow's pool hands its freed memory
    back, so a big file is not held twice."""
    columns = {}
    for name in header:
        columns[name] = numpy_column(arrow_columns.pop(0))
        pa.default_memory_pool().release_unused()
    return columns


def _is_encoding_error(error: Exception) -> bool:
    return isinstance(error, UnicodeDecodeError) or "UTF8" in str(error)


def unreadable(path: str, error: Exception) -> str:
    """The sentence for a file pyarrow could not parse: its reason without the file's
    content that pyarrow quotes after it (a foreign file's lines stay private)."""
    reason = str(error).splitlines()[0] if str(error) else type(error).__name__
    reason = ": ".join(reason.split(": ")[:2])[:120]
    return f"{path} is not a readable CSV file ({reason})."


def file_dialect(path: str) -> Dialect:
    """The dialect of the file at `path`, from its first SAMPLE_BYTES; DesignError for a
    file that cannot be opened, is no regular file, or is empty."""
    regular_file(path, "CSV file")
    try:
        with open(path, "rb") as stream:
            sample = stream.read(SAMPLE_BYTES)
    except OSError as error:
        raise DesignError(f"Cannot read {path}: {error.strerror or error}.") from error
    if not sample.strip():
        raise DesignError(f"{path} is empty.")
    return detect_dialect(sample)


def read_columns(path: str, progress: Callable[[float], None] | None = None) -> ReadColumns:
    """Read the CSV at `path` (see the module's description); DesignError on a file that
    cannot be read or is refused. `progress`, if given, hears the fraction read."""
    dialect = file_dialect(path)
    size = os.stat(path).st_size
    if size > MAX_CSV_BYTES:
        raise DesignError(
            f"{path} is {size / 1e9:.1f} GB; nndesigner trains on CSV files of up to "
            f"{MAX_CSV_BYTES / 1e9:.1f} GB (predict reads any size)."
        )
    notes = []
    try:
        table, bad_rows = _arrow_table(path, dialect, progress, threads=True)
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        if dialect.encoding != "utf-8" or not _is_encoding_error(error):
            raise DesignError(unreadable(path, error)) from error
        # Not UTF-8 past the sample: the usual other one.
        dialect = replace(dialect, encoding="cp1252")
        try:
            table, bad_rows = _arrow_table(path, dialect, progress, threads=True)
        except (pa.ArrowInvalid, UnicodeDecodeError) as again:
            raise DesignError(unreadable(path, again)) from again
    except OSError as error:
        raise DesignError(f"Cannot read {path}: {error.strerror or error}.") from error
    undecoded = any(pa.types.is_binary(column.type) for column in table.columns)
    if undecoded and dialect.encoding == "utf-8":  # bytes past the sample are not UTF-8
        dialect = replace(dialect, encoding="cp1252")
        table, bad_rows = _arrow_table(path, dialect, progress, threads=True)
    if bad_rows.rows and bad_rows.rows[0].number is None:  # threads read it: find the row
        table, bad_rows = _arrow_table(path, dialect, None, threads=False)
    problem = bad_rows.problem(path)
    if problem:
        raise DesignError(problem)
    header = checked_header(path, table.column_names, dialect)
    if table.num_rows == 0:
        raise DesignError(f"{path} has a header but no data rows.")
    if dialect.encoding != "utf-8":
        notes.append(f"{path} is not UTF-8; it was read as {dialect.encoding_name()}.")
    if dialect.comment_lines:
        notes.append("Skipped the comment lines before the header.")
    if dialect.commented_header:
        notes.append("Read the header from the comment line over the first row.")
    arrow_columns = table.columns
    del table
    columns = _numpy_columns(arrow_columns, header)
    problem = unclosed_quote(path, columns, dialect.first_row)
    if problem:
        raise DesignError(problem)
    if header[-1] == "" and not any(_present(columns[""])):  # "a,b," on every line
        del columns[""]
        header = header[:-1]
        notes.append("Every line ends with a separator: the empty column after it is left out.")
    return ReadColumns(header, columns, dialect, tuple(notes))


def unclosed_quote(path: str, columns: dict[str, np.ndarray], first_row: int) -> str | None:
    """A quote opened in the last row and never closed swallows the rest of the file into
    one cell, which then holds line ends: the sentence naming that row, if so."""
    for column in columns.values():
        last = column[-1] if len(column) else None
        if isinstance(last, str) and ("\n" in last or "\r" in last):
            row = first_row + len(column) - 1
            return (
                f"{path}, row {row}: a quote opened there is never closed (the rest of the "
                "file would be one cell)."
            )
    return None


def _present(column: np.ndarray) -> np.ndarray:
    """Where a converted column has a value."""
    return ~np.isnan(column) if column.dtype.kind == "f" else column != ""
