"""Tables of numbers read from CSV files, with errors that name the row and column."""

from __future__ import annotations

import csv
import gc
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TextIO

import numpy as np

from nndesigner.engine.datasets import make_dataset
from nndesigner.model.errors import DesignError

PROGRESS_LINES = 20_000


@dataclass(frozen=True)
class Table:
    """A CSV file's header and its rows as text. A generated dataset keeps the
    generator's settings, so a design saves how to make it again instead of a path."""

    path: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    generator: dict | None = None

    # Columns already read as numbers, by name: a table never changes, and training,
    # prediction and scoring ask for the same columns again and again.
    _numbers: dict[str, np.ndarray] = field(default_factory=dict, compare=False, repr=False)

    def numeric_columns(self, names: list[str]) -> np.ndarray:
        """The named columns as floats (rows x names); DesignError naming any bad cell."""
        missing = [name for name in names if name not in self.header]
        if missing:
            raise DesignError(f"{self.path} has no column '{missing[0]}'.")
        for name in names:
            if name not in self._numbers:
                self._numbers[name] = self._parse_column(name)
        values = np.empty((len(self.rows), len(names)))
        for out, name in enumerate(names):
            values[:, out] = self._numbers[name]
        return values

    def _parse_column(self, name: str) -> np.ndarray:
        """Column `name` as floats: NumPy parses it at once; when that fails a cell by cell
        pass names the first empty or non-numeric cell."""
        cells = self.text_column(name)
        try:
            return np.array(cells, dtype=float)
        except ValueError:
            return np.array([self._number(name, row, cell) for row, cell in enumerate(cells, 2)])

    def _number(self, name: str, row_number: int, cell: str) -> float:
        if not cell:
            raise DesignError(f"{self.path}, row {row_number}: column '{name}' is empty.")
        try:
            return float(cell)
        except ValueError:
            raise DesignError(
                f"{self.path}, row {row_number}: column '{name}' holds '{cell}', "
                "which is not a number."
            ) from None

    def text_column(self, name: str) -> list[str]:
        """The cells of column `name`, stripped."""
        index = self.header.index(name)
        return [row[index].strip() if index < len(row) else "" for row in self.rows]

    def class_column(self, classes: list[str], exclude: list[str]) -> str | None:
        """The first column (not in `exclude`) whose every cell is one of `classes`."""
        for name in self.header:
            if name not in exclude and set(self.text_column(name)) <= set(classes):
                return name
        return None


def generated_table(name: str, rows: int = 400, noise: float = 0.1, seed: int = 0) -> Table:
    """A bundled two-dimensional dataset as a table (columns x1, x2 and label or y)."""
    try:
        dataset = make_dataset(name, rows, noise, seed)
    except ValueError as error:
        raise DesignError(f"{error}.") from error
    values = np.hstack([dataset.inputs, dataset.targets])
    cells = tuple(tuple(repr(float(v)) for v in row) for row in values)
    settings = {"generator": name, "rows": rows, "noise": noise, "seed": seed}
    return Table(f"{name} ({rows} rows, noise {noise:g})", dataset.header, cells, settings)


def _without_gc(build: Callable[[], list]) -> list:
    """`build()` with the cyclic garbage collector paused: building millions of row tuples
    otherwise sets off collections that walk the whole heap, over and over."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return build()
    finally:
        if was_enabled:
            gc.enable()


def _counted_lines(stream: TextIO, total: int, progress: Callable[[float], None]):
    """The stream's lines, calling `progress(fraction read)` every PROGRESS_LINES lines."""
    done = 0
    for number, line in enumerate(stream, start=1):
        done += len(line)
        if number % PROGRESS_LINES == 0:
            progress(min(done / total, 1.0))
        yield line
    progress(1.0)


def read_table(path: str | os.PathLike, progress: Callable[[float], None] | None = None) -> Table:
    """Read a CSV with a header row; DesignError if unreadable or without data rows.
    `progress`, if given, hears the fraction read now and then (it may raise to stop)."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            lines_in: Iterable[str] = stream
            if progress is not None:
                lines_in = _counted_lines(stream, max(os.path.getsize(path), 1), progress)
            lines = _without_gc(
                lambda: [row for row in csv.reader(lines_in) if any(c.strip() for c in row)]
            )
    except OSError as error:
        raise DesignError(f"Cannot read {path}: {error.strerror or error}.") from error
    except (csv.Error, UnicodeDecodeError) as error:
        raise DesignError(f"{path} is not a readable CSV file ({error}).") from error
    if not lines:
        raise DesignError(f"{path} is empty.")
    header = tuple(cell.strip() for cell in lines[0])
    if len(lines) < 2:
        raise DesignError(f"{path} has a header but no data rows.")
    return Table(str(path), header, tuple(tuple(row) for row in lines[1:]))
