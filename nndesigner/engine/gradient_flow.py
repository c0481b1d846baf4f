"""How strongly the cost's gradient reaches each part of a network: per synapse
|dCost/dw|, per neuron the mean |delta| = |dCost_row/dz|, and per level the mean
|dCost/dw| of its synapses, so vanishing and exploding gradients show at a glance."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork


@dataclass(frozen=True)
class GradientFlow:
    """Gradient magnitudes of the mean cost over some rows.

    `synapses[id]` = |dC/dw|; `neurons[id]` = mean over rows of |dC_r/dz| (the row's own
    cost, so it does not shrink with the number of rows); `levels[k]` = mean |dC/dw| over
    level k's synapses (NaN for a level without any), levels counted from the inputs."""

    synapses: dict[str, float]
    neurons: dict[str, float]
    levels: np.ndarray


def gradient_flow(
    network: CompiledNetwork, inputs: np.ndarray, targets: np.ndarray, loss: Loss
) -> GradientFlow:
    """The GradientFlow of `loss` on (prepared, at least one) `inputs` and `targets`
    rows, computed on a copy of the network: nothing is dropped out, and the network's
    own gradients stay as they are. Non-finite gradients (a diverged run) are kept as inf."""
    copy = network.copy()
    kernel = NumpyKernel(copy)
    with np.errstate(over="ignore", invalid="ignore"):
        kernel.loss_and_gradients(inputs, targets, loss)
        delta = np.abs(kernel.pre_activation_gradients(len(inputs))) * len(inputs)
    neurons = np.nan_to_num(delta.mean(axis=0), nan=np.inf)
    synapses: dict[str, float] = {}
    levels = np.full(len(copy.levels), np.nan)
    for k, level in enumerate(copy.levels):
        grads = np.abs(level.weights.grad[level.synapse_rows, level.synapse_cols])
        grads = np.nan_to_num(grads, nan=np.inf)
        synapses.update(zip(level.synapse_ids, grads.tolist(), strict=True))
        if len(grads):
            levels[k] = float(grads.mean())
    ids = copy.neuron_ids
    return GradientFlow(
        synapses,
        {ids[c]: float(neurons[c]) for c in range(copy.input_count, len(ids))},
        levels,
    )


# The log scale of the gradient flow view spans this many powers of ten below the largest.
DECADES = 6


def log_positions(values: np.ndarray, decades: int = DECADES) -> tuple[np.ndarray, float, float]:
    """Where each magnitude lies, in [0, 1], on a log10 scale from 10^low to 10^high, the
    largest finite one, with low = high - `decades`: position = (log10 v - low) / decades,
    clipped (0 and anything below 10^low at 0; inf at 1). Returns (positions, low, high);
    without any positive finite value the scale is (-decades, 0)."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values) & (values > 0)]
    high = float(np.ceil(np.log10(finite.max()))) if len(finite) else 0.0
    low = high - decades
    with np.errstate(divide="ignore", invalid="ignore"):
        exponents = np.log10(values)
    positions = np.clip((exponents - low) / decades, 0.0, 1.0)
    positions[np.isnan(positions)] = 1.0  # NaN gradients: a diverged run, at the top
    return positions, low, high
