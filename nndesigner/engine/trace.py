"""One online gradient-descent step on one row, with every number in it, for showing
the arithmetic: the glass box.

Forward, neuron j: z_j = b_j + sum_i w_ij a_i and a_j = f_j(z_j). Backward: the error
term delta_j = dCost/dz_j; each weight's gradient is dCost/dw_ij = delta_j a_i and the
bias's is delta_j. The update is w <- w - learning rate * gradient. All values come from
the engine's own kernel, so what is shown is what training computes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import get_loss
from nndesigner.engine.network import CompiledNetwork


@dataclass(frozen=True)
class NeuronStep:
    """One neuron on the row: pre-activation z, activation a, error term delta (None for
    inputs), and its bias before and after the step, with the bias gradient."""

    z: float
    a: float
    delta: float | None
    bias: float | None
    bias_gradient: float | None
    new_bias: float | None


@dataclass(frozen=True)
class SynapseStep:
    """One synapse i -> j: its weight, the input a_i it multiplies, the product, the
    gradient delta_j a_i and the weight after the step."""

    source: str
    target: str
    weight: float
    input: float
    product: float
    gradient: float
    new_weight: float


@dataclass(frozen=True)
class StepTrace:
    """Everything in one online-SGD step: neurons and synapses by id, the cost, the
    neurons of each level in forward order (level 0 holds the inputs), the targets by
    output id and the learning rate."""

    neurons: dict[str, NeuronStep]
    synapses: dict[str, SynapseStep]
    levels: list[list[str]]
    cost: float
    targets: dict[str, float]
    learning_rate: float


def trace_step(
    network: CompiledNetwork,
    inputs: np.ndarray,
    targets: np.ndarray,
    loss_name: str,
    learning_rate: float,
) -> StepTrace:
    """The step of plain SGD that `network` (not changed) would take on one row of
    (preprocessed) `inputs` and `targets`, each a 1-D array in spec order."""
    network = network.copy()
    network.cast("float64")
    kernel = NumpyKernel(network)
    x = np.asarray(inputs, dtype=float).reshape(1, -1)
    y = np.asarray(targets, dtype=float).reshape(1, -1)
    pre, post = kernel.neuron_values(x)
    cost = kernel.loss_and_gradients(x, y, get_loss(loss_name))
    deltas = kernel.pre_activation_gradients(1)[0]
    ids = network.neuron_ids
    neurons = {
        ids[column]: NeuronStep(
            float(pre[0, column]), float(post[0, column]), None, None, None, None
        )
        for column in range(network.input_count)
    }
    synapses: dict[str, SynapseStep] = {}
    levels = [list(ids[: network.input_count])]
    for level in network.levels:
        levels.append(list(ids[level.start : level.stop]))
        bias_mask = 1.0 if level.bias.mask is None else level.bias.mask
        new_bias = level.bias.value - learning_rate * level.bias.grad * bias_mask
        for offset, neuron_id in enumerate(ids[level.start : level.stop]):
            column = level.start + offset
            neurons[neuron_id] = NeuronStep(
                float(pre[0, column]),
                float(post[0, column]),
                float(deltas[column]),
                float(level.bias.value[offset]),
                float(level.bias.grad[offset]),
                float(new_bias[offset]),
            )
        for synapse_id, row, col in zip(
            level.synapse_ids, level.synapse_rows, level.synapse_cols, strict=True
        ):
            weight = float(level.weights.value[row, col])
            source_input = float(post[0, level.source_start + row])
            gradient = float(level.weights.grad[row, col]) * float(level.weights.mask[row, col])
            synapses[synapse_id] = SynapseStep(
                ids[level.source_start + row],
                ids[level.start + col],
                weight,
                source_input,
                weight * source_input,
                gradient,
                weight - learning_rate * gradient,
            )
    output_targets = dict(zip(network.output_ids, y[0].tolist(), strict=True))
    return StepTrace(neurons, synapses, levels, float(cost), output_targets, learning_rate)
