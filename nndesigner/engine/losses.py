"""Costs: each the mean over a batch's rows of a per-row sum over output neurons.

`value(y, a)` is the cost of predictions `a` against targets `y` (both rows x outputs);
`gradient(y, a)` is dCost/da with the 1/rows of the mean already applied.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.registry import lookup

Array = np.ndarray

# Probabilities are clipped to [EPSILON, 1 - EPSILON] before a log or a division.
EPSILON = 1e-12


@dataclass(frozen=True)
class Loss:
    """One cost function with its gradient."""

    name: str
    title: str
    value: Callable[[Array, Array], float]
    gradient: Callable[[Array, Array], Array]
    # both(y, a, out, scale) returns the value and writes scale * gradient into `out`.
    both: Callable[[Array, Array, Array, float], float] | None = None

    def value_and_gradient(self, y: Array, a: Array, out: Array, scale: float = 1.0) -> float:
        """The cost of `a` against `y`; scale * dCost/da is written into `out`."""
        if self.both is not None:
            return self.both(y, a, out, scale)
        np.multiply(self.gradient(y, a), scale, out=out)
        return self.value(y, a)


def _rows(y: Array) -> int:
    return max(len(y), 1)


def _clip(a: Array) -> Array:
    return np.clip(a, EPSILON, 1.0 - EPSILON)


def _half_squared_error(y: Array, a: Array) -> float:
    """mean over rows of sum_k 1/2 (y_k - a_k)^2."""
    return float(0.5 * np.sum((y - a) ** 2) / _rows(y))


def _squared_error(y: Array, a: Array) -> float:
    """mean over rows of sum_k (y_k - a_k)^2."""
    return float(np.sum((y - a) ** 2) / _rows(y))


def _squared_error_both(y: Array, a: Array, out: Array, scale: float, factor: float) -> float:
    """factor * mean-row sum of (a - y)^2; scale times its gradient, 2 factor (a - y) / rows,
    into `out`."""
    np.subtract(a, y, out=out)
    rows = _rows(y)
    value = factor * float(np.vdot(out, out)) / rows
    out *= 2.0 * factor * scale / rows
    return value


def _binary_cross_entropy(y: Array, a: Array) -> float:
    """mean over rows of sum_k -(y_k log a_k + (1 - y_k) log(1 - a_k))."""
    p = _clip(a)
    return float(-np.sum(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)) / _rows(y))


def _binary_cross_entropy_gradient(y: Array, a: Array) -> Array:
    """(a - y) / (a (1 - a)) / rows, with a clipped away from 0 and 1."""
    p = _clip(a)
    return (p - y) / (p * (1.0 - p)) / _rows(y)


def _cross_entropy(y: Array, a: Array) -> float:
    """mean over rows of sum_k -y_k log a_k (a from softmax outputs)."""
    return float(-np.sum(y * np.log(_clip(a))) / _rows(y))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "half_squared_error",
            "Half squared error",
            value=_half_squared_error,
            gradient=lambda y, a: (a - y) / _rows(y),
            both=lambda y, a, out, scale: _squared_error_both(y, a, out, scale, 0.5),
        ),
        Loss(
            "mse",
            "Squared error",
            value=_squared_error,
            gradient=lambda y, a: 2.0 * (a - y) / _rows(y),
            both=lambda y, a, out, scale: _squared_error_both(y, a, out, scale, 1.0),
        ),
        Loss(
            "binary_cross_entropy",
            "Binary cross-entropy",
            value=_binary_cross_entropy,
            gradient=_binary_cross_entropy_gradient,
        ),
        Loss(
            "cross_entropy",
            "Cross-entropy",
            value=_cross_entropy,
            gradient=lambda y, a: -y / _clip(a) / _rows(y),
        ),
    )
}


def get_loss(name: str) -> Loss:
    """The registered loss called `name`, or ValueError naming the known ones."""
    return lookup(LOSSES, name, "loss")
