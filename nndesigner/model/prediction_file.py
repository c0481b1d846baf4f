"""Predictions for every row of a CSV, written as a CSV, a block of rows at a time so that
memory does not grow with the file.

The output has the `keep` columns (copied as written), one column per output neuron and,
for a classifier, a `predicted` column with each row's class; an output named like a
kept column is headed `<name> (predicted)`. A row whose inputs are
missing is predicted when the design was trained with a fill; under "refuse" the file
is refused with every missing cell named (nothing is written); else the row is written
with its prediction cells empty.

No cell is written so that a spreadsheet would run it: text that begins with `=`, `+`,
`-`, `@`, a tab or a carriage return and is not a plain number gets a leading `'`, as
OWASP's advice on CSV injection says (`-5` and `+3.5` stay numbers; `-2+3+cmd|...`
does not).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TextIO

import numpy as np

from nndesigner.model.categories import source_columns
from nndesigner.model.csv_chunks import BLOCK_BYTES, read_chunks
from nndesigner.model.dataset import Table, is_number
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.metrics import predicted_classes, predicts_classes
from nndesigner.model.missing_values import missing_refusal, predictable_rows
from nndesigner.model.results import Results


@dataclass(frozen=True)
class PredictionSummary:
    """What was written: the data rows, and how many of them have no prediction."""

    rows: int
    unpredicted: int


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: str) -> str:
    """`cell`, with a leading `'` when a spreadsheet could read it as a formula."""
    if cell.startswith(FORMULA_STARTS) and not is_number(cell):
        return "'" + cell
    return cell


def _safe_texts(cells: np.ndarray) -> np.ndarray:
    return np.array([spreadsheet_safe(str(cell)) for cell in cells], dtype=object)


def _cells(design: Design, outputs: np.ndarray, predicted: np.ndarray) -> np.ndarray:
    """The prediction cells of each row as text (rows x outputs, and the class for a
    classifier): numbers written as the shortest text that reads back the same float,
    empty for a row without a prediction."""
    classes = predicted_classes(design, outputs)
    columns = outputs.shape[1] + (classes is not None)
    cells = np.full((len(predicted), columns), "", dtype=object)
    cells[predicted, : outputs.shape[1]] = outputs.astype(str)
    if classes is not None:
        cells[predicted, -1] = _safe_texts(np.array(classes, dtype=object))
    return cells


def _columns(design: Design, keep: list[str]) -> tuple[list[str], list[str]]:
    """The columns to read: those of numbers, and those read as text (the categorical
    inputs' and the kept ones)."""
    numbers, categorical = source_columns(design.raw_input_labels(), design.categories)
    return numbers, list(dict.fromkeys([*categorical, *keep]))


def _blocks(
    design: Design, data_path: str, keep: list[str], block_bytes: int
) -> Iterator[tuple[Table, np.ndarray, np.ndarray, list[tuple[int, str]]]]:
    """Each block of rows with its input neurons' values, which of them can be
    predicted, and the missing cells that refuse the file (see `predictable_rows`)."""
    for chunk in read_chunks(data_path, *_columns(design, keep), block_bytes):
        raw = design.raw_input_array(chunk, allow_missing=True)
        yield chunk, design.computed_inputs(raw), *predictable_rows(design, raw, chunk.first_row)


def _refusal(design: Design, data_path: str, keep: list[str], block_bytes: int) -> str | None:
    """Why the whole file is refused (a missing cell under "refuse"), if it is; read
    errors are raised as DesignError."""
    cells = [cell for *_, missing in _blocks(design, data_path, keep, block_bytes)
             for cell in missing]  # fmt: skip
    return missing_refusal(data_path, cells) if cells else None


def write_predictions(
    design: Design,
    data_path: str,
    out: TextIO,
    keep: list[str],
    check_first: bool = False,
    block_bytes: int = BLOCK_BYTES,
) -> PredictionSummary:
    """Write the predictions of `design` for the CSV at `data_path` to `out` (see the
    module's description). DesignError for a file that cannot be read or is refused;
    with `check_first` the file is read once before anything is written, so that a
    refusal leaves `out` untouched (for a stream that cannot be taken back)."""
    twice = next((name for name in keep if keep.count(name) > 1), None)
    if twice is not None:
        raise DesignError(f"--keep names the column '{twice}' twice; keep each column once.")
    if check_first and (problem := _refusal(design, data_path, keep, block_bytes)):
        raise DesignError(problem)
    results = Results(design)
    writer = csv.writer(out, lineterminator="\n")
    names = [*design.output_labels(), *(["predicted"] if predicts_classes(design) else [])]
    # A kept column named like an output (the actual value beside the prediction): the
    # prediction's header says so, so that no name is written twice.
    names = [f"{name} (predicted)" if name in keep else name for name in names]
    writer.writerow([spreadsheet_safe(name) for name in [*keep, *names]])
    missing_cells: list[tuple[int, str]] = []
    rows = unpredicted = 0
    for chunk, inputs, predicted, missing in _blocks(design, data_path, keep, block_bytes):
        missing_cells += missing
        if missing_cells:  # refused: find every missing cell, write nothing more
            continue
        outputs = results.predict(inputs[predicted])
        kept = [_safe_texts(chunk.columns[name])[:, None] for name in keep]
        writer.writerows(np.hstack([*kept, _cells(design, outputs, predicted)]).tolist())
        rows += len(inputs)
        unpredicted += int((~predicted).sum())
    if missing_cells:
        raise DesignError(missing_refusal(data_path, missing_cells))
    return PredictionSummary(rows, unpredicted)
