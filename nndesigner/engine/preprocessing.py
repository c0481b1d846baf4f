"""What is done to inputs before the network and undone to its outputs after it, fitted
on the training rows: missing inputs filled, inputs (and optionally regression targets)
standardised."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Standardization:
    """x' = (x - mean) / std per column; a column with std 0 is only centred (std kept 1)."""

    mean: np.ndarray
    std: np.ndarray

    @classmethod
    def fit(cls, values: np.ndarray) -> Standardization:
        mean = values.mean(axis=0)
        std = values.std(axis=0)
        return cls(mean, np.where(std > 0, std, 1.0))

    def apply(self, values: np.ndarray) -> np.ndarray:
        return (values - self.mean) / self.std

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

    def prepare_inputs(self, inputs: np.ndarray) -> np.ndarray:
        if self.fill is not None:
            inputs = np.where(np.isnan(inputs), self.fill, inputs)
        return inputs if self.inputs is None else self.inputs.apply(inputs)

    def prepare_targets(self, targets: np.ndarray) -> np.ndarray:
        return targets if self.outputs is None else self.outputs.apply(targets)

    def restore_outputs(self, outputs: np.ndarray) -> np.ndarray:
        return outputs if self.outputs is None else self.outputs.revert(outputs)
