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
