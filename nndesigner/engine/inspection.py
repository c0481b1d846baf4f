"""What a network does with its data, for display: per-neuron values over sample rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.spec import Parameters

SAMPLE_ROWS = 512


@dataclass(frozen=True)
class NetworkSnapshot:
    """Parameters plus, per neuron id, the mean activation and the pre-activations z over
    (up to SAMPLE_ROWS of) the training rows."""

    parameters: Parameters
    mean_activations: dict[str, float]
    pre_activations: dict[str, np.ndarray]


def sample_rows(inputs: np.ndarray, limit: int = SAMPLE_ROWS) -> np.ndarray:
    """At most `limit` rows, evenly spread over `inputs` (deterministic)."""
    if len(inputs) <= limit:
        return inputs
    return inputs[np.linspace(0, len(inputs) - 1, limit).astype(int)]


def take_snapshot(network: CompiledNetwork, inputs: np.ndarray) -> NetworkSnapshot:
    """A copy of the parameters and the neurons' values on a sample of `inputs`
    (already preprocessed, as the network sees them)."""
    rows = sample_rows(inputs)
    if len(rows):
        pre, post = NumpyKernel(network).neuron_values(rows)
        means = post.mean(axis=0)
    else:
        pre = np.zeros((0, network.neuron_count))
        means = np.zeros(network.neuron_count)
    ids = network.neuron_ids
    return NetworkSnapshot(
        network.export_parameters(),
        dict(zip(ids, means.tolist(), strict=True)),
        {neuron_id: pre[:, column] for column, neuron_id in enumerate(ids)},
    )
