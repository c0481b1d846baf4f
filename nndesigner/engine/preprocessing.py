"""What is done to inputs before the network and undone to its outputs after it, fitted
on the training rows: missing inputs filled, inputs (and optionally regression targets)
standardised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FIT_BLOCK_ROWS = 65536


@dataclass(frozen=True)
class Standardization:
    """x' = (x - mean) / std per column; a column with std 0 is only centred (std kept 1)."""

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, values: np.ndarray) -> Standardization:
        """std = sqrt(mean((x - mean)^2)), summed over blocks of rows so that a big array
        needs no temporary of its own size."""
        mean = values.mean(axis=0)
        squares = np.zeros(values.shape[1:])
        for start in range(0, len(values), FIT_BLOCK_ROWS):
            centred = values[start : start + FIT_BLOCK_ROWS] - mean
            squares += (centred * centred).sum(axis=0)
        std = np.sqrt(squares / max(len(values), 1))
        return cls(mean, np.where(std > 0, std, 1.0))

    def apply(self, values: np.ndarray) -> np.ndarray:
        return (values - self.mean) / self.std

    def apply_in_place(self, values: np.ndarray) -> None:
        values -= self.mean
        values /= self.std

    def revert(self, values: np.ndarray) -> np.ndarray:
        return values * self.std + self.mean


# How missing inputs (NaN) are filled from the training rows' values of their column.
FILLS = ("mean", "median", "mode")


def fill_values(values: np.ndarray, how: str) -> np.ndarray:
    """Per column of `values` (NaN = missing): the mean, the median or the most frequent
    value (the smallest of equally frequent ones) of the values that are there; NaN for a
    column with none."""
    fills = np.full(values.shape[1], np.nan)
    for column in range(values.shape[1]):
        present = values[:, column][~np.isnan(values[:, column])]
        if not len(present):
            continue
        if how == "mean":
            fills[column] = present.mean()
        elif how == "median":
            fills[column] = np.median(present)
        else:
            distinct, counts = np.unique(present, return_counts=True)
            fills[column] = distinct[np.argmax(counts)]
    return fills


@dataclass(frozen=True)
class Preprocessing:
    """x' = standardise(x with each missing value replaced by its column's `fill`);
    outputs de-standardised. Each part is optional."""

    inputs: Standardization | None = None
    outputs: Standardization | None = None
    fill: np.ndarray | None = None

    def fits(self, inputs: int, outputs: int) -> bool:
        """Whether every part is sized for `inputs` input and `outputs` output neurons
        (a part fitted before neurons were added or removed is not)."""
        parts = [(self.inputs and self.inputs.mean, inputs), (self.fill, inputs),
                 (self.outputs and self.outputs.mean, outputs)]  # fmt: skip
        return all(len(part) == count for part, count in parts if part is not None)

    def prepare_inputs(self, inputs: np.ndarray) -> np.ndarray:
        prepared = np.array(inputs, dtype=float)
        self.prepare_inputs_in_place(prepared)
        return prepared

    def prepare_inputs_in_place(self, inputs: np.ndarray) -> None:
        """Fill and standardise a float array of inputs where it is."""
        if self.fill is not None:
            np.copyto(inputs, self.fill, where=np.isnan(inputs))
        if self.inputs is not None:
            self.inputs.apply_in_place(inputs)

    def prepare_targets(self, targets: np.ndarray) -> np.ndarray:
        return targets if self.outputs is None else self.outputs.apply(targets)

    def prepare_targets_in_place(self, targets: np.ndarray) -> None:
        if self.outputs is not None:
            self.outputs.apply_in_place(targets)

    def restore_outputs(self, outputs: np.ndarray) -> np.ndarray:
        return outputs if self.outputs is None else self.outputs.revert(outputs)
