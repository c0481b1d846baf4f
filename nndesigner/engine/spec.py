"""The plain description of a network that the engine compiles.

The model layer translates its document into these records; the engine never sees the
document itself. Synapses are held as columns (one array per field), so a network of a
million synapses is described, checked and compiled without a Python object per synapse.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class NeuronSpec:
    """One neuron: a = activation(bias + sum of weight * source activation); a hidden
    neuron with `dropout` p is left out of each training row with probability p."""

    id: str
    role: str
    activation: str = "sigmoid"
    bias: float = 0.0
    alpha: float | None = None
    dropout: float = 0.0


@dataclass(frozen=True)
class SynapseSpec:
    """One weighted link from `source` to `target` (neuron ids), for writing a small
    network by hand; `NetworkSpec.from_records` turns a list of them into columns."""

    id: str
    source: str
    target: str
    weight: float = 0.0


@dataclass(frozen=True, eq=False)
class SynapseColumns:
    """Synapse k is named ids[k] and links neuron sources[k] to neuron targets[k]
    (positions in the spec's neuron tuple) with weight weights[k]."""

    ids: tuple[str, ...]
    sources: np.ndarray
    targets: np.ndarray
    weights: np.ndarray

    def __post_init__(self) -> None:
        sizes = {len(self.ids), self.sources.size, self.targets.size, self.weights.size}
        if len(sizes) != 1:
            raise ValueError("the synapse columns differ in length")

    def __len__(self) -> int:
        return len(self.ids)


def synapse_columns(
    ids: Sequence[str],
    sources: Sequence[int] | np.ndarray,
    targets: Sequence[int] | np.ndarray,
    weights: Sequence[float] | np.ndarray,
) -> SynapseColumns:
    """Columns from sequences or arrays: indices as intp, weights as float64."""
    return SynapseColumns(
        tuple(ids),
        np.asarray(sources, np.intp),
        np.asarray(targets, np.intp),
        np.asarray(weights, float),
    )


@dataclass(frozen=True, eq=False)
class NetworkSpec:
    """Neurons and synapses of a feed-forward graph; inputs and outputs in list order."""

    neurons: tuple[NeuronSpec, ...]
    synapses: SynapseColumns

    @classmethod
    def from_records(
        cls, neurons: Iterable[NeuronSpec], synapses: Iterable[SynapseSpec]
    ) -> NetworkSpec:
        """A spec from synapse records naming their neurons by id; ValueError for a
        synapse whose source or target is no neuron here."""
        neurons = tuple(neurons)
        position = {neuron.id: index for index, neuron in enumerate(neurons)}
        records = list(synapses)
        for synapse in records:
            if synapse.source not in position or synapse.target not in position:
                raise ValueError(f"synapse '{synapse.id}' links a neuron that does not exist")
        return cls(
            neurons,
            synapse_columns(
                [s.id for s in records],
                [position[s.source] for s in records],
                [position[s.target] for s in records],
                [s.weight for s in records],
            ),
        )

    def ids_with_role(self, role: str) -> list[str]:
        """The ids of the neurons with `role`, in list order."""
        return [neuron.id for neuron in self.neurons if neuron.role == role]


@dataclass(frozen=True)
class Parameters:
    """Trained values by id: synapse weights, neuron biases, neuron alphas (PReLU, leaky)."""

    weights: dict[str, float]
    biases: dict[str, float]
    alphas: dict[str, float]
