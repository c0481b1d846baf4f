"""Rows with missing cells, dealt with as the design's `missing` setting says: refused
with every missing cell named (the default), their rows dropped, or the inputs filled
with the training rows' mean, median or most frequent value (the engine fills them and
keeps the values in the preprocessing, so predictions fill the same way). A missing
target is never filled: with any setting but "refuse" its row is dropped."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from nndesigner.engine.preprocessing import FILLS
from nndesigner.model.dataset import Table
from nndesigner.model.errors import DesignError

if TYPE_CHECKING:  # the design imports this module
    from nndesigner.model.design import Design

POLICIES = ("refuse", "drop", *FILLS)
LISTED_CELLS = 10


def missing_cells(
    names: list[str], values: np.ndarray, first_row: int = 2
) -> list[tuple[int, str]]:
    """(row as in the file, `first_row` being that of `values[0]` (the header is row 1);
    column) of every NaN in `values` (rows x `names`), row by row."""
    rows, columns = np.nonzero(np.isnan(values))
    return [
        (int(row) + first_row, names[column]) for row, column in zip(rows, columns, strict=True)
    ]


def missing_refusal(path: str, cells: list[tuple[int, str]]) -> str:
    """The sentence refusing `cells` (each counted once), listing the first LISTED_CELLS
    of them."""
    cells = list(dict.fromkeys(cells))  # one-hot inputs of a cell name it once each
    listed = ", ".join(f"row {row} column '{name}'" for row, name in cells[:LISTED_CELLS])
    more = f" and {len(cells) - LISTED_CELLS} more" if len(cells) > LISTED_CELLS else ""
    count = "1 missing cell" if len(cells) == 1 else f"{len(cells)} missing cells"
    return (
        f"{path} has {count} ({listed}{more}). Choose to drop their rows or to fill "
        "them with the mean, median or most frequent value (in the data dialog, or with "
        "train --missing drop|mean|median|mode)."
    )


def usable_rows(
    table: Table,
    input_names: list[str],
    inputs: np.ndarray,
    target_names: list[str],
    targets: np.ndarray,
    policy: str,
) -> tuple[np.ndarray, np.ndarray]:
    """The rows training uses, by `policy` (see the module's description); inputs may
    keep NaN for the engine to fill."""
    missing_inputs = np.isnan(inputs).any(axis=1)
    missing_targets = np.isnan(targets).any(axis=1)
    if policy == "refuse":
        if missing_inputs.any() or missing_targets.any():
            cells = missing_cells(
                input_names + target_names, np.hstack([inputs, targets]), table.first_row
            )
            raise DesignError(missing_refusal(table.path, sorted(cells)))
        return inputs, targets
    keep = kept_rows(inputs, targets, policy)
    if not keep.any():
        raise DesignError(f"{table.path}: every row has a missing cell; no row is left.")
    inputs, targets = inputs[keep], targets[keep]
    empty = [
        name for name, column in zip(input_names, inputs.T, strict=True) if np.isnan(column).all()
    ]
    if empty:
        raise DesignError(f"{table.path}: column '{empty[0]}' has no value to fill it with.")
    return inputs, targets


def kept_rows(inputs: np.ndarray, targets: np.ndarray, policy: str) -> np.ndarray:
    """Which rows a policy other than "refuse" keeps: those with every target, and with
    "drop" every input too."""
    keep = ~np.isnan(targets).any(axis=1)
    if policy == "drop":
        keep &= ~np.isnan(inputs).any(axis=1)
    return keep


def predictable_rows(
    design: Design, inputs: np.ndarray, first_row: int = 2
) -> tuple[np.ndarray, list[tuple[int, str]]]:
    """Which rows of `inputs` (NaN = missing) can be predicted: all of them when the
    design's preprocessing fills missing inputs (it was trained with a fill), else the
    complete ones; and, with "refuse" and no fill, the missing cells that refuse the file
    (rows as in the file, `first_row` being the row of `inputs[0]`)."""
    if design.preprocessing is not None and design.preprocessing.fill is not None:
        return np.ones(len(inputs), dtype=bool), []
    complete = ~np.isnan(inputs).any(axis=1)
    if design.settings.missing == "refuse" and not complete.all():
        return complete, missing_cells(design.input_columns(), inputs, first_row)
    return complete, []
