"""The cost landscape around the current weights: the training cost as one or two
weights vary and every other parameter stays fixed, with the step plain gradient
descent would take from here, w' = w - learning rate * dCost/dw (full batch)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork

POINTS_1D = 81
POINTS_2D = 41


@dataclass(frozen=True)
class Landscape:
    """Cost over a grid of values of the chosen weights (1-D: `costs[k]` at `axes[0][k]`;
    2-D: `costs[k0, k1]`), the current weights and cost, the gradient step and the cost
    after it."""

    synapse_ids: tuple[str, ...]
    axes: tuple[np.ndarray, ...]
    costs: np.ndarray
    current: np.ndarray
    current_cost: float
    step: np.ndarray  # the weights after one gradient-descent step
    step_cost: float


def cost_landscape(
    network: CompiledNetwork,
    x: np.ndarray,
    y: np.ndarray,
    loss: Loss,
    learning_rate: float,
    synapse_ids: list[str],
    span: float = 2.0,
) -> Landscape:
    """The landscape for one or two synapses of `network` (which it changes: pass a copy)
    on the prepared rows `x`, `y`, each weight varied over +- `span` (and far enough to
    include the step)."""
    kernel = NumpyKernel(network)
    # (level, row, column) of each chosen weight
    cells = [network.synapse_position(synapse_id) for synapse_id in synapse_ids]
    current = np.array([level.weights.value[row, col] for level, row, col in cells])
    current_cost = kernel.loss_and_gradients(x, y, loss)
    gradient = np.array([level.weights.grad[row, col] for level, row, col in cells])
    step = current - learning_rate * gradient
    points = POINTS_1D if len(cells) == 1 else POINTS_2D
    reach = np.maximum(span, np.abs(step - current) * 1.5)
    axes = tuple(np.linspace(c - r, c + r, points) for c, r in zip(current, reach, strict=True))

    def cost_at(weights: Iterable[float]) -> float:
        """The training cost with the chosen weights set to `weights`."""
        for (level, row, col), weight in zip(cells, weights, strict=True):
            level.weights.value[row, col] = weight
        return float(loss.value(y, kernel.predict(x)))

    costs = np.empty([points] * len(cells))
    for index in np.ndindex(costs.shape):
        costs[index] = cost_at([axis[k] for axis, k in zip(axes, index, strict=True)])
    return Landscape(
        tuple(synapse_ids), axes, costs, current, float(current_cost), step, cost_at(step)
    )
