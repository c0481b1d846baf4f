"""A compiled network as lists of synapses: what the compiled kernel loops over.

The NumPy kernel multiplies each level's dense box of weights; this view keeps only the
synapses that exist. Neuron j (a column of the activation matrix, level order) computes

    z_j = values[bias[j]] + sum over e in [first_in[j], first_in[j + 1]) of
          values[weight[e]] * a[source[e]]

where `values` is the network's flat parameter array (`CompiledNetwork.flatten`), so the
two kernels read and write the very same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.network import CompiledNetwork, FlatParameters, Parameter

# Activation codes of the compiled kernel (leaky ReLU and PReLU share a formula).
ACTIVATION_CODES = {
    "linear": 0,
    "step": 1,
    "sigmoid": 2,
    "tanh": 3,
    "relu": 4,
    "leaky_relu": 5,
    "prelu": 5,
    "softmax": 6,
}


@dataclass(frozen=True)
class SynapseList:
    """Per neuron column: its incoming synapses (sorted by target), activation code, and
    the flat indices of its bias and alpha (-1 when the alpha is a constant, held in
    `alpha_constant`). `others` lists the flat indices of every bias and alpha;
    `trainable_synapses` (positions in the synapse list) and `trainable_others` (flat
    indices) what an optimizer step moves: the parameters whose mask is 1."""

    first_in: np.ndarray
    source: np.ndarray
    weight: np.ndarray
    bias: np.ndarray
    alpha: np.ndarray
    alpha_constant: np.ndarray
    activation: np.ndarray
    output_columns: np.ndarray
    others: np.ndarray
    trainable_synapses: np.ndarray
    trainable_others: np.ndarray

    @property
    def synapse_count(self) -> int:
        return len(self.source)

    @property
    def neuron_count(self) -> int:
        return len(self.activation)


def _offset(parameter: Parameter, flat: FlatParameters) -> int:
    """Where `parameter.value` starts inside `flat.values` (0 for an empty one, a level
    without synapses, which shares no memory with anything)."""
    if not parameter.value.size:
        return 0
    if not np.shares_memory(parameter.value, flat.values):
        raise ValueError("the network was flattened again after these flat parameters")
    start = parameter.value.__array_interface__["data"][0]
    return (start - flat.values.__array_interface__["data"][0]) // flat.values.itemsize


def synapse_list(network: CompiledNetwork, flat: FlatParameters) -> SynapseList:
    """The synapses of `network` (flattened into `flat`), grouped by target neuron."""
    count = network.neuron_count
    sources, targets, weights = [], [], []
    bias = np.full(count, -1, np.int64)
    alpha = np.full(count, -1, np.int64)
    alpha_constant = np.zeros(count)
    activation = np.zeros(count, np.int64)
    for level in network.levels:
        width = level.width
        weight_offset = _offset(level.weights, flat)
        sources.append(level.source_start + level.synapse_rows)
        targets.append(level.start + level.synapse_cols)
        weights.append(weight_offset + level.synapse_rows * width + level.synapse_cols)
        columns = np.arange(level.start, level.stop)
        bias[columns] = _offset(level.bias, flat) + np.arange(width)
        if level.alpha_parameter is not None:
            alpha[columns] = _offset(level.alpha_parameter, flat) + np.arange(width)
        alpha_constant[columns] = level.alpha
        for group in level.groups:
            code = ACTIVATION_CODES[group.activation.name]
            activation[level.start + group.start : level.start + group.stop] = code
    source = np.concatenate(sources or [np.zeros(0, np.int64)]).astype(np.int64)
    target = np.concatenate(targets or [np.zeros(0, np.int64)]).astype(np.int64)
    weight = np.concatenate(weights or [np.zeros(0, np.int64)]).astype(np.int64)
    by_target = np.argsort(target, kind="stable")
    source, target, weight = source[by_target], target[by_target], weight[by_target]
    first_in = np.searchsorted(target, np.arange(count + 1)).astype(np.int64)
    others = np.concatenate([bias[bias >= 0], alpha[alpha >= 0]])
    trainable_synapses = np.arange(len(weight))
    trainable_others = others
    if flat.mask is not None:
        trainable_synapses = np.flatnonzero(flat.mask[weight] == 1.0)
        trainable_others = others[flat.mask[others] == 1.0]
    return SynapseList(
        first_in,
        source,
        weight,
        bias,
        alpha,
        alpha_constant,
        activation,
        network.output_columns.astype(np.int64),
        others,
        trainable_synapses,
        trainable_others,
    )
