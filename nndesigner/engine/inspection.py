"""What a network does with its data, for display: per-neuron values over sample rows."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.preprocessing import Preprocessing
from nndesigner.engine.spec import Parameters

SAMPLE_ROWS = 512


@dataclass(frozen=True)
class NetworkSnapshot:
    """Parameters plus, per neuron id, the mean activation and the pre-activations z over
    (up to SAMPLE_ROWS of) the training rows."""

    parameters: Parameters
    mean_activations: dict[str, float]
    pre_activations: dict[str, np.ndarray]
    grid: OutputGrid | None = None


def sample_rows(inputs: np.ndarray, limit: int = SAMPLE_ROWS) -> np.ndarray:
    """At most `limit` rows, evenly spread over `inputs` (deterministic)."""
    if len(inputs) <= limit:
        return inputs
    return inputs[np.linspace(0, len(inputs) - 1, limit).astype(int)]


def take_snapshot(
    network: CompiledNetwork,
    inputs: np.ndarray,
    preprocessing: Preprocessing | None = None,
) -> NetworkSnapshot:
    """A copy of the parameters and the neurons' values on a sample of `inputs`
    (already preprocessed, as the network sees them); for a two-input network given its
    `preprocessing`, also the output over the plane the inputs span."""
    rows = sample_rows(inputs)
    if len(rows):
        pre, post = NumpyKernel(network).neuron_values(rows)
        means = post.mean(axis=0)
    else:
        pre = np.zeros((0, network.neuron_count))
        means = np.zeros(network.neuron_count)
    ids = network.neuron_ids
    grid = None
    if preprocessing is not None and network.input_count == 2 and len(rows):
        raw = preprocessing.inputs.revert(rows) if preprocessing.inputs is not None else rows
        grid = output_grid(network, preprocessing, *padded_bounds(raw))
    return NetworkSnapshot(
        network.export_parameters(),
        dict(zip(ids, means.tolist(), strict=True)),
        {neuron_id: pre[:, column] for column, neuron_id in enumerate(ids)},
        grid,
    )


@dataclass(frozen=True)
class OutputGrid:
    """The first output over a resolution x resolution grid of the two inputs, in the
    data's own units: values[i, j] is the output at (x[i], y[j])."""

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray


def output_grid(
    network: CompiledNetwork,
    preprocessing: Preprocessing,
    low: np.ndarray,
    high: np.ndarray,
    resolution: int = 64,
    neuron_id: str | None = None,
) -> OutputGrid:
    """Forward pass over a grid spanning [low, high] (raw units) of a two-input network:
    the first output, de-standardised like predictions, or the activation of `neuron_id`."""
    x = np.linspace(low[0], high[0], resolution)
    y = np.linspace(low[1], high[1], resolution)
    grid_x, grid_y = np.meshgrid(x, y, indexing="ij")
    points = preprocessing.prepare_inputs(np.stack([grid_x.ravel(), grid_y.ravel()], axis=1))
    kernel = NumpyKernel(network)
    if neuron_id is None:
        values = preprocessing.restore_outputs(kernel.predict(points))[:, 0]
    else:
        _, activations = kernel.neuron_values(points)
        values = activations[:, network.neuron_ids.index(neuron_id)]
    return OutputGrid(x, y, values.reshape(resolution, resolution))


def padded_bounds(raw_inputs: np.ndarray, margin: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """The inputs' column-wise range, widened by `margin` of its span on each side."""
    low, high = raw_inputs.min(axis=0), raw_inputs.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return low - margin * span, high + margin * span
