"""Splitting the data's rows into training, validation and test rows, and preparing
them (filling missing inputs, standardising) with the training rows' values only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from nndesigner.engine.preprocessing import FILLS, Preprocessing, Standardization, fill_values

if TYPE_CHECKING:
    from nndesigner.engine.training import TrainingSettings


@dataclass(frozen=True)
class PreparedData:
    """Rows split and preprocessed, ready for `train` (which never reads the test rows)."""

    train_inputs: np.ndarray
    train_targets: np.ndarray
    validation_inputs: np.ndarray
    validation_targets: np.ndarray
    preprocessing: Preprocessing
    test_inputs: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    test_targets: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))


def held_out_count(rows: int, settings: TrainingSettings) -> int:
    """How many of `rows` are held out for validation: round(rows · validation_split)."""
    return int(round(rows * settings.validation_split))


def test_row_count(rows: int, settings: TrainingSettings) -> int:
    """How many of `rows` are held out for testing: round(rows · test_split)."""
    return int(round(rows * settings.test_split))


def split_rows(rows: int, settings: TrainingSettings) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Indices of the training, validation and test rows. The test rows are the last
    `test_row_count` of a permutation seeded with `settings.test_seed`; of the other rows,
    the validation rows are the last `held_out_count` of a permutation of them seeded
    with `settings.split_seed` (so without test rows, the validation rows are the same
    as before the test split existed)."""
    rest, test = held_out_rows(rows, test_row_count(rows, settings), settings.test_seed)
    kept, validation = held_out_rows(len(rest), held_out_count(rows, settings), settings.split_seed)
    return rest[kept], rest[validation], test


def held_out_rows(rows: int, held_out: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Indices of the kept and held-out rows: the held-out rows are the last `held_out`
    of a permutation seeded with `seed`. The order is the file's with swaps: each
    held-out row among the first (rows − held out) changes place with a kept row after
    them, pairs taken in file order; so the split can be made in place by swapping those
    pairs (`prepare_data` with `consume`)."""
    kept = rows - held_out
    train_rows, validation_rows = np.arange(kept), np.arange(kept, rows)
    if held_out:
        held = np.zeros(rows, dtype=bool)
        held[np.random.default_rng(seed).permutation(rows)[kept:]] = True
        front_held = np.flatnonzero(held[:kept])
        back_kept = kept + np.flatnonzero(~held[kept:])
        train_rows[front_held] = back_kept
        validation_rows[back_kept - kept] = front_held
    return train_rows, validation_rows


def _split(
    values: np.ndarray, train_rows: np.ndarray, validation_rows: np.ndarray, consume: bool
) -> tuple[np.ndarray, np.ndarray]:
    """`values` at the kept rows and at the held-out rows: copies, or (`consume`) views
    of `values` itself with the pairs `held_out_rows` names swapped."""
    if not consume:
        return np.take(values, train_rows, axis=0), np.take(values, validation_rows, axis=0)
    moved = np.flatnonzero(train_rows != np.arange(len(train_rows)))
    partners = train_rows[moved]
    values[moved], values[partners] = np.take(values, partners, 0), np.take(values, moved, 0)
    return values[: len(train_rows)], values[len(train_rows) :]


def prepare_data(
    inputs: np.ndarray, targets: np.ndarray, settings: TrainingSettings, consume: bool = False
) -> PreparedData:
    """Hold out rows as `split_rows` says, then fill missing inputs (NaN) as
    `settings.missing` says and standardise, with values of the training rows only;
    arrays in `settings.dtype`. With `consume`, `inputs` and `targets` are the caller's
    to give away: split and prepared where they are, no copy made (with a million rows
    every copy costs as much as an epoch)."""
    inputs = np.asarray(inputs, dtype=float)
    targets = np.asarray(targets, dtype=float)
    rows = len(inputs)
    rest_rows, test_rows = held_out_rows(rows, test_row_count(rows, settings), settings.test_seed)
    rest_inputs, test_inputs = _split(inputs, rest_rows, test_rows, consume)
    rest_targets, test_targets = _split(targets, rest_rows, test_rows, consume)
    train_rows, validation_rows = held_out_rows(
        len(rest_rows), held_out_count(rows, settings), settings.split_seed
    )
    train_inputs, validation_inputs = _split(rest_inputs, train_rows, validation_rows, consume)
    train_targets, validation_targets = _split(rest_targets, train_rows, validation_rows, consume)
    fill = None
    if settings.missing in FILLS:
        fill = np.nan_to_num(fill_values(train_inputs, settings.missing))
        np.copyto(train_inputs, fill, where=np.isnan(train_inputs))
    preprocessing = Preprocessing(
        Standardization.fit(train_inputs) if settings.standardize_inputs else None,
        Standardization.fit(train_targets) if settings.standardize_outputs else None,
        fill,
    )
    for values in (train_inputs, validation_inputs, test_inputs):
        preprocessing.prepare_inputs_in_place(values)
    for values in (train_targets, validation_targets, test_targets):
        preprocessing.prepare_targets_in_place(values)
    dtype = settings.dtype
    return PreparedData(
        train_inputs.astype(dtype, copy=False),
        train_targets.astype(dtype, copy=False),
        validation_inputs.astype(dtype, copy=False),
        validation_targets.astype(dtype, copy=False),
        preprocessing,
        test_inputs.astype(dtype, copy=False),
        test_targets.astype(dtype, copy=False),
    )
