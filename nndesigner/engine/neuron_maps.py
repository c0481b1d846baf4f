"""What each neuron computes over the input plane of a two-input network: one forward
pass over a grid gives every neuron's activation at every grid point at once."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nndesigner.engine.features import InputFeatures, plane_points
from nndesigner.engine.kernel import NumpyKernel
from nndesigner.engine.network import CompiledNetwork
from nndesigner.engine.preprocessing import Preprocessing

MAP_RESOLUTION = 24


@dataclass(frozen=True)
class NeuronMaps:
    """The activation a_k(x1, x2) of every hidden and output neuron over a grid spanning
    [low, high] in the data's raw units: `values[k][i, j]` is neuron `ids[k]`'s activation
    at (x[i], y[j]), and `levels[k]` the (low, high) its colours span."""

    x: np.ndarray
    y: np.ndarray
    ids: tuple[str, ...]
    values: np.ndarray
    levels: tuple[tuple[float, float], ...]

    def of(self, neuron_id: str) -> np.ndarray | None:
        """One neuron's map, or None for a neuron without one (an input)."""
        return self.values[self.ids.index(neuron_id)] if neuron_id in self.ids else None


def colour_levels(values: np.ndarray, bounds: tuple[float, float] | None) -> tuple[float, float]:
    """What a map's colours span: the activation's own range when it is bounded (sigmoid
    0..1, tanh -1..1), so maps compare across neurons; else the map's (finite) range, a
    unit range around a constant map."""
    if bounds is not None:
        return bounds
    finite = values[np.isfinite(values)]
    if not len(finite):
        return (-0.5, 0.5)
    low, high = float(finite.min()), float(finite.max())
    if high - low < 1e-12:
        return (low - 0.5, low + 0.5)
    return (low, high)


def neuron_maps(
    network: CompiledNetwork,
    preprocessing: Preprocessing,
    low: np.ndarray,
    high: np.ndarray,
    resolution: int = MAP_RESOLUTION,
    plane: InputFeatures | None = None,
) -> NeuronMaps:
    """The NeuronMaps of a two-input network (or of inputs computed from two columns as
    `plane` says) over [low, high] (raw units): the grid points are prepared like data
    rows (features.plane_points), then one forward pass."""
    x = np.linspace(low[0], high[0], resolution)
    y = np.linspace(low[1], high[1], resolution)
    points = plane_points(x, y, preprocessing, plane)
    with np.errstate(over="ignore", invalid="ignore"):
        _, activations = NumpyKernel(network).neuron_values(points)
    start = network.input_count
    ids = network.neuron_ids[start:]
    values = activations[:, start:].T.reshape(len(ids), resolution, resolution)
    levels: list[tuple[float, float]] = [(0.0, 1.0)] * len(ids)
    for level in network.levels:
        for group in level.groups:
            for column in range(level.start + group.start, level.start + group.stop):
                k = column - start
                levels[k] = colour_levels(values[k], group.activation.bounds)
    return NeuronMaps(x, y, tuple(ids), values, tuple(levels))
