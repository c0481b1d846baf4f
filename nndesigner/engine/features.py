"""Feature inputs: network inputs computed from the raw input columns.

Each network input is f(prod_k raw[:, c_k] ** p_k): a product of integer powers of raw
columns, through a function f (none, sin or cos). A plain input is the product of one
column to the power 1. Missing values (NaN) stay missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.preprocessing import Preprocessing

FUNCTIONS = {"none": None, "sin": np.sin, "cos": np.cos}


@dataclass(frozen=True)
class Feature:
    """f(prod raw[:, column] ** power) over `factors` of (column, power)."""

    factors: tuple[tuple[int, int], ...]
    function: str = "none"

    def __post_init__(self) -> None:
        if self.function not in FUNCTIONS:
            raise ValueError(f"unknown feature function {self.function!r}")
        if not self.factors or any(power < 1 for _, power in self.factors):
            raise ValueError("a feature is a product of positive powers of columns")

    @property
    def is_plain(self) -> bool:
        return self.function == "none" and len(self.factors) == 1 and self.factors[0][1] == 1

    def values(self, raw: np.ndarray) -> np.ndarray:
        column, power = self.factors[0]
        product = raw[:, column] ** power
        for column, power in self.factors[1:]:
            product = product * raw[:, column] ** power
        function = FUNCTIONS[self.function]
        return product if function is None else function(product)


@dataclass(frozen=True)
class InputFeatures:
    """The network's inputs as features of `raw_count` raw columns."""

    raw_count: int
    features: tuple[Feature, ...]

    @classmethod
    def plain(cls, count: int) -> InputFeatures:
        return cls(count, tuple(Feature(((k, 1),)) for k in range(count)))

    @property
    def is_plain(self) -> bool:
        """Whether the network inputs are the raw columns themselves, in order."""
        return len(self.features) == self.raw_count and all(
            feature.is_plain and feature.factors[0][0] == k
            for k, feature in enumerate(self.features)
        )

    def apply(self, raw: np.ndarray) -> np.ndarray:
        """rows x raw columns -> rows x network inputs (the array itself when plain)."""
        if self.is_plain:
            return raw
        if not self.features:
            return np.empty((len(raw), 0))
        with np.errstate(over="ignore", invalid="ignore"):
            return np.stack([feature.values(raw) for feature in self.features], axis=1)

    def plane_columns(self) -> tuple[int, int] | None:
        """With two raw columns, each read by a plain input: the positions of those
        inputs (the plane the decision boundary and neuron maps span); else None."""
        if self.raw_count != 2:
            return None
        plain = {f.factors[0][0]: k for k, f in enumerate(self.features) if f.is_plain}
        return (plain[0], plain[1]) if len(plain) == 2 else None


def plane_points(
    x: np.ndarray, y: np.ndarray, preprocessing: Preprocessing, plane: InputFeatures | None
) -> np.ndarray:
    """The grid (x[i], y[j]) as the network sees it, row i * len(y) + j: inputs computed
    as `plane` says (the points themselves when None), then preprocessed."""
    grid_x, grid_y = np.meshgrid(x, y, indexing="ij")
    points = np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)
    return preprocessing.prepare_inputs(points if plane is None else plane.apply(points))
