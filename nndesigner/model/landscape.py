"""The cost landscape around the current weights: the training cost as one or two
weights vary and every other parameter stays fixed, with the step plain gradient
descent would take from here, w' = w - learning rate * dCost/dw (full batch)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.training import split_rows
from nndesigner.model.compile import compile_document
from nndesigner.model.design import Design
from nndesigner.model.errors import DesignError
from nndesigner.model.training_run import seen_preprocessing

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


def cost_landscape(design: Design, synapse_ids: list[str], span: float = 2.0) -> Landscape:
    """The landscape for one or two synapses, each varied over its weight +- `span` (and
    far enough to include the step); DesignError without data or for another count."""
    if len(synapse_ids) not in (1, 2):
        raise DesignError("Choose one or two synapses for the cost landscape.")
    inputs, targets = design.data_arrays()
    preprocessing = seen_preprocessing(design, inputs, targets)
    training_rows, _ = split_rows(len(inputs), design.settings)
    x = preprocessing.prepare_inputs(inputs[training_rows])
    y = preprocessing.prepare_targets(targets[training_rows])
    network = compile_document(design.document)
    loss = get_loss(design.settings.loss)
    kernel = NumpyKernel(network)
    # (level, row, column) of each chosen weight
    cells = [network.synapse_position(synapse_id) for synapse_id in synapse_ids]
    current = np.array([level.weights.value[row, col] for level, row, col in cells])
    current_cost = kernel.loss_and_gradients(x, y, loss)
    gradient = np.array([level.weights.grad[row, col] for level, row, col in cells])
    step = current - design.settings.learning_rate * gradient
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
