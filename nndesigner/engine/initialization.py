"""Seeded weight initialisation over a compiled network's masked matrices.

- `small`: weights and biases uniform in [-0.5, 0.5] (small, near 0, never all 0).
- `xavier`: weights normal with std sqrt(2 / (fan_in + fan_out)), biases 0.
- `he`: weights normal with std sqrt(2 / fan_in), biases 0.
Fans count real synapses only; missing synapses stay exactly 0.
"""

from __future__ import annotations

import numpy as np

from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.registry import check_name

INITIALIZERS = ("small", "xavier", "he")


def _fan_out(network: CompiledNetwork) -> np.ndarray:
    """Outgoing synapse count per neuron column."""
    fan_out = np.zeros(network.neuron_count)
    for level in network.levels:
        mask = level.weights.mask
        fan_out[level.source_start : level.source_stop] += mask.sum(axis=1)
    return fan_out


def initialize(network: CompiledNetwork, method: str = "small", seed: int = 0) -> None:
    """Draw new weights and biases in place (alphas keep their values)."""
    check_name(method, INITIALIZERS, "initialisation")
    rng = np.random.default_rng(seed)
    fan_out = _fan_out(network)
    for level in network.levels:
        mask = level.weights.mask
        shape = mask.shape
        if method == "small":
            level.weights.value[...] = rng.uniform(-0.5, 0.5, shape) * mask
            level.bias.value[...] = rng.uniform(-0.5, 0.5, level.width)
            continue
        fan_in = np.maximum(mask.sum(axis=0), 1.0)
        if method == "xavier":
            targets_out = fan_out[level.start : level.stop]
            std = np.sqrt(2.0 / (fan_in + targets_out))
        else:
            std = np.sqrt(2.0 / fan_in)
        level.weights.value[...] = rng.standard_normal(shape) * std * mask
        level.bias.value[...] = 0.0
