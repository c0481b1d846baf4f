"""Standardisation of inputs (and optionally regression targets), fitted on training rows."""

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


@dataclass(frozen=True)
class Preprocessing:
    """What is done to inputs before the network and undone to its outputs after it."""

    inputs: Standardization | None = None
    outputs: Standardization | None = None

    def prepare_inputs(self, inputs: np.ndarray) -> np.ndarray:
        return inputs if self.inputs is None else self.inputs.apply(inputs)

    def prepare_targets(self, targets: np.ndarray) -> np.ndarray:
        return targets if self.outputs is None else self.outputs.apply(targets)

    def restore_outputs(self, outputs: np.ndarray) -> np.ndarray:
        return outputs if self.outputs is None else self.outputs.revert(outputs)
