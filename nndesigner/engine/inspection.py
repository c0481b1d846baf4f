"""What a network does with its data, for display: per-neuron values over sample rows
and, as asked, the output over the plane, every neuron's map and the gradient flow."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.features import InputFeatures, plane_points
from nndesigner.engine.gradient_flow import GradientFlow, gradient_flow
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.losses import Loss
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.neuron_maps import NeuronMaps, neuron_maps
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
    maps: NeuronMaps | None = None
    gradients: GradientFlow | None = None


@dataclass(frozen=True)
class SnapshotContents:
    """What a snapshot holds beyond the parameters and neuron values: for a two-input
    network, the `grid` of the output (or of `grid_neuron`) over the plane and the
    neuron `maps`; and the `gradients` (GradientFlow) on the sample rows. `plane`
    says how the network's inputs are computed from the plane's two columns (feature
    inputs); None when the inputs are the columns themselves."""

    grid: bool = True
    grid_neuron: str | None = None
    maps: bool = False
    gradients: bool = False
    plane: InputFeatures | None = None


def sample_indices(rows: int, limit: int = SAMPLE_ROWS) -> np.ndarray:
    """At most `limit` row indices, evenly spread over `rows` rows (deterministic)."""
    if rows <= limit:
        return np.arange(rows)
    return np.linspace(0, rows - 1, limit).astype(int)


def take_snapshot(
    network: CompiledNetwork,
    inputs: np.ndarray,
    preprocessing: Preprocessing | None = None,
    contents: SnapshotContents = SnapshotContents(),
    targets: np.ndarray | None = None,
    loss: Loss | None = None,
    limit: int = SAMPLE_ROWS,
) -> NetworkSnapshot:
    """A copy of the parameters and the neurons' values on (at most `limit` evenly
    spread rows of) `inputs` (already preprocessed, as the network sees them), with what
    `contents` asks for: the plane's grid and maps need two inputs and the
    `preprocessing`, the gradient flow the (prepared) `targets` and the `loss`."""
    chosen = sample_indices(len(inputs), limit)
    rows = inputs[chosen]
    if len(rows):
        pre, post = NumpyKernel(network).neuron_values(rows)
        means = post.mean(axis=0)
    else:
        pre = np.zeros((0, network.neuron_count))
        means = np.zeros(network.neuron_count)
    ids = network.neuron_ids
    grid = maps = gradients = None
    plane = contents.plane or InputFeatures.plain(network.input_count)
    columns = plane.plane_columns()
    if preprocessing is not None and columns is not None and len(rows):
        raw = preprocessing.inputs.revert(rows) if preprocessing.inputs is not None else rows
        bounds = padded_bounds(raw[:, columns])
        if contents.grid:
            shown = contents.grid_neuron if contents.grid_neuron in ids else None
            grid = output_grid(network, preprocessing, *bounds, neuron_id=shown, plane=plane)
        if contents.maps:
            maps = neuron_maps(network, preprocessing, *bounds, plane=plane)
    if contents.gradients and targets is not None and loss is not None and len(rows):
        gradients = gradient_flow(network, rows, targets[chosen], loss)
    return NetworkSnapshot(
        network.export_parameters(),
        dict(zip(ids, means.tolist(), strict=True)),
        {neuron_id: pre[:, column] for column, neuron_id in enumerate(ids)},
        grid,
        maps,
        gradients,
    )


@dataclass(frozen=True)
class OutputGrid:
    """The first output over a resolution x resolution grid of the two inputs, in the
    data's own units: values[i, j] is the output at (x[i], y[j]); or, when `neuron_id` is
    set, that neuron's activation."""

    x: np.ndarray
    y: np.ndarray
    values: np.ndarray
    neuron_id: str | None = None


def output_grid(
    network: CompiledNetwork,
    preprocessing: Preprocessing,
    low: np.ndarray,
    high: np.ndarray,
    resolution: int = 64,
    neuron_id: str | None = None,
    plane: InputFeatures | None = None,
) -> OutputGrid:
    """Forward pass over a grid spanning [low, high] (raw units) of a network of two
    inputs (or of inputs computed from two columns as `plane` says): the first output,
    de-standardised like predictions, or the activation of `neuron_id`."""
    x = np.linspace(low[0], high[0], resolution)
    y = np.linspace(low[1], high[1], resolution)
    points = plane_points(x, y, preprocessing, plane)
    kernel = NumpyKernel(network)
    if neuron_id is None:
        values = preprocessing.restore_outputs(kernel.predict(points))[:, 0]
    else:
        _, activations = kernel.neuron_values(points)
        values = activations[:, network.neuron_ids.index(neuron_id)]
    return OutputGrid(x, y, values.reshape(resolution, resolution), neuron_id)


def padded_bounds(raw_inputs: np.ndarray, margin: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """The inputs' column-wise range, widened by `margin` of its span on each side."""
    low, high = raw_inputs.min(axis=0), raw_inputs.max(axis=0)
    span = np.where(high > low, high - low, 1.0)
    return low - margin * span, high + margin * span
