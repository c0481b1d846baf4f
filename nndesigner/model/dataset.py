"""Data tables, from CSV files or the bundled generators, with errors that name the row
and column."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.datasets import make_dataset
from nndesigner.model.errors import DesignError

# The most points a drawn dataset holds (each is saved in the design file).
MAX_DRAWN_ROWS = 10_000


def _text(value: object) -> str:
    """A cell as text: numbers without a needless ".0", missing ones as ""."""
    if isinstance(value, float):
        return "" if np.isnan(value) else format(value, ".15g")
    return str(value)


@dataclass(frozen=True, eq=False)
class Table:
    """A data file's column names and columns: float64 arrays (NaN where a cell is
    missing) for columns of numbers, object arrays of stripped text ("" where missing)
    for the others. A generated dataset keeps the generator's settings, so a design saves
    how to make it again instead of a path. `notes` say how the file was read."""

    path: str
    header: tuple[str, ...]
    columns: dict[str, np.ndarray]
    generator: dict | None = None
    notes: tuple[str, ...] = ()
    dialect: str = ""
    # The file row of the first data row: the header is row 1, or the row after the
    # comment lines before it; blank lines are not counted (as pyarrow counts them).
    first_row: int = 2

    @classmethod
    def from_rows(cls, path: str, header: tuple[str, ...], rows: Iterable[Iterable[str]]) -> Table:
        """A table from rows of text cells (a column whose every cell is a number or
        missing becomes numbers)."""
        rows = [tuple(row) for row in rows]
        columns = {}
        for index, name in enumerate(header):
            cells = [row[index].strip() if index < len(row) else "" for row in rows]
            columns[name] = _parsed(cells)
        return cls(path, tuple(header), columns)

    @property
    def short_name(self) -> str:
        """The generator's name, "drawn points", or the file's name without its folder."""
        if self.generator is not None:
            return self.generator.get("generator", self.path)
        return os.path.basename(self.path)

    @property
    def row_count(self) -> int:
        return len(next(iter(self.columns.values()))) if self.columns else 0

    def is_numeric(self, name: str) -> bool:
        return self.columns[name].dtype.kind == "f"

    def numeric_columns(self, names: list[str], allow_missing: bool = False) -> np.ndarray:
        """The named columns as floats (rows x names), NaN where a cell is missing when
        `allow_missing`; DesignError naming the first cell that is not a number (or is
        missing, unless allowed)."""
        missing = [name for name in names if name not in self.columns]
        if missing:
            raise DesignError(self.no_column(missing[0]))
        values = np.empty((self.row_count, len(names)))
        for out, name in enumerate(names):
            column = self.columns[name]
            if column.dtype.kind != "f":
                row, cell = next(
                    (
                        (r, c)
                        for r, c in enumerate(column, self.first_row)
                        if c and not is_number(c)
                    ),
                    (0, ""),
                )
                if row:
                    raise DesignError(self.bad_cell(name, row, cell))
                column = _parsed(list(column))  # numbers and gaps only
            empty = [] if allow_missing else np.flatnonzero(np.isnan(column))
            if len(empty):
                raise DesignError(
                    f"{self.path}, row {empty[0] + self.first_row}: column '{name}' is empty "
                    f"or not a finite number ({len(empty)} such cells in this column)."
                )
            values[:, out] = column
        return values

    def no_column(self, name: str) -> str:
        """The sentence for a column that is not there, with what is (names cut at 40
        characters; a file of one column is not quoted: its header may be any line)."""
        if len(self.header) == 1:
            return (
                f"{self.path} has no column '{name}'; it has a single column (is the "
                "separator a comma, a semicolon or a tab?)."
            )
        found = ", ".join(f"'{_shortened(h)}'" for h in self.header[:8])
        more = ", ..." if len(self.header) > 8 else ""
        return f"{self.path} has no column '{name}'; it has {found}{more}."

    def bad_cell(self, name: str, row: int, cell: str) -> str:
        """The sentence for a cell of column `name` in file row `row` that is no number."""
        hint = ""
        if THOUSANDS.match(cell):
            hint = " (write numbers without thousands separators)"
        return (
            f"{self.path}, row {row}: column '{name}' holds '{_shortened(cell)}', which is "
            f"not a number{hint}."
        )

    def one_hot(
        self, name: str, values: list[str] | tuple[str, ...], what: str, allow_missing: bool
    ) -> np.ndarray:
        """Column `name` as rows x `values`: 1 where the cell is that value, else 0; a
        row of NaN where the cell is empty (DesignError unless `allow_missing`), and
        DesignError naming the row of a cell that is none of `values` (`what` they are)."""
        if name not in self.columns:
            raise DesignError(self.no_column(name))
        cells = np.array(self.text_column(name), dtype=object)
        encoded = (cells[:, None] == np.array(values, dtype=object)[None, :]).astype(float)
        empty = cells == ""
        unknown = np.flatnonzero(~empty & (encoded.sum(axis=1) == 0))
        if len(unknown):
            row = int(unknown[0])
            raise DesignError(
                f"{self.path}, row {row + self.first_row}: column '{name}' holds "
                f"'{_shortened(cells[row])}', which is none of {what} ({', '.join(values)})."
            )
        if empty.any() and not allow_missing:
            row = int(np.argmax(empty))
            raise DesignError(f"{self.path}, row {row + self.first_row}: column '{name}' is empty.")
        encoded[empty] = np.nan
        return encoded

    def text_column(self, name: str) -> list[str]:
        """The cells of column `name` as text ("" where missing)."""
        return [_text(value) for value in self.columns[name]]

    def preview_rows(self, count: int) -> list[tuple[str, ...]]:
        """The first `count` rows as text."""
        shown = min(count, self.row_count)
        return [
            tuple(_text(self.columns[name][row]) for name in self.header) for row in range(shown)
        ]


def _shortened(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def class_columns(table: Table, classes: list[str], exclude: list[str]) -> list[str]:
    """The columns (not in `exclude`) whose every cell is one of `classes` or empty;
    failing those, the text columns holding at least two of `classes` (so one with a
    mistyped class is found, to be refused with its row)."""
    others = [n for n in table.header if n not in exclude]
    wanted = set(classes) | {""}
    exact = [n for n in others if (cells := set(table.text_column(n))) <= wanted and cells - {""}]
    if exact:
        return exact
    text = [n for n in others if not table.is_numeric(n)]
    return [n for n in text if len(set(table.text_column(n)) & set(classes)) >= 2]


THOUSANDS = re.compile(r"^[-+]?\d{1,3}([,.' ]\d{3})+([.,]\d+)?$")


def is_number(cell: str) -> bool:
    """Whether `cell` is a finite number (nan and inf are missing values, not numbers)."""
    try:
        return bool(np.isfinite(float(cell)))
    except ValueError:
        return False


def _parsed(cells: list[str]) -> np.ndarray:
    """Floats (NaN where empty or not finite) when every non-empty cell is a number;
    else the text."""
    try:
        values = np.array([float(c) if c else np.nan for c in cells], dtype=float)
    except ValueError:
        return np.array(cells, dtype=object)
    values[~np.isfinite(values)] = np.nan
    return values


def generated_table(name: str, rows: int = 400, noise: float = 0.1, seed: int = 0) -> Table:
    """A bundled two-dimensional dataset as a table (columns x1, x2 and label or y)."""
    try:
        dataset = make_dataset(name, rows, noise, seed)
    except ValueError as error:
        raise DesignError(f"{error}.") from error
    values = np.hstack([dataset.inputs, dataset.targets]).astype(float)
    columns = {column: values[:, i].copy() for i, column in enumerate(dataset.header)}
    settings = {"generator": name, "rows": rows, "noise": noise, "seed": seed}
    return Table(f"{name} ({rows} rows, noise {noise:g})", dataset.header, columns, settings)


def drawn_table(columns: Sequence[str], rows: np.ndarray) -> Table:
    """A table of points drawn on the plane: `rows` (n x 3: x, y, target) under the
    three `columns`; DesignError for more than MAX_DRAWN_ROWS or a value not finite."""
    rows = np.asarray(rows, dtype=float).reshape(-1, 3)
    if len(rows) > MAX_DRAWN_ROWS:
        raise DesignError(f"A drawn dataset holds at most {MAX_DRAWN_ROWS:,} points.")
    if not np.isfinite(rows).all():
        raise DesignError("A drawn point is not a finite number.")
    if len(set(columns)) != 3:
        raise DesignError("A drawn dataset needs three different column names.")
    table_columns = {name: rows[:, k].copy() for k, name in enumerate(columns)}
    # What a design file saves as its data: the points themselves.
    generator = {"drawn": rows.tolist(), "columns": list(columns)}
    return Table("drawn points", tuple(columns), table_columns, generator)


def table_of_source(source: dict) -> Table:
    """The table a design file's data dict stands for: drawn points or a generator's."""
    if "drawn" in source:
        return drawn_table(source["columns"], source["drawn"])
    return generated_table(source["generator"], source["rows"], source["noise"], source["seed"])


def read_table(path: str | os.PathLike, progress: Callable[[float], None] | None = None) -> Table:
    """Read a CSV with a header row (see `csv_reading`); DesignError if it cannot be read
    or is refused. `progress`, if given, hears the fraction read (it may raise to stop)."""
    from nndesigner.model.csv_reading import read_columns  # pyarrow: only when reading

    read = read_columns(str(path), progress)
    dialect = read.dialect
    return Table(
        str(path), read.header, read.columns, None, read.notes, dialect.describe(),
        dialect.first_row,
    )  # fmt: skip
