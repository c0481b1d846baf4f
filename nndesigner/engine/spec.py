"""The plain description of a network that the engine compiles.

The model layer translates its document into these records; the engine never sees the
document itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NeuronSpec:
    """One neuron: a = activation(bias + sum of weight * source activation)."""

    id: str
    role: str
    activation: str = "sigmoid"
    bias: float = 0.0
    alpha: float | None = None


@dataclass(frozen=True)
class SynapseSpec:
    """One weighted link from `source` to `target` (neuron ids)."""

    id: str
    source: str
    target: str
    weight: float = 0.0


@dataclass(frozen=True)
class NetworkSpec:
    """Neurons and synapses of a feed-forward graph; inputs and outputs in list order."""

    neurons: tuple[NeuronSpec, ...]
    synapses: tuple[SynapseSpec, ...]

    def ids_with_role(self, role: str) -> list[str]:
        """The ids of the neurons with `role`, in list order."""
        return [neuron.id for neuron in self.neurons if neuron.role == role]


@dataclass(frozen=True)
class Parameters:
    """Trained values by id: synapse weights, neuron biases, neuron alphas (PReLU, leaky)."""

    weights: dict[str, float]
    biases: dict[str, float]
    alphas: dict[str, float]
